#include "harness/runner/plan_parts.h"

namespace pooltest {

PlannedProbe Immediate(std::string kind, std::string label, std::function<Observation()> fn) {
  return ImmediateInFolder(std::move(kind), std::move(label),
                           [fn = std::move(fn)](const std::string&) { return fn(); });
}

PlannedProbe ImmediateInFolder(std::string kind, std::string label,
                               std::function<Observation(const std::string& evidence_dir)> fn) {
  PlannedProbe p;
  p.kind = std::move(kind);
  p.label = std::move(label);
  p.run = [fn = std::move(fn)](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
    Observation o = fn(ctx.evidence_dir);
    o.vantage = ctx.vantage;
    co_return o;
  };
  return p;
}

Observation Unsupported(const std::string& probe, const std::string& target,
                        const std::string& why) {
  Observation o;
  o.probe = probe;
  o.target = target;
  o.started = o.finished = std::chrono::system_clock::now();
  o.status = ProbeStatus::kError;
  o.detail = why;
  return o;
}

std::vector<std::string> Resolve(const std::string& host, const AddressBook& book) {
  if (IsIpLiteral(host)) return {host};
  auto it = book.find(host);
  return it == book.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace pooltest
