#include "reports/act_map.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "core/data_fields.h"
#include "core/markup_escape.h"
#include "reports/kz_regions_data.h"
#include "reports/map_projection.h"

namespace pooltest {
namespace {

struct Phrase {
  const char* text[3];
};

const Phrase kCaption = {
    {"Сурет. Кешендердің елді мекендері, негізгі және резервтік кешен арасындағы қашықтық және "
     "өлшеу нүктелерінің RTT шектері Қазақстан картасында.",
     "Рисунок. Населённые пункты комплексов, расстояние между основным и резервным комплексами и "
     "границы RTT точек измерения на карте Казахстана.",
     "Figure. The sites' settlements, the primary–backup distance and the vantage points' RTT "
     "bounds on the map of Kazakhstan."}};
const Phrase kSource = {
    {"Облыстар шекаралары (2022 жылдан бергі облыстар, Абай, Жетісу, Ұлытау облыстарымен): "
     "amCharts 5 geodata 5.1.6, kazakhstan2023Low (2023), amCharts тегін linkware лицензиясы, "
     "amcharts.com; елді мекендердің координаттары — пулдың елді мекендер тізімінен (GeoNames "
     "бойынша). Проекция: Ламберттің конустық проекциясы.",
     "Границы областей (области с 2022 года, включая Абайскую, Жетысускую и Улытаускую): "
     "amCharts 5 geodata 5.1.6, kazakhstan2023Low (2023), бесплатная linkware-лицензия amCharts, "
     "amcharts.com; координаты населённых пунктов — из справочника населённых пунктов "
     "(по GeoNames). Проекция: коническая Ламберта.",
     "Region boundaries (the regions as since 2022, incl. Abai, Zhetysu and Ulytau): amCharts 5 "
     "geodata 5.1.6, kazakhstan2023Low (2023), amCharts free linkware licence, amcharts.com; "
     "settlement coordinates from the run's gazetteer (after GeoNames). Projection: Lambert "
     "conformal conic."}};
const Phrase kDeclared = {
    {"мәлімделген елді мекен", "заявленный населённый пункт", "declared settlement"}};
const Phrase kObserved = {{"деректер базалары бойынша елді мекен",
                           "населённый пункт по базам данных", "observed settlement"}};
const Phrase kDistance = {{"негізгі – резервтік кешен қашықтығы",
                           "расстояние основной – резервный комплекс", "primary–backup distance"}};
const Phrase kVantage = {{"өлшеу нүктесі", "точка измерения", "vantage point"}};
const Phrase kBoundUsed = {{"RTT шегі (ескерілді)", "граница RTT (учтена)", "RTT bound (used)"}};
const Phrase kBoundUnused = {
    {"RTT шегі (ескерілмеді)", "граница RTT (не учтена)", "RTT bound (not used)"}};
const Phrase kKm = {{"км", "км", "km"}};
const Phrase kPrimary = {{"негізгі", "основной", "primary"}};
const Phrase kBackup = {{"резервтік", "резервный", "backup"}};

std::string E(const std::string& s) { return EscapeMarkup(s); }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::optional<GeoPoint> PointOf(const nlohmann::json& at) {
  if (!at.is_array() || at.size() != 2 || !at[0].is_number() || !at[1].is_number())
    return std::nullopt;
  const double lat = at[0].get<double>(), lon = at[1].get<double>();
  if (!std::isfinite(lat) || !std::isfinite(lon) || std::fabs(lat) > 90 || std::fabs(lon) > 180)
    return std::nullopt;
  return GeoPoint{lat, lon};
}

struct Place {
  GeoPoint at;
  std::string name;  // in the part's language
};

// The gazetteer's settlements the act names, with coordinates.
std::map<std::string, Place> Places(const nlohmann::json& pool, int l) {
  static const char* const kCodes[] = {"kk", "ru", "en"};
  std::map<std::string, Place> out;
  const nlohmann::json& names = ObjectField(pool, "settlement_names");
  for (auto it = names.begin(); it != names.end(); ++it) {
    const std::optional<GeoPoint> at = PointOf(RawField(*it, "at"));
    if (!at) continue;
    std::string name = StringField(*it, kCodes[l]);
    if (name.empty()) name = StringField(*it, "en", it.key());
    out[it.key()] = {*at, name};
  }
  return out;
}

struct Frame {
  MapFrame frame;
  double width, height;
};

// The box of the regions' outlines, projected, with the map's geometry.
Frame KazakhstanFrame(double width, double height) {
  return {KazakhstanMapFrame(width, height), width, height};
}

void Regions(std::ostringstream& s, const MapFrame& f) {
  const KzRegionData d = KzRegions();
  s << "<g class=\"regions\" fill=\"#f2f2f2\" stroke=\"#7a7a7a\" stroke-width=\"0.5\" "
       "stroke-linejoin=\"round\">\n";
  for (size_t r = 0; r < d.region_count; ++r) {
    s << "<path data-region=\"" << E(d.regions[r].iso) << "\" d=\"";
    for (int ring = d.regions[r].first_ring; ring < d.regions[r].end_ring; ++ring) {
      const int begin = ring == 0 ? 0 : d.ring_ends[ring - 1];
      for (int i = begin; i < d.ring_ends[ring]; ++i) {
        const PlanePoint p = f.ToSvg({d.points[i][1] / 100.0, d.points[i][0] / 100.0});
        s << (i == begin ? "M" : "L") << Num(p.x) << "," << Num(p.y);
      }
      s << "Z";
    }
    s << "\"/>\n";
  }
  s << "</g>\n";
}

// Text with a white halo, so it stays legible over lines and outlines.
void Label(std::ostringstream& s, PlanePoint at, const std::string& text, const char* cls,
           const char* anchor = "start") {
  s << "<text class=\"" << cls << "\" x=\"" << Num(at.x) << "\" y=\"" << Num(at.y)
    << "\" text-anchor=\"" << anchor
    << "\" font-size=\"8.5\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"2.2\" "
       "stroke-linejoin=\"round\">"
    << E(text) << "</text>\n";
}

void DeclaredMark(std::ostringstream& s, PlanePoint p) {
  s << "<rect class=\"declared\" x=\"" << Num(p.x - 4.5) << "\" y=\"" << Num(p.y - 4.5)
    << "\" width=\"9\" height=\"9\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.2\"/>\n";
}

void ObservedMark(std::ostringstream& s, PlanePoint p) {
  s << "<circle class=\"observed\" cx=\"" << Num(p.x) << "\" cy=\"" << Num(p.y)
    << "\" r=\"2.6\" fill=\"#000\"/>\n";
}

void VantageMark(std::ostringstream& s, PlanePoint p) {
  s << "<path class=\"vantage\" d=\"M" << Num(p.x) << "," << Num(p.y - 5) << "L" << Num(p.x + 4.5)
    << "," << Num(p.y + 3) << "L" << Num(p.x - 4.5) << "," << Num(p.y + 3)
    << "Z\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1\"/>\n";
}

const char* kUsedStyle = "fill=\"none\" stroke=\"#000\" stroke-width=\"0.9\"";
const char* kUnusedStyle =
    "fill=\"none\" stroke=\"#555\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"";

struct MapSite {
  std::string id;
  std::string role;                   // "primary" or "backup"
  std::string declared;               // settlement id
  std::vector<std::string> observed;  // settlement ids
};

std::vector<MapSite> MapSites(const nlohmann::json& pool) {
  std::vector<MapSite> out;
  for (const nlohmann::json& s : ArrayField(pool, "sites")) {
    MapSite site{
        StringField(s, "id"), StringField(s, "role"), StringField(s, "declared_settlement_id"), {}};
    const nlohmann::json& ids = ObjectField(ObjectField(s, "observed"), "settlement_ids");
    for (auto it = ids.begin(); it != ids.end(); ++it)
      if (it->is_string()) site.observed.push_back(it->get<std::string>());
    out.push_back(site);
  }
  return out;
}

// The site in the part's words when its id is its role, else its id.
std::string SiteName(const MapSite& site, int l) {
  if (site.id != site.role) return site.id;
  return site.role == "backup" ? kBackup.text[l] : kPrimary.text[l];
}

// R4.3's primary and backup settlements, one pair per backup check.
std::vector<std::pair<std::string, std::string>> PrimaryBackupPairs(const nlohmann::json& act) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const nlohmann::json& c : ArrayField(act, "checks")) {
    if (StringField(c, "clause") != "R4.3") continue;
    const nlohmann::json& f = ObjectField(c, "figures");
    const std::string p = StringField(ObjectField(f, "primary_settlement"), "id");
    const std::string b = StringField(ObjectField(f, "backup_settlement"), "id");
    if (!p.empty() && !b.empty() && p != b) out.emplace_back(p, b);
  }
  return out;
}

