#include "checks/channels_check.h"

#include <map>
#include <set>

#include "core/data_fields.h"
#include "checks/declared_addresses.h"
#include "checks/finding_catalogue.h"
#include "checks/provider_match.h"
#include "checks/stratum_evidence.h"

namespace pooltest {
namespace {

struct ChannelFacts {
  bool works = false;
  bool tcp_only = false;        // TCP connects, stratum does not serve
  bool tls = false;             // served over stratum+ssl
  bool tls_unverified = false;  // ... with the certificate not enforced (verify_tls: false)
  int handshakes = 0;
  nlohmann::json why_not;  // {target, why}, null until a handshake fails
  std::set<int64_t> asns;
  std::set<std::string> orgs;  // normalised
  std::vector<std::string> org_names;
  bool asn_unknown = false;                // an address no ASN database knows
  bool org_unknown = false;                // an AS known without its organisation
  std::vector<std::string> not_looked_up;  // declared addresses no ASN database looked up
  bool lookup_failed = false;
};

// The witnessed failover step of a site, when the scenario declares one.
struct FailoverFacts {
  bool declared = false;
  const Observation* obs = nullptr;
  nlohmann::json problem;  // why the step proves nothing (a part; null if none): inconclusive
  nlohmann::json failure;  // why it failed (arguments of R4.4.failover_failed; null if none)
  nlohmann::json passed;   // what it showed (arguments of R4.4.pass_with_failover; null if none)
};

FailoverFacts FailoverOf(const CheckInput& in, const Site& site) {
  FailoverFacts f;
  if (!site.failover) return f;
  f.declared = true;
  const FailoverStep& step = *site.failover;
  std::vector<const Observation*> steps = in.Select("failover.step", &site.id);
  if (steps.empty()) {
    f.problem = Part("R4.4.part.failover_not_run", {{"channel", step.channel}});
    return f;
  }
  f.obs = steps.back();
  const Observation& o = *f.obs;
  const nlohmann::json& d = o.data;
  if (o.status != ProbeStatus::kOk) {
    f.problem = Part("R4.4.part.failover_not_carried_out",
                     {{"status", ToString(o.status)}, {"detail", o.detail}});
  } else if (!BoolField(d, "down_confirmed")) {
    f.problem = Part("R4.4.part.failover_not_witnessed", {{"channel", step.channel}});
  } else if (!BoolField(d, "served")) {
    const std::optional<std::string> last_error = OptionalString(d, "last_error");
    f.failure = {{"channel", step.channel},
                 {"deadline_ms", IntField(d, "deadline_ms")},
                 {"last_error", last_error ? nlohmann::json(*last_error)
                                           : Part("R4.4.part.no_handshake_succeeded")}};
  } else {
    f.passed = {{"channel", step.channel},
                {"via", StringField(d, "served_via", "?")},
                {"after_ms", IntField(d, "served_after_ms")}};
  }
  return f;
}

CheckResult CheckSite(const CheckInput& in, const Site& site, int asn_databases,
                      bool asn_open_failed) {
  CheckResult r;
  r.id = "R4.4.channels." + site.id;
  r.clause = "R4.4";
  r.title = "Two channels from different providers at site '" + site.id + "'";

  std::map<std::string, ChannelFacts> facts;
  std::vector<std::string> accepts_invalid;  // endpoints that took the harness's bad share
  for (const Channel& ch : site.channels) facts[ch.id];
  for (const Observation* o : in.Select("stratum.handshake", &site.id)) {
    if (o->channel.empty()) continue;
    r.evidence.push_back(o->id);
    ChannelFacts& f = facts[o->channel];
    ++f.handshakes;
    if (AcceptedInvalidShare(*o)) accepts_invalid.push_back(o->target);
    if (ServesMiners(*o)) {
      f.works = true;
      if (BoolField(o->data, "tls")) f.tls = true;
      if (TlsUnverified(*o)) f.tls_unverified = true;
    } else if (f.why_not.is_null()) {
      f.why_not = {{"target", o->target}, {"why", WhyNotServing(*o)}};
    }
  }
  for (const Observation* o : in.Select("tcp.connect", &site.id)) {
    if (o->channel.empty()) continue;
    r.evidence.push_back(o->id);
    if (TcpReachable(*o) && !facts[o->channel].works) facts[o->channel].tcp_only = true;
  }
  for (const Observation* o : in.Select("asn.lookup", &site.id)) {
    if (o->channel.empty()) continue;
    r.evidence.push_back(o->id);
    ChannelFacts& f = facts[o->channel];
    if (o->status != ProbeStatus::kOk) {
      f.lookup_failed = true;
    } else if (!BoolField(o->data, "found") || IntField(o->data, "asn", -1, -1) < 0) {
      f.asn_unknown = true;
    } else {
      f.asns.insert(IntField(o->data, "asn"));
      // A range with no (or an empty) organisation: the AS is known, who
      // operates it is not, so it cannot show a second provider.
      const std::string org = StringField(o->data, "organisation");
      if (ProviderNameKey(org).empty()) {
        f.org_unknown = true;
      } else if (f.orgs.insert(ProviderNameKey(org)).second) {
        f.org_names.push_back(org);
      }
    }
  }

  for (const DeclaredAddress& d : DeclaredAddressesOf(in, &site.id).addresses) {
    if (d.channel.empty()) continue;
    if (!MissingLookups(in, DataSource::Kind::kAsn, "asn.lookup", d.address).empty())
      facts[d.channel].not_looked_up.push_back(d.address);
  }

  nlohmann::json channels = nlohmann::json::array();
  std::vector<std::string> unknown, contradictory, unverified, no_org;
  std::vector<nlohmann::json> dead;                        // arguments of R4.4.channel_dead
  nlohmann::json discrepancies = nlohmann::json::array();  // declared provider vs ASN data
  nlohmann::json unlooked;  // {address, channel}, null if every address was looked up
  for (const Channel& ch : site.channels) {
    const ChannelFacts& f = facts[ch.id];
    // The declared provider against every organisation the ASN data names
    // for the channel: a warning with both names, never a verdict.
    nlohmann::json matches = nullptr;
    for (const std::string& org : f.org_names) {
      const bool same = ProviderNamesOrganisation(ch.provider, org);
      matches = matches.is_null() ? same : matches.get<bool>() && same;
      if (!same)
        discrepancies.push_back(
            {{"channel", ch.id}, {"declared", ch.provider}, {"organisation", org}});
    }
    channels.push_back({{"channel", ch.id},
                        {"declared_provider", ch.provider},
                        {"addresses", ch.addresses},
                        {"works", f.works},
                        {"tcp_only", f.tcp_only},
                        {"tls", f.tls ? (f.tls_unverified ? "served, certificate not verified "
                                                            "(verify_tls: false)"
                                                          : "served, certificate verified")
                                      : nlohmann::json(nullptr)},
                        {"asns", f.asns},
                        {"organisations", f.org_names},
                        {"organisation_unknown", f.org_unknown},
                        {"provider_matches_organisation", matches},
                        {"addresses_without_asn_lookup", f.not_looked_up}});
    if (!f.works) {
      dead.push_back({{"channel", ch.id},
                      {"provider", ch.provider},
                      {"state", f.handshakes == 0 ? Part("R4.4.part.not_probed")
                                : f.tcp_only      ? Part("R4.4.part.tcp_only", f.why_not)
                                                  : Part("R4.4.part.not_serving", f.why_not)}});
    }
    if (f.works && f.tls_unverified) unverified.push_back(ch.id);
    if (f.asns.size() > 1 || f.orgs.size() > 1) contradictory.push_back(ch.id);
    if (f.asns.empty() || f.asn_unknown || f.lookup_failed) unknown.push_back(ch.id);
    if (f.org_unknown) no_org.push_back(ch.id);
    if (!f.not_looked_up.empty() && unlooked.is_null())
      unlooked = {{"address", f.not_looked_up[0]}, {"channel", ch.id}};
  }

  // Distinct providers: channels whose single settled ASN and organisation
  // differ pairwise. Two channels in one AS, or two ASes of one organisation,
  // are one provider.
  std::set<int64_t> distinct_asns;
  std::set<std::string> distinct_orgs;
  for (const Channel& ch : site.channels) {
    const ChannelFacts& f = facts[ch.id];
    if (f.asns.size() == 1 && f.orgs.size() == 1) {
      distinct_asns.insert(*f.asns.begin());
      distinct_orgs.insert(*f.orgs.begin());
    }
  }
  size_t providers = std::min(distinct_asns.size(), distinct_orgs.size());
  const FailoverFacts fo = FailoverOf(in, site);
  if (fo.obs != nullptr) r.evidence.push_back(fo.obs->id);
  r.figures = {
      {"channels", channels},
      {"failover",
       fo.declared ? nlohmann::json{{"channel", site.failover->channel},
                                    {"evidence", fo.obs ? fo.obs->id : ""},
                                    {"data", fo.obs ? fo.obs->data : nlohmann::json()},
                                    {"problem", RenderPart(fo.problem)},
                                    {"failure", fo.failure.is_null()
                                                    ? std::string()
                                                    : RenderPart(Part("R4.4.part.failover_failure",
                                                                      fo.failure))}}
                   : nlohmann::json()},
      {"declared_channels", site.channels.size()},
      {"distinct_asns", distinct_asns.size()},
      {"distinct_organisations", distinct_orgs.size()},
      {"tls_unverified_channels", unverified},
      {"provider_discrepancies", discrepancies},
      {"asn_databases", asn_databases}};

  bool asn_settled = unknown.empty() && contradictory.empty() && no_org.empty() &&
                     unlooked.is_null() && asn_databases > 0 && !asn_open_failed;
  std::string one_org;  // the organisation all channels share, when settled
  for (const Channel& ch : site.channels)
    if (one_org.empty() && !facts[ch.id].org_names.empty()) one_org = facts[ch.id].org_names[0];
  const nlohmann::json name = {{"site", site.id}};
  auto with = [&name](const nlohmann::json& more) {
    nlohmann::json args = name;
    args.update(more);
    return args;
  };
  if (site.channels.size() < 2) {
    Decide(r, "R4.4.too_few_channels", with({{"channels", site.channels.size()}}));
  } else if (!dead.empty()) {
    Decide(r, "R4.4.channel_dead", with(dead[0]));
  } else if (!fo.failure.is_null()) {
    Decide(r, "R4.4.failover_failed",
           with({{"failure", Part("R4.4.part.failover_failure", fo.failure)}}));
  } else if (asn_settled && providers < 2) {
    Decide(r, "R4.4.one_provider",
           with({{"organisation", one_org}, {"asns", distinct_asns.size()}}));
  } else if (asn_databases == 0) {
    Decide(r, "R4.4.no_asn_data", name);
  } else if (asn_open_failed) {
    Decide(r, "R4.4.asn_open_failed", name);
  } else if (!contradictory.empty()) {
    Decide(r, "R4.4.asn_disagree", with({{"channel", contradictory[0]}}));
  } else if (!unlooked.is_null()) {
    Decide(r, "R4.4.not_looked_up", with(unlooked));
  } else if (!unknown.empty()) {
    Decide(r, "R4.4.asn_unknown", with({{"channel", unknown[0]}}));
  } else if (!no_org.empty()) {
    Decide(r, "R4.4.organisation_unknown", with({{"channel", no_org[0]}}));
  } else if (!fo.problem.is_null()) {
    Decide(r, "R4.4.failover_unproven", with({{"problem", fo.problem}}));
  } else if (fo.passed.is_null()) {
    Decide(r, "R4.4.pass", with({{"channels", site.channels.size()}, {"providers", providers}}));
  } else {
    nlohmann::json args = with(fo.passed);
    args.update({{"channels", site.channels.size()}, {"providers", providers}});
    Decide(r, "R4.4.pass_with_failover", args);
  }
  if (!unverified.empty()) AddNote(r, "R4.4.note.tls_unverified", {{"channels", unverified}});
  for (const nlohmann::json& d : discrepancies) AddNote(r, "R4.4.note.provider_mismatch", d);
  if (!accepts_invalid.empty()) {
    r.figures["accepts_invalid_share"] = accepts_invalid;
    AddNote(r, "stratum.note.accepts_invalid_share", {{"targets", accepts_invalid}});
  }
  return r;
}

}  // namespace

std::vector<CheckResult> CheckChannels(const CheckInput& in) {
  int asn_databases = 0;
  for (const DataSource& ds : in.scenario.data_sources) {
    if (ds.kind == DataSource::Kind::kAsn) ++asn_databases;
  }
  bool open_failed = !in.Select("asn.open").empty();
  std::vector<CheckResult> out;
  for (const Site& s : in.scenario.sites) {
    out.push_back(CheckSite(in, s, asn_databases, open_failed));
  }
  return out;
}

}  // namespace pooltest
