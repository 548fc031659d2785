// pooltest: conformance test harness for the accreditation of digital mining
// pools in Kazakhstan. Sub-commands: validate, run, refpool, demo, campaign,
// verify, diff, measure.
#include <iostream>

#include <CLI/CLI.hpp>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/install_paths.h"
#include "harness/cli/usage_hint.h"

int main(int argc, char** argv) {
  using namespace pooltest;
  CLI::App app{"pooltest " + HarnessVersion() +
               " — conformance tests for the accreditation of digital mining pools "
               "(Kazakhstan: Rules of rendering the state service, order No. 142/НҚ as amended by "
               "order No. 404/НҚ, state registration No. 32315)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", HarnessVersion());

  ValidateArgs validate;
  auto* v = app.add_subcommand("validate",
                               "Check scenario files; report every problem with "
                               "file, line and column");
  v->add_option("files", validate.files, "Scenario files (YAML or JSON)")->required();
  v->add_flag("--json", validate.json, "Machine-readable diagnostics on stdout");

  RunArgs run;
  auto* r = app.add_subcommand("run",
                               "Run a scenario against a pool and write evidence and "
                               "results");
  r->add_option("scenario", run.scenario, "Scenario file")->required();
  r->add_option("--out,-o", run.out_dir, "Output folder (default: a fresh pooltest-<name>-<time>)");
  r->add_flag("--force", run.force, "Write into a non-empty output folder");
  r->add_flag("--json", run.json, "Print results as JSON on stdout");
  r->add_flag("--quiet,-q", run.quiet, "No progress display");
  r->add_option("--sign-p12", run.sign_p12, "Sign the act with the key in this PKCS#12 file");
  r->add_option("--sign-password-env", run.sign_password_env,
                "Environment variable holding the PKCS#12 password");
  r->add_option("--sign-password-file", run.sign_password_file,
                "File holding the PKCS#12 password (first line)");
  r->add_option("--lab", run.lab,
                "The lab file: the issuing lab, act numbering, responsible persons, TSA");

  RefpoolArgs refpool;
  auto* p = app.add_subcommand("refpool",
                               "Run the bundled reference pool on loopback until "
                               "Ctrl-C");
  p->add_option("--config,-c", refpool.config,
                "Reference pool config (YAML); default: a "
                "conforming pool");
  p->add_option("--log", refpool.log,
                "Append the stratum log (sessions, shares, new jobs) to this file "
                "(default: stderr)");

  DemoArgs demo;
  auto* d = app.add_subcommand("demo",
                               "Start the reference pool, run scenarios/demo.yaml "
                               "against it, print every verdict");
  d->add_option("--out,-o", demo.out_dir, "Output folder (default: a fresh pooltest-demo-<time>)");
  d->add_option("--scenario", demo.scenario, "Run another scenario against the reference pool");
  d->add_option("--lab", demo.lab, "Another lab file (default: the bundled throwaway one)");

  CampaignArgs campaign;
  auto* c = app.add_subcommand("campaign",
                               "The 24/7 support campaign (R4.5): start, resume, status, report");
  c->add_option("action", campaign.action, "start | resume | status | report")
      ->required()
      ->check(CLI::IsMember({"start", "resume", "status", "report"}));
  c->add_option("--db", campaign.db, "Campaign database (SQLite)")->required();
  c->add_option("--scenario", campaign.scenario, "Scenario file (start)");
  c->add_option("--start", campaign.start, "Window start, UTC (default: now)");
  c->add_option("--days", campaign.days, "Window length in days (default 7)");
  c->add_option("--seed", campaign.seed, "Seed of the random request minutes");
  c->add_option("--per-hour", campaign.per_hour, "Requests per channel per hour (default 1)");
  c->add_option("--min-gap", campaign.min_gap_s, "Seconds between two requests (default 600)");
  c->add_option("--poll", campaign.poll_s, "Seconds between polls for a reply (default 60)");
  c->add_option("--reply-wait", campaign.reply_wait_s,
                "Seconds after which a request is unanswered (default 86400)");
  c->add_option("--late-grace", campaign.late_grace_s,
                "Seconds late a request may still be sent, else missed (default 300)");
  c->add_option("--calendar-dir", campaign.calendar_dir, "Public-holiday calendar folder");
  c->add_option("--clock-file", campaign.clock_file, "Virtual clock file (tests)");
  c->add_flag("--plan-only", campaign.plan_only, "start: plan, do not run");
  c->add_flag("--json", campaign.json, "report: JSON");
  c->add_flag("--quiet,-q", campaign.quiet, "Fewer messages");
  c->add_option("--metrics-listen", campaign.metrics_listen,
                "start/resume: serve progress as Prometheus metrics at "
                "http://ADDRESS:PORT/metrics (a bare PORT listens on 127.0.0.1; 0 picks one)");
  c->add_option("--metrics-textfile", campaign.metrics_textfile,
                "start/resume: write progress as Prometheus metrics to this file (node-exporter "
                "textfile collector; replaced atomically)");

  VerifyArgs verify;
  auto* vf = app.add_subcommand("verify",
                                "Verify a signed act: signature, CA chain, evidence hashes, "
                                "scenario hash");
  vf->add_option("dir", verify.dir, "The run's output folder")->required();
  vf->add_option("--ca", verify.ca_file, "CA certificate(s), PEM")->required();
  vf->add_option("--tsa-ca", verify.tsa_ca_file,
                 "The time-stamping authority's CA certificate(s), PEM: checks the signature's "
                 "RFC 3161 token and validates the signer at its time");
  vf->add_option("--at", verify.at,
                 "Verify as of this UTC time, e.g. 2030-01-01 or 2030-01-01T12:00:00Z "
                 "(default: now)");
  vf->add_flag("--json", verify.json, "Machine-readable result on stdout");

  DiffArgs diff;
  auto* df = app.add_subcommand("diff", "What changed between two acts (yearly re-audit)");
  df->add_option("old", diff.old_act, "Earlier act: output folder or act.json")->required();
  df->add_option("new", diff.new_act, "Later act: output folder or act.json")->required();
  df->add_option("--tolerance", diff.tolerance, "Relative tolerance for figures (default 0.10)");
  df->add_option("--time-tolerance-ms", diff.time_tolerance_ms,
                 "Absolute tolerance for timing figures in ms (default 50)");
  df->add_flag("--json", diff.json, "Machine-readable changes on stdout");

  MeasureArgs measure;
  auto* m = app.add_subcommand("measure",
                               "Latency probes only, from a named vantage point, into a "
                               "measurements file for another run to import");
  m->add_option("scenario", measure.scenario, "Scenario file")->required();
  m->add_option("--vantage", measure.vantage, "Vantage point name (from vantage_points)")
      ->required();
  m->add_option("--out,-o", measure.out, "Measurements file to write (JSON)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help, the version, or CLI11's error
    if (code == 0) return 0;
    const std::string hint = UsageHint(app, std::vector<std::string>(argv + 1, argv + argc));
    if (!hint.empty()) std::cerr << hint << "\n";
    return kExitUsage;
  }
  if (*v) return ValidateCommand(validate);
  if (*r) return RunCommand(run);
  if (*p) return RefpoolCommand(refpool);
  if (*d) return DemoCommand(demo);
  if (*vf) return VerifyCommand(verify);
  if (*df) return DiffCommand(diff);
  if (*c) return CampaignCommand(campaign);
  if (*m) return MeasureCommand(measure);
  return kExitHarnessError;
}
