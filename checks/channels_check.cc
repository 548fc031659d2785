#include "checks/channels_check.h"

#include <map>
#include <set>

#include "checks/data_fields.h"
#include "checks/declared_addresses.h"
#include "checks/stratum_evidence.h"

namespace pooltest {
namespace {

std::string NormaliseOrg(std::string s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

struct ChannelFacts {
  bool works = false;
  bool tcp_only = false;        // TCP connects, stratum does not serve
  bool tls = false;             // served over stratum+ssl
  bool tls_unverified = false;  // ... with the certificate not enforced (verify_tls: false)
  int handshakes = 0;
  std::string why_not;
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
  std::string problem;  // why the step proves nothing (inconclusive)
  std::string failure;  // why it failed (fail)
  std::string passed;   // what it showed
};

FailoverFacts FailoverOf(const CheckInput& in, const Site& site) {
  FailoverFacts f;
  if (!site.failover) return f;
  f.declared = true;
  const FailoverStep& step = *site.failover;
  std::vector<const Observation*> steps = in.Select("failover.step", &site.id);
  if (steps.empty()) {
    f.problem = "the declared failover step (channel " + step.channel + ") was not run";
    return f;
  }
  f.obs = steps.back();
  const Observation& o = *f.obs;
  const nlohmann::json& d = o.data;
  if (o.status != ProbeStatus::kOk) {
    f.problem = "the failover step could not be carried out (" + std::string(ToString(o.status)) +
                ": " + o.detail + ")";
  } else if (!BoolField(d, "down_confirmed")) {
    f.problem = "channel " + step.channel +
                " still served miners after it was to be taken down, so the failover was not "
                "witnessed; check the take-down command or the operator's action";
  } else if (!BoolField(d, "served")) {
    f.failure = "after channel " + step.channel + " was taken down, no other channel served " +
                "miners within " + std::to_string(IntField(d, "deadline_ms")) + " ms (" +
                StringField(d, "last_error", "no handshake succeeded") + ")";
  } else {
    f.passed = "failover witnessed: with " + step.channel + " down, miners were served via " +
               StringField(d, "served_via", "?") + " after " +
               std::to_string(IntField(d, "served_after_ms")) + " ms";
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
  for (const Channel& ch : site.channels) facts[ch.id];
  for (const Observation* o : in.Select("stratum.handshake", &site.id)) {
    if (o->channel.empty()) continue;
    r.evidence.push_back(o->id);
    ChannelFacts& f = facts[o->channel];
    ++f.handshakes;
    if (ServesMiners(*o)) {
      f.works = true;
      if (BoolField(o->data, "tls")) f.tls = true;
      if (TlsUnverified(*o)) f.tls_unverified = true;
    } else if (f.why_not.empty()) {
      f.why_not = o->target + ": " + WhyNotServing(*o);
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
      if (NormaliseOrg(org).empty()) {
        f.org_unknown = true;
      } else if (f.orgs.insert(NormaliseOrg(org)).second) {
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
  std::vector<std::string> dead, unknown, contradictory, unverified, no_org;
  std::string unlooked;  // "127.0.0.12 of channel ch2"
  for (const Channel& ch : site.channels) {
    const ChannelFacts& f = facts[ch.id];
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
                        {"addresses_without_asn_lookup", f.not_looked_up}});
    if (!f.works) {
      dead.push_back(ch.id + " (" + ch.provider + ")" +
                     (f.handshakes == 0 ? ": not probed"
                      : f.tcp_only      ? ": TCP connects but " + f.why_not
                                        : ": " + f.why_not));
    }
    if (f.works && f.tls_unverified) unverified.push_back(ch.id);
    if (f.asns.size() > 1 || f.orgs.size() > 1) contradictory.push_back(ch.id);
    if (f.asns.empty() || f.asn_unknown || f.lookup_failed) unknown.push_back(ch.id);
    if (f.org_unknown) no_org.push_back(ch.id);
    if (!f.not_looked_up.empty() && unlooked.empty())
      unlooked = f.not_looked_up[0] + " of channel " + ch.id;
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
      {"failover", fo.declared ? nlohmann::json{{"channel", site.failover->channel},
                                                {"evidence", fo.obs ? fo.obs->id : ""},
                                                {"data", fo.obs ? fo.obs->data : nlohmann::json()},
                                                {"problem", fo.problem},
                                                {"failure", fo.failure}}
                               : nlohmann::json()},
      {"declared_channels", site.channels.size()},
      {"distinct_asns", distinct_asns.size()},
      {"distinct_organisations", distinct_orgs.size()},
      {"tls_unverified_channels", unverified},
      {"asn_databases", asn_databases}};

  const std::string name = "Site '" + site.id + "'";
  bool asn_settled = unknown.empty() && contradictory.empty() && no_org.empty() &&
                     unlooked.empty() && asn_databases > 0 && !asn_open_failed;
  std::string one_org;  // the organisation all channels share, when settled
  for (const Channel& ch : site.channels)
    if (one_org.empty() && !facts[ch.id].org_names.empty()) one_org = facts[ch.id].org_names[0];
  if (site.channels.size() < 2) {
    r.verdict = Verdict::kFail;
    r.summary = name + " declares " + std::to_string(site.channels.size()) +
                " channel(s); two channels from different providers are required.";
  } else if (!dead.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = name + ": channel " + dead[0] + "; each channel must serve miners on its own.";
  } else if (!fo.failure.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = name + ": " + fo.failure +
                "; the remaining channel must carry miners on its own when one goes down.";
  } else if (asn_settled && providers < 2) {
    r.verdict = Verdict::kFail;
    r.summary = name + ": all channels belong to one provider (" + one_org + ", " +
                std::to_string(distinct_asns.size()) +
                " AS); a second, independent provider is required.";
  } else if (asn_databases == 0) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name +
                ": no IP-to-ASN data is declared, so providers cannot be verified; add "
                "one under data_sources.asn.";
  } else if (asn_open_failed) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "An ASN database could not be opened; fix it and run again.";
  } else if (!contradictory.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary =
        name + ": ASN sources disagree for channel " + contradictory[0] + "; see the figures.";
  } else if (!unlooked.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + ": no ASN lookup was made for " + unlooked +
                ", so its provider is not established; run again with the ASN data declared.";
  } else if (!unknown.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + ": no ASN is known for channel " + unknown[0] +
                "; use ASN data that covers its addresses.";
  } else if (!no_org.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + ": the ASN data names no organisation for the AS of channel " + no_org[0] +
                ", so its provider cannot be told apart from the others; use ASN data that "
                "names the operator.";
  } else if (!fo.problem.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + ": " + fo.problem + ".";
  } else {
    r.verdict = Verdict::kPass;
    r.summary = name + " has " + std::to_string(site.channels.size()) +
                " working channels through " + std::to_string(providers) +
                " different providers (by ASN)" + (fo.passed.empty() ? "" : "; " + fo.passed) + ".";
  }
  if (!unverified.empty()) {
    std::string list;
    for (const std::string& id : unverified) list += (list.empty() ? "" : ", ") + id;
    r.summary += " TLS certificates were not verified on channel(s) " + list +
                 " (verify_tls: false in the scenario).";
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
