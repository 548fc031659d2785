// An Observation is what one probe saw: the facts it extracted (`data`) and
// the raw evidence behind them (`transcript`: what was sent, what came back,
// with timestamps). Probes produce observations; they never judge. Checks read
// observations and cite them by `id` in their verdicts. The evidence store
// writes each observation as one JSON Lines record.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pooltest {

// How the probe's own attempt went. This is not a verdict: a stratum server
// that rejects authorization is an `ok` observation whose data says so.
enum class ProbeStatus {
  kOk,        // the probe ran to completion and recorded what it saw
  kFailed,    // the target could not be reached or spoke nonsense
  kTimeout,   // the probe's deadline passed; partial evidence is kept
  kError,     // the harness itself could not run the probe (bad config, I/O)
  kCancelled  // the run was interrupted (Ctrl-C, run deadline)
};

const char* ToString(ProbeStatus s);
bool ParseProbeStatus(const std::string& s, ProbeStatus* out);

struct Observation {
  std::string id;       // unique within a run, e.g. "obs-0007"; set by the runner
  std::string probe;    // probe kind, e.g. "stratum.handshake", "tcp.connect"
  std::string target;   // what was probed: "127.0.0.11:3333", a URL, a file path
  std::string site;     // scenario site id, empty when not site-specific
  std::string channel;  // scenario channel id within the site, may be empty
  std::string vantage;  // vantage point name the probe ran from
  // When the runner queued the probe (its phase began), when the probe began
  // sending, when it finished. The probe's deadline counts from `started`:
  // waiting in the queue is the harness's time, never the pool's. Epoch
  // (unset) for observations made outside the runner; then not written.
  std::chrono::system_clock::time_point queued_at;
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point finished;
  ProbeStatus status = ProbeStatus::kError;
  std::string detail;                                   // one human sentence on what happened
  nlohmann::json data = nlohmann::json::object();       // extracted facts
  nlohmann::json transcript = nlohmann::json::array();  // raw exchange records
};

nlohmann::json ToJson(const Observation& o);
// Reads back a record written by ToJson; returns false with *why set on a
// malformed record.
bool FromJson(const nlohmann::json& j, Observation* out, std::string* why);

// Appends one transcript record: direction is "sent", "received" or "event".
void AddTranscript(Observation& o, const std::string& direction, const std::string& text);

}  // namespace pooltest
