#include "checks/stratum_evidence.h"

#include "core/data_fields.h"
#include "checks/finding.h"

namespace pooltest {
namespace {

bool Flag(const Observation& o, const char* key) {
  auto it = o.data.find(key);
  return it != o.data.end() && it->is_boolean() && it->get<bool>();
}

// Over TLS: a session was set up, and its certificate verified unless the
// scenario said not to. Anything else (missing or malformed TLS facts
// included) is no secure channel: a wrong pass is worse than a wrong fail.
bool TlsSound(const Observation& o) {
  if (!Flag(o, "tls")) return true;
  if (!TlsError(o).empty()) return false;
  auto th = o.data.find("tls_handshake");
  if (th == o.data.end() || !th->is_object()) return false;
  auto verify = th->find("verify");
  auto verified = th->find("verified");
  if (verify == th->end() || !verify->is_boolean()) return false;
  if (!verify->get<bool>()) return true;
  return verified != th->end() && verified->is_boolean() && verified->get<bool>();
}

}  // namespace

std::string TlsError(const Observation& o) {
  auto it = o.data.find("tls_error");
  if (it == o.data.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

bool TlsUnverified(const Observation& o) {
  if (!Flag(o, "tls")) return false;
  auto th = o.data.find("tls_handshake");
  return th != o.data.end() && th->is_object() && !BoolField(*th, "verify", true);
}

bool ServesMiners(const Observation& o) {
  return o.probe == "stratum.handshake" && o.status == ProbeStatus::kOk && TlsSound(o) &&
         Flag(o, "subscribed") && Flag(o, "authorized") && Flag(o, "notify_received");
}

nlohmann::json WhyNotServing(const Observation& o) {
  if (std::string tls = TlsError(o); !tls.empty())
    return Part("stratum.tls_failed", {{"error", tls}, {"detail", o.detail}});
  if (o.status != ProbeStatus::kOk)
    return Part("stratum.probe_status", {{"status", ToString(o.status)}, {"detail", o.detail}});
  if (!TlsSound(o)) return Part("stratum.tls_unverified");
  if (!Flag(o, "subscribed")) return Part("stratum.subscribe_rejected");
  if (!Flag(o, "authorized")) {
    auto it = o.data.find("authorize_error");
    if (it != o.data.end() && !it->is_null())
      return Part("stratum.authorize_rejected_with", {{"error", it->dump()}});
    return Part("stratum.authorize_rejected");
  }
  // The last condition ServesMiners asks: no work was handed out.
  return Part("stratum.no_work");
}

bool TcpReachable(const Observation& o) {
  const std::optional<double> connected = NumberField(o.data, "connected");
  return o.probe == "tcp.connect" && o.status == ProbeStatus::kOk && connected && *connected > 0;
}

bool AcceptedInvalidShare(const Observation& o) {
  if (o.probe != "stratum.handshake") return false;
  const nlohmann::json* s = FieldOf(o.data, "submit_result");
  return s != nullptr && s->is_boolean() && s->get<bool>();
}

}  // namespace pooltest
