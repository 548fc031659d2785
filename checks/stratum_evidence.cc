#include "checks/stratum_evidence.h"

namespace pooltest {
namespace {

bool Flag(const Observation& o, const char* key) {
  auto it = o.data.find(key);
  return it != o.data.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

bool ServesMiners(const Observation& o) {
  return o.probe == "stratum.handshake" && o.status == ProbeStatus::kOk && Flag(o, "subscribed") &&
         Flag(o, "authorized") && Flag(o, "notify_received");
}

std::string WhyNotServing(const Observation& o) {
  if (o.status != ProbeStatus::kOk) return std::string(ToString(o.status)) + ": " + o.detail;
  if (!Flag(o, "subscribed")) return "mining.subscribe was not accepted";
  if (!Flag(o, "authorized")) {
    auto it = o.data.find("authorize_error");
    return "mining.authorize was rejected" +
           (it != o.data.end() && !it->is_null() ? " (" + it->dump() + ")" : std::string());
  }
  if (!Flag(o, "notify_received")) return "no work (mining.notify) was sent";
  return "serves miners";
}

bool TcpReachable(const Observation& o) {
  auto it = o.data.find("connected");
  return o.probe == "tcp.connect" && o.status == ProbeStatus::kOk && it != o.data.end() &&
         it->is_number() && it->get<int>() > 0;
}

}  // namespace pooltest
