#include "refpool/web/ui_pages.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/markup_escape.h"

namespace pooltest {
namespace {

// One piece of text in the three languages. Neutral strings (fees, tickers)
// repeat the same value.
struct Text {
  const char* kk;
  const char* ru;
  const char* en;
};

// Blocks of a page in document order; the renderer opens and closes lists,
// tables and the form around runs of the same kind.
enum class Kind { kH1, kH2, kP, kLi, kTh, kTd, kRow, kImg, kPlaceholder, kButton };

struct Block {
  Kind kind;
  Text text;
};

struct Page {
  const char* path;  // after the language prefix: "", "pricing", "help"
  Text title;
  std::vector<Block> blocks;
};

constexpr std::array<const char*, 3> kLangs = {"kk", "ru", "en"};

const Text kNavHome = {"Басты бет", "Главная", "Home"};
const Text kNavPricing = {"Тарифтер", "Тарифы", "Pricing"};
const Text kNavHelp = {"Анықтама", "Помощь", "Help"};
const Text kStatusLink = {"Серверлер күйі", "Состояние серверов", "Server status"};
const Text kFooter = {"© 2025 «Дала Пул» ЖШС. Барлық құқықтар қорғалған.",
                      "© 2025 ТОО «Дала Пул». Все права защищены.",
                      "© 2025 Dala Pool LLP. All rights reserved."};

std::vector<Page> BuildPages() {
  std::vector<Page> pages;
  pages.push_back(Page{
      "",
      {"Дала Пул — Қазақстандағы цифрлық майнинг пулы",
       "Дала Пул — пул цифрового майнинга в Казахстане",
       "Dala Pool — a digital mining pool in Kazakhstan"},
      {
          {Kind::kH1,
           {"Дала Пул: Қазақстандағы сенімді майнинг пулы",
            "Дала Пул: надёжный майнинг-пул в Казахстане",
            "Dala Pool: a reliable mining pool in Kazakhstan"}},
          {Kind::kP,
           {"Дала Пул — цифрлық майнингпен айналысатын компанияларға арналған аккредиттелген пул. "
            "Біздің негізгі серверлеріміз Астанада, ал резервтік кешен Алматыда орналасқан, "
            "сондықтан бір қала желіден ажыратылса да жұмыс тоқтамайды.",
            "Дала Пул — аккредитованный пул для компаний, которые занимаются цифровым майнингом. "
            "Наши основные серверы находятся в Астане, а резервный комплекс расположен в Алматы, "
            "поэтому работа не останавливается, даже если один город отключится от сети.",
            "Dala Pool is an accredited pool for companies engaged in digital mining. Our primary "
            "servers are in Astana and the backup complex is in Almaty, so work does not stop even "
            "if one city goes offline."}},
          {Kind::kImg,
           {"Астанадағы деректер орталығы", "Центр обработки данных в Астане",
            "Data centre in Astana"}},
          {Kind::kP,
           {"Пул комиссиясы FPPS әдісі бойынша 1,5% құрайды. Төлемдер күн сайын жүргізіледі, ең аз "
            "төлем сомасы — 0,005 BTC. Жасырын алымдар жоқ.",
            "Комиссия пула составляет 1,5% по методу FPPS. Выплаты проводятся ежедневно, "
            "минимальная сумма выплаты — 0,005 BTC. Скрытых сборов нет.",
            "The pool fee is 1.5% under the FPPS method. Payouts are made every day, and the "
            "minimum payout is 0.005 BTC. There are no hidden charges."}},
          {Kind::kH2,
           {"Майнерді қалай қосуға болады", "Как подключить майнер", "How to connect a miner"}},
          {Kind::kLi,
           {"Жеке кабинетте тіркеліп, жұмысшы атын жасаңыз.",
            "Зарегистрируйтесь в личном кабинете и создайте имя воркера.",
            "Register in your account and create a worker name."}},
          {Kind::kLi,
           {"Құрылғы баптауларында пул мекенжайын көрсетіңіз: "
            "stratum+tcp://stratum.dalapool.kz:3333",
            "Укажите адрес пула в настройках устройства: stratum+tcp://stratum.dalapool.kz:3333",
            "Enter the pool address in your device settings: "
            "stratum+tcp://stratum.dalapool.kz:3333"}},
          {Kind::kLi,
           {"Пайдаланушы ретінде жұмысшы атын, құпиясөз ретінде кез келген мәнді енгізіңіз.",
            "В качестве пользователя введите имя воркера, а в качестве пароля — любое значение.",
            "Use the worker name as the user name and any value as the password."}},
          {Kind::kLi,
           {"Бірнеше минуттан кейін хешрейт жеке кабинетте көрінеді.",
            "Через несколько минут хешрейт появится в личном кабинете.",
            "After a few minutes your hashrate will appear in your account."}},
          {Kind::kH2, {"Қолдау қызметі", "Служба поддержки", "Support"}},
          {Kind::kP,
           {"Қолдау қызметі тәулік бойы, демалыс және мереке күндері де жұмыс істейді. Өтінішті "
            "сайттағы форма арқылы жіберіңіз, біз оған қазақ, орыс немесе ағылшын тілінде жауап "
            "береміз.",
            "Служба поддержки работает круглосуточно, в том числе в выходные и праздничные дни. "
            "Отправьте обращение через форму на сайте, и мы ответим на казахском, русском или "
            "английском языке.",
            "Our support team works around the clock, including weekends and public holidays. Send "
            "a request through the form on the website and we will answer in Kazakh, Russian or "
            "English."}},
          {Kind::kPlaceholder,
           {"Хабарламаңызды осында жазыңыз", "Напишите ваше сообщение здесь",
            "Write your message here"}},
          {Kind::kButton, {"Жіберу", "Отправить", "Send"}},
      }});
  pages.push_back(Page{
      "pricing",
      {"Тарифтер мен төлемдер — Дала Пул", "Тарифы и выплаты — Дала Пул",
       "Pricing and payouts — Dala Pool"},
      {
          {Kind::kH1, {"Тарифтер мен төлемдер", "Тарифы и выплаты", "Pricing and payouts"}},
          {Kind::kP,
           {"Біз төлем әдісін өзіңіз таңдауға мүмкіндік береміз. Комиссия тек пул арқылы "
            "өндірілген сыйақыдан алынады, ал электр энергиясы мен жабдық үшін ақы алынбайды.",
            "Мы даём возможность самостоятельно выбрать метод выплат. Комиссия берётся только с "
            "вознаграждения, добытого через пул, а за электроэнергию и оборудование плата не "
            "взимается.",
            "We let you choose the payout method yourself. The fee is taken only from the rewards "
            "mined through the pool; we do not charge for electricity or equipment."}},
          {Kind::kTh, {"Әдіс", "Метод", "Method"}},
          {Kind::kTh, {"Комиссия", "Комиссия", "Fee"}},
          {Kind::kTh, {"Төлем жиілігі", "Частота выплат", "Payout frequency"}},
          {Kind::kRow, {"", "", ""}},
          {Kind::kTd, {"FPPS", "FPPS", "FPPS"}},
          {Kind::kTd, {"1,5%", "1,5%", "1.5%"}},
          {Kind::kTd, {"Күн сайын", "Ежедневно", "Daily"}},
          {Kind::kRow, {"", "", ""}},
          {Kind::kTd, {"PPLNS", "PPLNS", "PPLNS"}},
          {Kind::kTd, {"1%", "1%", "1%"}},
          {Kind::kTd, {"Әр блоктан кейін", "После каждого блока", "After every block"}},
          {Kind::kRow, {"", "", ""}},
          {Kind::kTd, {"SOLO", "SOLO", "SOLO"}},
          {Kind::kTd, {"0,5%", "0,5%", "0.5%"}},
          {Kind::kTd, {"Блок табылғанда", "При нахождении блока", "When a block is found"}},
          {Kind::kP,
           {"Ірі клиенттерге, яғни хешрейті 10 PH/s асатын компанияларға жеке жеңілдіктер "
            "қарастырылған. Шарт жасасу үшін қолдау қызметіне хабарласыңыз.",
            "Для крупных клиентов, то есть компаний с хешрейтом более 10 PH/s, предусмотрены "
            "индивидуальные скидки. Чтобы заключить договор, свяжитесь со службой поддержки.",
            "Large clients, meaning companies with a hashrate above 10 PH/s, receive individual "
            "discounts. To sign a contract, please contact our support team."}},
          {Kind::kP,
           {"Барлық төлемдер Қазақстан Республикасының заңнамасына сәйкес жүргізіледі, ал әр айдың "
            "соңында есеп-шот жіберіледі.",
            "Все выплаты проводятся в соответствии с законодательством Республики Казахстан, а в "
            "конце каждого месяца направляется счёт.",
            "All payouts are made in accordance with the laws of the Republic of Kazakhstan, and "
            "an invoice is sent at the end of each month."}},
          {Kind::kP,
           {"Төлем мекенжайын жеке кабинеттегі «Баптаулар» бөлімінде кез келген уақытта өзгертуге "
            "болады. Өзгеріс келесі төлемнен бастап күшіне енеді.",
            "Адрес выплат можно в любое время изменить в разделе «Настройки» личного кабинета. "
            "Изменение вступит в силу со следующей выплаты.",
            "You can change your payout address at any time in the Settings section of your "
            "account. The change takes effect from the next payout."}},
      }});
  pages.push_back(Page{
      "help",
      {"Анықтама — Дала Пул", "Помощь — Дала Пул", "Help — Dala Pool"},
      {
          {Kind::kH1,
           {"Жиі қойылатын сұрақтар", "Часто задаваемые вопросы", "Frequently asked questions"}},
          {Kind::kH2,
           {"Хешрейт неге жеке кабинетте көрінбейді?",
            "Почему хешрейт не отображается в личном кабинете?",
            "Why is my hashrate not shown in my account?"}},
          {Kind::kP,
           {"Статистика бірнеше минут сайын жаңартылады. Егер он бес минуттан кейін де хешрейт "
            "көрінбесе, жұмысшы атын және пул мекенжайын тексеріңіз.",
            "Статистика обновляется раз в несколько минут. Если хешрейт не появился и через "
            "пятнадцать минут, проверьте имя воркера и адрес пула.",
            "Statistics are updated every few minutes. If the hashrate has not appeared after "
            "fifteen minutes, check the worker name and the pool address."}},
          {Kind::kH2,
           {"Төлем қашан түседі?", "Когда поступает выплата?", "When will I receive a payout?"}},
          {Kind::kP,
           {"FPPS әдісі бойынша төлемдер күн сайын Астана уақытымен сағат 10:00-де жіберіледі. "
            "Желідегі растау әдетте бір сағатқа дейін созылады.",
            "По методу FPPS выплаты отправляются ежедневно в 10:00 по времени Астаны. "
            "Подтверждение в сети обычно занимает до одного часа.",
            "Under FPPS, payouts are sent every day at 10:00 Astana time. Confirmation on the "
            "network usually takes up to one hour."}},
          {Kind::kH2,
           {"Резервтік серверге қалай ауысуға болады?", "Как переключиться на резервный сервер?",
            "How do I switch to the backup server?"}},
          {Kind::kP,
           {"Құрылғыға екінші пул ретінде stratum+tcp://backup.dalapool.kz:3333 мекенжайын "
            "қосыңыз. Негізгі сервер қолжетімсіз болса, құрылғы өзі резервке ауысады.",
            "Добавьте в устройство адрес stratum+tcp://backup.dalapool.kz:3333 в качестве второго "
            "пула. Если основной сервер недоступен, устройство само переключится на резерв.",
            "Add stratum+tcp://backup.dalapool.kz:3333 to your device as the second pool. If the "
            "primary server is unavailable, the device switches to the backup by itself."}},
          {Kind::kH2,
           {"Қолдау қызметіне қалай хабарласуға болады?", "Как связаться со службой поддержки?",
            "How can I contact support?"}},
          {Kind::kP,
           {"Сайттағы өтініш формасын толтырыңыз немесе support@dalapool.kz мекенжайына хат "
            "жазыңыз. Біз тәулік бойы жауап береміз.",
            "Заполните форму обращения на сайте или напишите на адрес support@dalapool.kz. Мы "
            "отвечаем круглосуточно.",
            "Fill in the request form on the website or write to support@dalapool.kz. We answer "
            "around the clock."}},
      }});
  // Linked from the footer only: a crawl finds it, a list of the menu's
  // pages does not.
  pages.push_back(Page{
      "status",
      {"Пул күйі — Дала Пул", "Состояние пула — Дала Пул", "Pool status — Dala Pool"},
      {
          {Kind::kH1,
           {"Дала Пул серверлерінің күйі", "Состояние серверов Дала Пул",
            "Dala Pool server status"}},
          {Kind::kP,
           {"Бұл бетте негізгі және резервтік алаңдардың жұмысы туралы мәліметтер әр минут сайын "
            "жаңартылып отырады.",
            "На этой странице сведения о работе основной и резервной площадок обновляются каждую "
            "минуту.",
            "This page shows how the primary and backup sites are working and is updated every "
            "minute."}},
          {Kind::kLi,
           {"Астанадағы негізгі алаң қалыпты жұмыс істеп тұр.",
            "Основная площадка в Астане работает в штатном режиме.",
            "The primary site in Astana is working normally."}},
          {Kind::kLi,
           {"Алматыдағы резервтік алаң қалыпты жұмыс істеп тұр.",
            "Резервная площадка в Алматы работает в штатном режиме.",
            "The backup site in Almaty is working normally."}},
          {Kind::kP,
           {"Соңғы тәуліктегі қолжетімділік 99,98% құрады.",
            "Доступность за последние сутки составила 99,98%.",
            "Availability over the last day was 99.98%."}},
      }});
  return pages;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const char* Pick(const Text& t, std::string_view lang) {
  if (lang == "kk") return t.kk;
  if (lang == "en") return t.en;
  return t.ru;
}

const char* LanguageName(std::string_view lang) {
  if (lang == "kk") return "Қазақша";
  if (lang == "en") return "English";
  return "Русский";
}

// Chooses each text segment's language as the behaviour dictates, counting
// segments in document order so "half translated" is every other one.
class Translator {
 public:
  Translator(const UiBehaviour& b, std::string_view lang)
      : lang_(lang),
        half_(Contains(b.half_translated, lang)),
        russian_body_(Contains(b.russian_as, lang)) {}

  std::string Translate(const Text& t, bool is_heading = false) {
    const int index = index_++;
    std::string_view use = lang_;
    if (russian_body_ && !is_heading) use = "ru";
    if (half_ && index % 2 == 1) use = "ru";
    return Pick(t, use);
  }

 private:
  std::string_view lang_;
  bool half_;
  bool russian_body_;
  int index_ = 0;
};

std::string PagePath(std::string_view lang, std::string_view page) {
  std::string p = "/";
  p += lang;
  p += "/";
  p += page;
  return p;
}

std::string RenderPage(const UiBehaviour& b, const Page& page, std::string_view lang) {
  Translator tr(b, lang);
  std::vector<std::string> others;
  for (const char* l : kLangs)
    if (lang != l && !Contains(b.switcher_drops, l)) others.push_back(l);
  const bool spa = b.spa_only;

  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"";
  h += Contains(b.wrong_html_lang, lang) ? "ru" : std::string(lang);
  h += "\">\n<head>\n<meta charset=\"";
  h += Contains(b.legacy_charset, lang) ? "windows-1251" : "utf-8";
  h += "\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + EscapeMarkup(tr.Translate(page.title)) + "</title>\n";
  for (const char* l : kLangs) {
    if (lang != l && Contains(b.switcher_drops, l)) continue;
    h += "<link rel=\"alternate\" hreflang=\"";
    h += l;
    // A hostile pool's alternate pointing at another host (nothing listens there).
    h += std::string("\" href=\"") +
         (Contains(b.foreign_hreflang, l) ? "http://127.0.0.99:8080" : "") +
         PagePath(l, page.path) + "\">\n";
  }
  h += "<style>body{font-family:sans-serif;max-width:50em;margin:auto}"
       "nav ul{list-style:none;display:flex;gap:1em;padding:0}</style>\n";
  h += "</head>\n<body>\n";

  // Everything translatable goes through `text`; in SPA mode the finished
  // body is shipped inside the script instead of as markup.
  std::string body;
  auto text = [&](const Text& t, bool heading = false) {
    std::string s = tr.Translate(t, heading);
    return EscapeMarkup(s);
  };

  body += "<header>\n<nav class=\"site-nav\"><ul>";
  const std::array<std::pair<const char*, const Text*>, 3> nav = {
      {{"", &kNavHome}, {"pricing", &kNavPricing}, {"help", &kNavHelp}}};
  for (const auto& [path, label] : nav) {
    body += "<li><a href=\"" + PagePath(lang, path) + "\">" + text(*label) + "</a></li>";
  }
  body += "</ul></nav>\n<nav class=\"lang-switcher\"><ul>";
  for (const std::string& l : others) {
    body += "<li><a href=\"" + PagePath(l, page.path) + "\" hreflang=\"" + l + "\" lang=\"" + l +
            "\">" + LanguageName(l) + "</a></li>";
  }
  body += "</ul></nav>\n</header>\n<main>\n";

  bool in_list = false, in_table = false;
  for (const Block& blk : page.blocks) {
    const bool list_kind = blk.kind == Kind::kLi;
    const bool table_kind =
        blk.kind == Kind::kTh || blk.kind == Kind::kTd || blk.kind == Kind::kRow;
    if (in_list && !list_kind) {
      body += "</ol>\n";
      in_list = false;
    }
    if (in_table && !table_kind) {
      body += "</tr></table>\n";
      in_table = false;
    }
    if (list_kind && !in_list) {
      body += "<ol>\n";
      in_list = true;
    }
    if (table_kind && !in_table) {
      body += "<table>\n<tr>";
      in_table = true;
    }
    switch (blk.kind) {
      case Kind::kH1:
        body += "<h1>" + text(blk.text, true) + "</h1>\n";
        break;
      case Kind::kH2:
        body += "<h2>" + text(blk.text) + "</h2>\n";
        break;
      case Kind::kP:
        body += "<p>" + text(blk.text) + "</p>\n";
        break;
      case Kind::kLi:
        body += "<li>" + text(blk.text) + "</li>\n";
        break;
      case Kind::kTh:
        body += "<th>" + text(blk.text) + "</th>";
        break;
      case Kind::kTd:
        body += "<td>" + text(blk.text) + "</td>";
        break;
      case Kind::kRow:
        body += "</tr>\n<tr>";
        break;
      case Kind::kImg:
        body += "<p><img src=\"/static/datacentre.jpg\" width=\"480\" height=\"270\" alt=\"" +
                text(blk.text) + "\"></p>\n";
        break;
      case Kind::kPlaceholder:
        body +=
            "<form action=\"/api/support/tickets\" method=\"post\">\n<textarea "
            "name=\"message\" placeholder=\"" +
            text(blk.text) + "\"></textarea>\n";
        break;
      case Kind::kButton:
        body += "<button type=\"submit\">" + text(blk.text) + "</button>\n</form>\n";
        break;
    }
  }
  if (in_list) body += "</ol>\n";
  if (in_table) body += "</tr></table>\n";
  body += "</main>\n<footer><p><a href=\"" + PagePath(lang, "status") + "\">" + text(kStatusLink) +
          "</a></p><p>" + text(kFooter) + "</p></footer>\n";

  if (!spa) {
    h += body;
  } else {
    // A client-rendered shell: the whole UI (navigation, switcher, content)
    // is built by the script, so without running it there is no text.
    std::string data = nlohmann::json(body).dump();
    for (size_t pos = 0; (pos = data.find("</", pos)) != std::string::npos; pos += 3)
      data.replace(pos, 2, "<\\/");
    h += "<div id=\"app\"></div>\n<script>\n(function(){var ui=" + data +
         ";document.getElementById('app').innerHTML=ui;})();\n</script>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

UiPageResponse NotFound() {
  UiPageResponse r;
  r.status = 404;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>404 Not "
      "Found</title></head><body><h1>404 Not Found</h1></body></html>\n";
  return r;
}

UiPageResponse Redirect(std::string location) {
  UiPageResponse r;
  r.status = 302;
  r.content_type = "text/html; charset=utf-8";
  r.location = std::move(location);
  r.body = "<!DOCTYPE html>\n<html><head><title>Found</title></head><body><a href=\"" +
           EscapeMarkup(r.location) + "\">" + EscapeMarkup(r.location) + "</a></body></html>\n";
  return r;
}

// Encodes UTF-8 text in windows-1251 (what older Russian sites still serve);
// characters it lacks are transliterated by iconv. Empty on failure.
std::string ToWindows1251(const std::string& utf8) {
  iconv_t cd = iconv_open("WINDOWS-1251//TRANSLIT", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return {};
  out.resize(out.size() - out_left);
  return out;
}

UiPageResponse PageIn(const UiBehaviour& behaviour, std::string_view lang, std::string_view rest) {
  if (Contains(behaviour.missing_languages, lang)) return NotFound();
  if (Contains(behaviour.missing_pages, PagePath(lang, rest))) return NotFound();
  for (const Page& page : BuildPages()) {
    if (rest != page.path) continue;
    UiPageResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = RenderPage(behaviour, page, lang);
    if (Contains(behaviour.legacy_charset, lang)) {
      std::string legacy = ToWindows1251(r.body);
      if (!legacy.empty()) {
        r.body = std::move(legacy);
        r.content_type = "text/html; charset=windows-1251";
      }
    }
    return r;
  }
  return NotFound();
}

}  // namespace

std::string UiLanguageOf(std::string_view tag) {
  std::string t(tag.substr(0, tag.find_first_of("-_;")));
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  for (const char* l : kLangs)
    if (t == l) return t;
  return {};
}

UiPageResponse RenderUiPage(const UiBehaviour& behaviour, std::string_view path) {
  if (path == "/") return Redirect("/kk/");
  // Unprefixed page paths lead to the Kazakh page, as "/" does.
  if (IsUiPagePath(path)) return Redirect(PagePath("kk", path.substr(1)));
  for (const char* lang : kLangs) {
    const std::string prefix = std::string("/") + lang;
    if (path == prefix) return Redirect(prefix + "/");
    if (path.substr(0, prefix.size() + 1) != prefix + "/") continue;
    return PageIn(behaviour, lang, path.substr(prefix.size() + 1));
  }
  return NotFound();
}

bool IsUiPagePath(std::string_view path) {
  for (const Page& page : BuildPages())
    if (*page.path && path.size() == std::strlen(page.path) + 1 && path[0] == '/' &&
        path.substr(1) == page.path)
      return true;
  return false;
}

UiPageResponse RenderUiPageIn(const UiBehaviour& behaviour, std::string_view lang,
                              std::string_view path) {
  if (UiLanguageOf(lang).empty() || path.empty() || path[0] != '/') return NotFound();
  return PageIn(behaviour, UiLanguageOf(lang), path.substr(1));
}

}  // namespace pooltest
