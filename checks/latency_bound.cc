#include "checks/latency_bound.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/data_fields.h"
#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPi = 3.14159265358979323846;

double Radians(double deg) { return deg * kPi / 180.0; }

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// The answered round trips of an observation: finite, non-negative numbers.
std::vector<double> Answered(const nlohmann::json& samples) {
  std::vector<double> out;
  for (const nlohmann::json& v : samples) {
    if (!v.is_number()) continue;
    const double ms = v.get<double>();
    if (std::isfinite(ms) && ms >= 0) out.push_back(ms);
  }
  return out;
}

// Round trips tried: "asked" (latency.stratum, latency.import) or
// "attempts" (tcp.connect); never fewer than were answered.
int Asked(const nlohmann::json& data, int answered) {
  for (const char* key : {"asked", "attempts"}) {
    const int64_t asked = IntField(data, key, -1, -1, 1 << 20);
    if (asked >= 0) return std::max(answered, static_cast<int>(asked));
  }
  return answered;
}

// Why an observation's answers are too few to count, or empty if they do.
std::string TooFew(const RttSample& s, const std::string& detail) {
  const std::string why = detail.empty() ? "" : " (" + detail + ")";
  if (s.answered == 0) return "no round trip was answered" + why;
  const int needed = std::min(kMinAnsweredRoundTrips, s.asked);
  if (s.answered >= needed) return "";
  return "only " + std::to_string(s.answered) + " of " + std::to_string(s.asked) +
         " round trips were answered; at least " + std::to_string(needed) +
         " are needed before the bound counts" + why;
}

