// An act written by the act's own writer (WriteAct) from a hand-made run,
// no network: a primary complex in Astana and a backup in Oskemen (or, for
// the failing act, a backup the databases place in Astana too: R4.3
// fails), every other condition passed or attested, R4.5 passed by a
// campaign, the R4.7 integration letter copied into documents/, the
// bundled gazetteer recorded as the run loaded it, signed with a throwaway
// key as `pooltest demo` signs (MakeDemoPki). The CA to verify it is
// written next to the folder.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/gazetteer.h"
#include "core/sha256.h"
#include "reports/act_writer.h"
#include "tests/reports/test_pki.h"

namespace pooltest::testing {

struct FixtureAct {
  std::filesystem::path dir;
  std::filesystem::path ca;  // PEM, outside dir
  std::string error;         // "" when written
};

inline Observation FixtureObservation(const std::string& id, const std::string& probe,
                                      const std::string& target, const std::string& site,
                                      nlohmann::json data) {
  Observation o;
  o.id = id;
  o.probe = probe;
  o.target = target;
  o.site = site;
  o.status = ProbeStatus::kOk;
  o.data = std::move(data);
  return o;
}

inline CheckResult FixtureCheck(const std::string& id, const std::string& clause, Verdict v,
                                Finding f = {}, nlohmann::json figures = nlohmann::json::object()) {
  CheckResult c;
  c.id = id;
  c.clause = clause;
  c.title = id;
  c.verdict = v;
  c.summary = "English summary of " + id;
  c.finding = std::move(f);
  c.figures = std::move(figures);
  return c;
}

// Without `support_campaign`, R4.5 is what a single run gives: support
// answered now, inconclusive (R4.5.works_now), as in the demo's act.
inline FixtureAct WriteFixtureAct(const std::string& tag, bool backup_in_primary_city,
                                  bool support_campaign = true) {
  namespace fs = std::filesystem;
  FixtureAct out;
  out.dir = fs::temp_directory_path() /
            ("pooltest-dossier-act-" + std::to_string(::getpid()) + "-" + tag);
  out.ca = out.dir.string() + ".ca.pem";
  fs::remove_all(out.dir);
  fs::create_directories(out.dir / "documents");

  const std::string scenario_text = "name: dossier-fixture\n";
  WriteFile(out.dir / "scenario.yaml", scenario_text);
  Scenario sc;
  sc.name = "dossier-fixture";
  sc.source_path = (out.dir / "scenario.yaml").string();
  sc.sha256 = Sha256Hex(scenario_text);
  sc.applicant = {"ТОО «Демо Пул»", "230740012345", "Астана қ., Мәңгілік Ел даңғылы, 55", {}};
  Site primary;
  primary.id = "primary";
  primary.role = SiteRole::kPrimary;
  primary.settlement = "Astana";
  primary.channels = {{"ch1", "Kazakhtelecom", {"10.1.0.1"}, {}},
                      {"ch2", "Transtelecom", {"10.1.1.1"}, {}}};
  Site backup;
  backup.id = "east";
  backup.role = SiteRole::kBackup;
  backup.settlement = "Oskemen";
  backup.channels = {{"ch1", "Kazakhtelecom", {"10.2.0.1"}, {}},
                     {"ch2", "Transtelecom", {"10.2.1.1"}, {}}};
  sc.sites = {primary, backup};

  std::vector<Observation> obs;
  const std::string gazetteer =
      ReadFile(fs::path(POOLTEST_SOURCE_DIR) / "checks" / "data" / "kz-settlements.json");
  obs.push_back(FixtureObservation("obs-0001", "gazetteer.load", "kz-settlements.json", "",
                                   {{"gazetteer", nlohmann::json::parse(gazetteer)}}));
  int n = 1;
  auto geo = [&](const std::string& address, const std::string& site, const std::string& city) {
    char id[16];
    std::snprintf(id, sizeof id, "obs-%04d", ++n);
    obs.push_back(
        FixtureObservation(id, "geo.lookup", address, site, {{"city", city}, {"country", "KZ"}}));
  };
  geo("10.1.0.1", "primary", "Nur-Sultan");
  geo("10.1.1.1", "primary", "Nur-Sultan");
  const std::string backup_city = backup_in_primary_city ? "Astana" : "Ust-Kamenogorsk";
  geo("10.2.0.1", "east", backup_city);
  geo("10.2.1.1", "east", backup_city);
  const std::string letter = "Integration letter of the fictitious authority, No. INT-7\n";
  WriteFile(out.dir / "documents" / "integration-letter.txt", letter);
  obs.push_back(FixtureObservation("obs-0100", "document.hash", "documents/integration-letter.txt",
                                   "",
                                   {{"clause", "R4.7"},
                                    {"reference", "INT-7"},
                                    {"date", "2026-10-01"},
                                    {"issuer", "Fictitious authority"},
                                    {"sha256", Sha256Hex(letter)}}));
  std::string evidence;
  for (const Observation& o : obs) evidence += ToJson(o).dump() + "\n";
  WriteFile(out.dir / "evidence.jsonl", evidence);

  RunRecord run;
  run.harness_version = "test";
  run.scenario = &sc;
  run.vantage = "lab";
  run.started = std::chrono::system_clock::now() - std::chrono::minutes(5);
  run.finished = std::chrono::system_clock::now();
  run.observations = obs.size();
  run.evidence_file = "evidence.jsonl";
  run.evidence_sha256 = Sha256Hex(evidence);
  const Verdict pass = Verdict::kPass;
  run.checks.push_back(FixtureCheck(
      "R4.1.location", "R4.1", pass,
      {"R4.1.pass_without_latency", {{"addresses", 4}, {"databases", 1}, {"usable", 0}}}));
  run.checks.push_back(FixtureCheck("R4.2.security-act", "R4.2", Verdict::kAttested));
  if (backup_in_primary_city) {
    run.checks.push_back(FixtureCheck("R4.3.backup.east", "R4.3", Verdict::kFail,
                                      {"R4.3.same_settlement",
                                       {{"site", "east"},
                                        {"settlement", "Astana"},
                                        {"settlement_id", "astana"},
                                        {"city", "Astana"},
                                        {"primary_city", "Nur-Sultan"}}}));
  } else {
    run.checks.push_back(FixtureCheck("R4.3.backup.east", "R4.3", pass,
                                      {"R4.3.pass",
                                       {{"site", "east"},
                                        {"settlement", "Oskemen"},
                                        {"settlement_id", "oskemen"},
                                        {"kind", KindPhrase("regional")},
                                        {"primary", "Astana"},
                                        {"primary_id", "astana"},
                                        {"primary_kind", KindPhrase("capital")}}}));
  }
  run.checks.push_back(FixtureCheck("R4.4.channels", "R4.4", pass));
  if (!support_campaign) {
    run.checks.push_back(
        FixtureCheck("R4.5.support", "R4.5", Verdict::kInconclusive,
                     {"R4.5.works_now", {{"channel", "tickets"}, {"seconds", 4}}}));
  } else {
    run.checks.push_back(FixtureCheck(
        "R4.5.support", "R4.5", pass,
        {"R4.5.pass",
         {{"campaign", "campaign.db"}, {"sla_s", 900}, {"note", ""}, {"replies", "168"}}},
        {{"campaign",
          {{"window",
            {{"start", "2026-11-02T00:00:00+05:00"},
             {"end", "2026-11-09T00:00:00+05:00"},
             {"days", 7}}}}}}));
  }
  nlohmann::json pages = nlohmann::json::array();
  for (const char* page : {"/", "/help"})
    for (const char* lang : {"kk", "ru", "en"})
      pages.push_back({{"page", page},
                       {"lang", lang},
                       {"url", std::string("https://pool.example.kz/") + lang + page}});
  run.checks.push_back(FixtureCheck("R4.6.ui-languages", "R4.6", pass,
                                    {"R4.6.pass", {{"pages", 2}, {"threshold", "80%"}}},
                                    {{"pages", pages}}));
  run.checks.push_back(FixtureCheck("R4.7.integration", "R4.7", Verdict::kAttested));

  LabFile lab;
  lab.name = "Fixture lab";
  lab.numbering.pattern = "FX-{year}/{n:4}";
  lab.numbering.next = 7;
  Result<DemoPki> pki = MakeDemoPki("Fixture lab");
  if (!pki) {
    out.error = pki.error().message;
    return out;
  }
  pki->lab.demonstration = false;
  WriteFile(out.ca, pki->ca_pem);
  ActInput in;
  in.run = &run;
  in.observations = &obs;
  in.out_dir = out.dir.string();
  in.scenario_copy = "scenario.yaml";
  in.lab = &lab;
  ActOptions options;
  options.signer = pki->lab;
  Result<ActOutcome> written = WriteAct(std::move(in), options);
  if (!written) out.error = written.error().message;
  return out;
}

}  // namespace pooltest::testing
