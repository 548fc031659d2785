// pooltest: conformance test harness for the accreditation of digital mining
// pools in Kazakhstan. Sub-commands: validate, run, refpool, demo, campaign,
// verify, diff, measure, deadlines, registry, dossier. Option type names
// (SCENARIO, ACT, DIR, ...) say what a value is, in --help, the man page and
// shell completion alike.
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>

#include "harness/cli/commands.h"
#include "harness/cli/completion.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/usage_hint.h"
#include "harness/runner/install_paths.h"

int main(int argc, char** argv) {
  using namespace pooltest;
  CLI::App app{
      "pooltest " + HarnessVersion() +
          " — conformance tests for the accreditation of digital mining pools "
          "(Kazakhstan: Rules of rendering the state service, order No. 142/НҚ as amended by "
          "order No. 404/НҚ, state registration No. 32315)",
      "pooltest"};
  app.require_subcommand(1);
  app.set_version_flag("--version", HarnessVersion());

  ValidateArgs validate;
  auto* v = app.add_subcommand("validate",
                               "Check scenario files; report every problem with "
                               "file, line and column");
  v->add_option("files", validate.files, "Scenario files (YAML or JSON)")
      ->required()
      ->type_name("SCENARIO");
  v->add_flag("--json", validate.json, "Machine-readable diagnostics on stdout");

  RunArgs run;
  auto* r = app.add_subcommand("run",
                               "Run a scenario against a pool and write evidence and "
                               "results");
  r->add_option("scenario", run.scenario, "Scenario file")->required()->type_name("SCENARIO");
  r->add_option("--out,-o", run.out_dir, "Output folder (default: a fresh pooltest-<name>-<time>)")
      ->type_name("DIR");
  r->add_flag("--force", run.force, "Write into a non-empty output folder");
  r->add_flag("--json", run.json, "Print results as JSON on stdout");
  r->add_flag("--quiet,-q", run.quiet, "No progress display");
  r->add_option("--sign-p12", run.sign_p12, "Sign the act with the key in this PKCS#12 file")
      ->type_name("FILE");
  r->add_option("--sign-password-env", run.sign_password_env,
                "Environment variable holding the PKCS#12 password")
      ->type_name("VAR");
  r->add_option("--sign-password-file", run.sign_password_file,
                "File holding the PKCS#12 password (first line)")
      ->type_name("FILE");
  r->add_option("--lab", run.lab,
                "The lab file: the issuing lab, act numbering, responsible persons, TSA")
      ->type_name("LAB");

  RefpoolArgs refpool;
  auto* p = app.add_subcommand("refpool",
                               "Run the bundled reference pool on loopback until "
                               "Ctrl-C");
  p->add_option("--config,-c", refpool.config,
                "Reference pool config (YAML); default: a "
                "conforming pool")
      ->type_name("CONFIG");
  p->add_option("--addresses", refpool.addresses,
                "Loopback block 127.0.X.0/24 to run in (default: the first free one, "
                "127.0.0.0/24 if free)")
      ->type_name("BLOCK");
  p->add_option("--log", refpool.log,
                "Append the stratum log (sessions, shares, new jobs) to this file "
                "(default: stderr)")
      ->type_name("FILE");

  DemoArgs demo;
  auto* d = app.add_subcommand("demo",
                               "Start the reference pool, run scenarios/demo.yaml "
                               "against it, print every verdict");
  d->add_option("--out,-o", demo.out_dir, "Output folder (default: a fresh pooltest-demo-<time>)")
      ->type_name("DIR");
  d->add_option("--scenario", demo.scenario, "Run another scenario against the reference pool")
      ->type_name("SCENARIO");
  d->add_option("--lab", demo.lab, "Another lab file (default: the bundled throwaway one)")
      ->type_name("LAB");
  d->add_option("--addresses", demo.addresses,
                "Loopback block 127.0.X.0/24 for the reference pool and the scenario's "
                "127.0.0.Y addresses (default: the first free one, 127.0.0.0/24 if free)")
      ->type_name("BLOCK");

  CampaignArgs campaign;
  auto* c = app.add_subcommand("campaign",
                               "The 24/7 support campaign (R4.5): start, resume, status, report");
  c->add_option("action", campaign.action, "start | resume | status | report")
      ->required()
      ->check(CLI::IsMember({"start", "resume", "status", "report"}));
  c->add_option("--db", campaign.db, "Campaign database (SQLite)")->required()->type_name("FILE");
  c->add_option("--scenario", campaign.scenario, "Scenario file (start)")->type_name("SCENARIO");
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
  c->add_option("--calendar-dir", campaign.calendar_dir, "Public-holiday calendar folder")
      ->type_name("DIR");
  c->add_option("--clock-file", campaign.clock_file, "Virtual clock file (tests)")
      ->type_name("FILE");
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
  vf->add_option("dir", verify.dir, "The run's output folder")->required()->type_name("ACT_DIR");
  vf->add_option("--ca", verify.ca_file, "CA certificate(s), PEM")->required()->type_name("FILE");
  vf->add_option("--tsa-ca", verify.tsa_ca_file,
                 "The time-stamping authority's CA certificate(s), PEM: checks the signature's "
                 "RFC 3161 token and validates the signer at its time")
      ->type_name("FILE");
  vf->add_option("--at", verify.at,
                 "Verify as of this UTC time, e.g. 2030-01-01 or 2030-01-01T12:00:00Z "
                 "(default: now)");
  vf->add_flag("--json", verify.json, "Machine-readable result on stdout");
  vf->footer(
      "Exit status:\n  0  the act verifies\n  1  it does not (each problem listed)\n"
      "  64  the command line is wrong (e.g. a malformed --at)");

  DiffArgs diff;
  auto* df = app.add_subcommand("diff", "What changed between two acts (yearly re-audit)");
  df->add_option("old", diff.old_act, "Earlier act: output folder or act.json")
      ->required()
      ->type_name("ACT");
  df->add_option("new", diff.new_act, "Later act: output folder or act.json")
      ->required()
      ->type_name("ACT");
  df->add_option("--tolerance", diff.tolerance, "Relative tolerance for figures (default 0.10)");
  df->add_option("--time-tolerance-ms", diff.time_tolerance_ms,
                 "Absolute tolerance for timing figures in ms (default 50)");
  df->add_flag("--json", diff.json, "Machine-readable changes on stdout");
  df->footer(
      "Exit status:\n  0  the acts agree (within the tolerances)\n"
      "  1  something changed (listed on stdout)\n  4  an act cannot be read\n"
      "  64  the command line is wrong");

  MeasureArgs measure;
  auto* m = app.add_subcommand("measure",
                               "Latency probes only, from a named vantage point, into a "
                               "measurements file for another run to import");
  m->add_option("scenario", measure.scenario, "Scenario file")->required()->type_name("SCENARIO");
  m->add_option("--vantage", measure.vantage, "Vantage point name (from vantage_points)")
      ->required();
  m->add_option("--out,-o", measure.out, "Measurements file to write (JSON)")
      ->required()
      ->type_name("FILE");

  // After the sub-commands, which would inherit it.
  std::string exit_status = "Exit status:\n";
  for (const auto& [code, meaning] : kExitCodeMeanings)
    exit_status += "  " + std::to_string(code) + "  " + meaning + "\n";
  app.footer(exit_status + "\nRun 'pooltest SUBCOMMAND --help' for a sub-command's options.");

  // Asked by the shell completion scripts on every Tab (completion.h); not
  // a sub-command, so it is in no help and no usage hint.
  if (argc >= 2 && std::string_view(argv[1]) == "__complete") {
    std::cout << FormatCompletion(Complete(app, std::vector<std::string>(argv + 2, argv + argc)));
    return kExitPositive;
  }

  DeadlinesArgs deadlines;
  auto* dl = app.add_subcommand(
      "deadlines", "The registration day and every deadline of an application (Rules paras 6-12)");
  dl->add_option("--submitted", deadlines.submitted,
                 "When it was submitted: RFC 3339 with offset (2026-12-04T19:10:00+05:00) or "
                 "Kazakhstan local time ('2026-12-04 19:10')")
      ->required();
  dl->add_option("--request", deadlines.request, "new (default) | reissue")
      ->check(CLI::IsMember({"new", "reissue"}));
  dl->add_option("--calendar-dir", deadlines.calendar_dir, "Public-holiday calendar folder");
  dl->add_flag("--json", deadlines.json, "Machine-readable schedule on stdout");

  RegistryArgs registry;
  auto* rg =
      app.add_subcommand("registry", "The re-audit registry of pools and their acts (SQLite)");
  rg->require_subcommand(1);
  auto db_option = [&registry](CLI::App* sub) {
    sub->add_option("--db", registry.db,
                    "Registry file (default $XDG_DATA_HOME/pooltest/registry.sqlite)");
    sub->add_flag("--json", registry.json, "Machine-readable output on stdout");
  };
  auto* rg_add = rg->add_subcommand("add", "Verify an act and record it");
  rg_add->add_option("act_dir", registry.act_dir, "The act's output folder")->required();
  rg_add->add_option("--ca", registry.ca_file, "CA certificate(s) the act's signer chains to");
  rg_add->add_option("--tsa-ca", registry.tsa_ca_file, "The TSA's CA certificate(s)");
  rg_add->add_flag("--unverified", registry.unverified,
                   "Record an act that does not verify, marked unverified");
  db_option(rg_add);
  auto* rg_list = rg->add_subcommand("list", "Every pool, its last act and certificate");
  db_option(rg_list);
  auto* rg_due = rg->add_subcommand("due", "Pools whose yearly re-audit falls within a window");
  rg_due->add_option("--within", registry.within, "Window from now, e.g. 60d (default)");
  rg_due->add_option("--now", registry.now, "Today as YYYY-MM-DD (default: today in Kazakhstan)");
  db_option(rg_due);
  auto* rg_cert = rg->add_subcommand("certificate", "Record a pool's certificate date");
  rg_cert->add_option("bin", registry.bin, "The pool's BIN")->required();
  rg_cert->add_option("--date", registry.date, "Date of issue, YYYY-MM-DD")->required();
  db_option(rg_cert);
  auto* rg_diff = rg->add_subcommand("diff", "pooltest diff between a pool's last two acts");
  rg_diff->add_option("bin", registry.bin, "The pool's BIN")->required();
  db_option(rg_diff);
  DossierArgs dossier;
  auto* ds = app.add_subcommand(
      "dossier",
      "The application (Annex 1), the letters the act supports and the document list "
      "(Annex 2) from a verified act, in Kazakh and Russian");
  ds->add_option("act", dossier.act_dir, "The act's folder")->required();
  ds->add_option("--out,-o", dossier.out_dir, "Dossier folder (new or empty)")->required();
  ds->add_option("--route", dossier.route, "office | portal (default portal)")
      ->check(CLI::IsMember({"office", "portal"}));
  ds->add_option("--request", dossier.request, "new | reissue (default new)")
      ->check(CLI::IsMember({"new", "reissue"}));
  ds->add_option("--ca", dossier.ca_file, "The lab's CA certificate(s), PEM, to verify the act");
  ds->add_option("--tsa-ca", dossier.tsa_ca_file, "The TSA's CA certificate(s), PEM");
  ds->add_flag("--unverified", dossier.unverified,
               "Draft from an act that is not verified; every page says so");
  ds->add_option("--rental-contract", dossier.rental_contract,
                 "The server-room rental contract to attach");
  ds->add_option("--sign-p12", dossier.sign_p12, "Sign manifest.json with the key in this PKCS#12");
  ds->add_option("--sign-password-env", dossier.sign_password_env,
                 "Environment variable holding the PKCS#12 password");
  ds->add_option("--sign-password-file", dossier.sign_password_file,
                 "File holding the PKCS#12 password (first line)");
  ds->add_flag("--json", dossier.json, "Print dossier.json on stdout");

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
  if (*dl) return DeadlinesCommand(deadlines);
  if (*rg) {
    for (CLI::App* sub : {rg_add, rg_list, rg_due, rg_cert, rg_diff})
      if (*sub) registry.action = sub->get_name();
    return RegistryCommand(registry);
  }
  if (*ds) return DossierCommand(dossier);
  return kExitHarnessError;
}
