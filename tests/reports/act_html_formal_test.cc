// The formal elements of act.html, from hand-made acts: the act number with
// its date and place of issue, the conclusion per condition in the words an
// act uses and the overall one (conforms / does not / not established), the
// limitations the evidence shows, the annexes and the signature lines, each
// in the part's own language.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/act_html.h"

namespace pooltest {
namespace {

using nlohmann::json;

json Act(const char* r44, const char* r45) {
  json conditions = json::array();
  for (const char* clause : {"R4.1", "R4.2", "R4.3", "R4.4", "R4.5", "R4.6", "R4.7"}) {
    std::string v =
        clause == std::string("R4.2") || clause == std::string("R4.7") ? "attested" : "pass";
    if (clause == std::string("R4.4")) v = r44;
    if (clause == std::string("R4.5")) v = r45;
    conditions.push_back({{"clause", clause}, {"verdict", v}, {"checks", {clause}}});
  }
  return {{"conditions", conditions},
          {"checks",
           {{{"id", "R4.1.location"},
             {"clause", "R4.1"},
             {"verdict", "pass"},
             {"figures", {{"databases", 2}, {"latency", {{"usable_samples", 0}}}}}},
            {{"id", "R4.5.support"},
             {"clause", "R4.5"},
             {"verdict", r45},
             {"figures", {{"campaign", nullptr}}}}}},
          {"lab",
           {{"act_number", "ПТ-2026/0017"},
            {"place", "Астана"},
            {"name", "Lab"},
            {"responsible",
             {{{"name", "Сейтқали А. Б."}, {"position", "Руководитель лаборатории"}},
              {{"name", "Иванов И. И."}, {"position", "Инженер-испытатель"}}}}}},
          {"run", {{"finished_kz", "2026-12-02T01:56:38.120+05:00"}, {"deadline_hit", true}}},
          {"manifest",
           {{{"file", "evidence.jsonl"}},
            {{"file", "documents/letter.pdf"}},
            {{"file", "support-campaign.db"}}}},
          {"signature", {{"signer", "CN=Lab"}}},
          {"result", {{"positive", false}}}};
}

// The part of `html` in language `lang`.
std::string PartOf(const std::string& html, const std::string& lang) {
  const size_t start = html.find("<section class=\"part part-" + lang + "\"");
  EXPECT_NE(start, std::string::npos) << lang;
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</section>", start) - start);
}

TEST(ActHtmlFormal, NumberDateAndPlaceOfIssueUnderTheTitle) {
  const std::string html = ActHtml(Act("pass", "pass"));
  EXPECT_NE(PartOf(html, "kk")
                .find("<p class=\"issue\">№ <span class=\"q\">ПТ-2026/0017</span> · Берілген күні: "
                      "2026-12-02 · берілген орны: <span class=\"q\">Астана</span></p>"),
            std::string::npos);
  EXPECT_NE(PartOf(html, "ru")
                .find("ПТ-2026/0017</span> · Дата выдачи: 2026-12-02 · место выдачи: <span "
                      "class=\"q\">Астана</span>"),
            std::string::npos);
  EXPECT_NE(PartOf(html, "en")
                .find("No. <span class=\"q\">ПТ-2026/0017</span> · Issued on: 2026-12-02 · at: "),
            std::string::npos);
}

TEST(ActHtmlFormal, APlaceOfIssueTheGazetteerKnowsReadsInEachPartsLanguage) {
  nlohmann::json act = Act("pass", "pass");
  act["lab"]["place"] = "Astana";
  act["lab"]["place_settlement_id"] = "astana";
  act["pool"]["settlement_names"]["astana"] = {
      {"kk", "Астана"}, {"ru", "Астана"}, {"en", "Astana"}};
  const std::string html = ActHtml(act);
  EXPECT_NE(PartOf(html, "kk").find("· берілген орны: Астана</p>"), std::string::npos)
      << PartOf(html, "kk");
  EXPECT_NE(PartOf(html, "ru").find("· место выдачи: Астана</p>"), std::string::npos);
  EXPECT_NE(PartOf(html, "en").find("· at: Astana</p>"), std::string::npos);
}

TEST(ActHtmlFormal, ConclusionPerConditionAndOverall) {
  struct Case {
    const char *r44, *r45, *kk, *ru, *en;
  } cases[] = {
      {"pass", "pass", "аккредиттеу шарттарына сәйкес келеді.",
       "Цифровой майнинговый пул соответствует условиям аккредитации.",
       "The digital mining pool conforms to the conditions of accreditation."},
      {"fail", "inconclusive", "аккредиттеу шарттарына сәйкес келмейді.",
       "Цифровой майнинговый пул не соответствует условиям аккредитации.",
       "does not conform to the conditions of accreditation."},
      {"pass", "inconclusive", "сәйкестігі толық анықталмады.", "установлено не полностью.",
       "is not fully established."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.r44) + "/" + c.r45);
    const std::string html = ActHtml(Act(c.r44, c.r45));
    EXPECT_NE(PartOf(html, "kk").find(c.kk), std::string::npos);
    EXPECT_NE(PartOf(html, "ru").find(c.ru), std::string::npos);
    EXPECT_NE(PartOf(html, "en").find(c.en), std::string::npos);
  }
  const std::string en = PartOf(ActHtml(Act("fail", "inconclusive")), "en");
  EXPECT_NE(en.find("4.4 item (R4.4)</th><td><span class=\"v v-fail\">does not conform"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("4.5 item (R4.5)</th><td><span class=\"v v-inconclusive\">conformity not "
                    "established"),
            std::string::npos);
  EXPECT_NE(en.find("4.2 item (R4.2)</th><td><span class=\"v v-attested\">conforms (attested"),
            std::string::npos);
  const std::string ru = PartOf(ActHtml(Act("fail", "pass")), "ru");
  EXPECT_NE(ru.find("4.4 подпункт (R4.4)</th><td><span class=\"v v-fail\">не соответствует"),
            std::string::npos);
}

TEST(ActHtmlFormal, LimitationsFromTheEvidence) {
  const std::string en = PartOf(ActHtml(Act("pass", "pass")), "en");
  EXPECT_NE(en.find("No physical latency evidence: where the addresses are rests on geolocation "
                    "databases alone (databases: 2)."),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("The run's deadline was reached"), std::string::npos);
  EXPECT_NE(en.find("Support was tested without a support campaign"), std::string::npos);
  EXPECT_EQ(en.find("No limitation was found."), std::string::npos);
  json clean = Act("pass", "pass");
  clean["checks"][0]["figures"]["latency"]["usable_samples"] = 3;
  clean["checks"][1]["figures"]["campaign"] = {{"database", "c.db"}};
  clean["run"]["deadline_hit"] = false;
  const std::string kk = PartOf(ActHtml(clean), "kk");
  EXPECT_NE(kk.find("Шектеулер анықталған жоқ."), std::string::npos) << kk;
}

TEST(ActHtmlFormal, AnnexesAndSignatureLines) {
  const std::string ru = PartOf(ActHtml(Act("pass", "pass")), "ru");
  EXPECT_NE(ru.find("<li>Журнал наблюдений (доказательства): <span "
                    "class=\"mono\">evidence.jsonl</span></li>"),
            std::string::npos)
      << ru;
  EXPECT_NE(ru.find("<li>Представленный документ: <span "
                    "class=\"mono\">documents/letter.pdf</span></li>"),
            std::string::npos);
  EXPECT_NE(ru.find("База данных кампании проверки службы поддержки"), std::string::npos);
  EXPECT_NE(ru.find("<span class=\"mono\">act.json.p7s</span>"), std::string::npos);
  EXPECT_NE(
      ru.find("<tr><td class=\"q\">Руководитель лаборатории</td><td class=\"line\"><span>(подпись)"
              "</span></td><td class=\"q\">Сейтқали А. Б.</td></tr>"),
      std::string::npos);
  EXPECT_NE(ru.find("М.П. (место печати)"), std::string::npos);
  // No lab: no signature lines, and no number in the issue line.
  json act = Act("pass", "pass");
  act.erase("lab");
  const std::string en = PartOf(ActHtml(act), "en");
  EXPECT_EQ(en.find("Place of the seal"), std::string::npos);
  EXPECT_NE(en.find("<p class=\"issue\">Issued on: 2026-12-02</p>"), std::string::npos) << en;
}

// The basis of the test, each language in its own word order.
TEST(ActHtmlFormal, BasisOfTheTestFromTheScenario) {
  json act = Act("pass", "pass");
  act["applicant"] = {
      {"legal_name", "TOO X"},
      {"bin", "230440012341"},
      {"basis", {{"kind", "application"}, {"number", "ЦМП-114"}, {"date", "2026-11-20"}}}};
  std::string html = ActHtml(act);
  EXPECT_NE(PartOf(html, "kk")
                .find("<th>Сынақ негіздемесі</th><td>2026-11-20 күнгі № <span "
                      "class=\"q\">ЦМП-114</span> өтініш</td>"),
            std::string::npos)
      << PartOf(html, "kk");
  EXPECT_NE(
      PartOf(html, "ru").find("<td>заявка № <span class=\"q\">ЦМП-114</span> от 2026-11-20</td>"),
      std::string::npos);
  EXPECT_NE(
      PartOf(html, "en").find("application No. <span class=\"q\">ЦМП-114</span> of 2026-11-20"),
      std::string::npos);
  act["applicant"]["basis"]["kind"] = "contract";
  html = ActHtml(act);
  EXPECT_NE(PartOf(html, "ru").find("<td>договор № "), std::string::npos);
  EXPECT_NE(PartOf(html, "kk").find("</span> шарт</td>"), std::string::npos);
  act["applicant"].erase("basis");
  EXPECT_EQ(ActHtml(act).find("Основание испытаний"), std::string::npos);
}

// Each database with its build date, a gazetteer with its as-of date, and
// the reasons a date is missing, in the part's language.
TEST(ActHtmlFormal, DataUsedWithBuildDates) {
  json act = Act("pass", "pass");
  act["data_used"] = {
      {{"name", "geo-a"},
       {"kind", "geolocation"},
       {"file", "a.mmdb"},
       {"type", "GeoLite2-City"},
       {"built", "2026-10-07"}},
      {{"name", "asn-csv"},
       {"kind", "asn"},
       {"file", "asn.csv"},
       {"type", "csv"},
       {"built", nullptr}},
      {{"name", "geo-b"}, {"kind", "geolocation"}, {"file", nullptr}, {"problem", "open_failed"}},
      {{"name", "gazetteer"},
       {"kind", "gazetteer"},
       {"file", "kz-settlements.json"},
       {"as_of", "2026-01-01"}},
      {{"name", "places"},
       {"kind", "places"},
       {"file", "kz-places.json"},
       {"attribution", "Populated places: GeoNames (geonames.org), CC BY 4.0"}}};
  const std::string html = ActHtml(act);
  const std::string ru = PartOf(html, "ru"), kk = PartOf(html, "kk"), en = PartOf(html, "en");
  EXPECT_NE(ru.find("<h3>Использованные данные</h3>"), std::string::npos);
  EXPECT_NE(ru.find("база геолокации <span class=\"q\">geo-a</span></td><td class=\"mono\">a.mmdb "
                    "(GeoLite2-City)</td><td>2026-10-07</td>"),
            std::string::npos)
      << ru;
  EXPECT_NE(ru.find("asn.csv (csv)</td><td>в файле не указана</td>"), std::string::npos);
  EXPECT_NE(ru.find("<span class=\"q\">geo-b</span></td><td class=\"mono\"></td><td>не открылась"),
            std::string::npos);
  EXPECT_NE(
      ru.find("справочник населённых пунктов</td><td class=\"mono\">kz-settlements.json</td>"),
      std::string::npos);
  EXPECT_NE(ru.find("по состоянию на 2026-01-01"), std::string::npos);
  EXPECT_NE(kk.find("2026-01-01 күйі бойынша"), std::string::npos);
  EXPECT_NE(kk.find("файлда көрсетілмеген"), std::string::npos);
  EXPECT_NE(en.find("<td>could not be opened</td>"), std::string::npos);
  EXPECT_NE(ru.find("набор данных населённых пунктов<br><span class=\"q small\">Populated places: "
                    "GeoNames (geonames.org), CC BY 4.0</span>"),
            std::string::npos)
      << ru;
  act.erase("data_used");
  EXPECT_EQ(ActHtml(act).find("Data used"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
