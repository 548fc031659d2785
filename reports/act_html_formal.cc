#include "reports/act_html_formal.h"

#include <string>

#include "core/data_fields.h"
#include "core/markup_escape.h"
#include "reports/act_html_finding.h"

namespace pooltest::act_html {
namespace {

const Phrase kIssuedOn = {{"Берілген күні", "Дата выдачи", "Issued on"}};
const Phrase kIssuedAt = {{"берілген орны", "место выдачи", "at"}};
const Phrase kPerCondition = {
    {"Шарттар бойынша қорытынды", "Заключение по условиям", "Conclusion on each condition"}};
const Phrase kConforms = {{"сәйкес келеді", "соответствует", "conforms"}};
const Phrase kConformsAttested = {{"сәйкес келеді (құжатпен расталды)",
                                   "соответствует (подтверждено документом)",
                                   "conforms (attested by a document)"}};
const Phrase kDoesNotConform = {{"сәйкес келмейді", "не соответствует", "does not conform"}};
const Phrase kNotEstablished = {
    {"сәйкестігі анықталмады", "соответствие не установлено", "conformity not established"}};
const Phrase kOverallConforms = {
    {"Цифрлық майнингтік пул аккредиттеу шарттарына сәйкес келеді.",
     "Цифровой майнинговый пул соответствует условиям аккредитации.",
     "The digital mining pool conforms to the conditions of accreditation."}};
const Phrase kOverallDoesNot = {
    {"Цифрлық майнингтік пул аккредиттеу шарттарына сәйкес келмейді.",
     "Цифровой майнинговый пул не соответствует условиям аккредитации.",
     "The digital mining pool does not conform to the conditions of accreditation."}};
const Phrase kOverallOpen = {
    {"Цифрлық майнингтік пулдың аккредиттеу шарттарына сәйкестігі толық анықталмады.",
     "Соответствие цифрового майнингового пула условиям аккредитации установлено не полностью.",
     "The pool's conformity with the conditions of accreditation is not fully established."}};
const Phrase kItem = {{"тармақша", "подпункт", "item"}};
const Phrase kLimits = {{"Сынақтың шектеулері", "Ограничения испытаний", "Limitations"}};
const Phrase kNoLimits = {
    {"Шектеулер анықталған жоқ.", "Ограничения не выявлены.", "No limitation was found."}};
const Phrase kNoLatency = {
    {"Физикалық кідіріс дәлелі жоқ: мекенжайлардың орналасқан жері тек геолокация деректер "
     "базаларына негізделген (базалар саны: ",
     "Нет физических доказательств по задержке: местоположение адресов основано только на "
     "базах геолокации (число баз: ",
     "No physical latency evidence: where the addresses are rests on geolocation databases "
     "alone (databases: "}};
const Phrase kLoopback = {
    {"Сценарийде loopback_evidence қосылған: кідіріс сынақ ортасында өлшенді, ол тек сынақ "
     "үшін жарамды.",
     "В сценарии включён loopback_evidence: задержка измерена в тестовой среде и годится "
     "только для проверки средства.",
     "The scenario sets loopback_evidence: latency was measured in a test world, valid for "
     "testing the harness only."}};
const Phrase kDeadline = {{"Сынақ мерзімі өтіп кетті: кейбір бақылаулар аяқталмады.",
                           "Истёк срок испытаний: часть наблюдений не завершена.",
                           "The run's deadline was reached: some observations did not finish."}};
const Phrase kNoCampaign = {
    {"Қолдау қызметі тексеру науқанынсыз тексерілді: тәулік бойы жұмысы дәлелденбеді.",
     "Служба поддержки проверена без кампании проверки: круглосуточная работа не доказана.",
     "Support was tested without a support campaign: round-the-clock service is not shown."}};
const Phrase kNoJavaScript = {
    {"Беттер JavaScript орындалмай тексерілді (render: false).",
     "Страницы проверены без выполнения JavaScript (render: false).",
     "The pages were checked without running JavaScript (render: false)."}};
const Phrase kAnnexes = {{"Қосымшалар", "Приложения", "Annexes"}};
const Phrase kAnnexNote = {
    {"Қосымшалар акт қалтасында; олардың SHA-256 мәндері қол қойылған act.json файлында.",
     "Приложения находятся в папке акта; их SHA-256 — в подписанном файле act.json.",
     "The annexes are in the act's folder; their SHA-256 are in the signed act.json."}};
const Phrase kEvidenceLog = {{"Бақылаулар журналы (дәлелдемелер)",
                              "Журнал наблюдений (доказательства)", "Observation log (evidence)"}};
const Phrase kResults = {{"Тексеру нәтижелері (машиналық оқуға арналған)",
                          "Результаты проверок (машиночитаемые)",
                          "Check results (machine-readable)"}};
const Phrase kJunit = {
    {"Нәтижелер JUnit форматында", "Результаты в формате JUnit", "Results in JUnit format"}};
const Phrase kScenarioFile = {{"Сынақ сценарийі", "Сценарий испытаний", "Test scenario"}};
const Phrase kCampaignDb = {{"Қолдау қызметін тексеру науқанының дерекқоры",
                             "База данных кампании проверки службы поддержки",
                             "Support campaign database"}};
const Phrase kAttested = {{"Ұсынылған құжат", "Представленный документ", "Attested document"}};
const Phrase kActJson = {{"Акт (машиналық оқуға арналған, қол қойылған)",
                          "Акт (машиночитаемый, подписанный)",
                          "The act (machine-readable, signed)"}};
const Phrase kActSig = {{"act.json электрондық цифрлық қолтаңбасы",
                         "Электронная цифровая подпись act.json",
                         "The electronic signature of act.json"}};
const Phrase kSignatures = {{"Қолтаңбалар", "Подписи", "Signatures"}};
const Phrase kSignHere = {{"(қолы)", "(подпись)", "(signature)"}};
const Phrase kSeal = {{"М.О. (мөр орны)", "М.П. (место печати)", "Place of the seal"}};

const Phrase kDataUsed = {{"Пайдаланылған деректер", "Использованные данные", "Data used"}};
const Phrase kSource = {{"Дерек көзі", "Источник", "Source"}};
const Phrase kBuilt = {{"Жасалған күні", "Дата сборки", "Built"}};
const Phrase kGeoDb = {{"геолокация базасы", "база геолокации", "geolocation database"}};
const Phrase kAsnDb = {{"ASN базасы", "база ASN", "ASN database"}};
const Phrase kGazetteer = {
    {"елді мекендер анықтамалығы", "справочник населённых пунктов", "settlement gazetteer"}};
const Phrase kPlaces = {{"елді мекендер деректер жинағы", "набор данных населённых пунктов",
                         "populated-places dataset"}};
const Phrase kNotStated = {
    {"файлда көрсетілмеген", "в файле не указана", "not stated in the file"}};
const Phrase kAsOf = {{" күйі бойынша", "по состоянию на ", "as of "}};
const Phrase kOpenFailed = {{"ашылмады", "не открылась", "could not be opened"}};
const Phrase kLoadFailed = {{"жүктелмеді", "не загружен", "could not be loaded"}};
const Phrase kNotRead = {{"оқылмады", "не прочитана", "not read"}};

std::string E(const std::string& s) { return EscapeMarkup(s); }

const Phrase& Conformity(const std::string& verdict) {
  if (verdict == "pass") return kConforms;
  if (verdict == "attested") return kConformsAttested;
  if (verdict == "fail") return kDoesNotConform;
  return kNotEstablished;
}

// The check of `clause` in act.json's checks; null when there is none.
const nlohmann::json* CheckOf(const nlohmann::json& act, const char* clause) {
  for (const nlohmann::json& c : ArrayField(act, "checks"))
    if (StringField(c, "clause") == clause) return &c;
  return nullptr;
}

const Phrase* AnnexWhat(const std::string& file) {
  if (file == "evidence.jsonl") return &kEvidenceLog;
  if (file == "results.json") return &kResults;
  if (file == "junit.xml") return &kJunit;
  if (file == "scenario.yaml") return &kScenarioFile;
  if (file == "support-campaign.db") return &kCampaignDb;
  if (file.rfind("documents/", 0) == 0) return &kAttested;
  return nullptr;
}

}  // namespace

void IssueLine(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& lab = ObjectField(act, "lab");
  const std::string number = StringField(lab, "act_number"), place = StringField(lab, "place");
  // The date of issue is the day the run finished, in Kazakhstan time.
  const std::string day = StringField(ObjectField(act, "run"), "finished_kz").substr(0, 10);
  h << "<p class=\"issue\">";
  if (!number.empty()) h << kNumberSign[l] << "<span class=\"q\">" << E(number) << "</span> · ";
  h << kIssuedOn[l] << ": " << E(day);
  const std::string named =
      SettlementName(ObjectField(act, "pool"), StringField(lab, "place_settlement_id"), l);
  if (!named.empty()) {
    h << " · " << kIssuedAt[l] << ": " << E(named);
  } else if (!place.empty()) {
    h << " · " << kIssuedAt[l] << ": <span class=\"q\">" << E(place) << "</span>";
  }
  h << "</p>\n";
}

void DataUsed(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& used = ArrayField(act, "data_used");
  if (used.empty()) return;
  h << "<h3>" << kDataUsed[l] << "</h3>\n<table class=\"grid data-used\">\n<thead><tr><th>"
    << kSource[l] << "</th><th>" << kFile[l] << "</th><th>" << kBuilt[l]
    << "</th></tr></thead>\n<tbody>\n";
  for (const nlohmann::json& d : used) {
    const std::string kind = StringField(d, "kind");
    const Phrase& what = kind == "asn"         ? kAsnDb
                         : kind == "gazetteer" ? kGazetteer
                         : kind == "places"    ? kPlaces
                                               : kGeoDb;
    h << "<tr><td>" << what[l];
    if (kind == "asn" || kind == "geolocation")
      h << " <span class=\"q\">" << E(StringField(d, "name")) << "</span>";
    // A dataset's own credit line, as its licence asks: quoted as written.
    if (!StringField(d, "attribution").empty())
      h << "<br><span class=\"q small\">" << E(StringField(d, "attribution")) << "</span>";
    h << "</td><td class=\"mono\">" << E(StringField(d, "file"));
    if (!StringField(d, "type").empty()) h << " (" << E(StringField(d, "type")) << ")";
    h << "</td><td>";
    const std::string problem = StringField(d, "problem"), built = StringField(d, "built"),
                      as_of = StringField(d, "as_of");
    if (problem == "open_failed")
      h << kOpenFailed[l];
    else if (problem == "load_failed")
      h << kLoadFailed[l];
    else if (!built.empty())
      h << E(built);
    else if (!as_of.empty())
      h << (l == kKk ? E(as_of) + kAsOf[l] : kAsOf[l] + E(as_of));
    else if (StringField(d, "file").empty())
      h << kNotRead[l];
    else
      h << kNotStated[l];
    h << "</td></tr>\n";
  }
  h << "</tbody>\n</table>\n";
}

void FormalConclusion(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h3>" << kPerCondition[l] << "</h3>\n<table class=\"kv\">\n";
  bool any_fail = false, all_conform = true;
  for (const ConditionText& c : kConditions) {
    std::string verdict = "inconclusive";
    for (const nlohmann::json& cond : ArrayField(act, "conditions"))
      if (StringField(cond, "clause") == c.clause) verdict = StringField(cond, "verdict");
    any_fail = any_fail || verdict == "fail";
    all_conform = all_conform && (verdict == "pass" || verdict == "attested");
    h << "<tr><th>4." << (c.clause + 3) << " " << kItem[l] << " (" << c.clause << ")</th><td>"
      << "<span class=\"v v-" << E(verdict) << "\">" << Conformity(verdict)[l]
      << "</span></td></tr>\n";
  }
  const bool interrupted = BoolField(ObjectField(act, "run"), "interrupted");
  const Phrase& overall = any_fail                      ? kOverallDoesNot
                          : all_conform && !interrupted ? kOverallConforms
                                                        : kOverallOpen;
  h << "</table>\n<p class=\"formal\"><b>" << overall[l] << "</b></p>\n";
}

void Limitations(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  std::string items;
  if (const nlohmann::json* loc = CheckOf(act, "R4.1")) {
    const nlohmann::json& f = ObjectField(*loc, "figures");
    const nlohmann::json& latency = ObjectField(f, "latency");
    if (IntField(latency, "usable_samples") == 0)
      items += "<li>" + std::string(kNoLatency[l]) + std::to_string(IntField(f, "databases")) +
               ").</li>\n";
    if (BoolField(latency, "loopback_evidence"))
      items += "<li>" + std::string(kLoopback[l]) + "</li>\n";
  }
  if (BoolField(ObjectField(act, "run"), "deadline_hit"))
    items += "<li>" + std::string(kDeadline[l]) + "</li>\n";
  if (const nlohmann::json* support = CheckOf(act, "R4.5"))
    if (RawField(ObjectField(*support, "figures"), "campaign").is_null())
      items += "<li>" + std::string(kNoCampaign[l]) + "</li>\n";
  if (const nlohmann::json* ui = CheckOf(act, "R4.6")) {
    const nlohmann::json* rendered = FieldOf(ObjectField(*ui, "figures"), "rendered_with_chromium");
    if (rendered && rendered->is_boolean() && !rendered->get<bool>())
      items += "<li>" + std::string(kNoJavaScript[l]) + "</li>\n";
  }
  h << "<h3>" << kLimits[l] << "</h3>\n";
  if (items.empty())
    h << "<p>" << kNoLimits[l] << "</p>\n";
  else
    h << "<ul class=\"limits\">\n" << items << "</ul>\n";
}

void Annexes(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h2>" << kAnnexes[l] << "</h2>\n<p class=\"small\">" << kAnnexNote[l]
    << "</p>\n<ol class=\"annexes\">\n";
  h << "<li>" << kActJson[l] << ": <span class=\"mono\">act.json</span></li>\n";
  if (ObjectField(act, "signature").size() > 0)
    h << "<li>" << kActSig[l] << ": <span class=\"mono\">act.json.p7s</span></li>\n";
  for (const nlohmann::json& m : ArrayField(act, "manifest")) {
    const std::string file = StringField(m, "file");
    const Phrase* what = AnnexWhat(file);
    h << "<li>" << (what ? std::string((*what)[l]) + ": " : "") << "<span class=\"mono\">"
      << E(file) << "</span></li>\n";
  }
  h << "</ol>\n";
}

void SignatureLines(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& people = ArrayField(ObjectField(act, "lab"), "responsible");
  if (people.empty()) return;
  h << "<h2>" << kSignatures[l] << "</h2>\n<table class=\"signatures\">\n";
  for (const nlohmann::json& p : people) {
    // As the lab file states them: quoted, not translated.
    h << "<tr><td class=\"q\">" << E(StringField(p, "position")) << "</td><td class=\"line\"><span>"
      << kSignHere[l] << "</span></td><td class=\"q\">" << E(StringField(p, "name"))
      << "</td></tr>\n";
  }
  h << "</table>\n<p class=\"seal\">" << kSeal[l] << "</p>\n";
}

}  // namespace pooltest::act_html
