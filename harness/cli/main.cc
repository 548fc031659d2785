// pooltest: conformance test harness for the accreditation of digital mining
// pools in Kazakhstan. Sub-commands: validate, run, refpool, demo.
#include <iostream>

#include <CLI/CLI.hpp>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/install_paths.h"

int main(int argc, char** argv) {
  using namespace pooltest;
  CLI::App app{"pooltest " + HarnessVersion() +
               " — conformance tests for the accreditation of digital mining pools "
               "(Kazakhstan, order No. 142/НҚ)"};
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

  RefpoolArgs refpool;
  auto* p = app.add_subcommand("refpool",
                               "Run the bundled reference pool on loopback until "
                               "Ctrl-C");
  p->add_option("--config,-c", refpool.config,
                "Reference pool config (YAML); default: a "
                "conforming pool");

  DemoArgs demo;
  auto* d = app.add_subcommand("demo",
                               "Start the reference pool, run scenarios/demo.yaml "
                               "against it, print every verdict");
  d->add_option("--out,-o", demo.out_dir, "Output folder (default: a fresh pooltest-demo-<time>)");
  d->add_option("--scenario", demo.scenario, "Run another scenario against the reference pool");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitScenarioError;
  }
  if (*v) return ValidateCommand(validate);
  if (*r) return RunCommand(run);
  if (*p) return RefpoolCommand(refpool);
  if (*d) return DemoCommand(demo);
  return kExitHarnessError;
}
