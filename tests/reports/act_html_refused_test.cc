// The act for people lists every request the target policy refused, in each
// of its three language parts, escaped, bounded; and says so when there was
// none.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/act_html.h"
#include "tests/reports/count_occurrences.h"

namespace pooltest {
namespace {

using testing::Count;

nlohmann::json MinimalAct() {
  return {{"applicant", nlohmann::json::object()}, {"scenario", nlohmann::json::object()},
          {"run", nlohmann::json::object()},       {"result", {{"positive", false}}},
          {"conditions", nlohmann::json::array()}, {"checks", nlohmann::json::array()},
          {"documents", nlohmann::json::array()},  {"pool", {{"sites", nlohmann::json::array()}}},
          {"manifest", nlohmann::json::array()},   {"signature", nullptr}};
}

TEST(ActHtmlRefused, EachLanguagePartListsTheRefusedRequests) {
  nlohmann::json act = MinimalAct();
  act["refused_requests"] = {{{"evidence", "obs-0042"},
                              {"probe", "ui.page"},
                              {"target", "http://127.0.0.1:8080/kk/"},
                              {"kind", "redirect_refused"},
                              {"host", "127.0.0.2"},
                              {"to", "http://127.0.0.2:9/kk/?a=<b>"},
                              {"reason", "address 127.0.0.2 is not declared in the scenario"}}};
  const std::string html = ActHtml(act);
  EXPECT_EQ(Count(html, "obs-0042"), 3u) << "once in each of kk, ru, en";
  EXPECT_EQ(Count(html, "address 127.0.0.2 is not declared in the scenario"), 0u)
      << "the harness's English sentence stays in act.json";
  EXPECT_NE(html.find("сценарийде жарияланбаған хостқа бағыттау"), std::string::npos);
  EXPECT_NE(html.find("перенаправление на хост, не заявленный в сценарии"), std::string::npos);
  EXPECT_NE(html.find("a redirect to a host the scenario does not declare"), std::string::npos);
  EXPECT_EQ(Count(html, "http://127.0.0.2:9/kk/?a=&lt;b&gt;"), 3u) << "escaped";
  EXPECT_EQ(Count(html, "?a=<b>"), 0u);
  EXPECT_NE(html.find("Жіберілмеген сұраулар"), std::string::npos);
  EXPECT_NE(html.find("Неотправленные запросы"), std::string::npos);
  EXPECT_NE(html.find("Requests not sent"), std::string::npos);
  EXPECT_EQ(html.find("Every request went to a declared host."), std::string::npos);
}

TEST(ActHtmlRefused, NoneRefusedIsSaidAndManyAreBounded) {
  nlohmann::json act = MinimalAct();
  EXPECT_NE(ActHtml(act).find("Every request went to a declared host."), std::string::npos);
  act["refused_requests"] = nlohmann::json::array();
  for (int i = 0; i < 70; ++i)
    act["refused_requests"].push_back({{"evidence", "obs-r" + std::to_string(1000 + i)},
                                       {"probe", "render"},
                                       {"to", "http://127.0.0.2/x"},
                                       {"reason", "blocked"}});
  const std::string html = ActHtml(act);
  EXPECT_EQ(Count(html, "obs-r1049"), 3u);
  EXPECT_EQ(Count(html, "obs-r1050"), 0u) << "at most 50 rows a part";
  EXPECT_EQ(Count(html, "+20 ("), 3u);
}

}  // namespace
}  // namespace pooltest
