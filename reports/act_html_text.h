// The wording of act.html in its three languages (internal to act_html*.cc;
// the dossier's document list cites verdicts with it too):
// every fixed phrase as {Kazakh, Russian, English}, indexed by Lang, and the
// seven conditions of paragraph 4 of the Rules (the Kazakh text is the
// original's). Data only.
#pragma once

#include <string_view>

namespace pooltest::act_html {

enum Lang { kKk = 0, kRu = 1, kEn = 2 };
inline constexpr const char* kLangCode[] = {"kk", "ru", "en"};

struct Phrase {
  const char* text[3];
  const char* operator[](Lang l) const { return text[l]; }
};

inline constexpr Phrase kPart = {{"Қазақ тілінде", "На русском языке", "In English"}};
inline constexpr Phrase kTitle = {
    {"Цифрлық майнингтік пулдың аккредиттеу шарттарына сәйкестігін сынау актісі",
     "Акт испытаний цифрового майнингового пула на соответствие условиям "
     "аккредитации",
     "Test act on the conformity of a digital mining pool with the conditions "
     "of accreditation"}};
// The Rules as renamed by order No. 404/НҚ of 13 September 2023, cited with
// the order that approved them and their state registration number.
inline constexpr Phrase kBasis = {
    {"Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрінің "
     "2023 жылғы 11 сәуірдегі № 142/НҚ бұйрығымен бекітілген (2023 жылғы 13 қыркүйектегі "
     "№ 404/НҚ бұйрығының редакциясында; Нормативтік құқықтық актілерді мемлекеттік тіркеу "
     "тізілімінде № 32315 болып тіркелген) «Цифрлық майнингтік пулдарды аккредиттеу» "
     "мемлекеттік қызметті көрсету қағидаларының 4-тармағы бойынша",
     "В соответствии с пунктом 4 Правил оказания государственной услуги «Аккредитация цифровых "
     "майнинговых пулов», утверждённых приказом Министра цифрового развития, инноваций и "
     "аэрокосмической промышленности Республики Казахстан от 11 апреля 2023 года № 142/НҚ (в "
     "редакции приказа от 13 сентября 2023 года № 404/НҚ; зарегистрирован в Реестре "
     "государственной регистрации нормативных правовых актов под № 32315)",
     "Under paragraph 4 of the Rules of rendering the state service «Accreditation of digital "
     "mining pools» approved by order No. 142/НҚ of the Minister of Digital Development, "
     "Innovation and Aerospace Industry of the Republic of Kazakhstan of 11 April 2023 (as "
     "amended by order No. 404/НҚ of 13 September 2023; registered in the Register of state "
     "registration of normative legal acts under No. 32315)"}};
inline constexpr Phrase kLab = {
    {"Сынақ зертханасы", "Испытательная лаборатория", "Testing laboratory"}};
// The running head and foot of every printed page (act_html.cc's @page
// rules): "бет 3 / 18", "стр. 3 из 18", "page 3 of 18".
inline constexpr Phrase kRunningTitle = {{"Сынау актісі", "Акт испытаний", "Test act"}};
inline constexpr Phrase kPageWord = {{"бет ", "стр. ", "page "}};
inline constexpr Phrase kPageOf = {{" / ", " из ", " of "}};
inline constexpr Phrase kNumberSign = {{"№ ", "№ ", "No. "}};
inline constexpr Phrase kActNumber = {{"Акт нөмірі", "Номер акта", "Act number"}};
inline constexpr Phrase kLabName = {{"Атауы", "Наименование", "Name"}};
inline constexpr Phrase kAddress = {{"Мекенжайы", "Адрес", "Address"}};
inline constexpr Phrase kAccreditation = {
    {"Аккредиттеу аттестаты", "Аттестат аккредитации", "Accreditation certificate"}};
inline constexpr Phrase kAccreditationScope = {
    {"Аккредиттеу саласы", "Область аккредитации", "Scope of accreditation"}};
inline constexpr Phrase kResponsible = {
    {"Жауапты тұлғалар", "Ответственные лица", "Responsible persons"}};
inline constexpr Phrase kApplicant = {{"Өтініш беруші", "Заявитель", "Applicant"}};
inline constexpr Phrase kLegalName = {{"Атауы", "Наименование", "Legal name"}};
inline constexpr Phrase kBin = {{"БСН", "БИН", "BIN"}};
inline constexpr Phrase kLegalAddress = {{"Заңды мекенжайы", "Юридический адрес", "Legal address"}};
inline constexpr Phrase kTesting = {
    {"Сынақ туралы мәліметтер", "Сведения об испытаниях", "The testing"}};
inline constexpr Phrase kScenario = {{"Сынақ сценарийі", "Сценарий испытаний", "Test scenario"}};
inline constexpr Phrase kHarness = {{"Сынақ құралы", "Средство испытаний", "Test harness"}};
inline constexpr Phrase kStarted = {{"Басталуы", "Начало", "Started"}};
inline constexpr Phrase kFinished = {{"Аяқталуы", "Окончание", "Finished"}};
inline constexpr Phrase kUtc = {{"UTC", "UTC", "UTC"}};
inline constexpr Phrase kKzTime = {{"Қазақстан уақыты", "время Казахстана", "Kazakhstan time"}};
inline constexpr Phrase kVantage = {
    {"Өлшеу жүргізілген орын", "Место проведения измерений", "Where the measurements were made"}};
inline constexpr Phrase kObservations = {
    {"Тіркелген бақылаулар саны", "Число зарегистрированных наблюдений", "Observations recorded"}};
inline constexpr Phrase kConclusion = {{"Қорытынды", "Заключение", "Conclusion"}};
inline constexpr Phrase kPositive = {
    {"ОҢ: барлық міндетті шарттар орындалды немесе құжатпен расталды.",
     "ПОЛОЖИТЕЛЬНОЕ: все обязательные условия выполнены или подтверждены "
     "документами.",
     "POSITIVE: every mandatory condition is met or attested by a "
     "document."}};
inline constexpr Phrase kNotPositive = {
    {"ОҢ ЕМЕС: кейбір міндетті шарттар орындалмады немесе дәлелденбеді.",
     "НЕ ПОЛОЖИТЕЛЬНОЕ: часть обязательных условий не выполнена или не "
     "подтверждена.",
     "NOT POSITIVE: some mandatory conditions are not met or not "
     "proven."}};
inline constexpr Phrase kInterrupted = {
    {"Сынақ үзілді: нәтижелер толық емес дәлелдемелерге негізделген.",
     "Испытания прерваны: результаты основаны на неполных "
     "доказательствах.",
     "Testing was interrupted: the verdicts rest on partial evidence."}};
inline constexpr Phrase kSummary = {{"Міндетті шарттар бойынша жиынтық",
                                     "Сводка по обязательным условиям",
                                     "Summary of the mandatory conditions"}};
inline constexpr Phrase kClause = {{"Тармақша", "Подпункт", "Item"}};
inline constexpr Phrase kCondition = {{"Шарт", "Условие", "Condition"}};
inline constexpr Phrase kResult = {{"Нәтиже", "Результат", "Result"}};
inline constexpr Phrase kChecks = {{"Тексерулер", "Проверки", "Checks"}};
inline constexpr Phrase kDetails = {{"Тексерулер бойынша толық мәліметтер",
                                     "Подробные результаты проверок", "Details of the checks"}};
inline constexpr Phrase kFinding = {{"Тұжырым", "Вывод", "Finding"}};
inline constexpr Phrase kSerial = {{"сериялық нөмірі", "серийный номер", "serial"}};
inline constexpr Phrase kFigures = {{"Өлшенген көрсеткіштер", "Измеренные показатели", "Figures"}};
inline constexpr Phrase kEvidenceCited = {
    {"Негіз болған дәлелдемелер (evidence.jsonl жазбалары)",
     "Доказательства, на которых основан вывод (записи evidence.jsonl)",
     "Evidence relied on (records of evidence.jsonl)"}};
inline constexpr Phrase kMore = {
    {"толығы act.json файлында", "полностью — в файле act.json", "in full in act.json"}};
inline constexpr Phrase kSites = {{"Пулдың аппараттық-бағдарламалық кешендері",
                                   "Аппаратно-программные комплексы пула",
                                   "The pool's hardware-software complexes"}};
inline constexpr Phrase kSite = {{"Кешен", "Комплекс", "Complex"}};
inline constexpr Phrase kPrimary = {{"негізгі", "основной", "primary"}};
inline constexpr Phrase kBackup = {{"резервтік", "резервный", "backup"}};
inline constexpr Phrase kDeclaredSettlement = {
    {"Мәлімделген елді мекен", "Заявленный населённый пункт", "Declared settlement"}};
inline constexpr Phrase kObservedSettlement = {
    {"Анықталған елді мекен", "Установленный населённый пункт", "Observed settlement"}};
inline constexpr Phrase kAddresses = {{"IP-мекенжайлар", "IP-адреса", "IP addresses"}};
inline constexpr Phrase kProviders = {
    {"Байланыс провайдерлері (ASN)", "Провайдеры связи (ASN)", "Providers (ASN)"}};
inline constexpr Phrase kDocuments = {
    {"Ұсынылған құжаттар", "Представленные документы", "Attested documents"}};
inline constexpr Phrase kReference = {{"Нөмірі", "Номер", "Reference"}};
inline constexpr Phrase kDate = {{"Күні", "Дата", "Date"}};
inline constexpr Phrase kIssuer = {{"Берген орган", "Кем выдан", "Issuer"}};
inline constexpr Phrase kNoDocuments = {
    {"Құжаттар ұсынылмаған.", "Документы не представлены.", "No documents were attached."}};
inline constexpr Phrase kRefusedRequests = {
    {"Жіберілмеген сұраулар", "Неотправленные запросы", "Requests not sent"}};
inline constexpr Phrase kRefusedNote = {
    {"Сынақ құралы тек сценарийде жарияланған хосттарға қосылады: пул бағыттау, сілтеме немесе "
     "скрипт арқылы басқа жаққа нұсқаған сұрау жіберілмеді және осында тіркелді.",
     "Средство испытаний подключается только к хостам, заявленным в сценарии: запрос, который пул "
     "направил в другое место перенаправлением, ссылкой или скриптом, не отправлялся и записан "
     "здесь.",
     "The harness connects only to hosts the scenario declares: a request the pool pointed "
     "elsewhere (by a redirect, a link or a script) was not sent and is listed here."}};
inline constexpr Phrase kNoRefused = {{"Барлық сұраулар жарияланған хосттарға жіберілді.",
                                       "Все запросы направлялись к заявленным хостам.",
                                       "Every request went to a declared host."}};
inline constexpr Phrase kObservation = {{"Бақылау", "Наблюдение", "Observation"}};
inline constexpr Phrase kRequestedTo = {{"Сұралған мекенжай", "Запрошенный адрес", "Requested"}};
inline constexpr Phrase kReason = {{"Себебі", "Причина", "Reason"}};
// Why a request was not sent, by refusal kind (http_fetch.h, act_document.h);
// the harness's own sentence stays in act.json.
inline constexpr Phrase kRefusedRedirect = {{"сценарийде жарияланбаған хостқа бағыттау",
                                             "перенаправление на хост, не заявленный в сценарии",
                                             "a redirect to a host the scenario does not declare"}};
inline constexpr Phrase kRefusedTarget = {
    {"хост сценарийде жарияланбаған немесе оның мекенжайы жоқ",
     "хост не заявлен в сценарии или у него нет адреса",
     "the host is not declared in the scenario or has no address"}};
inline constexpr Phrase kRefusedScheme = {{"http/https емес схемаға бағыттау",
                                           "перенаправление на схему, отличную от http/https",
                                           "a redirect to a scheme other than http/https"}};
inline constexpr Phrase kRefusedBody = {
    {"сұраудың денесін басқа хостқа жіберуді талап ететін бағыттау",
     "перенаправление, требующее отправить тело запроса на другой хост",
     "a redirect that would send the request body to another host"}};
inline constexpr Phrase kRefusedLoop = {
    {"тұйық бағыттау", "циклическое перенаправление", "a redirect loop"}};
inline constexpr Phrase kRefusedTooMany = {
    {"бағыттау тым көп", "слишком много перенаправлений", "too many redirects"}};
inline constexpr Phrase kRefusedRender = {
    {"беттің жарияланбаған хостқа сұрауы (браузерде бұғатталды)",
     "запрос страницы к незаявленному хосту (заблокирован в браузере)",
     "a request of the rendered page to an undeclared host (blocked in the browser)"}};
inline constexpr Phrase kRefusedConnection = {{"жарияланбаған мекенжайға қосылу",
                                               "подключение к незаявленному адресу",
                                               "a connection to an undeclared address"}};
inline constexpr Phrase kRefusedByLab = {
    {"зертхананың DNS-резолвері жарамды жауап бермеді; бұл пулдың кінәсі емес",
     "DNS-резолвер лаборатории не дал пригодного ответа; пул в этом не виноват",
     "the lab's DNS resolver gave no usable answer; not the pool's fault"}};
inline constexpr Phrase kMoreInActJson = {
    {"қалғандары act.json файлында", "остальные в act.json", "the rest are in act.json"}};
inline constexpr Phrase kEvidenceFiles = {
    {"Дәлелдеме файлдарының тізбесі", "Перечень файлов доказательств", "List of evidence files"}};
inline constexpr Phrase kFile = {{"Файл", "Файл", "File"}};
inline constexpr Phrase kBytes = {{"Көлемі, байт", "Размер, байт", "Size, bytes"}};
inline constexpr Phrase kEvidenceNote = {
    {"Әр файлдың SHA-256 хэші act.json актісіне енгізілген және онымен бірге қол қойылған.",
     "Хэш SHA-256 каждого файла включён в act.json и подписан вместе с ним.",
     "The SHA-256 of every file is part of act.json and signed with it."}};
inline constexpr Phrase kSignature = {{"Электрондық цифрлық қолтаңба",
                                       "Электронная цифровая подпись",
                                       "Electronic digital signature"}};
inline constexpr Phrase kSignedText = {
    {"Осы актінің машинамен оқылатын нұсқасына (act.json) зертхананың кілтімен CMS пішіміндегі "
     "бөлек қолтаңба (act.json.p7s) қойылған.",
     "Машиночитаемая версия настоящего акта (act.json) подписана ключом лаборатории отдельной "
     "подписью в формате CMS (act.json.p7s).",
     "The machine-readable version of this act (act.json) carries the laboratory's detached CMS "
     "signature (act.json.p7s)."}};
inline constexpr Phrase kSigner = {{"Қол қоюшы", "Подписант", "Signer"}};
inline constexpr Phrase kCertIssuer = {{"Сертификатты берген куәландырушы орталық",
                                        "Удостоверяющий центр, выдавший сертификат",
                                        "Certificate issuer"}};
inline constexpr Phrase kKey = {{"Кілт", "Ключ", "Key"}};
inline constexpr Phrase kDemo = {
    {"ДЕМОНСТРАЦИЯЛЫҚ АКТ: бір реттік демонстрациялық кілтпен қол қойылған, аккредиттеу үшін "
     "жарамсыз.",
     "ДЕМОНСТРАЦИОННЫЙ АКТ: подписан одноразовым демонстрационным ключом, для аккредитации "
     "недействителен.",
     "DEMONSTRATION ACT: signed with a throwaway demonstration key; not valid for "
     "accreditation."}};
inline constexpr Phrase kUnsigned = {
    {"Акт электрондық цифрлық қолтаңбамен қол қойылмаған.",
     "Акт не подписан электронной цифровой подписью.",
     "The act is not signed with an electronic digital signature."}};
inline constexpr Phrase kVerifyHint = {{"Тексеру:", "Проверка:", "To verify:"}};

inline constexpr Phrase kVerdictPass = {{"Орындалды", "Выполнено", "Pass"}};
inline constexpr Phrase kVerdictFail = {{"Орындалмады", "Не выполнено", "Fail"}};
inline constexpr Phrase kVerdictInconclusive = {{"Анықталмады", "Не установлено", "Inconclusive"}};
inline constexpr Phrase kVerdictError = {{"Тексеру қатесі", "Ошибка проверки", "Check error"}};
inline constexpr Phrase kVerdictAttested = {
    {"Құжатпен расталды", "Подтверждено документом", "Attested"}};
// A verdict's word ("pass", "fail", ...); anything else reads as inconclusive.
inline const Phrase& VerdictPhrase(std::string_view v) {
  if (v == "pass") return kVerdictPass;
  if (v == "fail") return kVerdictFail;
  if (v == "attested") return kVerdictAttested;
  if (v == "error") return kVerdictError;
  return kVerdictInconclusive;
}

struct ConditionText {
  const char* clause;
  Phrase text;
};

// The seven conditions of paragraph 4; the Kazakh text is the original's.
inline constexpr ConditionText kConditions[] = {
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

}  // namespace pooltest::act_html
