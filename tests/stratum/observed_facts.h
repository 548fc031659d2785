// What the checks read of a tcp.connect, stratum.handshake or
// latency.stratum observation, as one JSON value: the status and the facts
// checks/ uses (stratum_evidence.cc, channels_check.cc, backup_site_check.cc,
// latency_bound.cc), without timings, ids or transcripts. Two ways of taking
// the same observation (separate connections or one shared connection)
// must give equal facts.
#pragma once

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/observation.h"

namespace pooltest::testing {

inline nlohmann::json ObservedFacts(const Observation& o) {
  nlohmann::json f = {{"probe", o.probe},     {"target", o.target},
                      {"site", o.site},       {"channel", o.channel},
                      {"vantage", o.vantage}, {"status", ToString(o.status)}};
  const nlohmann::json& d = o.data;
  if (o.probe == "tcp.connect") {
    f["reachable"] = d.value("connected", 0) > 0;
    f["refused"] = d.value("refused", "");
  } else if (o.probe == "stratum.handshake") {
    for (const char* k :
         {"url", "tls", "connected", "subscribed", "extranonce2_size", "authorized",
          "authorize_error", "notify_received", "difficulty", "submit_result", "submit_error",
          "subscribe_error", "protocol_error", "connect_error", "tls_error", "refused"}) {
      f[k] = d.contains(k) ? d[k] : nlohmann::json("(absent)");
    }
  } else if (o.probe == "latency.stratum") {
    // The latency check counts an observation once it has 2 answers, or
    // all it asked for when it asked fewer (latency_bound.cc TooFew).
    const int answered = static_cast<int>(d.value("samples_ms", nlohmann::json::array()).size());
    const int asked = d.value("asked", 0);
    f["asked"] = asked;
    f["answered_any"] = answered > 0;
    f["counts"] = answered > 0 && answered >= std::min(2, asked);
    f["address"] = d.value("address", "");
    f["refused"] = d.value("refused", "");
  }
  return f;
}

}  // namespace pooltest::testing
