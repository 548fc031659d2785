#include "reports/act_document.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/sha256.h"
#include "core/time_format.h"
#include "reports/act_data_used.h"
#include "reports/act_settlements.h"
#include "reports/results_json.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kClauses[] = {"R4.1", "R4.2", "R4.3", "R4.4", "R4.5", "R4.6", "R4.7"};

struct EvidenceLine {
  size_t line = 0;
  std::string sha256;
};

// Where each observation sits in evidence.jsonl and the digest of its line,
// so a check's citation pins the exact record.
std::map<std::string, EvidenceLine> IndexEvidence(const std::string& path) {
  std::map<std::string, EvidenceLine> out;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j["id"].is_string()) continue;
    out[j["id"].get<std::string>()] = EvidenceLine{n, Sha256Hex(line)};
  }
  return out;
}

nlohmann::json Sorted(const std::set<std::string>& s) {
  nlohmann::json a = nlohmann::json::array();
  for (const std::string& v : s) a.push_back(v);
  return a;
}

std::string Text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// What was observed of each declared site: the addresses looked up, the
// settlements and countries the geolocation databases gave, the providers
// (AS number and organisation) the ASN data gave.
nlohmann::json PoolSection(const Scenario& sc, const std::vector<Observation>& obs) {
  nlohmann::json sites = nlohmann::json::array();
  for (const Site& site : sc.sites) {
    std::set<std::string> addresses, cities, countries, providers;
    for (const Observation& o : obs) {
      if (o.site != site.id) continue;
      if (o.probe == "geo.lookup") {
        addresses.insert(o.target);
        if (!Text(o.data, "city").empty()) cities.insert(Text(o.data, "city"));
        if (!Text(o.data, "country").empty()) countries.insert(Text(o.data, "country"));
      } else if (o.probe == "asn.lookup") {
        addresses.insert(o.target);
        std::string as;
        auto asn = o.data.find("asn");
        if (asn != o.data.end() && asn->is_number())
          as = "AS" + std::to_string(asn->get<uint64_t>());
        std::string org = Text(o.data, "organisation");
        if (!as.empty() || !org.empty()) providers.insert(as + (org.empty() ? "" : " " + org));
      }
    }
    nlohmann::json channels = nlohmann::json::array();
    for (const Channel& ch : site.channels) {
      channels.push_back(
          {{"id", ch.id}, {"declared_provider", ch.provider}, {"addresses", ch.addresses}});
    }
    sites.push_back({{"id", site.id},
                     {"role", ToString(site.role)},
                     {"declared_settlement", site.settlement},
                     {"channels", channels},
                     {"observed",
                      {{"addresses", Sorted(addresses)},
                       {"settlements", Sorted(cities)},
                       {"countries", Sorted(countries)},
                       {"providers", Sorted(providers)}}}});
  }
  return {{"sites", sites}};
}

// The scenario's internationalised host names in both forms, as the run
// resolved them (the ASCII form) and as they read (the Unicode form).
nlohmann::json InternationalisedHosts(const std::vector<Observation>& obs) {
  nlohmann::json out = nlohmann::json::array();
  std::set<std::string> seen;
  for (const Observation& o : obs) {
    if (o.probe != "dns.resolve" || !o.data.contains("host_unicode") ||
        !seen.insert(o.target).second)
      continue;
    out.push_back({{"ascii", o.target}, {"unicode", o.data.value("host_unicode", "")}});
  }
  return out;
}

// Every request the target policy refused (target_policy.h), as the probes
// recorded it: the regulator sees where the pool tried to send the harness.
// A rendered page's blocked requests (kind "render_blocked") are listed too,
// as far as the page probe kept them.
nlohmann::json RefusedRequests(const std::vector<Observation>& obs) {
  nlohmann::json out = nlohmann::json::array();
  for (const Observation& o : obs) {
    const auto render = o.data.find("render");
    if (render != o.data.end() && render->is_object() && render->contains("blocked_requests") &&
        (*render)["blocked_requests"].is_array()) {
      for (const auto& b : (*render)["blocked_requests"]) {
        if (!b.is_object()) continue;
        out.push_back({{"evidence", o.id},
                       {"probe", o.probe},
                       {"target", o.target},
                       {"kind", "render_blocked"},
                       {"to", b.value("url", "")},
                       {"host", b.value("host", "")},
                       {"reason", b.value("reason", "")},
                       {"harness_fault", false}});
      }
    }
    auto r = o.data.find("refused");
    if (r == o.data.end() || r->is_null()) continue;
    nlohmann::json row = {{"evidence", o.id}, {"probe", o.probe}, {"target", o.target}};
    if (r->is_object()) {
      for (const char* k : {"kind", "from", "to", "host", "reason", "harness_fault"})
        if (r->contains(k)) row[k] = (*r)[k];
    } else {
      row["reason"] = *r;
    }
    out.push_back(std::move(row));
  }
  return out;
}

