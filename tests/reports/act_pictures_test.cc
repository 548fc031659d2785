// The act's pictures (issue 12): the map's projection and geometry, the map
// SVG (well-formed, a mark per site, the distance label, a circle per RTT
// bound), the support heat map (168 cells, legend, holiday rows, patterns)
// and both inside act.html's three parts.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <nlohmann/json.hpp>

#include "checks/gazetteer.h"
#include "checks/latency_bound.h"
#include "reports/act_heatmap.h"
#include "reports/act_html.h"
#include "reports/act_map.h"
#include "reports/act_settlements.h"
#include "reports/kz_regions_data.h"
#include "reports/map_projection.h"
#include "tests/reports/count_occurrences.h"

namespace pooltest {
namespace {

using nlohmann::json;
using testing::Count;

const GeoPoint kAstana{51.17, 71.45}, kAlmaty{43.24, 76.89}, kAktau{43.65, 51.20};

MapFrame KzFrame() { return KazakhstanMapFrame(482, 262); }

TEST(MapProjection, CitiesLandInsideTheOutlineInTheirOrder) {
  const MapFrame f = KzFrame();
  const PlanePoint astana = f.ToSvg(kAstana), almaty = f.ToSvg(kAlmaty), aktau = f.ToSvg(kAktau);
  for (PlanePoint p : {astana, almaty, aktau}) {
    EXPECT_GT(p.x, 6);
    EXPECT_LT(p.x, 476);
    EXPECT_GT(p.y, 6);
    EXPECT_LT(p.y, 256);
  }
  EXPECT_LT(astana.y, almaty.y) << "Astana lies north of Almaty: higher on the map";
  EXPECT_LT(astana.x, almaty.x) << "and west of it";
  EXPECT_LT(aktau.x, astana.x) << "Aktau, on the Caspian, is west of both";
  // Conformal and true to scale near the standard parallels: the drawn
  // distance is the great-circle one within a few percent.
  const double drawn = std::hypot(astana.x - almaty.x, astana.y - almaty.y) / f.UnitsPerKm();
  EXPECT_NEAR(drawn, HaversineKm(kAstana, kAlmaty), 0.03 * HaversineKm(kAstana, kAlmaty));
}

TEST(MapProjection, GeodesicCircleIsAtItsRadius) {
  for (const GeoPoint& g : GeodesicCircle(kAstana, 500, 36))
    EXPECT_NEAR(HaversineKm(kAstana, g), 500, 0.5);
  const GeoPoint north = DestinationPoint({0, 0}, 0, 111.195);
  EXPECT_NEAR(north.latitude, 1.0, 1e-3);
  EXPECT_NEAR(north.longitude, 0.0, 1e-9);
  EXPECT_EQ(GeodesicCircle(kAstana, 10, 3).size(), 8u) << "at least 8 segments";
}

TEST(KzRegions, TheRegionsSince2022WithinKazakhstan) {
  const KzRegionData d = KzRegions();
  EXPECT_EQ(d.region_count, 20u) << "17 regions and 3 cities of republican significance";
  bool abai = false, zhetysu = false, ulytau = false;
  for (size_t r = 0; r < d.region_count; ++r) {
    const std::string iso = d.regions[r].iso;
    abai |= iso == "KZ-10";
    zhetysu |= iso == "KZ-33";
    ulytau |= iso == "KZ-62";
    EXPECT_LT(d.regions[r].first_ring, d.regions[r].end_ring) << iso;
  }
  EXPECT_TRUE(abai && zhetysu && ulytau);
  for (size_t i = 0; i < d.point_count; ++i) {
    ASSERT_GE(d.points[i][0], 4600);
    ASSERT_LE(d.points[i][0], 8800);
    ASSERT_GE(d.points[i][1], 4000);
    ASSERT_LE(d.points[i][1], 5600);
  }
  EXPECT_EQ(static_cast<size_t>(d.ring_ends[d.ring_count - 1]), d.point_count);
}

// The <svg> element of a figure, parsed as XML: true when well-formed.
bool WellFormedSvg(const std::string& html, std::string* svg) {
  const size_t a = html.find("<svg"), b = html.find("</svg>");
  if (a == std::string::npos || b == std::string::npos) return false;
  *svg = html.substr(a, b + 6 - a);
  xmlDocPtr doc = xmlReadMemory(svg->data(), static_cast<int>(svg->size()), "svg.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  const bool ok = doc != nullptr;
  xmlFreeDoc(doc);
  return ok;
}

json MapAct() {
  json sample = {{"vantage", "lab"},         {"vantage_at", {kAstana.latitude, kAstana.longitude}},
                 {"bound_km", 1200.0},       {"usable", true},
                 {"address", "203.0.113.5"}, {"site", "backup"}};
  json unused = sample;
  unused["bound_km"] = 300.0;
  unused["usable"] = false;
  json pool = {
      {"settlement_names",
       {{"astana", {{"en", "Astana"}, {"kk", "Астана"}, {"ru", "Астана"}, {"at", {51.17, 71.45}}}},
        {"almaty", {{"en", "Almaty"}, {"kk", "Алматы"}, {"ru", "Алматы"}, {"at", {43.24, 76.89}}}},
        {"oskemen",
         {{"en", "Oskemen"},
          {"kk", "Өскемен"},
          {"ru", "Усть-Каменогорск"},
          {"at", {49.95, 82.61}}}}}},
      {"sites",
       {{{"id", "primary"},
         {"role", "primary"},
         {"declared_settlement_id", "astana"},
         {"observed", {{"settlement_ids", {{"Astana", "astana"}}}}}},
        {{"id", "b<&>"},
         {"role", "backup"},
         {"declared_settlement_id", "oskemen"},
         {"observed", {{"settlement_ids", {{"Almaty", "almaty"}}}}}}}}};
  json checks = {
      {{"id", "R4.1.location"},
       {"clause", "R4.1"},
       {"figures", {{"latency", {{"samples", {sample, unused}}}}}}},
      {{"id", "R4.3.backup.b"},
       {"clause", "R4.3"},
       {"figures",
        {{"primary_settlement", {{"id", "astana"}}}, {"backup_settlement", {{"id", "almaty"}}}}}}};
  return {{"pool", pool}, {"checks", checks}};
}

TEST(ActMap, DrawsSitesDistanceAndBounds) {
  const std::string html = ActMapHtml(MapAct(), 1);
  std::string svg;
  ASSERT_TRUE(WellFormedSvg(html, &svg)) << html;
  EXPECT_EQ(Count(svg, "data-region="), 20u);
  EXPECT_EQ(Count(svg, "class=\"declared\""), 2u + 1u) << "two sites and the legend";
  EXPECT_EQ(Count(svg, "class=\"observed\""), 2u + 1u);
  EXPECT_EQ(Count(svg, "class=\"bound\""), 2u) << "a circle per RTT bound";
  EXPECT_NE(svg.find("data-km=\"1200.0\""), std::string::npos);
  EXPECT_NE(svg.find("data-km=\"300.0\""), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos) << "the unused bound is dashed";
  char km[32];
  std::snprintf(km, sizeof km, ">%.0f км<", HaversineKm(kAstana, kAlmaty));
  EXPECT_NE(svg.find(km), std::string::npos) << km << "\n" << svg;
  // Names in the part's language; the site id escaped.
  EXPECT_NE(svg.find("Усть-Каменогорск"), std::string::npos);
  EXPECT_NE(svg.find("b&lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("b<&>"), std::string::npos);
  EXPECT_NE(html.find("<figcaption"), std::string::npos);
  EXPECT_NE(ActMapHtml(MapAct(), 0).find("Өскемен"), std::string::npos);
}

TEST(ActMap, NothingWithoutCoordinates) {
  json act = MapAct();
  for (auto& [id, s] : act["pool"]["settlement_names"].items()) s.erase("at");
  EXPECT_EQ(ActMapHtml(act, 2), "");
  act["pool"]["settlement_names"]["astana"]["at"] = {"x", 1};
  EXPECT_EQ(ActMapHtml(act, 2), "") << "malformed coordinates are no place";
}

// The act's pool section gets the gazetteer's coordinates, and the map
// draws from them: the path the demo act takes.
TEST(ActMap, DrawsFromTheGazetteersCoordinates) {
  std::ifstream in(std::string(POOLTEST_SOURCE_DIR) + "/checks/data/kz-settlements.json");
  auto gazetteer = Gazetteer::FromJson(json::parse(in));
  ASSERT_TRUE(gazetteer);
  json site = {{"id", "primary"}, {"role", "primary"}, {"declared_settlement", "Astana"}};
  site["observed"]["settlements"] = {"Nur-Sultan"};
  json pool;
  pool["sites"] = json::array({site});
  AddSettlementNames(&*gazetteer, {}, &pool);
  const json at = pool["settlement_names"]["astana"]["at"];
  ASSERT_TRUE(at.is_array()) << pool.dump();
  EXPECT_NEAR(at[0].get<double>(), 51.18, 0.05);
  EXPECT_NEAR(at[1].get<double>(), 71.45, 0.05);
  const std::string svg = ActMapHtml({{"pool", pool}}, 2);
  EXPECT_EQ(Count(svg, "data-site=\"primary\""), 2u) << "declared and observed";
  EXPECT_NE(svg.find("Astana (primary)"), std::string::npos) << svg;
}

json Campaign() {
  json cells = json::array();
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h)
      cells.push_back({{"weekday", d},
                       {"hour", h},
                       {"label", "d" + std::to_string(d) + "h" + std::to_string(h)},
                       {"status", "pass"},
                       {"median_ms", 60000.0 * h},
                       {"missed", 0}});
  cells[0]["status"] = "uncovered";
  cells[0]["median_ms"] = nullptr;
  cells[1]["status"] = "fail";
  cells[2]["status"] = "doubtful";
  cells[3]["missed"] = 1;
  return {{"grid", {{"cells", cells}, {"sla_ms", 30 * 60000.0}}},
          {"holidays_in_window", {"2026-12-16 Independence Day"}}};
}

// Relative luminance of "#rrggbb" (sRGB, linearised).
double Luminance(const std::string& hex) {
  auto lin = [](int v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  const int r = std::stoi(hex.substr(1, 2), nullptr, 16),
            g = std::stoi(hex.substr(3, 2), nullptr, 16),
            b = std::stoi(hex.substr(5, 2), nullptr, 16);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

TEST(SupportHeatmap, CellsLegendHolidaysAndPatterns) {
  const std::string html = SupportHeatmapHtml(Campaign(), 2);
  std::string svg;
  ASSERT_TRUE(WellFormedSvg(html, &svg)) << html;
  EXPECT_EQ(Count(svg, "<g class=\"cell "), 168u);
  EXPECT_EQ(Count(svg, "class=\"legend-step\""), 5u);
  // 2026-12-16 is a Wednesday: that row, and only it, is starred.
  EXPECT_NE(svg.find("★ Wed<"), std::string::npos) << svg;
  EXPECT_EQ(Count(svg, "class=\"t holiday\""), 1u);
  EXPECT_NE(html.find("2026-12-16 Independence Day"), std::string::npos);
  // States by pattern and symbol, not colour alone.
  EXPECT_EQ(Count(svg, "fill=\"url(#hm-hatch-2)\""), 1u + 1u) << "cell and legend";
  EXPECT_EQ(Count(svg, "fill=\"url(#hm-dots-2)\""), 1u + 1u);
  EXPECT_EQ(Count(svg, "class=\"missed\""), 1u);
  EXPECT_NE(svg.find(">~<"), std::string::npos);
  EXPECT_NE(svg.find(">?<"), std::string::npos);
  // The legend's steps darken monotonically (greyscale keeps their order).
  double last = 2;
  for (size_t p = svg.find("class=\"legend-step\""); p != std::string::npos;
       p = svg.find("class=\"legend-step\"", p + 1)) {
    const size_t fill = svg.find("fill=\"#", p);
    const double y = Luminance(svg.substr(fill + 6, 7));
    EXPECT_LT(y, last);
    last = y;
  }
  EXPECT_EQ(SupportHeatmapHtml(json::object(), 2), "");
}

TEST(ActPictures, BothAppearInEachPartOfActHtml) {
  json act = MapAct();
  act["checks"].push_back(
      {{"id", "R4.5.support"}, {"clause", "R4.5"}, {"figures", {{"campaign", Campaign()}}}});
  const std::string html = ActHtml(act);
  EXPECT_EQ(Count(html, "<figure class=\"actmap\">"), 3u);
  EXPECT_EQ(Count(html, "<figure class=\"heatmap\">"), 3u);
  EXPECT_NE(html.find("Рисунок. Населённые пункты"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
