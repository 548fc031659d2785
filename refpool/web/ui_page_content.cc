// The pages' text, written once in the three languages.
#include "refpool/web/ui_page_content.h"

namespace pooltest::ui_pages {

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

}  // namespace pooltest::ui_pages
