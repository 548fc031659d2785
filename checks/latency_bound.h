// Latency as evidence of distance. A round trip of r ms cannot cover more
// than r/2 ms of fibre each way; light in fibre travels about 200 km per ms,
// so the server lies within about 100·r km of the vantage point that measured
// it. This module collects RTT samples from the run's observations (TCP
// connect, stratum application round trips, imported measurements), decides
// which of them are physical evidence, and tests a claimed place (a
// database's coordinates) against the bound. Pure: no I/O, unit-tested.
//
// Answered samples only: an RTT observation is read for the round trips it
// got answers to (samples_ms), whatever its status, so a probe that timed out
// or saw some requests ignored still contributes what it measured. It counts
// once at least kMinAnsweredRoundTrips were answered, or every one asked for
// when fewer were asked; with fewer, or none, it is listed with why and
// decides nothing.
//
// Loopback and private addresses: a round trip to 127.0.0.1 says where the
// harness is, not where a real pool is, so such samples are recorded but
// excluded unless the vantage point is declared `loopback_evidence: true`
// (a test world whose loopback addresses stand for real servers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check_input.h"
#include "checks/finding.h"

namespace pooltest {

struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
};

// Great-circle distance on a sphere of radius 6371 km.
double HaversineKm(GeoPoint a, GeoPoint b);

// Upper bound on the distance to a server answering in `rtt_ms` (round trip).
constexpr double kFibreKmPerMsRoundTrip = 100.0;  // 200 km/ms one way, halved
inline double DistanceBoundKm(double rtt_ms) { return rtt_ms * kFibreKmPerMsRoundTrip; }

// Slack added to the bound before calling a place contradicted: a database
// gives a city's centre, the server may sit anywhere in its area.
constexpr double kPlaceSlackKm = 25.0;

// Answered round trips an observation needs before its minimum counts (or
// all it asked for, if it asked for fewer). A lone answer among silences
// says the server was not answering normally (overloaded, rate limiting,
// something in between): the bound would then rest on one event, and a
// bound can overrule a database. Two answers show the path answers.
constexpr int kMinAnsweredRoundTrips = 2;

// True for loopback, private (RFC 1918, ULA), link-local and shared
// (100.64/10) addresses: their RTT says nothing about a real pool's place.
bool IsNonPublicAddress(const std::string& address);

struct RttSample {
  std::string address;
  std::string site;
  std::string vantage;
  std::optional<GeoPoint> vantage_at;  // unset: vantage point not declared
  double rtt_ms = 0;                   // minimum over the answered samples (0: none)
  int answered = 0;                    // round trips answered (samples_ms)
  int asked = 0;                       // round trips tried, answered or not
  std::string source;                  // probe kind: tcp.connect, latency.stratum, latency.import
  std::string evidence;                // observation id
  std::string probe_status;            // the observation's status, e.g. "timeout"
  bool usable = false;                 // counts as physical evidence
  // Usable only because its vantage point declares loopback_evidence: true
  // (a loopback or private address): a test world's evidence, never a real
  // pool's, so every verdict that rests on it names it.
  bool by_loopback_declaration = false;
  std::string excluded_why;  // when not usable

  double bound_km() const { return DistanceBoundKm(rtt_ms); }
  nlohmann::json ToJson() const;
};

// Every RTT observation of the run (tcp.connect, latency.stratum,
// latency.import with samples_ms), usable or not, in observation order.
std::vector<RttSample> RttSamples(const CheckInput& in);

// A claimed place tested against one usable sample.
struct BoundTest {
  RttSample sample;
  std::string claim;  // who claims, e.g. "refpool-geo: Astana"
  GeoPoint claimed;
  double distance_km = 0;  // vantage to the claimed place
  double allowed_km = 0;   // bound + slack
  bool contradicts = false;

  // The arithmetic, e.g. "RTT 0.05 ms from harness (Almaty) bounds 127.0.0.11
  // to 5 km (+25 km slack), but refpool-geo: Astana is 970 km away".
  std::string Arithmetic() const;
  Finding ArithmeticFinding() const;  // the same as a finding part ("latency.arithmetic")
  nlohmann::json ToJson() const;
};

// Tests `claimed` against every usable sample of `address`.
std::vector<BoundTest> TestPlace(const std::vector<RttSample>& samples, const std::string& address,
                                 const std::string& claim, GeoPoint claimed);

// Each database's coordinates for `address` (geo.lookup data latitude and
// longitude), as (claim, point) pairs.
std::vector<std::pair<std::string, GeoPoint>> DatabasePlaces(const CheckInput& in,
                                                             const std::string& address);

// Contradictions between latency and the databases for one address.
std::vector<BoundTest> LatencyContradictions(const CheckInput& in,
                                             const std::vector<RttSample>& samples,
                                             const std::string& address);

// The samples among a verdict's bound tests that count only because of
// loopback_evidence: true, for the result's figures and summary.
struct LoopbackUse {
  std::vector<std::string> vantages;  // unique, in first-seen order
  std::vector<std::string> evidence;  // sample observation ids, unique

  void Add(const BoundTest& t);
  bool used() const { return !evidence.empty(); }
  nlohmann::json ToJson() const;  // null when unused
};

// The note a summary ends with when `use` is used: the catalogue part
// "latency.loopback_note".
Finding LoopbackNote(const LoopbackUse& use);

// Appends `id` unless already present (evidence lists cite each id once).
void AppendUnique(std::vector<std::string>& ids, const std::string& id);

}  // namespace pooltest