const VantagePoint* FindVantage(const Scenario& sc, const std::string& name) {
  for (const VantagePoint& v : sc.vantage_points)
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace

double HaversineKm(GeoPoint a, GeoPoint b) {
  const double dlat = Radians(b.latitude - a.latitude);
  const double dlon = Radians(b.longitude - a.longitude);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(a.latitude)) * std::cos(Radians(b.latitude)) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

bool IsNonPublicAddress(const std::string& address) {
  unsigned char b[16];
  if (inet_pton(AF_INET, address.c_str(), b) == 1) {
    return b[0] == 127 || b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
           (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
           (b[0] == 100 && (b[1] & 0xc0) == 64) || b[0] == 0;
  }
  if (inet_pton(AF_INET6, address.c_str(), b) == 1) {
    bool loopback = true;
    for (int i = 0; i < 15; ++i) loopback = loopback && b[i] == 0;
    loopback = loopback && b[15] == 1;
    bool v4mapped = true;
    for (int i = 0; i < 10; ++i) v4mapped = v4mapped && b[i] == 0;
    v4mapped = v4mapped && b[10] == 0xff && b[11] == 0xff;
    if (v4mapped) {
      char v4[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, b + 12, v4, sizeof v4);
      return IsNonPublicAddress(v4);
    }
    return loopback || (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
  }
  return false;  // not an address: nothing to say
}

nlohmann::json RttSample::ToJson() const {
  nlohmann::json j = {{"address", address},          {"site", site},
                      {"vantage", vantage},          {"rtt_ms", rtt_ms},
                      {"bound_km", bound_km()},      {"source", source},
                      {"evidence", evidence},        {"usable", usable},
                      {"answered", answered},        {"asked", asked},
                      {"probe_status", probe_status}};
  if (answered == 0) {
    j["rtt_ms"] = nullptr;  // nothing measured: no bound either
    j["bound_km"] = nullptr;
  }
  if (vantage_at) j["vantage_at"] = {vantage_at->latitude, vantage_at->longitude};
  if (!usable) j["excluded_why"] = excluded_why;
  if (by_loopback_declaration) j["counted_by_loopback_evidence"] = true;
  return j;
}

std::vector<RttSample> RttSamples(const CheckInput& in) {
  std::vector<RttSample> out;
  for (const Observation& o : in.observations) {
    if (o.probe != "tcp.connect" && o.probe != "latency.stratum" && o.probe != "latency.import")
      continue;
    // Whatever the status: a timed-out or partly ignored probe keeps the
    // answers it got. Without samples_ms the observation measured nothing.
    auto samples = o.data.find("samples_ms");
    if (samples == o.data.end() || !samples->is_array()) continue;
    const std::vector<double> answered = Answered(*samples);
    RttSample s;
    s.answered = static_cast<int>(answered.size());
    s.asked = Asked(o.data, s.answered);
    if (!answered.empty()) s.rtt_ms = *std::min_element(answered.begin(), answered.end());
    s.probe_status = ToString(o.status);
    // tcp.connect and latency.stratum targets are "address:port" labels;
    // the address is in the data when the probe records it.
    s.address = StringField(o.data, "address");
    if (s.address.empty()) {
      s.address = o.target;
      const size_t colon = s.address.rfind(':');
      if (o.probe != "latency.import" && colon != std::string::npos && s.address.find(':') == colon)
        s.address.resize(colon);  // IPv4 "a.b.c.d:port"
      if (!s.address.empty() && s.address.front() == '[') {
        s.address = s.address.substr(1, s.address.find(']') - 1);  // "[v6]:port"
      }
    }
    s.site = o.site;
    s.vantage = o.vantage;
    s.source = o.probe;
    s.evidence = o.id;
    const VantagePoint* vp = FindVantage(in.scenario, o.vantage);
    if (vp != nullptr) s.vantage_at = GeoPoint{vp->latitude, vp->longitude};
    const std::string too_few = TooFew(s, o.detail);
    if (!too_few.empty()) {
      s.excluded_why = too_few;
    } else if (vp == nullptr) {
      s.excluded_why = "vantage point '" + o.vantage +
                       "' has no declared coordinates (add it under vantage_points)";
    } else if (IsNonPublicAddress(s.address) && !vp->loopback_evidence) {
      s.excluded_why = s.address +
                       " is a loopback/private address: its RTT shows where the harness is, "
                       "not where the pool is";
    } else {
      s.usable = true;
      s.by_loopback_declaration = IsNonPublicAddress(s.address);
    }
    out.push_back(std::move(s));
  }
  return out;
}

Finding BoundTest::ArithmeticFinding() const {
  return {"latency.arithmetic",
          {{"rtt_ms", Fixed(sample.rtt_ms, 3)},
           {"vantage", sample.vantage},
           {"address", sample.address},
           {"bound_km", Fixed(sample.bound_km(), 1)},
           {"slack_km", Fixed(kPlaceSlackKm, 0)},
           {"claim", claim},
           {"distance_km", Fixed(distance_km, 0)}}};
}

std::string BoundTest::Arithmetic() const { return RenderFinding(ArithmeticFinding()); }

nlohmann::json BoundTest::ToJson() const {
  return {{"sample", sample.ToJson()},
          {"claim", claim},
          {"claimed_at", {claimed.latitude, claimed.longitude}},
          {"distance_km", distance_km},
          {"allowed_km", allowed_km},
          {"contradicts", contradicts},
          {"arithmetic", Arithmetic()}};
}

std::vector<BoundTest> TestPlace(const std::vector<RttSample>& samples, const std::string& address,
                                 const std::string& claim, GeoPoint claimed) {
  std::vector<BoundTest> out;
  for (const RttSample& s : samples) {
    if (!s.usable || s.address != address || !s.vantage_at) continue;
    BoundTest t;
    t.sample = s;
    t.claim = claim;
    t.claimed = claimed;
    t.distance_km = HaversineKm(*s.vantage_at, claimed);
    t.allowed_km = s.bound_km() + kPlaceSlackKm;
    t.contradicts = t.distance_km > t.allowed_km;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::pair<std::string, GeoPoint>> DatabasePlaces(const CheckInput& in,
                                                             const std::string& address) {
  std::vector<std::pair<std::string, GeoPoint>> out;
  for (const Observation* o : in.Select("geo.lookup")) {
    if (o->target != address || o->status != ProbeStatus::kOk) continue;
    const std::optional<double> lat = NumberField(o->data, "latitude");
    const std::optional<double> lon = NumberField(o->data, "longitude");
    if (!lat || !lon || std::fabs(*lat) > 90 || std::fabs(*lon) > 180) continue;
    const std::string city = StringField(o->data, "city", "(no city)");
    out.emplace_back(StringField(o->data, "database", "database") + " (" + o->id + "): " + city,
                     GeoPoint{*lat, *lon});
  }
  return out;
}

void LoopbackUse::Add(const BoundTest& t) {
  if (!t.sample.by_loopback_declaration) return;
  AppendUnique(vantages, t.sample.vantage);
  AppendUnique(evidence, t.sample.evidence);
}

nlohmann::json LoopbackUse::ToJson() const {
  if (!used()) return nullptr;
  return {{"vantage_points", vantages}, {"samples", evidence}};
}

Finding LoopbackNote(const LoopbackUse& use) {
  return {"latency.loopback_note", {{"samples", use.evidence.size()}, {"vantages", use.vantages}}};
}

void AppendUnique(std::vector<std::string>& ids, const std::string& id) {
  for (const std::string& x : ids)
    if (x == id) return;
  ids.push_back(id);
}

std::vector<BoundTest> LatencyContradictions(const CheckInput& in,
                                             const std::vector<RttSample>& samples,
                                             const std::string& address) {
  std::vector<BoundTest> out;
  for (const auto& [claim, at] : DatabasePlaces(in, address)) {
    for (BoundTest& t : TestPlace(samples, address, claim, at)) {
      if (t.contradicts) out.push_back(std::move(t));
    }
  }
  return out;
}

}  // namespace pooltest
