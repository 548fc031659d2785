#include "reports/dossier_document_list.h"

#include "core/data_fields.h"
#include "core/markup_escape.h"
#include "reports/act_html_finding.h"
#include "reports/act_html_text.h"
#include "reports/dossier_page.h"

namespace pooltest {
namespace {

struct ItemText {
  const char* id;
  const char* kk;
  const char* ru;
};

// Annex 2, item 8, subitems 1)-4): the documents in the Rules' order. The
// Kazakh is the Rules' text (a space before a comma dropped). The office
// list names the authority "аппараттық қауіпсіздік саласындағы" where the
// portal list and paragraph 4 read "ақпараттық қауіпсіздік" (information
// security): the Kazakh is kept as written, the Russian says information
// security, the authority both lists mean.
constexpr const char* kApplicationForm[] = {
    "осы Қағидаларға 1-қосымшаға сәйкес нысандағы өтініш",
    "заявление по форме согласно приложению 1 к настоящим Правилам"};
constexpr const char* kApplicationPortal[] = {
    "көрсетілетін қызметті алушының ЭЦҚ-мен куәландырылған осы Қағидаларға 1-қосымшаға сәйкес "
    "электрондық құжат нысанындағы өтініш",
    "заявление в форме электронного документа согласно приложению 1 к настоящим Правилам, "
    "удостоверенное ЭЦП услугополучателя"};
constexpr const char* kBackup[] = {
    "Қазақстан Республикасының өзге елді мекенінде (астанада, республикалық маңызы бар қалада, "
    "облыстық маңызы бар қалада, аудандық маңызы бар қалада) орналасқан кемінде бір резервтік "
    "аппараттық-бағдарламалық кешеннің болуын растайтын хат",
    "письмо, подтверждающее наличие не менее одного резервного аппаратно-программного "
    "комплекса, расположенного в ином населённом пункте Республики Казахстан (столице, городе "
    "республиканского значения, городе областного значения, городе районного значения)"};
constexpr const char* kBackupPortal[] = {
    "Қазақстан Республикасының өзге елді мекенінде (астанада, республикалық маңызы бар қалада, "
    "облыстық маңызы бар қалада, аудандық маңызы бар қалада) орналасқан кемінде бір резервтік "
    "аппараттық-бағдарламалық кешеннің болуын растайтын хаттың электрондық көшірмесі",
    "электронная копия письма, подтверждающего наличие не менее одного резервного "
    "аппаратно-программного комплекса, расположенного в ином населённом пункте Республики "
    "Казахстан (столице, городе республиканского значения, городе областного значения, городе "
    "районного значения)"};
constexpr const char* kRental[] = {
    "цифрлық майнингтік пулдың аппараттық-бағдарламалық кешенінің әрқайсысын (негізгі және "
    "резервтік) байланыс қызметтерін әртүрлі жеткізушілерден (провайдерлерден) бөлінген екі "
    "байланыс арнасымен қамтамасыз етуді растай отырып, серверлік үй-жайды жалға беру бойынша "
    "қызметтер көрсету туралы шарттың",
    "договора об оказании услуг по аренде серверного помещения с подтверждением обеспечения "
    "каждого аппаратно-программного комплекса цифрового майнингового пула (основного и "
    "резервного) двумя выделенными каналами связи от разных поставщиков (провайдеров) услуг "
    "связи"};
constexpr const char* kSupportOffice[] = {
    "цифрлық майнингтік пулдың аппараттық жүйесінде техникалық қолдау қызметінің болуын және "
    "клиенттердің тәулік бойы жұмыс істеуін растайтын хат",
    "письмо, подтверждающее наличие в аппаратной системе цифрового майнингового пула службы "
    "технической поддержки и круглосуточной работы клиентов"};
constexpr const char* kSupportPortal[] = {
    "ақпараттық жүйеде техникалық қолдау қызметінің цифрлық майнингтік пулдың болуын растайтын "
    "хаттың электрондық көшірмесі",
    "электронная копия письма, подтверждающего наличие службы технической поддержки цифрового "
    "майнингового пула в информационной системе"};
constexpr const char* kUiOffice[] = {
    "цифрлық майнингтік пул аппараттық жүйесінің мемлекеттік, орыс және ағылшын тілдерінде "
    "пайдаланушы интерфейсінің болуын растайтын хат",
    "письмо, подтверждающее наличие пользовательского интерфейса аппаратной системы цифрового "
    "майнингового пула на государственном, русском и английском языках"};
constexpr const char* kUiPortal[] = {
    "цифрлық майнингтік пул ақпараттық жүйесінің мемлекеттік, орыс және ағылшын тілдерінде "
    "пайдаланушы интерфейсінің болуын растайтын хаттың электрондық көшірмесі",
    "электронная копия письма, подтверждающего наличие пользовательского интерфейса "
    "информационной системы цифрового майнингового пула на государственном, русском и "
    "английском языках"};
constexpr const char* kIntegrationOffice[] = {
    "аппараттық қауіпсіздік саласындағы уәкілетті органның мемлекеттік сервиспен интеграциялау "
    "туралы оң хатының көшірмесі",
    "копия положительного письма уполномоченного органа в сфере информационной безопасности "
    "об интеграции с государственным сервисом"};
constexpr const char* kIntegrationPortal[] = {
    "ақпараттық қауіпсіздік саласындағы уәкілетті органның мемлекеттік сервиспен интеграциялау "
    "туралы оң хатының көшірмесі",
    "копия положительного письма уполномоченного органа в сфере информационной безопасности об "
    "интеграции с государственным сервисом"};

DossierItem Item(const char* id, const char* const text[2]) {
  DossierItem i;
  i.id = id;
  i.title_kk = text[0];
  i.title_ru = text[1];
  return i;
}

// The rental contract: a copy at the office for a new certificate, an
// electronic copy otherwise (so the Rules read for an office re-issue too).
DossierItem RentalItem(bool electronic) {
  DossierItem i = Item("rental_contract", kRental);
  i.title_kk += electronic ? " электрондық көшірмесі" : " көшірмесі";
  i.title_ru = std::string(electronic ? "электронная копия " : "копия ") + i.title_ru;
  return i;
}

std::vector<DossierItem> Skeleton(DossierRoute route, DossierRequest request) {
  const bool portal = route == DossierRoute::kPortal;
  std::vector<DossierItem> items;
  items.push_back(Item("application", portal ? kApplicationPortal : kApplicationForm));
  if (request == DossierRequest::kReissue) {
    items.push_back(RentalItem(true));
    return items;
  }
  items.push_back(Item("backup_letter", portal ? kBackupPortal : kBackup));
  items.push_back(RentalItem(portal));
  items.push_back(Item("support_letter", portal ? kSupportPortal : kSupportOffice));
  items.push_back(Item("ui_letter", portal ? kUiPortal : kUiOffice));
  items.push_back(Item("integration_letter", portal ? kIntegrationPortal : kIntegrationOffice));
  return items;
}

act_html::Lang HtmlLang(DossierLang l) {
  return l == DossierLang::kKk ? act_html::kKk : act_html::kRu;
}

// Why a letter is not drafted, citing the act's check, in language `l`.
std::string BlockedTodo(const DossierModel& m, const LetterDraft& d, DossierLang l) {
  const act_html::Lang hl = HtmlLang(l);
  std::string s = Pick(l, "Хат дайындалмады: сынау актісінде ",
                       "Письмо не подготовлено: в акте испытаний вывод по условию ");
  s += d.clause + Pick(l, " шарты бойынша қорытынды — «", " — «") +
       act_html::VerdictPhrase(d.verdict)[hl] + "»";
  if (d.blocker != nullptr) {
    s += Pick(l, "; тексеру ", "; проверка ") +
         ("<code>" + EscapeMarkup(StringField(*d.blocker, "id")) + "</code> (" +
          act_html::VerdictPhrase(StringField(*d.blocker, "verdict"))[hl] + "): ");
    s += act_html::FindingHtml(*d.blocker, m.act.value("pool", nlohmann::json::object()), hl, true);
  } else {
    s += Pick(l, "; актіде бұл шарттың тексерулері жоқ.", "; в акте нет проверок этого условия.");
  }
  if (d.id == "support" && d.verdict != "fail")
    s += Pick(l,
              " Тәулік бойы қолдауды тек аяқталған қолдау науқаны көрсетеді (pooltest campaign): "
              "науқанды өткізіп, сынауды қайталаңыз.",
              " Круглосуточную поддержку показывает только завершённая кампания обращений "
              "(pooltest campaign): проведите её и повторите испытание.");
  else
    s +=
        Pick(l, " Себебін жойып, сынауды қайталаңыз.", " Устраните причину и повторите испытание.");
  return s;
}

}  // namespace

const char* RouteName(DossierRoute r) { return r == DossierRoute::kOffice ? "office" : "portal"; }
const char* RequestName(DossierRequest r) { return r == DossierRequest::kNew ? "new" : "reissue"; }

std::vector<DossierItem> DocumentList(const DossierModel& m, const DocumentListInput& in) {
  std::vector<DossierItem> items = Skeleton(in.route, in.request);
  for (DossierItem& item : items) {
    for (const auto& [id, files] : in.drafted_files)
      if (id == item.id) item.files = files;
    const LetterDraft* letter = nullptr;
    if (in.letters != nullptr)
      for (const LetterDraft& d : *in.letters)
        if (d.id + "_letter" == item.id) letter = &d;
    if (item.id == "application") {
      item.status = "drafted";
    } else if (letter != nullptr) {
      if (letter->drafted) {
        item.status = "drafted";
      } else {
        item.status = "missing";
        item.blocker = letter->blocker;
        item.todo_kk = BlockedTodo(m, *letter, DossierLang::kKk);
        item.todo_ru = BlockedTodo(m, *letter, DossierLang::kRu);
      }
    } else if (item.id == "integration_letter" || item.id == "rental_contract") {
      const std::optional<DossierAttachment>& a =
          item.id == "integration_letter" ? in.integration_letter : in.rental_contract;
      if (a) {
        item.status = "attached";
        item.attachment = a;
        item.files = {a->file};
      } else if (item.id == "integration_letter") {
        item.status = "missing";
        item.todo_kk =
            "Сынау актісінде бұл хаттың тұтас көшірмесі жоқ (R4.7): хатты сценарийдің documents "
            "бөлімінде көрсетіп, сынауды қайталаңыз немесе көшірмесін өзіңіз қоса беріңіз.";
        item.todo_ru =
            "В акте испытаний нет целой копии этого письма (R4.7): укажите его в разделе "
            "documents сценария и повторите испытание или приложите копию сами.";
      } else {
        item.status = "missing";
        item.todo_kk =
            "pooltest шартты тексермейді, тек арналарды (R4.4) тексереді: шарттың көшірмесін "
            "<code>--rental-contract FILE</code> арқылы қоса беріңіз.";
        item.todo_ru =
            "pooltest не проверяет договор, только сами каналы (R4.4): приложите копию договора "
            "опцией <code>--rental-contract FILE</code>.";
      }
    }
  }
  return items;
}

std::string DocumentListHtml(const DossierModel& m, const DocumentListInput& in,
                             const std::vector<DossierItem>& items, DossierLang l) {
  const bool portal = in.route == DossierRoute::kPortal;
  const bool reissue = in.request == DossierRequest::kReissue;
  std::string title = Pick(l, "Құжаттар тізбесі", "Перечень документов");
  std::string b = "<h1>" + title + "</h1>\n<p class=\"caption\">";
  b += Pick(l,
            "«Цифрлық майнингтік пулдарды аккредиттеу» мемлекеттік қызметті көрсету "
            "қағидаларының 2-қосымшасы, 8-тармақ: ",
            "Приложение 2 к Правилам оказания государственной услуги «Аккредитация цифровых "
            "майнинговых пулов», пункт 8: ");
  if (l == DossierLang::kKk)
    b += std::string(portal ? "портал арқылы" : "кеңсе арқылы") + " " +
         (reissue ? "куәлікті қайта ресімдеу" : "куәлік алу");
  else
    b += std::string(reissue ? "переоформление свидетельства" : "получение свидетельства") + " " +
         (portal ? "через портал" : "через канцелярию");
  b += "</p>\n<p>" + Filled(m.legal_name) + ", " + Pick(l, "БСН ", "БИН ") + Filled(m.bin) +
       "</p>\n";
  b += std::string(
           "<table class=\"list\">\n<colgroup><col class=\"n\"><col class=\"doc\"><col "
           "class=\"status\"><col></colgroup>\n<thead><tr><th>№</th><th>") +
       Pick(l, "Құжат", "Документ") + "</th><th>" + Pick(l, "Күйі", "Статус") + "</th><th>" +
       Pick(l, "Файлдар, SHA-256 немесе не істеу керек", "Файлы, SHA-256 или что сделать") +
       "</th></tr></thead>\n<tbody>\n";
  int n = 0;
  for (const DossierItem& item : items) {
    const char* status = item.status == "drafted" ? Pick(l, "дайындалды", "подготовлен")
                         : item.status == "attached" ? Pick(l, "қоса берілді", "приложен")
                                                     : Pick(l, "жоқ", "отсутствует");
    b += "<tr><td>" + std::to_string(++n) + "</td><td>" + EscapeMarkup(item.Title(l)) +
         "</td><td class=\"status\">" + status + "</td><td>";
    for (const std::string& f : item.files) b += "<code>" + EscapeMarkup(f) + "</code><br>";
    if (item.attachment) b += "SHA-256 <code>" + EscapeMarkup(item.attachment->sha256) + "</code>";
    if (item.status == "drafted" && item.id != "application")
      b += Pick(l, "Жоба: тексеріп, қол қойыңыз.", "Проект: проверьте и подпишите.");
    else if (item.status == "drafted")
      b += Pick(l, "Жоба: тексеріп, ЭЦҚ-мен қол қойыңыз.", "Проект: проверьте и подпишите ЭЦП.");
    b += item.Todo(l) + "</td></tr>\n";
  }
  b += "</tbody>\n</table>\n";
  return DossierPage(m, l, title, b);
}

nlohmann::json DocumentListJson(const std::vector<DossierItem>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const DossierItem& item : items) {
    nlohmann::json j = {{"id", item.id},
                        {"title", {{"kk", item.title_kk}, {"ru", item.title_ru}}},
                        {"status", item.status},
                        {"files", item.files}};
    if (item.attachment) {
      j["sha256"] = item.attachment->sha256;
      j["source"] = item.attachment->source;
    }
    if (item.blocker != nullptr) {
      j["blocked_by"] = {{"check", StringField(*item.blocker, "id")},
                         {"clause", StringField(*item.blocker, "clause")},
                         {"verdict", StringField(*item.blocker, "verdict")},
                         {"finding", item.blocker->value("finding", nlohmann::json())},
                         {"summary", StringField(*item.blocker, "summary")}};
    }
    if (item.status == "missing") j["todo"] = {{"kk", item.todo_kk}, {"ru", item.todo_ru}};
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace pooltest
