// The act's tables of what decided each check, from hand-made figures: each
// row shows what the figures say, what failed is marked, evidence text is
// escaped, and each part has its own words.
#include "reports/act_evidence_tables.h"
#include "tests/reports/count_occurrences.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

using testing::Count;

nlohmann::json Location() {
  return {
      {"clause", "R4.1"},
      {"figures",
       {{"addresses",
         {{{"site", "primary"},
           {"address", "192.0.2.1"},
           {"country_disputed", false},
           {"city_disputed", true},
           {"databases",
            {{{"database", "db-a"}, {"found", true}, {"country", "KZ"}, {"city", "Astana"}},
             {{"database", "db-b"}, {"found", true}, {"country", "KZ"}, {"city", "<script>Almaty"}},
             {{"database", "db-c"}, {"found", false}}}}},
          {{"site", "backup"},
           {"address", "192.0.2.9"},
           {"lookup_failed", true},
           {"databases", nlohmann::json::array()}}}},
        {"declared_without_lookup", {"192.0.2.77"}},
        {"latency",
         {{"samples",
           {{{"address", "192.0.2.1"},
             {"source", "tcp.connect"},
             {"rtt_ms", 12.345},
             {"bound_km", 1234.5},
             {"usable", true}},
            {{"address", "192.0.2.9"},
             {"source", "latency.stratum"},
             {"rtt_ms", "not a number"},
             {"usable", false}}}}}}}}};
}