struct Bound {
  std::string vantage;
  GeoPoint at;
  double km;
  bool used;
};

// R4.1's latency samples that have a vantage point's place and a bound.
std::vector<Bound> Bounds(const nlohmann::json& act) {
  std::vector<Bound> out;
  for (const nlohmann::json& c : ArrayField(act, "checks")) {
    if (StringField(c, "clause") != "R4.1") continue;
    const nlohmann::json& latency = ObjectField(ObjectField(c, "figures"), "latency");
    for (const nlohmann::json& s : ArrayField(latency, "samples")) {
      const std::optional<GeoPoint> at = PointOf(RawField(s, "vantage_at"));
      const std::optional<double> km = NumberField(s, "bound_km");
      if (!at || !km || !std::isfinite(*km) || *km <= 0) continue;
      out.push_back({StringField(s, "vantage"), *at, *km, BoolField(s, "usable")});
    }
  }
  return out;
}

// Six entries in two columns: what each mark and line style means.
void Legend(std::ostringstream& s, double y, int l) {
  s << "<g class=\"legend\">\n";
  const double kColumn[] = {8, 248};
  auto at = [&](int i) { return PlanePoint{kColumn[i % 2], y + 14 * (i / 2)}; };
  PlanePoint p = at(0);
  DeclaredMark(s, {p.x + 5, p.y});
  Label(s, {p.x + 18, p.y + 3}, kDeclared.text[l], "legend-text");
  p = at(1);
  ObservedMark(s, {p.x + 5, p.y});
  Label(s, {p.x + 18, p.y + 3}, kObserved.text[l], "legend-text");
  p = at(2);
  s << "<line x1=\"" << Num(p.x) << "\" y1=\"" << Num(p.y) << "\" x2=\"" << Num(p.x + 12)
    << "\" y2=\"" << Num(p.y) << "\" stroke=\"#000\" stroke-width=\"1.4\"/>\n";
  Label(s, {p.x + 18, p.y + 3}, kDistance.text[l], "legend-text");
  p = at(3);
  VantageMark(s, {p.x + 5, p.y});
  Label(s, {p.x + 18, p.y + 3}, kVantage.text[l], "legend-text");
  p = at(4);
  s << "<circle cx=\"" << Num(p.x + 5) << "\" cy=\"" << Num(p.y) << "\" r=\"5\" " << kUsedStyle
    << "/>\n";
  Label(s, {p.x + 18, p.y + 3}, kBoundUsed.text[l], "legend-text");
  p = at(5);
  s << "<circle cx=\"" << Num(p.x + 5) << "\" cy=\"" << Num(p.y) << "\" r=\"5\" " << kUnusedStyle
    << "/>\n";
  Label(s, {p.x + 18, p.y + 3}, kBoundUnused.text[l], "legend-text");
  s << "</g>\n";
}

}  // namespace

