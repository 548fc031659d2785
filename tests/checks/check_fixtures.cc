#include "check_fixtures.h"

#include <fstream>
#include <sstream>

namespace pooltest::testing {

Scenario TwoSiteScenario() {
  Scenario sc;
  sc.name = "fixture";
  Site p;
  p.id = "primary";
  p.role = SiteRole::kPrimary;
  p.settlement = "Astana";
  p.channels = {{"ch1", "Kazakhtelecom", {"127.0.0.11"}, {}},
                {"ch2", "Transtelecom", {"127.0.0.12"}, {}}};
  Site b;
  b.id = "backup";
  b.role = SiteRole::kBackup;
  b.settlement = "Almaty";
  b.channels = {{"ch1", "Kazakhtelecom", {"127.0.0.21"}, {}},
                {"ch2", "KazTransCom", {"127.0.0.22"}, {}}};
  sc.sites = {p, b};
  DataSource geo;
  geo.name = "geo-a";
  geo.kind = DataSource::Kind::kGeolocation;
  DataSource asn;
  asn.name = "asn";
  asn.kind = DataSource::Kind::kAsn;
  sc.data_sources = {geo, asn};
  WebUi ui;
  ui.base_url = "http://127.0.0.11:8080/";
  ui.pages = {"/", "/help"};
  for (const char* l : {"kk", "ru", "en"}) {
    LanguageVariant v;
    v.lang = l;
    v.value = std::string("/") + l;
    ui.languages.push_back(v);
  }
  sc.ui = ui;
  return sc;
}

Scenario OneAddressScenario(const std::string& address) {
  Scenario sc = TwoSiteScenario();
  sc.sites.resize(1);
  sc.sites[0].channels.resize(1);
  sc.sites[0].channels[0].addresses = {address};
  return sc;
}

Observation& Evidence::Add(Observation o) {
  o.id = "obs-" + std::to_string(obs_.size() + 1);
  obs_.push_back(std::move(o));
  return obs_.back();
}

Observation& Evidence::Geo(const std::string& db, const std::string& site,
                           const std::string& channel, const std::string& address,
                           const std::string& country, const std::string& city) {
  Observation o;
  o.probe = "geo.lookup";
  o.target = address;
  o.site = site;
  o.channel = channel;
  o.status = ProbeStatus::kOk;
  o.data = {{"database", db},
            {"found", true},
            {"country", country},
            {"city", city.empty() ? nlohmann::json() : nlohmann::json(city)}};
  return Add(o);
}

Observation& Evidence::GeoUnknown(const std::string& db, const std::string& site,
                                  const std::string& address) {
  Observation o;
  o.probe = "geo.lookup";
  o.target = address;
  o.site = site;
  o.status = ProbeStatus::kOk;
  o.data = {{"database", db}, {"found", false}, {"country", nullptr}, {"city", nullptr}};
  return Add(o);
}

Observation& Evidence::Asn(const std::string& site, const std::string& channel,
                           const std::string& address, int asn, const std::string& org) {
  Observation o;
  o.probe = "asn.lookup";
  o.target = address;
  o.site = site;
  o.channel = channel;
  o.status = ProbeStatus::kOk;
  o.data = {{"database", "asn"}, {"found", true}, {"asn", asn}, {"organisation", org}};
  return Add(o);
}

Observation& Evidence::Handshake(const std::string& site, const std::string& channel,
                                 const std::string& address, bool authorized) {
  Observation o;
  o.probe = "stratum.handshake";
  o.target = address + ":3333";
  o.site = site;
  o.channel = channel;
  o.status = ProbeStatus::kOk;
  o.data = {
      {"connected", true},
      {"subscribed", true},
      {"authorized", authorized},
      {"authorize_error",
       authorized ? nlohmann::json() : nlohmann::json::array({24, "Unauthorized worker", nullptr})},
      {"notify_received", authorized}};
  return Add(o);
}

Observation& Evidence::Tcp(const std::string& site, const std::string& channel,
                           const std::string& address, int connected) {
  Observation o;
  o.probe = "tcp.connect";
  o.target = address + ":3333";
  o.site = site;
  o.channel = channel;
  o.status = connected > 0 ? ProbeStatus::kOk : ProbeStatus::kFailed;
  o.detail = connected > 0 ? "" : "connection refused";
  o.data = {{"attempts", 3}, {"connected", connected}};
  return Add(o);
}

Observation& Evidence::Page(const std::string& page, const std::string& lang, int status,
                            const std::string& html_lang, double share,
                            std::vector<std::string> switcher) {
  Observation o;
  o.probe = "ui.page";
  o.target = "http://127.0.0.11:8080/" + lang + page;
  o.status = ProbeStatus::kOk;
  o.data = {
      {"page", page},
      {"lang", lang},
      {"status", status},
      {"html_lang", html_lang},
      {"share", {{lang, share}}},
      {"switcher_langs", switcher},
      {"offending", nlohmann::json::array({{{"text", "Главная страница пула"}, {"lang", "ru"}}})}};
  return Add(o);
}

Observation& Evidence::GeoAt(const std::string& db, const std::string& site,
                             const std::string& channel, const std::string& address,
                             const std::string& country, const std::string& city, double latitude,
                             double longitude) {
  Observation& o = Geo(db, site, channel, address, country, city);
  o.data["latitude"] = latitude;
  o.data["longitude"] = longitude;
  return o;
}

Observation& Evidence::Rtt(const std::string& probe, const std::string& site,
                           const std::string& address, const std::string& vantage, double min_ms) {
  Observation o;
  o.probe = probe;
  o.target = probe == "latency.import" ? address : address + ":3333";
  o.site = site;
  o.vantage = vantage;
  o.status = ProbeStatus::kOk;
  o.data = {{"samples_ms", {min_ms}}, {"min_ms", min_ms}, {"max_ms", min_ms}};
  if (probe != "tcp.connect") o.data["address"] = address;
  return Add(o);
}

Observation& Evidence::GazetteerLoad() {
  Observation o;
  o.probe = "gazetteer.load";
  o.target = POOLTEST_GAZETTEER_FILE;
  std::ifstream in(POOLTEST_GAZETTEER_FILE);
  std::stringstream ss;
  ss << in.rdbuf();
  o.status = in ? ProbeStatus::kOk : ProbeStatus::kError;
  o.data = {{"gazetteer", nlohmann::json::parse(ss.str(), nullptr, false)}};
  return Add(o);
}

Observation& Evidence::PlacesLoad(const nlohmann::json& doc) {
  Observation o;
  o.probe = "places.load";
  o.target = "kz-places.json";
  o.status = ProbeStatus::kOk;
  o.data = {{"populated_places", doc}};
  return Add(o);
}

Observation& Evidence::Failover(const std::string& site, const std::string& channel, bool served,
                                bool down_confirmed, ProbeStatus status) {
  Observation o;
  o.probe = "failover.step";
  o.target = site + "/" + channel;
  o.site = site;
  o.channel = channel;
  o.status = status;
  o.detail = status == ProbeStatus::kOk ? "" : "the take-down command failed (exit 1)";
  o.data = {{"channel", channel},
            {"served", served},
            {"down_confirmed", down_confirmed},
            {"deadline_ms", 3000},
            {"served_after_ms", 120.0}};
  if (served) o.data["served_via"] = "ch2 127.0.0.12:3333";
  if (!served) o.data["last_error"] = "ch2 127.0.0.12:3333: connection refused";
  return Add(o);
}

void Evidence::AddGoodPool(const Scenario& sc) {
  GazetteerLoad();
  const char* asn_org[][2] = {{"9198", "JSC Kazakhtelecom"}, {"35104", "Transtelecom JSC"}};
  for (const Site& s : sc.sites) {
    std::string city = s.role == SiteRole::kPrimary ? "Astana" : "Almaty";
    for (size_t i = 0; i < s.channels.size(); ++i) {
      const Channel& ch = s.channels[i];
      const std::string& a = ch.addresses[0];
      Geo("geo-a", s.id, ch.id, a, "KZ", city);
      Asn(s.id, ch.id, a, std::stoi(asn_org[i % 2][0]), asn_org[i % 2][1]);
      Tcp(s.id, ch.id, a, 3);
      Handshake(s.id, ch.id, a, true);
    }
  }
  for (const std::string& page : sc.ui->pages) {
    for (const char* l : {"kk", "ru", "en"}) {
      std::vector<std::string> others;
      for (const char* o : {"kk", "ru", "en"}) {
        if (std::string(o) != l) others.push_back(o);
      }
      Page(page, l, 200, l, 0.97, others);
    }
  }
}

}  // namespace pooltest::testing