// The issuing lab as its lab file states it, and the act's number in the
// lab's numbering for the year of issue (Kazakhstan time). The lab file's
// local paths (the TSA's CA file) stay out: they mean nothing elsewhere.
nlohmann::json LabSection(const LabFile* lab, std::chrono::system_clock::time_point issued) {
  if (lab == nullptr) return nullptr;
  nlohmann::json persons = nlohmann::json::array();
  for (const ResponsiblePerson& p : lab->responsible) {
    persons.push_back({{"name", p.name}, {"position", p.position}});
  }
  const int year = std::stoi(FormatKazakhstan(issued).substr(0, 4));
  return {{"name", lab->name},
          {"bin", lab->bin},
          {"address", lab->address},
          {"place", lab->place},
          {"accreditation",
           {{"certificate", lab->accreditation_certificate}, {"scope", lab->accreditation_scope}}},
          {"act_number", FormatActNumber(lab->numbering, year)},
          {"responsible", persons},
          {"tsa", lab->tsa ? nlohmann::json{{"url", lab->tsa->url}} : nlohmann::json()},
          {"file", fs::path(lab->source_path).filename().string()}};
}

}  // namespace

bool IsActFile(const std::string& name) {
  return name == kActJson || name == kActSignature || name == kActHtml || name == kActPdf;
}

std::string ConditionVerdict(const std::vector<std::string>& v) {
  auto has = [&v](const char* s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  if (v.empty()) return "inconclusive";
  if (has("fail")) return "fail";
  if (has("error")) return "error";
  if (has("inconclusive")) return "inconclusive";
  if (std::all_of(v.begin(), v.end(), [](const std::string& s) { return s == "attested"; }))
    return "attested";
  return "pass";
}

Result<nlohmann::json> EvidenceManifest(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    // The error_code overloads: an entry that cannot be examined (a path
    // over PATH_MAX, a vanished file) is a listing error, not an exception.
    const bool regular = it->is_regular_file(ec);
    if (ec) break;
    if (!regular) continue;
    std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (ec) break;
    if (!IsActFile(rel)) names.push_back(rel);
  }
  if (ec) return Error{"cannot list the output folder '" + dir + "': " + ec.message()};
  std::sort(names.begin(), names.end());
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& n : names) {
    std::string path = (fs::path(dir) / n).string();
    Result<std::string> digest = Sha256File(path);
    if (!digest) return digest.error();
    out.push_back({{"file", n}, {"bytes", fs::file_size(path, ec)}, {"sha256", *digest}});
  }
  return out;
}

