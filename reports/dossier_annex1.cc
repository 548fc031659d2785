#include "reports/dossier_annex1.h"

#include "core/markup_escape.h"
#include "reports/dossier_page.h"

namespace pooltest {
namespace {

// The form's words. Kazakh: verbatim from Annex 1 (its "I-қосымша" is the
// source's rendering of "1-қосымша", as Annex 2 reads "2-қосымша"). Russian:
// translated faithfully, clause by clause, in the form's order.
struct FormText {
  const char* annex;
  const char* form;
  const char* title;
  // What the accreditation is for: before the name in Kazakh (the verb
  // ends the sentence), after it in Russian (the verb opens it).
  const char* purpose;
  const char* request[2];  // new, reissue
  bool verb_first;
  const char* name_caption;
  const char* location;
  const char* location_caption;
  const char* secrets_consent;
  const char* truthful;
  const char* date_blank;
  const char* personal_data_consent;
  const char* signature;
  const char* signature_caption;
  const char* filled_on;
};

constexpr FormText kKazakh = {
    "Цифрлық майнингтік пулдарды аккредиттеу қағидаларына<br>1-қосымша",
    "Нысан",
    "Өтініш",
    "Цифрлық майнерлердің цифрлық майнингі үшін аппараттық-бағдарламалық кешен қуаттарын "
    "біріктіру қызметін ұсыну, бірлескен қызмет нәтижесінде алынған цифрлық активтерді цифрлық "
    "майнерлер арасында бөлуді жүзеге асыру жөніндегі қызметті жүзеге асыру үшін",
    {"аккредиттеуді сұраймын.", "қайта ресімдеуді сұраймын."},
    false,
    "(заңды тұлғаның толық атауы, бизнес-сәйкестендіру нөмірі)",
    "Орналасқан жері:",
    "(Қазақстан Республикасының аумағында цифрлық майнингтік пулдың аппараттық-бағдарламалық "
    "кешенінің (серверінің) орналасқан жері көрсетіледі)",
    "Ақпараттық жүйелерде қамтылған, заңмен қорғалатын құпияны құрайтын мәліметтерді "
    "пайдалануға келісемін.",
    "Барлық көрсетілген ақпарат, сондай-ақ қоса берілген құжаттар сенімді және жарамды болып "
    "табылады",
    "20__ жылғы «___» ____________.",
    "«Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының Заңына сәйкес дербес "
    "деректерді жинауға және өңдеуге келісемін.",
    "Өтініш берушінің электрондық цифрлық қолтаңбасы",
    "(тегі, аты, әкесінің аты (бар болған жағдайда))",
    "Толтыру күні: 20__ жылғы «___» ____________.",
};

constexpr FormText kRussian = {
    "Приложение 1<br>к Правилам аккредитации цифровых майнинговых пулов",
    "Форма",
    "Заявление",
    "для осуществления деятельности по предоставлению услуги по объединению мощностей "
    "аппаратно-программного комплекса для цифрового майнинга цифровых майнеров, осуществлению "
    "распределения цифровых активов, полученных в результате совместной деятельности, между "
    "цифровыми майнерами.",
    {"Прошу аккредитовать", "Прошу переоформить аккредитацию"},
    true,
    "(полное наименование юридического лица, бизнес-идентификационный номер)",
    "Местонахождение:",
    "(указывается местонахождение аппаратно-программного комплекса (сервера) цифрового "
    "майнингового пула на территории Республики Казахстан)",
    "Согласен на использование сведений, составляющих охраняемую законом тайну, содержащихся в "
    "информационных системах.",
    "Вся указанная информация, а также прилагаемые документы являются достоверными и "
    "действительными",
    "«___» ____________ 20__ года.",
    "Согласен на сбор и обработку персональных данных в соответствии с Законом Республики "
    "Казахстан «О персональных данных и их защите».",
    "Электронная цифровая подпись заявителя",
    "(фамилия, имя, отчество (при его наличии))",
    "Дата заполнения: «___» ____________ 20__ года.",
};

std::string Blank(const char* caption_if_empty, const std::string& value) {
  return value.empty() ? std::string("________ ") + caption_if_empty : value;
}

}  // namespace

std::string Annex1Html(const DossierModel& m, DossierRequest request, DossierLang l) {
  const FormText& t = l == DossierLang::kKk ? kKazakh : kRussian;
  const std::string bin_word = Pick(l, "БСН", "БИН");
  const std::string applicant =
      Blank(Pick(l, "(атауы актіде жоқ)", "(наименования в акте нет)"), m.legal_name) + ", " +
      bin_word + " " + Blank(Pick(l, "(актіде жоқ)", "(в акте нет)"), m.bin);
  std::string b;
  b += std::string("<p class=\"annex-head\">") + t.annex + "<br>" + t.form + "</p>\n";
  b += std::string("<h1>") + t.title + "</h1>\n";
  const char* verb = t.request[request == DossierRequest::kReissue];
  if (t.verb_first) {
    b += "<p>" + std::string(verb) + " " + Filled(applicant) + "</p>\n";
    b += std::string("<p class=\"caption\">") + t.name_caption + "</p>\n";
    b += std::string("<p>") + t.purpose + "</p>\n";
  } else {
    b += std::string("<p>") + t.purpose + "</p>\n";
    b += "<p>" + Filled(applicant) + " " + verb + "</p>\n";
    b += std::string("<p class=\"caption\">") + t.name_caption + "</p>\n";
  }
  b += std::string("<p>") + t.location + "</p>\n";
  std::string list;
  for (const DossierSite& s : m.sites) {
    std::string where =
        RoleName(s, l) + " " +
        Pick(l, "аппараттық-бағдарламалық кешен", "аппаратно-программный комплекс") + ": " +
        SettlementText(s, l);
    if (!s.addresses.empty()) {
      where += Pick(l, "; желілік мекенжайлары: ", "; сетевые адреса: ");
      for (size_t i = 0; i < s.addresses.size(); ++i) where += (i ? ", " : "") + s.addresses[i];
    }
    list += "<li>" + Filled(where + ".") + "</li>\n";
  }
  b += m.sites.empty() ? "<p>________________________________________</p>\n"
                       : "<ol class=\"where\">\n" + list + "</ol>\n";
  b += std::string("<p class=\"caption\">") + t.location_caption + "</p>\n";
  b += std::string("<p>") + t.secrets_consent + "</p>\n";
  b += std::string("<p>") + t.truthful + " " + t.date_blank + "</p>\n";
  b += std::string("<p>") + t.personal_data_consent + "</p>\n";
  b +=
      std::string("<p class=\"sign\">") + t.signature + " <span class=\"line\">&#160;</span></p>\n";
  b += std::string("<p class=\"caption\">") + t.signature_caption + "</p>\n";
  b += std::string("<p class=\"sign\">") + t.filled_on + "</p>\n";
  return DossierPage(m, l, t.title, b);
}

}  // namespace pooltest
