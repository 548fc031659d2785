// The bundled gazetteer against the Bureau of National Statistics' count of
// Kazakhstan's cities as of 1 January 2026 (90: 3 of republican significance,
// the capital among them, 39 of regional and 48 of district significance),
// and every entry carrying the fields and sources the act cites.
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "checks/gazetteer.h"

namespace pooltest {
namespace {

nlohmann::json BundledJson() {
  std::ifstream in(POOLTEST_GAZETTEER_FILE);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

TEST(GazetteerCounts, NinetyCitiesByKindAsTheBureauCountsThem) {
  const nlohmann::json j = BundledJson();
  Result<Gazetteer> g = Gazetteer::FromJson(j);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->as_of(), "2026-01-01");
  std::map<std::string, int> kinds;
  for (const Settlement& s : g->settlements()) ++kinds[s.kind];
  EXPECT_EQ(g->settlements().size(), 90u);
  EXPECT_EQ(kinds["capital"], 1);
  EXPECT_EQ(kinds["capital"] + kinds["republican"], 3);
  EXPECT_EQ(kinds["regional"], 39);
  EXPECT_EQ(kinds["district"], 48);
  // The file's own record of the Bureau's figures agrees with its entries.
  const nlohmann::json& b = j.at("bureau_counts");
  EXPECT_EQ(b.at("total").get<int>(), 90);
  EXPECT_EQ(b.at("regional").get<int>(), kinds["regional"]);
  EXPECT_EQ(b.at("district").get<int>(), kinds["district"]);
  EXPECT_TRUE(g->complete());
  // A file listing fewer cities than it counts is partial.
  nlohmann::json partial = j;
  partial["settlements"].erase(partial["settlements"].begin());
  EXPECT_FALSE(Gazetteer::FromJson(partial)->complete());
}

// Per region. The Bureau's release names Akmola (11), Aktobe and Karaganda
// (8 each); the other figures follow from the cities each region holds
// (its centre, the cities of regional significance and the district towns
// named in the entries' sources), and they add up to the Bureau's 87.
TEST(GazetteerCounts, CitiesPerRegion) {
  Result<Gazetteer> g = Gazetteer::FromJson(BundledJson());
  ASSERT_TRUE(g.ok());
  std::map<std::string, int> by_region;
  for (const Settlement& s : g->settlements()) {
    if (s.kind == "capital" || s.kind == "republican") {
      EXPECT_EQ(s.region, "") << s.id << ": a city of republican significance is in no region";
      continue;
    }
    ++by_region[s.region];
  }
  const std::map<std::string, int> expected = {
      {"Abai", 4},      {"Akmola", 11},         {"Aktobe", 8},           {"Almaty", 5},
      {"Atyrau", 2},    {"East Kazakhstan", 6}, {"Karaganda", 8},        {"Kostanay", 6},
      {"Kyzylorda", 4}, {"Mangystau", 3},       {"North Kazakhstan", 5}, {"Pavlodar", 3},
      {"Turkistan", 7}, {"Ulytau", 3},          {"West Kazakhstan", 2},  {"Zhambyl", 4},
      {"Zhetysu", 6}};
  EXPECT_EQ(by_region, expected);
  int total = 0;
  for (const auto& [region, n] : expected) total += n;
  EXPECT_EQ(total, 87);
}

TEST(GazetteerCounts, EveryEntryHasItsFieldsAndSources) {
  const nlohmann::json j = BundledJson();
  for (const nlohmann::json& e : j.at("settlements")) {
    const std::string id = e.value("id", "?");
    SCOPED_TRACE(id);
    for (const char* key : {"id", "name", "name_kk", "name_ru", "kind", "region", "kato"})
      EXPECT_TRUE(e.contains(key) && e[key].is_string()) << key;
    EXPECT_TRUE(e.contains("former_names") && e["former_names"].is_array());
    ASSERT_TRUE(e.contains("sources") && e["sources"].is_object());
    for (const char* key : {"kind", "names", "coordinates"})
      EXPECT_FALSE(e["sources"].value(key, "").empty()) << "no source for " << key;
    const std::string kato = e.value("kato", "");
    if (kato.empty()) {
      EXPECT_FALSE(e.value("kato_note", "").empty()) << "an empty KATO code says why";
    } else {
      EXPECT_EQ(kato.size(), 9u) << kato;
      EXPECT_EQ(kato.find_first_not_of("0123456789"), std::string::npos) << kato;
      EXPECT_FALSE(e["sources"].value("kato", "").empty()) << "no source for the KATO code";
    }
  }
}

TEST(GazetteerCounts, NoSpellingNamesTwoCities) {
  Result<Gazetteer> g = Gazetteer::FromJson(BundledJson());
  ASSERT_TRUE(g.ok());
  std::map<std::string, std::string> owner;
  for (const Settlement& s : g->settlements()) {
    std::vector<std::string> all = s.names;
    all.insert(all.end(), s.former_names.begin(), s.former_names.end());
    for (const std::string* n : {&s.name, &s.name_kk, &s.name_ru}) all.push_back(*n);
    for (const std::string& n : all) {
      auto [it, fresh] = owner.emplace(NormalizeSettlementName(n), s.id);
      EXPECT_TRUE(fresh || it->second == s.id) << n << " names " << it->second << " and " << s.id;
    }
  }
}

TEST(GazetteerCounts, CitiesAddedAsOf2026) {
  Result<Gazetteer> g = Gazetteer::FromJson(BundledJson());
  ASSERT_TRUE(g.ok());
  const Settlement* alatau = g->Find("Alatau");
  ASSERT_NE(alatau, nullptr);
  EXPECT_EQ(alatau->kind, "regional");
  EXPECT_EQ(alatau->region, "Almaty");
  EXPECT_EQ(g->Find("Zhetygen"), alatau);
  EXPECT_EQ(g->Find("Baikonur")->kind, "regional");
  EXPECT_EQ(g->Find("Байқоңыр")->id, "baikonur");
  // Zhem is its own city, 10 km from Emba (Ембі), not another name of it.
  const Settlement* zhem = g->Find("Жем");
  const Settlement* emba = g->Find("Emba");
  ASSERT_NE(zhem, nullptr);
  ASSERT_NE(emba, nullptr);
  EXPECT_NE(zhem, emba);
  EXPECT_EQ(emba->name_kk, "Ембі");
  EXPECT_EQ(g->Find("Ушарал"), g->Find("Ushtaral"));
  EXPECT_EQ(g->Find("Zatobolsk")->id, "tobyl");
  EXPECT_EQ(g->Find("Tobyl")->kato, "395430100");
  for (const char* c : {"Akkol", "Ereymentau", "Stepnyak", "Alga", "Zhem", "Temir", "Shalkar",
                        "Usharal", "Abay", "Karkaraly", "Tobyl", "Fort-Shevchenko", "Mamlyutka",
                        "Sergeevka", "Shardara", "Zhetysay", "Serebryansk", "Shar"}) {
    const Settlement* s = g->Find(c);
    ASSERT_NE(s, nullptr) << c;
    EXPECT_EQ(s->kind, "district") << c;
  }
  const Settlement* astana = g->Find("Astana");
  EXPECT_NE(std::find(astana->former_names.begin(), astana->former_names.end(), "Nur-Sultan"),
            astana->former_names.end());
}

}  // namespace
}  // namespace pooltest
