#include "probes/support/support_request.h"

#include <random>

namespace pooltest {

SupportMessage MakeSupportMessage(const std::string& token, const SupportChallenge* challenge) {
  SupportMessage m;
  m.token = token;
  const std::string lang = challenge ? challenge->lang : "en";
  if (lang == "kk") {
    m.subject = "pooltest қолдау қызметін тексеру " + token;
    m.body =
        "Бұл — аккредиттеу аясындағы сынақ өтініші (R4.5, тәулік бойы қолдау). Осы хатқа жауап "
        "беріңізші; сілтеме нөмірі " +
        token + ".";
  } else if (lang == "ru") {
    m.subject = "pooltest проверка службы поддержки " + token;
    m.body =
        "Это тестовое обращение в рамках аккредитации (R4.5, круглосуточная поддержка). "
        "Пожалуйста, "
        "ответьте на это сообщение; номер обращения " +
        token + ".";
  } else {
    m.subject = "pooltest support check " + token;
    m.body =
        "This is an automated accreditation test request (R4.5, 24/7 support). Please reply to "
        "this message; reference " +
        token + ".";
  }
  if (challenge) m.body += " " + challenge->question;
  return m;
}

SupportChallenge MakeSupportChallenge(uint64_t seed, int seq, int answer) {
  static const char* const kLangs[] = {"kk", "ru", "en"};
  SupportChallenge c;
  c.lang = kLangs[(seed + static_cast<uint64_t>(seq)) % 3];
  std::mt19937_64 rng(seed * 1000003u + static_cast<uint64_t>(seq));
  const int lo = 11, hi = answer - 11;
  const int a = hi > lo ? lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1)) : 1;
  const std::string sum = std::to_string(a) + " + " + std::to_string(answer - a);
  c.answer = std::to_string(answer);
  // A plain sum needs no grammar of numerals, so each language reads
  // naturally whatever the numbers are.
  if (c.lang == "kk")
    c.question =
        "Өтінішті адам оқығанына көз жеткізу үшін жауабыңызда мына есептің нәтижесін "
        "жазыңызшы: " +
        sum + " қанша болады?";
  else if (c.lang == "ru")
    c.question =
        "Чтобы убедиться, что обращение прочитал человек, напишите, пожалуйста, в ответе "
        "результат: сколько будет " +
        sum + "?";
  else
    c.question =
        "To make sure a person has read this request, please write the result in your "
        "reply: what is " +
        sum + "?";
  return c;
}

}  // namespace pooltest
