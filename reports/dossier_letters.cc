#include "reports/dossier_letters.h"

#include <algorithm>
#include <set>

#include "core/data_fields.h"
#include "core/markup_escape.h"
#include "reports/dossier_page.h"

namespace pooltest {
namespace {

// A figure as text: a string as it is, a number in JSON's notation.
std::string FigureText(const nlohmann::json& obj, const char* key) {
  const nlohmann::json* f = FieldOf(obj, key);
  if (f == nullptr) return "";
  return f->is_string() ? f->get<std::string>() : f->is_number() ? f->dump() : "";
}

std::string FindingKey(const nlohmann::json& check) {
  return StringField(ObjectField(check, "finding"), "key");
}

// The check of `clause` whose finding is one of `keys` and whose verdict is
// pass; null when there is none.
const nlohmann::json* PassingCheck(const DossierModel& m, const std::string& clause,
                                   const std::set<std::string>& keys) {
  for (const nlohmann::json* c : m.ChecksOf(clause))
    if (StringField(*c, "verdict") == "pass" && keys.count(FindingKey(*c))) return c;
  return nullptr;
}

const nlohmann::json* FirstNotPassing(const DossierModel& m, const std::string& clause) {
  for (const nlohmann::json* c : m.ChecksOf(clause))
    if (StringField(*c, "verdict") != "pass") return c;
  const std::vector<const nlohmann::json*> all = m.ChecksOf(clause);
  return all.empty() ? nullptr : all.front();
}

std::string Addresses(const DossierSite& s, DossierLang l) {
  if (s.addresses.empty()) return "";
  std::string a = Pick(l, "; желілік мекенжайлары: ", "; сетевые адреса: ");
  for (size_t i = 0; i < s.addresses.size(); ++i) a += (i ? ", " : "") + s.addresses[i];
  return a;
}

std::string Where(const DossierSite& s, DossierLang l) {
  std::string w = SettlementText(s, l);
  // The capital's kind would only repeat its name ("Астана қ. (астана)").
  const std::string kind = s.kind == "capital" ? "" : KindName(s.kind, l);
  if (!kind.empty()) w += " (" + kind + ")";
  return w + Addresses(s, l);
}

// The letter around its body: from the applicant, to the Ministry (the
// service provider named in Annex 2, item 1), subject, body, the act it
// rests on, the signature block left for the applicant's head.
std::string Letter(const DossierModel& m, DossierLang l, const char* subject,
                   const std::string& body, const char* clause_words) {
  const std::string bin = Pick(l, "БСН ", "БИН ");
  std::string b = "<p class=\"from\">" + Filled(m.legal_name) + "<br>" + Filled(bin + m.bin) +
                  "<br>" + Filled(m.legal_address) + "</p>\n";
  b += std::string("<p class=\"to\">") +
       Pick(l,
            "Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі "
            "министрлігіне",
            "В Министерство цифрового развития, инноваций и аэрокосмической промышленности "
            "Республики Казахстан") +
       "</p>\n";
  b += std::string("<h1>") + Pick(l, "Хат", "Письмо") + "</h1>\n";
  b += std::string("<p class=\"caption\">") + subject + "</p>\n";
  b += body;
  b += std::string("<p>") +
       Pick(l, "Бұл сынау актісімен расталады: ", "Это подтверждается актом испытаний ") +
       ActReference(m, l) + "; " + clause_words + "</p>\n";
  b += std::string("<p class=\"sign\">") + Pick(l, "Басшы", "Руководитель") +
       " <span class=\"line\">&#160;</span></p>\n";
  b += std::string("<p class=\"caption\">") +
       Pick(l,
            "(лауазымы, тегі, аты, әкесінің аты (бар болған жағдайда), электрондық цифрлық "
            "қолтаңба)",
            "(должность, фамилия, имя, отчество (при его наличии), электронная цифровая подпись)") +
       "</p>\n";
  b += std::string("<p class=\"sign\">") +
       Pick(l, "20__ жылғы «___» ____________", "«___» ____________ 20__ года") + "</p>\n";
  return DossierPage(m, l, Pick(l, "Хат", "Письмо") + std::string(" — ") + subject, b);
}

std::string Who(const DossierModel& m, DossierLang l) {
  return Filled(m.legal_name) + " (" + Pick(l, "БСН ", "БИН ") + Filled(m.bin) + ")";
}

std::string BackupLetter(const DossierModel& m, const nlohmann::json& pass, DossierLang l) {
  const std::string backup_id =
      StringField(ObjectField(ObjectField(pass, "finding"), "args"), "site");
  std::string list;
  for (const DossierSite& s : m.sites) {
    if (s.role != "backup" || (!backup_id.empty() && s.id != backup_id)) continue;
    list += "<li>" + std::string(Pick(l, "резервтік кешен", "резервный комплекс")) + ": " +
            Filled(Where(s, l)) + "</li>\n";
  }
  for (const DossierSite& s : m.sites) {
    if (s.role != "primary") continue;
    list += "<li>" + std::string(Pick(l, "негізгі кешен", "основной комплекс")) + ": " +
            Filled(Where(s, l)) + "</li>\n";
  }
  const std::string body =
      "<p>" + Who(m, l) + " " +
      Pick(l,
           "цифрлық майнингтік пулдың Қазақстан Республикасының өзге елді мекенінде орналасқан "
           "кемінде бір резервтік аппараттық-бағдарламалық кешенінің болуын растайды:",
           "подтверждает наличие не менее одного резервного аппаратно-программного комплекса "
           "цифрового майнингового пула, расположенного в ином населённом пункте Республики "
           "Казахстан:") +
      "</p>\n<ul>\n" + list + "</ul>\n";
  return Letter(m, l,
                Pick(l, "резервтік аппараттық-бағдарламалық кешеннің болуын растау туралы",
                     "о подтверждении наличия резервного аппаратно-программного комплекса"),
                body,
                Pick(l, "R4.3 шарты (резервтік кешен өзге елді мекенде) бойынша қорытынды: сәйкес.",
                     "вывод по условию R4.3 (резервный комплекс в ином населённом пункте): "
                     "соответствует."));
}

std::string SupportLetter(const DossierModel& m, const nlohmann::json& pass, DossierLang l) {
  const nlohmann::json& campaign = ObjectField(ObjectField(pass, "figures"), "campaign");
  const nlohmann::json& window = ObjectField(campaign, "window");
  std::string period = StringField(window, "start");
  if (!StringField(window, "end").empty())
    period += " – " + StringField(window, "end");
  else if (!FigureText(window, "days").empty())
    period +=
        Pick(l, " бастап ", " плюс ") + FigureText(window, "days") + Pick(l, " тәулік", " сут.");
  const std::string sla = FigureText(ObjectField(ObjectField(pass, "finding"), "args"), "sla_s");
  const std::string body =
      "<p>" + Who(m, l) + " " +
      Pick(l,
           "цифрлық майнингтік пулдың ақпараттық жүйесінде техникалық қолдау қызметінің болуын "
           "және клиенттермен тәулік бойы жұмыс істейтінін растайды.",
           "подтверждает наличие в информационной системе цифрового майнингового пула службы "
           "технической поддержки и её круглосуточную работу с клиентами.") +
      "</p>\n<p>" +
      Pick(l, "Тәулік бойы жұмыс сынау өтініштерінің науқанымен тексерілді: кезеңі ",
           "Круглосуточная работа проверена кампанией тестовых обращений: период ") +
      Filled(period) +
      Pick(l,
           " (Қазақстан уақыты); аптаның 168 «сағат × апта күні» ұяшығының барлығы қамтылды, әр "
           "ұяшықта адамның алғашқы жауабы ",
           " (время Казахстана); охвачены все 168 ячеек «час × день недели», в каждой первый "
           "ответ человека получен в пределах ") +
      Filled(sla) + Pick(l, " с ішінде келді (SLA сақталды).", " с (SLA соблюдён).") + "</p>\n";
  return Letter(m, l,
                Pick(l, "техникалық қолдау қызметінің тәулік бойы жұмысын растау туралы",
                     "о подтверждении круглосуточной работы службы технической поддержки"),
                body,
                Pick(l, "R4.5 шарты (тәулік бойы техникалық қолдау) бойынша қорытынды: сәйкес.",
                     "вывод по условию R4.5 (круглосуточная техническая поддержка): "
                     "соответствует."));
}

// A language code as the page's language names it ("kk" -> "қазақ").
std::string LanguageName(const std::string& code, DossierLang l) {
  if (code == "kk") return Pick(l, "қазақ", "казахский");
  if (code == "ru") return Pick(l, "орыс", "русский");
  if (code == "en") return Pick(l, "ағылшын", "английский");
  return code;
}

std::string UiLetter(const DossierModel& m, const nlohmann::json& pass, DossierLang l) {
  // Each page with the address it was fetched from in each language.
  std::vector<std::pair<std::string, std::vector<std::string>>> pages;
  std::vector<std::string> langs;
  const nlohmann::json& rows = ArrayField(ObjectField(pass, "figures"), "pages");
  if (rows.is_array()) {
    for (const nlohmann::json& r : rows) {
      const std::string page = StringField(r, "page"), lang = StringField(r, "lang"),
                        url = StringField(r, "url");
      if (page.empty()) continue;
      auto it =
          std::find_if(pages.begin(), pages.end(), [&](const auto& p) { return p.first == page; });
      if (it == pages.end()) it = pages.insert(pages.end(), {page, {}});
      if (!url.empty()) it->second.push_back(url + " (" + lang + ")");
      if (!lang.empty() && std::find(langs.begin(), langs.end(), lang) == langs.end())
        langs.push_back(lang);
    }
  }
  std::string page_list;
  for (const auto& [page, urls] : pages) {
    page_list += "<li><code>" + EscapeMarkup(page) + "</code>";
    for (size_t i = 0; i < urls.size(); ++i)
      page_list += (i ? ", " : ": ") + ("<code>" + EscapeMarkup(urls[i]) + "</code>");
    page_list += "</li>\n";
  }
  std::string lang_list;
  for (const std::string& code : langs)
    lang_list += (lang_list.empty() ? "" : ", ") + LanguageName(code, l) + " (" + code + ")";
  const std::string threshold =
      FigureText(ObjectField(ObjectField(pass, "finding"), "args"), "threshold");
  const std::string body =
      "<p>" + Who(m, l) + " " +
      Pick(l,
           "цифрлық майнингтік пул ақпараттық жүйесінің мемлекеттік, орыс және ағылшын тілдерінде "
           "пайдаланушы интерфейсінің болуын растайды.",
           "подтверждает наличие пользовательского интерфейса информационной системы цифрового "
           "майнингового пула на государственном, русском и английском языках.") +
      "</p>\n<p>" +
      Pick(l, "Әр бет әр тілде тексерілді (тілдер: ",
           "Каждая страница проверена на каждом языке (языки: ") +
      Filled(lang_list) + Pick(l, "; мәтінінің кемінде ", "; не менее ") + Filled(threshold) +
      Pick(l, "-ы беттің тілінде), тексерілген беттер (",
           " текста страницы на её языке), проверено страниц: ") +
      Filled(std::to_string(pages.size())) + (l == DossierLang::kKk ? "):" : ":") + "</p>\n<ul>\n" +
      page_list + "</ul>\n";
  return Letter(m, l,
                Pick(l, "пайдаланушы интерфейсінің үш тілде болуын растау туралы",
                     "о подтверждении наличия пользовательского интерфейса на трёх языках"),
                body,
                Pick(l,
                     "R4.6 шарты (мемлекеттік, орыс және ағылшын тілдеріндегі интерфейс) "
                     "бойынша қорытынды: сәйкес.",
                     "вывод по условию R4.6 (интерфейс на государственном, русском и английском "
                     "языках): соответствует."));
}

struct LetterSpec {
  const char* id;
  const char* clause;
  std::set<std::string> pass_keys;
  std::string (*render)(const DossierModel&, const nlohmann::json&, DossierLang);
};

}  // namespace

std::vector<LetterDraft> DraftLetters(const DossierModel& m) {
  const LetterSpec specs[] = {
      {"backup", "R4.3", {"R4.3.pass", "R4.3.pass_primary_several"}, &BackupLetter},
      // Only a finished campaign shows 24/7 support (R4.5.pass); a support
      // that answered once during the run is no ground for this letter.
      {"support", "R4.5", {"R4.5.pass"}, &SupportLetter},
      {"ui", "R4.6", {"R4.6.pass", "R4.6.pass_crawled"}, &UiLetter},
  };
  std::vector<LetterDraft> out;
  for (const LetterSpec& spec : specs) {
    LetterDraft d;
    d.id = spec.id;
    d.clause = spec.clause;
    auto v = m.verdicts.find(spec.clause);
    d.verdict = v == m.verdicts.end() ? "" : v->second;
    const nlohmann::json* pass = PassingCheck(m, spec.clause, spec.pass_keys);
    if (d.verdict == "pass" && pass != nullptr) {
      d.drafted = true;
      d.html_kk = spec.render(m, *pass, DossierLang::kKk);
      d.html_ru = spec.render(m, *pass, DossierLang::kRu);
    } else {
      d.blocker = FirstNotPassing(m, spec.clause);
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace pooltest
