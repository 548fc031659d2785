#include "core/observation.h"

#include "core/time_format.h"
#include "core/utf8.h"

namespace pooltest {

const char* ToString(ProbeStatus s) {
  switch (s) {
    case ProbeStatus::kOk:
      return "ok";
    case ProbeStatus::kFailed:
      return "failed";
    case ProbeStatus::kTimeout:
      return "timeout";
    case ProbeStatus::kError:
      return "error";
    case ProbeStatus::kCancelled:
      return "cancelled";
  }
  return "error";
}

bool ParseProbeStatus(const std::string& s, ProbeStatus* out) {
  for (ProbeStatus c : {ProbeStatus::kOk, ProbeStatus::kFailed, ProbeStatus::kTimeout,
                        ProbeStatus::kError, ProbeStatus::kCancelled}) {
    if (s == ToString(c)) {
      *out = c;
      return true;
    }
  }
  return false;
}

nlohmann::json ToJson(const Observation& o) {
  // Member by member: an initializer list copies every value once more, and
  // every observation's record is built here.
  nlohmann::json j(nlohmann::json::value_t::object);
  auto& m = j.get_ref<nlohmann::json::object_t&>();
  m.emplace("id", o.id);
  m.emplace("probe", o.probe);
  m.emplace("target", o.target);
  m.emplace("site", o.site);
  m.emplace("channel", o.channel);
  m.emplace("vantage", o.vantage);
  m.emplace("started", FormatUtc(o.started));
  m.emplace("finished", FormatUtc(o.finished));
  m.emplace("status", ToString(o.status));
  m.emplace("detail", o.detail);
  m.emplace("data", o.data);
  m.emplace("transcript", o.transcript);
  if (o.queued_at.time_since_epoch().count() != 0) m.emplace("queued_at", FormatUtc(o.queued_at));
  // Peers send arbitrary bytes; the evidence must still be valid JSON.
  MakeValidUtf8(j);
  return j;
}

bool FromJson(const nlohmann::json& j, Observation* out, std::string* why) {
  if (!j.is_object()) {
    *why = "record is not a JSON object";
    return false;
  }
  auto str = [&](const char* key, std::string* dst) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
      *why = std::string("field '") + key + "' missing or not a string";
      return false;
    }
    *dst = it->get<std::string>();
    return true;
  };
  std::string started, finished, status;
  if (!str("id", &out->id) || !str("probe", &out->probe) || !str("target", &out->target) ||
      !str("site", &out->site) || !str("channel", &out->channel) ||
      !str("vantage", &out->vantage) || !str("started", &started) || !str("finished", &finished) ||
      !str("status", &status) || !str("detail", &out->detail)) {
    return false;
  }
  if (!ParseUtc(started, &out->started) || !ParseUtc(finished, &out->finished)) {
    *why = "timestamp is not RFC 3339 UTC";
    return false;
  }
  if (auto q = j.find("queued_at"); q != j.end()) {
    if (!q->is_string() || !ParseUtc(q->get<std::string>(), &out->queued_at)) {
      *why = "queued_at is not an RFC 3339 UTC timestamp";
      return false;
    }
  }
  if (!ParseProbeStatus(status, &out->status)) {
    *why = "unknown status '" + status + "'";
    return false;
  }
  out->data = j.value("data", nlohmann::json::object());
  out->transcript = j.value("transcript", nlohmann::json::array());
  return true;
}

void AddTranscript(Observation& o, const std::string& direction, const std::string& text) {
  // Built member by member: an initializer list copies every value once
  // more, and every line a probe sends or receives comes through here.
  nlohmann::json entry(nlohmann::json::value_t::object);
  auto& members = entry.get_ref<nlohmann::json::object_t&>();
  members.emplace("at", FormatUtc(std::chrono::system_clock::now()));
  members.emplace("dir", direction);
  members.emplace("text", ToValidUtf8(text));
  o.transcript.push_back(std::move(entry));
}

}  // namespace pooltest
