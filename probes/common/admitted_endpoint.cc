#include "probes/common/admitted_endpoint.h"

namespace pooltest {

AdmittedEndpoint AdmitEndpoint(const ProbeContext& ctx, const std::string& address, uint16_t port) {
  AdmittedEndpoint out;
  out.refusal = {address, port, "", false};
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(TargetPolicy::Normalise(address), ec);
  if (ec) {
    out.refusal.reason = "'" + address + "' is not an IP literal; resolve it first";
    out.refusal.harness_fault = true;
    return out;
  }
  if (!ctx.targets) {
    out.refusal.reason = "no target policy was given to the probe (a harness bug)";
    out.refusal.harness_fault = true;
    return out;
  }
  Admission a = ctx.targets->Admit(address, port);
  if (!a.admitted) {
    out.refusal = a.refusal;
    return out;
  }
  out.admitted = true;
  out.endpoint = boost::asio::ip::tcp::endpoint(ip, port);
  return out;
}

}  // namespace pooltest
