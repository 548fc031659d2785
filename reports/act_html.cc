#include "reports/act_html.h"

#include <sstream>

#include "harness/core/markup_escape.h"
#include "reports/act_check_tables.h"

namespace pooltest {
namespace {

enum Lang { kKk = 0, kRu = 1, kEn = 2 };
constexpr const char* kLangCode[] = {"kk", "ru", "en"};

struct Phrase {
  const char* text[3];
  const char* operator[](Lang l) const { return text[l]; }
};

const Phrase kPart = {{"Қазақ тілінде", "На русском языке", "In English"}};
const Phrase kTitle = {{"Цифрлық майнингтік пулдың аккредиттеу шарттарына сәйкестігін сынау актісі",
                        "Акт испытаний цифрового майнингового пула на соответствие условиям "
                        "аккредитации",
                        "Test act on the conformity of a digital mining pool with the conditions "
                        "of accreditation"}};
const Phrase kBasis = {
    {"Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрінің "
     "2023 жылғы 11 сәуірдегі № 142/НҚ бұйрығымен бекітілген Цифрлық майнингтік пулдарды "
     "аккредиттеу қағидаларының 4-тармағы бойынша",
     "В соответствии с пунктом 4 Правил аккредитации цифровых майнинговых пулов, утверждённых "
     "приказом Министра цифрового развития, инноваций и аэрокосмической промышленности "
     "Республики Казахстан от 11 апреля 2023 года № 142/НҚ",
     "Under paragraph 4 of the Rules for the accreditation of digital mining pools approved by "
     "order No. 142/НҚ of the Minister of Digital Development, Innovation and Aerospace Industry "
     "of the Republic of Kazakhstan of 11 April 2023"}};
const Phrase kApplicant = {{"Өтініш беруші", "Заявитель", "Applicant"}};
const Phrase kLegalName = {{"Атауы", "Наименование", "Legal name"}};
const Phrase kBin = {{"БСН", "БИН", "BIN"}};
const Phrase kLegalAddress = {{"Заңды мекенжайы", "Юридический адрес", "Legal address"}};
const Phrase kTesting = {{"Сынақ туралы мәліметтер", "Сведения об испытаниях", "The testing"}};
const Phrase kScenario = {{"Сынақ сценарийі", "Сценарий испытаний", "Test scenario"}};
const Phrase kHarness = {{"Сынақ құралы", "Средство испытаний", "Test harness"}};
const Phrase kStarted = {{"Басталуы", "Начало", "Started"}};
const Phrase kFinished = {{"Аяқталуы", "Окончание", "Finished"}};
const Phrase kUtc = {{"UTC", "UTC", "UTC"}};
const Phrase kKzTime = {{"Қазақстан уақыты", "время Казахстана", "Kazakhstan time"}};
const Phrase kVantage = {
    {"Өлшеу жүргізілген орын", "Место проведения измерений", "Where the measurements were made"}};
const Phrase kObservations = {
    {"Тіркелген бақылаулар саны", "Число зарегистрированных наблюдений", "Observations recorded"}};
const Phrase kConclusion = {{"Қорытынды", "Заключение", "Conclusion"}};
const Phrase kPositive = {{"ОҢ: барлық міндетті шарттар орындалды немесе құжатпен расталды.",
                           "ПОЛОЖИТЕЛЬНОЕ: все обязательные условия выполнены или подтверждены "
                           "документами.",
                           "POSITIVE: every mandatory condition is met or attested by a "
                           "document."}};
const Phrase kNotPositive = {{"ОҢ ЕМЕС: кейбір міндетті шарттар орындалмады немесе дәлелденбеді.",
                              "НЕ ПОЛОЖИТЕЛЬНОЕ: часть обязательных условий не выполнена или не "
                              "подтверждена.",
                              "NOT POSITIVE: some mandatory conditions are not met or not "
                              "proven."}};
const Phrase kInterrupted = {{"Сынақ үзілді: нәтижелер толық емес дәлелдемелерге негізделген.",
                              "Испытания прерваны: результаты основаны на неполных "
                              "доказательствах.",
                              "Testing was interrupted: the verdicts rest on partial evidence."}};
const Phrase kSummary = {{"Міндетті шарттар бойынша жиынтық", "Сводка по обязательным условиям",
                          "Summary of the mandatory conditions"}};
const Phrase kClause = {{"Тармақша", "Подпункт", "Item"}};
const Phrase kCondition = {{"Шарт", "Условие", "Condition"}};
const Phrase kResult = {{"Нәтиже", "Результат", "Result"}};
const Phrase kChecks = {{"Тексерулер", "Проверки", "Checks"}};
const Phrase kDetails = {{"Тексерулер бойынша толық мәліметтер", "Подробные результаты проверок",
                          "Details of the checks"}};
const Phrase kFinding = {{"Тұжырым (сынақ құралының тілінде, ағылшынша)",
                          "Вывод (на языке средства испытаний, английском)", "Finding"}};
const Phrase kFigures = {{"Өлшенген көрсеткіштер", "Измеренные показатели", "Figures"}};
const Phrase kEvidenceCited = {{"Негіз болған дәлелдемелер (evidence.jsonl жазбалары)",
                                "Доказательства, на которых основан вывод (записи evidence.jsonl)",
                                "Evidence relied on (records of evidence.jsonl)"}};
const Phrase kMore = {
    {"толығы act.json файлында", "полностью — в файле act.json", "in full in act.json"}};
const Phrase kSites = {{"Пулдың аппараттық-бағдарламалық кешендері",
                        "Аппаратно-программные комплексы пула",
                        "The pool's hardware-software complexes"}};
const Phrase kSite = {{"Кешен", "Комплекс", "Complex"}};
const Phrase kPrimary = {{"негізгі", "основной", "primary"}};
const Phrase kBackup = {{"резервтік", "резервный", "backup"}};
const Phrase kDeclaredSettlement = {
    {"Мәлімделген елді мекен", "Заявленный населённый пункт", "Declared settlement"}};
const Phrase kObservedSettlement = {
    {"Анықталған елді мекен", "Установленный населённый пункт", "Observed settlement"}};
const Phrase kAddresses = {{"IP-мекенжайлар", "IP-адреса", "IP addresses"}};
const Phrase kProviders = {
    {"Байланыс провайдерлері (ASN)", "Провайдеры связи (ASN)", "Providers (ASN)"}};
const Phrase kDocuments = {
    {"Ұсынылған құжаттар", "Представленные документы", "Attested documents"}};
const Phrase kReference = {{"Нөмірі", "Номер", "Reference"}};
const Phrase kDate = {{"Күні", "Дата", "Date"}};
const Phrase kIssuer = {{"Берген орган", "Кем выдан", "Issuer"}};
const Phrase kNoDocuments = {
    {"Құжаттар ұсынылмаған.", "Документы не представлены.", "No documents were attached."}};
const Phrase kEvidenceFiles = {
    {"Дәлелдеме файлдарының тізбесі", "Перечень файлов доказательств", "List of evidence files"}};
const Phrase kFile = {{"Файл", "Файл", "File"}};
const Phrase kBytes = {{"Көлемі, байт", "Размер, байт", "Size, bytes"}};
const Phrase kEvidenceNote = {
    {"Әр файлдың SHA-256 хэші act.json актісіне енгізілген және онымен бірге қол қойылған.",
     "Хэш SHA-256 каждого файла включён в act.json и подписан вместе с ним.",
     "The SHA-256 of every file is part of act.json and signed with it."}};
const Phrase kSignature = {{"Электрондық цифрлық қолтаңба", "Электронная цифровая подпись",
                            "Electronic digital signature"}};
const Phrase kSignedText = {
    {"Осы актінің машинамен оқылатын нұсқасына (act.json) зертхананың кілтімен CMS пішіміндегі "
     "бөлек қолтаңба (act.json.p7s) қойылған.",
     "Машиночитаемая версия настоящего акта (act.json) подписана ключом лаборатории отдельной "
     "подписью в формате CMS (act.json.p7s).",
     "The machine-readable version of this act (act.json) carries the laboratory's detached CMS "
     "signature (act.json.p7s)."}};
const Phrase kSigner = {{"Қол қоюшы", "Подписант", "Signer"}};
const Phrase kCertIssuer = {{"Сертификатты берген куәландырушы орталық",
                             "Удостоверяющий центр, выдавший сертификат", "Certificate issuer"}};
const Phrase kKey = {{"Кілт", "Ключ", "Key"}};
const Phrase kDemo = {
    {"ДЕМОНСТРАЦИЯЛЫҚ АКТ: бір реттік демонстрациялық кілтпен қол қойылған, аккредиттеу үшін "
     "жарамсыз.",
     "ДЕМОНСТРАЦИОННЫЙ АКТ: подписан одноразовым демонстрационным ключом, для аккредитации "
     "недействителен.",
     "DEMONSTRATION ACT: signed with a throwaway demonstration key; not valid for "
     "accreditation."}};
const Phrase kUnsigned = {{"Акт электрондық цифрлық қолтаңбамен қол қойылмаған.",
                           "Акт не подписан электронной цифровой подписью.",
                           "The act is not signed with an electronic digital signature."}};
const Phrase kVerifyHint = {{"Тексеру:", "Проверка:", "To verify:"}};

const Phrase kVerdictPass = {{"Орындалды", "Выполнено", "Pass"}};
const Phrase kVerdictFail = {{"Орындалмады", "Не выполнено", "Fail"}};
const Phrase kVerdictInconclusive = {{"Анықталмады", "Не установлено", "Inconclusive"}};
const Phrase kVerdictError = {{"Тексеру қатесі", "Ошибка проверки", "Check error"}};
const Phrase kVerdictAttested = {{"Құжатпен расталды", "Подтверждено документом", "Attested"}};

struct ConditionText {
  const char* clause;
  Phrase text;
};

// The seven conditions of paragraph 4; the Kazakh text is the original's.
const ConditionText kConditions[] = {
    {"R4.1",
     {{"Цифрлық майнингтік пулдың аппараттық-бағдарламалық кешенінің Қазақстан Республикасының "
       "аумағында нақты орналасуы",
       "Фактическое размещение аппаратно-программного комплекса цифрового майнингового пула на "
       "территории Республики Казахстан",
       "The pool's hardware-software complex is physically located on the territory of the "
       "Republic of Kazakhstan"}}},
    {"R4.2",
     {{"Ақпараттық қауіпсіздік талаптарының сәйкестігіне сынақтардың оң нәтижесі бар сынақтар "
       "актісінің болуы",
       "Наличие акта испытаний с положительным результатом испытаний на соответствие требованиям "
       "информационной безопасности",
       "A test act with a positive result of testing for compliance with information-security "
       "requirements exists"}}},
    {"R4.3",
     {{"Қазақстан Республикасының өзге елді мекенінде (астанада, республикалық маңызы бар "
       "қалада, облыстық маңызы бар қалада, аудандық маңызы бар қалада) орналасқан кемінде бір "
       "резервтік аппараттық-бағдарламалық кешеннің болуы",
       "Наличие не менее одного резервного аппаратно-программного комплекса, размещённого в "
       "другом населённом пункте Республики Казахстан (в столице, городе республиканского, "
       "областного или районного значения)",
       "At least one backup hardware-software complex is located in another settlement of the "
       "Republic of Kazakhstan (the capital, a city of republican, regional or district "
       "significance)"}}},
    {"R4.4",
     {{"Цифрлық майнингтік пулдың (негізгі және резервтік) аппараттық-бағдарламалық кешенінің "
       "әрқайсысын байланыс қызметтерін әртүрлі жеткізушілерден (провайдерлерден) бөлінген екі "
       "байланыс арнасымен қамтамасыз ету",
       "Обеспечение каждого (основного и резервного) аппаратно-программного комплекса цифрового "
       "майнингового пула двумя каналами связи, выделенными разными поставщиками (провайдерами) "
       "услуг связи",
       "Each hardware-software complex of the pool, primary and backup, is served by two "
       "communication channels from different providers of communication services"}}},
    {"R4.5",
     {{"Ақпараттық жүйеде цифрлық майнингтік пулдың және клиенттердің жолданымдарын тәулік бойы "
       "қабылдайтын техникалық қолдау қызметінің болуы",
       "Наличие в информационной системе службы технической поддержки цифрового майнингового "
       "пула и клиентов, работающей в круглосуточном режиме",
       "A technical-support service for the pool and its clients works around the clock in the "
       "information system"}}},
    {"R4.6",
     {{"Цифрлық майнингтік пулдың ақпараттық жүйесінің мемлекеттік, орыс және ағылшын "
       "тілдерінде пайдаланушы интерфейсінің болуы",
       "Наличие пользовательского интерфейса информационной системы цифрового майнингового "
       "пула на государственном, русском и английском языках",
       "The pool's information system has a user interface in the state language (Kazakh), "
       "Russian and English"}}},
    {"R4.7",
     {{"Дербес деректерге қол жеткізуді бақылайтын мемлекеттік сервиспен ықпалдастырылуы",
       "Интеграция с государственным сервисом контроля доступа к персональным данным",
       "Integration with the state service for control of access to personal data"}}},
};

std::string E(const std::string& s) { return EscapeMarkup(s); }

std::string Str(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

const Phrase& VerdictPhrase(const std::string& v) {
  if (v == "pass") return kVerdictPass;
  if (v == "fail") return kVerdictFail;
  if (v == "attested") return kVerdictAttested;
  if (v == "error") return kVerdictError;
  return kVerdictInconclusive;
}

std::string VerdictCell(const std::string& v, Lang l) {
  return "<span class=\"v v-" + E(v) + "\">" + VerdictPhrase(v)[l] + "</span>";
}

// The check's title in each language, from its stable id; a check this
// table does not know keeps its English title.
std::string CheckTitle(const nlohmann::json& check, Lang l) {
  std::string id = Str(check, "id");
  auto starts = [&id](const std::string& p) { return id.rfind(p, 0) == 0; };
  if (starts("R4.3.backup.")) {
    std::string site = id.substr(12);
    const char* f[] = {"«%s» резервтік кешені", "Резервный комплекс «%s»", "Backup complex “%s”"};
    std::string t = f[l];
    return t.replace(t.find("%s"), 2, site);
  }
  if (starts("R4.4.channels.")) {
    std::string site = id.substr(14);
    const char* f[] = {"«%s» кешенінің байланыс арналары", "Каналы связи комплекса «%s»",
                       "Communication channels of “%s”"};
    std::string t = f[l];
    return t.replace(t.find("%s"), 2, site);
  }
  struct Known {
    const char* id;
    Phrase title;
  };
  static const Known kKnown[] = {
      {"R4.1.location",
       {{"Кешендердің орналасқан жері", "Местонахождение комплексов",
         "Location of the complexes"}}},
      {"R4.2.security-act",
       {{"Ақпараттық қауіпсіздік сынақтарының актісі",
         "Акт испытаний на соответствие требованиям информационной безопасности",
         "Information-security test act"}}},
      {"R4.5.support",
       {{"Тәулік бойы техникалық қолдау", "Круглосуточная техническая поддержка",
         "Round-the-clock technical support"}}},
      {"R4.6.ui-languages",
       {{"Пайдаланушы интерфейсінің тілдері", "Языки пользовательского интерфейса",
         "User-interface languages"}}},
      {"R4.7.integration-letter",
       {{"Мемлекеттік сервиспен ықпалдастыру туралы хат",
         "Письмо об интеграции с государственным сервисом",
         "Letter on integration with the state service"}}},
  };
  for (const Known& k : kKnown) {
    if (id == k.id) return k.title[l];
  }
  return Str(check, "title");
}

// Figures as "path: value" rows, bounded so a long list of samples does not
// take over the printed act (act.json holds them all).
void FlattenFigures(const nlohmann::json& j, const std::string& path,
                    std::vector<std::pair<std::string, std::string>>* rows) {
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      FlattenFigures(it.value(), path.empty() ? it.key() : path + "." + it.key(), rows);
    }
  } else if (j.is_array() && !j.empty()) {
    for (size_t i = 0; i < j.size(); ++i) {
      FlattenFigures(j[i], path + "[" + std::to_string(i) + "]", rows);
    }
  } else {
    rows->emplace_back(path, j.is_string() ? j.get<std::string>() : j.dump());
  }
}

void Row(std::ostringstream& h, const std::string& label, const std::string& value_html) {
  h << "<tr><th>" << label << "</th><td>" << value_html << "</td></tr>\n";
}

void Part(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& run = act["run"];
  const nlohmann::json& app = act["applicant"];
  const nlohmann::json& sig = act["signature"];
  h << "<section class=\"part\" lang=\"" << kLangCode[l] << "\" id=\"part-" << kLangCode[l]
    << "\">\n";
  h << "<p class=\"lang\">" << kPart[l] << "</p>\n";
  if (sig.is_object() && sig.value("demonstration", false)) {
    h << "<p class=\"demo\">" << kDemo[l] << "</p>\n";
  }
  h << "<h1>" << kTitle[l] << "</h1>\n<p class=\"basis\">" << kBasis[l] << "</p>\n";

  h << "<table class=\"kv\">\n";
  h << "<tr><td colspan=\"2\" class=\"group\">" << kApplicant[l] << "</td></tr>\n";
  Row(h, kLegalName[l], E(Str(app, "legal_name")));
  Row(h, kBin[l], E(Str(app, "bin")));
  Row(h, kLegalAddress[l], E(Str(app, "legal_address")));
  h << "<tr><td colspan=\"2\" class=\"group\">" << kTesting[l] << "</td></tr>\n";
  Row(h, kScenario[l],
      E(Str(act["scenario"], "name")) + " <span class=\"mono\">(" +
          E(Str(act["scenario"], "file")) + ", SHA-256 " + E(Str(act["scenario"], "sha256")) +
          ")</span>");
  Row(h, kHarness[l], "pooltest " + E(Str(act["harness"], "version")));
  Row(h, kStarted[l],
      E(Str(run, "started_kz")) + " (" + kKzTime[l] + "); " + E(Str(run, "started_utc")) + " " +
          kUtc[l]);
  Row(h, kFinished[l],
      E(Str(run, "finished_kz")) + " (" + kKzTime[l] + "); " + E(Str(run, "finished_utc")) + " " +
          kUtc[l]);
  const nlohmann::json& v = run["vantage"];
  std::string where = E(Str(v, "name"));
  if (v.contains("latitude")) {
    where += " (" + E(Str(v, "latitude")) + ", " + E(Str(v, "longitude")) + ")";
  }
  if (v.contains("host")) where += ", <span class=\"mono\">" + E(Str(v, "host")) + "</span>";
  Row(h, kVantage[l], where);
  Row(h, kObservations[l], E(Str(run, "observations")));
  h << "</table>\n";

  bool positive = act["result"].value("positive", false);
  h << "<h2>" << kConclusion[l] << "</h2>\n<p class=\"conclusion "
    << (positive ? "positive" : "negative") << "\">" << (positive ? kPositive[l] : kNotPositive[l])
    << "</p>\n";
  if (run.value("interrupted", false)) h << "<p class=\"warn\">" << kInterrupted[l] << "</p>\n";

  h << "<h2>" << kSummary[l]
    << "</h2>\n<table class=\"grid\">\n<colgroup><col class=\"c-item\"><col class=\"c-text\"><col "
       "class=\"c-checks\"><col class=\"c-result\"></colgroup>\n<thead><tr><th>"
    << kClause[l] << "</th><th>" << kCondition[l] << "</th><th>" << kChecks[l] << "</th><th>"
    << kResult[l] << "</th></tr></thead>\n<tbody>\n";
  for (const ConditionText& c : kConditions) {
    std::string verdict = "inconclusive";
    std::string ids;
    for (const nlohmann::json& cond : act["conditions"]) {
      if (Str(cond, "clause") != c.clause) continue;
      verdict = Str(cond, "verdict");
      for (const nlohmann::json& id : cond["checks"]) {
        ids += (ids.empty() ? "" : "<br>") + E(id.get<std::string>());
      }
    }
    std::string item = std::string("4.") + (c.clause + 3);  // "R4.3" -> "4.3"
    h << "<tr><td class=\"nowrap\">" << E(item) << "<br><span class=\"mono small\">" << c.clause
      << "</span></td><td>" << c.text[l] << "</td><td class=\"mono small\">" << ids << "</td><td>"
      << VerdictCell(verdict, l) << "</td></tr>\n";
  }
  h << "</tbody></table>\n";

  h << "<h2>" << kSites[l] << "</h2>\n<table class=\"grid\">\n<thead><tr><th>" << kSite[l]
    << "</th><th>" << kDeclaredSettlement[l] << "</th><th>" << kObservedSettlement[l] << "</th><th>"
    << kAddresses[l] << "</th><th>" << kProviders[l] << "</th></tr></thead>\n";
  auto list = [](const nlohmann::json& a) {
    std::string s;
    for (const nlohmann::json& e : a) s += (s.empty() ? "" : "<br>") + E(e.get<std::string>());
    return s;
  };
  for (const nlohmann::json& s : act["pool"]["sites"]) {
    const nlohmann::json& o = s["observed"];
    h << "<tr><td>" << E(Str(s, "id")) << " ("
      << (Str(s, "role") == "backup" ? kBackup[l] : kPrimary[l]) << ")</td><td>"
      << E(Str(s, "declared_settlement")) << "</td><td>" << list(o["settlements"])
      << "</td><td class=\"mono small\">" << list(o["addresses"]) << "</td><td class=\"small\">"
      << list(o["providers"]) << "</td></tr>\n";
  }
  h << "</table>\n";

  h << "<h2>" << kDetails[l] << "</h2>\n";
  for (const nlohmann::json& c : act["checks"]) {
    h << "<div class=\"check\">\n<h3><span class=\"mono\">" << E(Str(c, "id")) << "</span> — "
      << E(CheckTitle(c, l)) << " " << VerdictCell(Str(c, "verdict"), l) << "</h3>\n";
    // A matrix in the summary (R4.5's text grid) is shown as a table below.
    const std::string tables = CheckTablesHtml(c, l);
    std::string summary = Str(c, "summary");
    if (!tables.empty()) summary = summary.substr(0, summary.find('\n'));
    h << "<p><b>" << kFinding[l] << ":</b> <span lang=\"en\" class=\"finding\">" << E(summary)
      << "</span></p>\n";
    std::vector<std::pair<std::string, std::string>> rows;
    FlattenFigures(c["figures"], "", &rows);
    if (!rows.empty()) {
      h << "<details open><summary>" << kFigures[l] << "</summary><table class=\"figures\">\n";
      const size_t kMaxRows = 12;
      for (size_t i = 0; i < rows.size() && i < kMaxRows; ++i) {
        h << "<tr><td class=\"mono\">" << E(rows[i].first) << "</td><td>" << E(rows[i].second)
          << "</td></tr>\n";
      }
      if (rows.size() > kMaxRows) {
        h << "<tr><td colspan=\"2\">… +" << rows.size() - kMaxRows << " (" << kMore[l]
          << ")</td></tr>\n";
      }
      h << "</table></details>\n";
    }
    h << tables;
    if (!c["evidence"].empty()) {
      h << "<p class=\"small\"><b>" << kEvidenceCited[l] << ":</b> ";
      bool first = true;
      for (const nlohmann::json& e : c["evidence"]) {
        h << (first ? "" : "; ") << "<span class=\"mono\">" << E(Str(e, "id")) << "</span> "
          << E(Str(e, "probe")) << " " << E(Str(e, "target"));
        first = false;
      }
      h << "</p>\n";
    }
    h << "</div>\n";
  }

  h << "<h2>" << kDocuments[l] << "</h2>\n";
  if (act["documents"].empty()) {
    h << "<p>" << kNoDocuments[l] << "</p>\n";
  } else {
    h << "<table class=\"grid\"><thead><tr><th>" << kClause[l] << "</th><th>" << kReference[l]
      << "</th><th>" << kDate[l] << "</th><th>" << kIssuer[l]
      << "</th><th>SHA-256</th></tr></thead>\n";
    for (const nlohmann::json& d : act["documents"]) {
      h << "<tr><td>" << E(Str(d, "clause")) << "</td><td>" << E(Str(d, "reference"))
        << "</td><td class=\"nowrap\">" << E(Str(d, "date")) << "</td><td>" << E(Str(d, "issuer"))
        << "</td><td class=\"mono hash\">" << E(Str(d, "sha256")) << "</td></tr>\n";
    }
    h << "</table>\n";
  }

  h << "<h2>" << kEvidenceFiles[l] << "</h2>\n<p class=\"small\">" << kEvidenceNote[l]
    << "</p>\n<table class=\"grid\"><thead><tr><th>" << kFile[l] << "</th><th>" << kBytes[l]
    << "</th><th>SHA-256</th></tr></thead>\n";
  for (const nlohmann::json& m : act["manifest"]) {
    h << "<tr><td class=\"mono\">" << E(Str(m, "file")) << "</td><td class=\"num\">"
      << E(Str(m, "bytes")) << "</td><td class=\"mono hash\">" << E(Str(m, "sha256"))
      << "</td></tr>\n";
  }
  h << "</table>\n";

  h << "<h2>" << kSignature[l] << "</h2>\n";
  if (sig.is_object()) {
    h << "<p>" << kSignedText[l] << "</p>\n<table class=\"kv\">\n";
    Row(h, kSigner[l], E(Str(sig, "signer")));
    Row(h, kCertIssuer[l], E(Str(sig, "issuer")));
    Row(h, kKey[l], E(Str(sig, "key")) + ", serial " + E(Str(sig, "serial")));
    h << "</table>\n";
    if (sig.value("demonstration", false)) h << "<p class=\"demo\">" << kDemo[l] << "</p>\n";
    h << "<p class=\"small\">" << kVerifyHint[l]
      << " <span class=\"mono\">pooltest verify &lt;folder&gt; --ca &lt;CA.pem&gt;</span>; "
         "<span class=\"mono\">openssl cms -verify -binary -inform DER -content act.json -in "
         "act.json.p7s -CAfile &lt;CA.pem&gt;</span></p>\n";
  } else {
    h << "<p class=\"warn\">" << kUnsigned[l] << "</p>\n";
  }
  h << "</section>\n";
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 18mm 16mm 18mm 20mm; }
html { font-family: "DejaVu Serif", "Liberation Serif", "Times New Roman", serif; font-size: 10.5pt;
       color: #000; line-height: 1.35; }
body { margin: 0; max-width: 170mm; }
.part { page-break-after: always; break-after: page; }
.part:last-child { page-break-after: auto; break-after: auto; }
.lang { text-align: right; font-size: 9pt; color: #444; margin: 0; text-transform: uppercase; }
h1 { font-size: 15pt; text-align: center; margin: 6mm 0 2mm; }
.basis { text-align: center; font-size: 9.5pt; margin: 0 8mm 5mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 0.6pt solid #000; page-break-after: avoid;
     break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; page-break-after: avoid; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
table.grid, table.figures { table-layout: fixed; }
td { overflow-wrap: anywhere; }
table.grid th, table.grid td { border: 0.5pt solid #555; padding: 1mm 1.5mm; vertical-align: top;
     text-align: left; }
table.grid thead th { background: #e8e8e8; }
td.bad { background: #e0e0e0; font-weight: bold; }
td.num { text-align: right; }
span.finding { white-space: pre-line; }
table.week { border-collapse: collapse; font-size: 6.5pt; table-layout: fixed; width: 100%; }
table.week th, table.week td { border: 0.3pt solid #777; padding: 0.3mm; text-align: center; }
table.week thead th { background: #e8e8e8; }
table.grid tr { page-break-inside: avoid; break-inside: avoid; }
col.c-item { width: 14%; } col.c-text { width: 48%; } col.c-checks { width: 20%; } col.c-result { width: 18%; }
table.kv th { text-align: left; font-weight: normal; color: #333; width: 38%; padding: 0.6mm 2mm
     0.6mm 0; vertical-align: top; }
table.kv td { padding: 0.6mm 0; }
table.kv td.group { font-weight: bold; padding-top: 2mm; }
table.figures td { border-bottom: 0.3pt solid #ccc; padding: 0.3mm 1.5mm; font-size: 8.5pt; }
details > summary { font-weight: bold; list-style: none; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt; }
.small { font-size: 8.5pt; }
.hash { word-break: break-all; font-size: 7.5pt; }
.nowrap { white-space: nowrap; }
.num { text-align: right; }
.v { font-weight: bold; white-space: nowrap; }
.v-pass, .v-attested { color: #0a5d1a; }
.v-fail, .v-error { color: #a00000; }
.v-inconclusive { color: #8a5a00; }
.conclusion { font-weight: bold; font-size: 11.5pt; padding: 2mm; border: 1pt solid #000; }
.demo, .warn { font-weight: bold; color: #a00000; border: 1pt dashed #a00000; padding: 1.5mm; }
)";

}  // namespace

std::string ActHtml(const nlohmann::json& act) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"kk\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << kTitle[kKk] << " / " << kTitle[kRu] << " / " << kTitle[kEn] << "</title>\n<style>" << kStyle
    << "</style>\n</head>\n<body>\n";
  for (Lang l : {kKk, kRu, kEn}) Part(h, act, l);
  h << "</body>\n</html>\n";
  return h.str();
}

}  // namespace pooltest
