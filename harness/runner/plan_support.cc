#include <random>
#include <set>

#include "harness/campaign/campaign_report.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/plan_parts.h"
#include "probes/support/ticket_probe.h"

namespace pooltest {
namespace {

std::string RunToken() {
  std::random_device rd;
  std::uniform_int_distribution<uint32_t> dist;
  char buf[32];
  std::snprintf(buf, sizeof buf, "PT-%08x%08x", dist(rd), dist(rd));
  return buf;
}

}  // namespace

void PlanSupport(const Scenario& sc, const AddressBook& book, const RunResources& res, Plan& plan) {
  std::set<std::string> located;
  for (const SupportChannel& ch : sc.support) {
    for (const std::string& host : SupportChannelHosts(ch)) {
      for (const std::string& ip : Resolve(host, book)) {
        if (located.insert(ip).second) PlanLookups("support", "", ip, res, plan);
      }
    }
  }
  // R4.5 is judged from the support campaign's database; reading it here
  // keeps the check pure.
  if (!sc.support_campaign_db.empty()) {
    const std::string db = sc.support_campaign_db;
    // Copied into the output folder first: the verdict rests on the copy
    // the act's manifest covers.
    plan.probes.push_back(
        {"support.campaign", db, [db](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
           Observation o = LoadCampaignObservation(db, ctx.evidence_dir);
           o.vantage = ctx.vantage;
           co_return o;
         }});
  }
  const std::string token = RunToken();
  for (const SupportChannel& ch : sc.support) {
    if (ch.kind == SupportChannel::Kind::kEmail) {
      std::string name = ch.name;
      plan.probes.push_back(Immediate("support.email", name, [name] {
        return Unsupported("support.email", name,
                           "e-mail support channels are probed by the support campaign "
                           "(pooltest campaign), not by a single run");
      }));
      continue;
    }
    TicketTarget t{ch, token, sc.thresholds.support_probe_window};
    plan.probes.push_back({"support.ticket", ch.name,
                           [t](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
                             Observation o = co_await ProbeSupportTicket(std::move(ctx), t);
                             o.data["channel"] = t.channel.name;
                             co_return o;
                           },
                           // Room to create the ticket and poll once more after the window.
                           t.wait + sc.thresholds.probe_timeout});
  }
}

}  // namespace pooltest
