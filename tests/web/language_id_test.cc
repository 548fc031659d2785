// Language identification on real UI strings of the reference pool and of
// typical pool sites, short labels and whole sentences.
#include "probes/http/language_id.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

Lang L(const char* text) { return IdentifySegment(text).lang; }

TEST(LanguageId, ShortKazakhLabels) {
  for (const char* s : {"Басты бет", "Жүйеге кіру", "Тарифтер", "Анықтама", "Жіберу", "Тіркелу",
                        "Қолдау қызметі", "Күн сайын", "Әдіс", "Баптаулар"})
    EXPECT_EQ(L(s), Lang::kKk) << s;
}

TEST(LanguageId, ShortRussianLabels) {
  for (const char* s : {"Войти", "Главная", "Тарифы", "Помощь", "Отправить", "Регистрация",
                        "Служба поддержки", "Ежедневно", "Метод"})
    EXPECT_EQ(L(s), Lang::kRu) << s;
}

TEST(LanguageId, ShortEnglishLabels) {
  for (const char* s :
       {"Sign in", "Home", "Pricing", "Help", "Send", "Payout frequency", "Daily", "Support"})
    EXPECT_EQ(L(s), Lang::kEn) << s;
}

TEST(LanguageId, NeutralTokens) {
  for (const char* s : {"1,5%", "0,005 BTC", "10 PH/s", "FPPS", "© 2025", "110 TH/s",
                        "stratum+tcp://stratum.dalapool.kz:3333", "support@dalapool.kz", "—"}) {
    const SegmentLanguage r = IdentifySegment(s);
    EXPECT_EQ(r.lang, Lang::kNeutral) << s;
    EXPECT_EQ(r.words, 0) << s;
  }
  EXPECT_EQ(IdentifySegment("0,005 BTC").neutral_words, 2);
}

TEST(LanguageId, Sentences) {
  const SegmentLanguage kk = IdentifySegment(
      "Қолдау қызметі тәулік бойы, демалыс және мереке күндері де жұмыс істейді. Өтінішті "
      "сайттағы форма арқылы жіберіңіз.");
  EXPECT_EQ(kk.lang, Lang::kKk);
  EXPECT_EQ(kk.words, 16);
  const SegmentLanguage ru = IdentifySegment(
      "Служба поддержки работает круглосуточно, в том числе в выходные и праздничные дни.");
  EXPECT_EQ(ru.lang, Lang::kRu);
  EXPECT_EQ(ru.words, 12);
  const SegmentLanguage en = IdentifySegment(
      "Our support team works around the clock, including weekends and public holidays.");
  EXPECT_EQ(en.lang, Lang::kEn);
  EXPECT_EQ(en.words, 12);
}

TEST(LanguageId, MixedContentGoesToTheSentenceLanguage) {
  // Russian with a Kazakh place name stays Russian.
  EXPECT_EQ(L("Все выплаты проводятся в соответствии с законодательством Республики Қазақстан."),
            Lang::kRu);
  // Kazakh with a URL and tickers stays Kazakh; the URL and ticker are neutral.
  const SegmentLanguage r = IdentifySegment(
      "Құрылғы баптауларында пул мекенжайын көрсетіңіз: stratum+tcp://stratum.dalapool.kz:3333");
  EXPECT_EQ(r.lang, Lang::kKk);
  EXPECT_EQ(r.neutral_words, 1);
  EXPECT_EQ(L("Комиссия 1,5% BTC"), Lang::kRu);
  EXPECT_EQ(L("Minimum payout 0.005 BTC"), Lang::kEn);
}

TEST(LanguageId, OtherScriptsAreUnknown) {
  EXPECT_EQ(L("矿池 费率"), Lang::kUnknown);
  EXPECT_EQ(L("Ορυχείο εξόρυξης"), Lang::kUnknown);
}

}  // namespace
}  // namespace pooltest