Result<nlohmann::json> BuildAct(const ActInput& in) {
  const RunRecord& run = *in.run;
  const Scenario& sc = *run.scenario;
  const std::vector<Observation>& obs = *in.observations;
  std::map<std::string, const Observation*> by_id;
  for (const Observation& o : obs) by_id[o.id] = &o;
  std::map<std::string, EvidenceLine> lines =
      IndexEvidence((fs::path(in.out_dir) / run.evidence_file).string());

  nlohmann::json checks = nlohmann::json::array();
  std::map<std::string, std::vector<std::string>> per_clause;
  std::map<std::string, std::vector<std::string>> ids_per_clause;
  std::map<std::string, int> counts;
  for (const CheckResult& c : run.checks) {
    nlohmann::json ev = nlohmann::json::array();
    for (const std::string& id : c.evidence) {
      nlohmann::json e = {{"id", id}};
      if (auto o = by_id.find(id); o != by_id.end()) {
        e["probe"] = o->second->probe;
        e["target"] = o->second->target;
        e["site"] = o->second->site;
        e["channel"] = o->second->channel;
        e["status"] = ToString(o->second->status);
      }
      if (auto l = lines.find(id); l != lines.end()) {
        e["file"] = run.evidence_file;
        e["line"] = l->second.line;
        e["sha256"] = l->second.sha256;
      }
      ev.push_back(e);
    }
    nlohmann::json check = {{"id", c.id},           {"clause", c.clause},
                            {"title", c.title},     {"verdict", ToString(c.verdict)},
                            {"summary", c.summary}, {"figures", c.figures},
                            {"evidence", ev}};
    // The finding's key and arguments, for rendering the act in kk and ru;
    // the English summary stays for readers of older acts.
    if (!c.finding.empty()) check["finding"] = ToJson(c.finding);
    if (!c.notes.empty()) {
      check["notes"] = nlohmann::json::array();
      for (const Finding& n : c.notes) check["notes"].push_back(ToJson(n));
    }
    checks.push_back(std::move(check));
    per_clause[c.clause].push_back(ToString(c.verdict));
    ids_per_clause[c.clause].push_back(c.id);
    ++counts[ToString(c.verdict)];
  }
  nlohmann::json conditions = nlohmann::json::array();
  for (const char* clause : kClauses) {
    conditions.push_back({{"clause", clause},
                          {"verdict", ConditionVerdict(per_clause[clause])},
                          {"checks", ids_per_clause[clause]}});
  }

  nlohmann::json documents = nlohmann::json::array();
  for (const Observation& o : obs) {
    if (o.probe != "document.hash") continue;
    documents.push_back({{"clause", Text(o.data, "clause")},
                         {"reference", Text(o.data, "reference")},
                         {"date", Text(o.data, "date")},
                         {"issuer", Text(o.data, "issuer")},
                         {"file", o.target},
                         {"sha256", o.data.value("sha256", nlohmann::json())},
                         {"declared_sha256", o.data.value("declared_sha256", nlohmann::json())},
                         {"matches_declared", o.data.value("matches_declared", nlohmann::json())},
                         {"status", ToString(o.status)},
                         {"evidence", o.id}});
  }

  Result<nlohmann::json> manifest = EvidenceManifest(in.out_dir);
  if (!manifest) return manifest.error();

  nlohmann::json vantage = {{"name", run.vantage}};
  for (const VantagePoint& v : sc.vantage_points) {
    if (v.name == run.vantage) {
      vantage["latitude"] = v.latitude;
      vantage["longitude"] = v.longitude;
    }
  }
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) == 0) vantage["host"] = host;

  nlohmann::json signature = nullptr;
  if (in.signer) {
    const ActSigner& s = *in.signer;
    signature = {{"file", kActSignature},
                 {"format", "CMS SignedData (RFC 5652), detached, DER, over act.json's bytes"},
                 {"signer", s.subject},
                 {"issuer", s.issuer},
                 {"serial", s.serial},
                 {"key", s.key_type},
                 {"certificate_sha256", s.certificate_sha256},
                 {"demonstration", s.demonstration}};
    if (s.demonstration) {
      signature["note"] =
          "signed with a throwaway demonstration key generated by pooltest demo; "
          "not valid for accreditation";
    }
  }

  // Settlement names in kk and ru for the act's parts, from the run's gazetteer.
  nlohmann::json pool = PoolSection(sc, obs);
  std::vector<std::string> settlement_ids;
  for (const nlohmann::json& c : checks) {
    SettlementIdsOf(c.value("finding", nlohmann::json()), &settlement_ids);
  }
  const RunGazetteer gazetteer = GazetteerOf(CheckInput{sc, obs});
  // The place of issue, when the gazetteer knows it, in each part's language
  // too (the lab file may spell it "Astana" for a Kazakh part).
  nlohmann::json lab = LabSection(in.lab, run.started);
  if (in.lab != nullptr && gazetteer.gazetteer) {
    if (const Settlement* s = gazetteer.gazetteer->Find(in.lab->place)) {
      lab["place_settlement_id"] = s->id;
      settlement_ids.push_back(s->id);
    }
  }
  AddSettlementNames(gazetteer.gazetteer ? &*gazetteer.gazetteer : nullptr, settlement_ids, &pool);

  bool positive = IsPositive(run.checks) && !run.interrupted && !run.checks.empty();
  return nlohmann::json{
      {"format", "pooltest-act/1"},
      {"canonicalisation", "RFC 8785"},
      {"harness", {{"name", "pooltest"}, {"version", run.harness_version}}},
      {"rules",
       "Rules of rendering the state service \"Accreditation of digital mining pools\" (order No. "
       "142/НҚ of 11 April 2023 as amended by order No. 404/НҚ of 13 September 2023; state "
       "registration No. 32315), paragraph 4"},
      {"scenario",
       {{"name", sc.name},
        {"source", fs::path(sc.source_path).filename().string()},
        {"file", in.scenario_copy},
        {"sha256", sc.sha256},
        {"internationalised_hosts", InternationalisedHosts(obs)}}},
      {"lab", lab},
      {"applicant", ApplicantJson(sc.applicant)},
      {"data_used", DataUsedSection(sc, obs)},
      {"run",
       {{"vantage", vantage},
        {"started_utc", FormatUtc(run.started)},
        {"started_kz", FormatKazakhstan(run.started)},
        {"finished_utc", FormatUtc(run.finished)},
        {"finished_kz", FormatKazakhstan(run.finished)},
        {"interrupted", run.interrupted},
        {"deadline_hit", run.deadline_hit},
        {"observations", run.observations}}},
      {"result", {{"positive", positive}, {"counts", counts}}},
      {"conditions", conditions},
      {"checks", checks},
      {"documents", documents},
      {"pool", pool},
      {"refused_requests", RefusedRequests(obs)},
      {"evidence", {{"file", run.evidence_file}, {"sha256", run.evidence_sha256}}},
      {"manifest", *manifest},
      {"signature", signature},
  };
}

}  // namespace pooltest