MapFrame KazakhstanMapFrame(double width, double height) {
  const ConicProjection proj;
  const KzRegionData d = KzRegions();
  PlanePoint lo{1e18, 1e18}, hi{-1e18, -1e18};
  for (size_t i = 0; i < d.point_count; ++i) {
    const PlanePoint p = proj.Project({d.points[i][1] / 100.0, d.points[i][0] / 100.0});
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
  }
  return MapFrame(proj, lo, hi, width, height, 6);
}

std::string ActMapHtml(const nlohmann::json& act, int lang) {
  const int l = lang < 0 || lang > 2 ? 2 : lang;
  const nlohmann::json& pool = ObjectField(act, "pool");
  const std::map<std::string, Place> places = Places(pool, l);
  if (places.empty()) return "";
  // 482 x 290 units = 170 mm wide on A4: one unit is one point.
  const double kWidth = 482, kMapHeight = 262, kLegendHeight = 48;
  const Frame fr = KazakhstanFrame(kWidth, kMapHeight);
  const MapFrame& f = fr.frame;
  std::ostringstream s;
  s << "<figure class=\"actmap\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" "
       "width=\"170mm\" viewBox=\"0 0 "
    << Num(kWidth) << " " << Num(kMapHeight + kLegendHeight)
    << "\" font-family=\"DejaVu Sans, sans-serif\">\n"
    << "<defs><clipPath id=\"map-clip-" << l << "\"><rect width=\"" << Num(kWidth) << "\" height=\""
    << Num(kMapHeight) << "\"/></clipPath></defs>\n"
    << "<rect width=\"" << Num(kWidth) << "\" height=\"" << Num(kMapHeight)
    << "\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.6\"/>\n"
    << "<g clip-path=\"url(#map-clip-" << l << ")\">\n";
  Regions(s, f);
  // RTT circles under the settlements: the marks and labels stay on top.
  const std::vector<Bound> bounds = Bounds(act);
  std::set<std::string> vantage_drawn;
  for (const Bound& b : bounds) {
    s << "<path class=\"bound\" data-km=\"" << Num(b.km) << "\" d=\"";
    bool first = true;
    for (const GeoPoint& g : GeodesicCircle(b.at, b.km, 72)) {
      const PlanePoint p = f.ToSvg(g);
      s << (first ? "M" : "L") << Num(p.x) << "," << Num(p.y);
      first = false;
    }
    s << "Z\" " << (b.used ? kUsedStyle : kUnusedStyle) << "/>\n";
  }
  for (const auto& [p_id, b_id] : PrimaryBackupPairs(act)) {
    auto p = places.find(p_id), b = places.find(b_id);
    if (p == places.end() || b == places.end()) continue;
    const PlanePoint a = f.ToSvg(p->second.at), c = f.ToSvg(b->second.at);
    const double km = HaversineKm(p->second.at, b->second.at);
    s << "<line class=\"distance\" x1=\"" << Num(a.x) << "\" y1=\"" << Num(a.y) << "\" x2=\""
      << Num(c.x) << "\" y2=\"" << Num(c.y) << "\" stroke=\"#000\" stroke-width=\"1.4\"/>\n";
    char text[64];
    std::snprintf(text, sizeof text, "%.0f %s", km, kKm.text[l]);
    Label(s, {(a.x + c.x) / 2 + 6, (a.y + c.y) / 2}, text, "distance-label");
  }
  for (const Bound& b : bounds) {
    if (!vantage_drawn.insert(b.vantage).second) continue;
    const PlanePoint p = f.ToSvg(b.at);
    VantageMark(s, p);
    // Left of the mark: the settlement labels go to the right.
    Label(s, {p.x - 8, p.y + 3}, b.vantage, "vantage-label", "end");
  }
  // Each site: its declared settlement (square) and observed ones (dots),
  // labelled once per place with the sites there.
  std::map<std::string, std::vector<std::string>> label_of;  // settlement id -> site ids
  for (const MapSite& site : MapSites(pool)) {
    auto d = places.find(site.declared);
    if (d != places.end()) {
      s << "<g class=\"site\" data-site=\"" << E(site.id) << "\">";
      DeclaredMark(s, f.ToSvg(d->second.at));
      s << "</g>\n";
      label_of[site.declared].push_back(SiteName(site, l));
    }
    for (const std::string& id : site.observed) {
      auto o = places.find(id);
      if (o == places.end()) continue;
      s << "<g class=\"site-observed\" data-site=\"" << E(site.id) << "\">";
      ObservedMark(s, f.ToSvg(o->second.at));
      s << "</g>\n";
      if (id != site.declared) label_of[id].push_back(SiteName(site, l));
    }
  }
  for (const auto& [id, sites] : label_of) {
    std::string text = places.at(id).name + " (";
    std::set<std::string> seen;
    for (const std::string& site : sites)
      if (seen.insert(site).second) text += (seen.size() > 1 ? ", " : "") + site;
    const PlanePoint p = f.ToSvg(places.at(id).at);
    Label(s, {p.x + 8, p.y - 6}, text + ")", "settlement-label");
  }
  s << "</g>\n";
  Legend(s, kMapHeight + 10, l);
  s << "</svg>\n<figcaption class=\"small\">" << E(kCaption.text[l]) << " " << E(kSource.text[l])
    << "</figcaption>\n</figure>\n";
  return s.str();
}

}  // namespace pooltest