TEST(EvidenceTables, AddressesByDatabaseWithWhatIsUnsettledMarked) {
  const std::string h = EvidenceTablesHtml(Location(), 2);
  EXPECT_NE(h.find("Where each address is, by database"), std::string::npos) << h;
  // One row per database of the first address, one for the failed lookup.
  EXPECT_EQ(Count(h, "<td class=\"mono\">192.0.2.1</td><td>db-"), 3u) << h;
  EXPECT_NE(h.find("<td>KZ</td><td class=\"bad\">Astana (sources disagree)</td>"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("&lt;script&gt;Almaty"), std::string::npos);
  EXPECT_EQ(h.find("<script>"), std::string::npos);
  EXPECT_NE(h.find("<td colspan=\"2\" class=\"bad\">not found</td>"), std::string::npos) << h;
  EXPECT_NE(h.find("192.0.2.9</td><td colspan=\"3\" class=\"bad\">lookup failed</td>"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("Addresses never looked up:</b> 192.0.2.77"), std::string::npos) << h;
  // RTT bounds: formatted figures, a missing one as a dash, used or not.
  EXPECT_NE(h.find("<td class=\"num\">12.35</td><td class=\"num\">1234</td><td>yes</td>"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("<td class=\"num\">—</td><td class=\"num\">—</td><td>no</td>"),
            std::string::npos)
      << h;
}

TEST(EvidenceTables, EachPartInItsOwnWords) {
  const std::string kk = EvidenceTablesHtml(Location(), 0), ru = EvidenceTablesHtml(Location(), 1);
  EXPECT_NE(kk.find("Мекенжайлардың орналасқан жері"), std::string::npos);
  EXPECT_NE(kk.find("іздеу сәтсіз"), std::string::npos);
  EXPECT_NE(ru.find("Местоположение адресов по базам данных"), std::string::npos);
  EXPECT_NE(ru.find("источники расходятся"), std::string::npos);
  EXPECT_EQ(kk.find("lookup failed"), std::string::npos);
  EXPECT_EQ(ru.find("Where each address"), std::string::npos);
}

TEST(EvidenceTables, ChannelsWithProviderAsnOrganisationAndWhetherTheyWork) {
  const nlohmann::json check = {{"clause", "R4.4"},
                                {"figures",
                                 {{"channels",
                                   {{{"channel", "ch1"},
                                     {"addresses", {"192.0.2.1"}},
                                     {"declared_provider", "Kazakhtelecom"},
                                     {"asns", {9198}},
                                     {"organisations", {"JSC Kazakhtelecom"}},
                                     {"works", true}},
                                    {{"channel", "ch2"},
                                     {"addresses", {"192.0.2.2", "192.0.2.3"}},
                                     {"declared_provider", "Transtelecom"},
                                     {"asns", nlohmann::json::array()},
                                     {"organisation_unknown", true},
                                     {"tcp_only", true},
                                     {"works", false}}}}}}};
  const std::string h = EvidenceTablesHtml(check, 2);
  EXPECT_NE(h.find("<td>ch1</td><td class=\"mono\">192.0.2.1</td><td>Kazakhtelecom</td><td "
                   "class=\"mono\">9198</td><td>JSC Kazakhtelecom</td><td>yes</td>"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("<td>ch2</td><td class=\"mono\">192.0.2.2, 192.0.2.3</td><td>Transtelecom</td>"
                   "<td class=\"mono\">—</td><td>unknown</td><td class=\"bad\">TCP only</td>"),
            std::string::npos)
      << h;
}

TEST(EvidenceTables, TheBackupsSettlementsReadInThePartsLanguage) {
  const nlohmann::json check = {{"clause", "R4.3"},
                                {"figures",
                                 {{"declared_settlement", "Almaty"},
                                  {"declared_settlement_match", {{"id", "almaty"}}},
                                  {"observed_city", "Astana"},
                                  {"observed_country", "KZ"},
                                  {"backup_settlement", {{"id", "astana"}, {"name", "Astana"}}},
                                  {"primary_settlement", {{"id", "astana"}, {"name", "Astana"}}},
                                  {"serving", 2}}}};
  const nlohmann::json pool = {
      {"settlement_names",
       {{"astana", {{"kk", "Астана"}, {"ru", "Астана"}, {"en", "Astana"}}},
        {"almaty", {{"kk", "Алматы"}, {"ru", "Алматы"}, {"en", "Almaty"}}}}}};
  const std::string kk = EvidenceTablesHtml(check, 0, pool);
  EXPECT_NE(kk.find("</th><td>Алматы</td>"), std::string::npos) << kk;
  EXPECT_EQ(Count(kk, "</th><td>Астана</td>"), 2u) << "backup and primary, by the gazetteer";
  // What the database said is a quote and stays as it was.
  EXPECT_NE(kk.find("</th><td>Astana, KZ</td>"), std::string::npos) << kk;
  EXPECT_EQ(kk.find(">Almaty<"), std::string::npos) << kk;
  // No names in the act: the check's spelling.
  const std::string bare = EvidenceTablesHtml(check, 1);
  EXPECT_NE(bare.find("</th><td>Almaty</td>"), std::string::npos) << bare;
  EXPECT_EQ(Count(bare, "</th><td>Astana</td>"), 2u) << bare;
}

TEST(EvidenceTables, DocumentsAndThisRunsRequests) {
  const nlohmann::json doc = {{"clause", "R4.7"},
                              {"figures",
                               {{"documents",
                                 {{{"reference", "No. 5"},
                                   {"date", "2024-06-03"},
                                   {"issuer", "Authority"},
                                   {"file", "documents/letter.pdf"},
                                   {"sha256", "ab12"},
                                   {"matches_declared", false}}}}}}};
  const std::string d = EvidenceTablesHtml(doc, 1);
  EXPECT_NE(d.find("<td>No. 5</td><td class=\"nowrap\">2024-06-03</td><td>Authority</td><td "
                   "class=\"mono\">documents/letter.pdf</td><td class=\"bad\">нет<br>"),
            std::string::npos)
      << d;
  const nlohmann::json support = {
      {"clause", "R4.5"},
      {"figures",
       {{"campaign", nullptr},
        {"requests",
         {{{"channel", "desk"}, {"created", true}, {"first_human_reply_ms", 1566}},
          {{"channel", "mail"}, {"created", false}, {"first_human_reply_ms", nullptr}}}}}}};
  const std::string s = EvidenceTablesHtml(support, 2);
  EXPECT_NE(s.find("<td>desk</td><td>yes</td><td class=\"num\">1.6</td>"), std::string::npos) << s;
  EXPECT_NE(s.find("<td>mail</td><td>no</td><td class=\"num\">—</td>"), std::string::npos) << s;
}

TEST(EvidenceTables, NothingForFiguresOfTheWrongShape) {
  for (const nlohmann::json& bad :
       {nlohmann::json(nullptr), nlohmann::json("x"), nlohmann::json({{"clause", "R4.1"}}),
        nlohmann::json({{"clause", "R4.1"}, {"figures", {{"addresses", "oops"}}}}),
        nlohmann::json({{"clause", "R4.9"}, {"figures", {{"addresses", {1}}}}})}) {
    EXPECT_EQ(EvidenceTablesHtml(bad, 0), "") << bad.dump();
  }
  // Rows that are no objects still give a row each, with nothing in it.
  const std::string h =
      EvidenceTablesHtml({{"clause", "R4.4"}, {"figures", {{"channels", {1, "two", nullptr}}}}}, 2);
  EXPECT_EQ(Count(h, "<tr><td></td><td class=\"mono\">—</td><td>—</td>"), 3u) << h;
}

}  // namespace
}  // namespace pooltest
