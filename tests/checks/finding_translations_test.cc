// The kk and ru catalogues are complete and faithful to the English one:
// every key has both, each names exactly the English template's arguments,
// and none is the English text left untranslated.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "checks/finding_translations.h"

namespace pooltest {
namespace {

// The argument names a template uses ("{count|адрес|адреса}" names count).
std::set<std::string> ArgumentsOf(const std::string& t) {
  std::set<std::string> names;
  for (size_t open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
    const size_t close = t.find('}', open);
    if (close == std::string::npos) break;
    const std::string inside = t.substr(open + 1, close - open - 1);
    names.insert(inside.substr(0, inside.find('|')));
  }
  return names;
}

// The template without its arguments has letters of its own (so "; {run}"
// or "{address}: {arithmetic}" are format parts, alike in every language).
bool HasWords(const std::string& t) {
  std::string rest;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{') {
      const size_t close = t.find('}', i);
      if (close != std::string::npos) {
        i = close;
        continue;
      }
    }
    rest += t[i];
  }
  for (unsigned char ch : rest)
    if (std::isalpha(ch) || ch >= 0x80) return true;
  return false;
}

TEST(FindingTranslations, ArgumentsOfParsesPluralSelectors) {
  EXPECT_EQ(ArgumentsOf("{a} и {n|x|y|z}; {b}"), (std::set<std::string>{"a", "b", "n"}));
  EXPECT_FALSE(HasWords("; {run}"));
  EXPECT_TRUE(HasWords("{a} ({b}) in {c}"));
  EXPECT_TRUE(HasWords("Комплекс «{site}»: {problem}."));
}

void ExpectFaithful(const char* lang, const FindingTemplates& templates) {
  for (const CatalogueEntry& e : FindingCatalogue()) {
    SCOPED_TRACE(std::string(lang) + " " + e.key);
    const char* t = templates(e.key);
    ASSERT_NE(t, nullptr) << "no " << lang << " template for " << e.key;
    EXPECT_EQ(ArgumentsOf(t), ArgumentsOf(e.en));
    if (HasWords(e.en)) {
      EXPECT_STRNE(t, e.en) << "left in English";
    }
  }
}

TEST(FindingTranslations, EveryKeyHasAKazakhTemplateWithTheSameArguments) {
  ExpectFaithful("kk", KazakhTemplate);
}

TEST(FindingTranslations, EveryKeyHasARussianTemplateWithTheSameArguments) {
  ExpectFaithful("ru", RussianTemplate);
}

// A key translated but missing from the catalogue is a typo or a key the
// checks no longer produce.
TEST(FindingTranslations, NoTranslationOfAKeyTheCatalogueLacks) {
  for (const auto* list : {&KazakhCatalogue(), &RussianCatalogue()}) {
    std::set<std::string> seen;
    for (const TranslatedTemplate& t : *list) {
      EXPECT_NE(CatalogueEntryOf(t.key), nullptr) << t.key;
      EXPECT_TRUE(seen.insert(t.key).second) << "twice: " << t.key;
    }
  }
}

TEST(FindingTranslations, RendersInThePartsLanguageNestedPartsIncluded) {
  const Finding f{"R4.3.pass",
                  {{"site", "backup"},
                   {"settlement", "Алматы"},
                   {"settlement_id", "almaty"},
                   {"kind", Part("settlement.kind.republican")},
                   {"primary", "Астана"},
                   {"primary_id", "astana"},
                   {"primary_kind", Part("settlement.kind.capital")}}};
  std::vector<std::string> problems;
  EXPECT_EQ(RenderFinding(f, &problems, TemplatesFor("ru")),
            "Резервный комплекс «backup» обслуживает майнеров из населённого пункта Алматы "
            "(город республиканского значения), Казахстан; основной комплекс находится в "
            "населённом пункте Астана (столица).");
  EXPECT_EQ(RenderFinding(f, &problems, TemplatesFor("kk")),
            "«backup» резервтік кешені майнерлерге Қазақстанның Алматы елді мекенінен (елді "
            "мекеннің түрі: республикалық маңызы бар қала) қызмет көрсетеді; негізгі кешен Астана "
            "елді мекенінде (елді мекеннің түрі: астана) орналасқан.");
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(TemplatesFor("en")("R4.3.pass"), EnglishTemplate("R4.3.pass"));
}

}  // namespace
}  // namespace pooltest
