#include "checks/gazetteer.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace pooltest {
namespace {

Gazetteer Bundled() {
  std::ifstream in(POOLTEST_GAZETTEER_FILE);
  std::stringstream ss;
  ss << in.rdbuf();
  Result<Gazetteer> g = Gazetteer::FromJson(nlohmann::json::parse(ss.str()));
  EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.error().message);
  return g.ok() ? g.value() : Gazetteer{};
}

TEST(Gazetteer, BundledFileNamesItsSourceAndCoversTheListedKinds) {
  Gazetteer g = Bundled();
  EXPECT_NE(g.source().find("administrative-territorial"), std::string::npos);
  EXPECT_NE(g.source().find("GeoNames"), std::string::npos);
  ASSERT_NE(g.Find("Astana"), nullptr);
  EXPECT_EQ(g.Find("Astana")->kind, "capital");
  EXPECT_EQ(g.Find("Almaty")->kind, "republican");
  EXPECT_EQ(g.Find("Shymkent")->kind, "republican");
  // Every regional centre, after the 2022 reform (17 regions).
  for (const char* c : {"Kokshetau", "Aktobe", "Konaev", "Atyrau", "Oskemen", "Taraz",
                        "Taldykorgan", "Oral", "Karaganda", "Kostanay", "Kyzylorda", "Aktau",
                        "Pavlodar", "Petropavl", "Turkistan", "Semey", "Zhezkazgan"}) {
    const Settlement* s = g.Find(c);
    ASSERT_NE(s, nullptr) << c;
    EXPECT_EQ(s->kind, "regional") << c;
  }
  int district = 0;
  for (const Settlement& s : g.settlements()) district += s.kind == "district";
  EXPECT_GT(district, 10);
}

TEST(Gazetteer, AlternativeSpellingsAreOneSettlement) {
  Gazetteer g = Bundled();
  const Settlement* astana = g.Find("Astana");
  ASSERT_NE(astana, nullptr);
  for (const char* n : {"Nur-Sultan", "nur sultan", "NURSULTAN", "Астана", "АСТАНА", "астана",
                        "Нур-Султан", "Akmola", "Tselinograd"}) {
    EXPECT_EQ(g.Find(n), astana) << n;
  }
  EXPECT_EQ(g.Find("Alma-Ata"), g.Find("Алматы"));
  EXPECT_EQ(g.Find("Uralsk")->id, "oral");
  EXPECT_EQ(g.Find("Ust-Kamenogorsk")->id, "oskemen");
  EXPECT_EQ(g.Find("Öskemen")->id, "oskemen");
  EXPECT_EQ(g.Find("Өскемен")->id, "oskemen");
  EXPECT_EQ(g.Find("Semipalatinsk")->id, "semey");
  EXPECT_EQ(g.Find("Kapchagay")->id, "konaev");
  EXPECT_EQ(g.Find("Қарағанды")->id, "karaganda");
  EXPECT_EQ(g.Find("Springfield"), nullptr);
  EXPECT_EQ(g.Find(""), nullptr);
  EXPECT_NE(g.Find("Astana"), g.Find("Almaty"));
}

// Every bundled settlement has its Kazakh and Russian name, in Cyrillic (the
// act's kk and ru parts show them), and they are among its spellings.
TEST(Gazetteer, BundledSettlementsHaveKazakhAndRussianNames) {
  const Gazetteer g = Bundled();
  for (const Settlement& s : g.settlements()) {
    SCOPED_TRACE(s.id);
    for (const std::string* n : {&s.name_kk, &s.name_ru}) {
      ASSERT_FALSE(n->empty());
      EXPECT_NE(*n, s.name) << "the file has no name for this language";
      EXPECT_EQ(g.Find(*n), &s);
      EXPECT_EQ(static_cast<unsigned char>((*n)[0]) & 0xE0, 0xC0u) << *n << " is not Cyrillic";
    }
  }
  const Settlement* oskemen = g.Find("Ust-Kamenogorsk");
  ASSERT_NE(oskemen, nullptr);
  EXPECT_EQ(oskemen->NameIn("kk"), "Өскемен");
  EXPECT_EQ(oskemen->NameIn("ru"), "Усть-Каменогорск");
  EXPECT_EQ(oskemen->NameIn("en"), "Oskemen");
  EXPECT_EQ(g.Find("Oral")->NameIn("ru"), "Уральск");
}

TEST(Gazetteer, ASettlementWithoutKazakhOrRussianNameKeepsItsEnglishOne) {
  auto g = Gazetteer::FromJson(nlohmann::json::parse(
      R"({"settlements": [{"id": "x", "name": "Xtown", "kind": "district", "latitude": 45,
          "longitude": 70, "name_ru": "Иксград"}]})"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->settlements()[0].NameIn("kk"), "Xtown");
  EXPECT_EQ(g->settlements()[0].NameIn("ru"), "Иксград");
}

TEST(Gazetteer, CoordinatesAreInKazakhstan) {
  const Gazetteer g = Bundled();
  for (const Settlement& s : g.settlements()) {
    EXPECT_GT(s.at.latitude, 40.5) << s.id;
    EXPECT_LT(s.at.latitude, 55.5) << s.id;
    EXPECT_GT(s.at.longitude, 46.5) << s.id;
    EXPECT_LT(s.at.longitude, 87.5) << s.id;
  }
}

TEST(Gazetteer, MalformedFilesAreRefusedWithTheEntryNamed) {
  auto bad_kind = Gazetteer::FromJson(nlohmann::json::parse(
      R"({"settlements":[{"id":"x","name":"X","kind":"village","latitude":50,"longitude":70}]})"));
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_NE(bad_kind.error().message.find("settlements[0] (X)"), std::string::npos);
  EXPECT_FALSE(Gazetteer::FromJson(nlohmann::json::parse(R"({"settlements":[]})")).ok());
  EXPECT_FALSE(
      Gazetteer::FromJson(
          nlohmann::json::parse(R"({"settlements":[{"id":"x","name":"X","kind":"district"}]})"))
          .ok());
}

}  // namespace
}  // namespace pooltest
