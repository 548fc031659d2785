// Every check at once on observations a hostile pool shaped: the input is
// evidence lines (one observation's JSON per line, as evidence.jsonl holds
// them), judged with the demo scenario. Lines that are not an observation
// are dropped, as a reader of a damaged evidence file would. all_checks.h
// promises JudgeAll is total: it never throws, and gives each clause one
// result with a known verdict and a summary that is valid UTF-8, whatever
// the observations' data holds (null, wrong types, missing keys).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "checks/all_checks.h"
#include "core/utf8.h"
#include "scenarios/scenario_loader.h"

namespace {

const pooltest::Scenario& DemoScenario() {
  static const pooltest::Scenario scenario = [] {
    // ${POOLTEST_DATA} in the demo names the build's reference-pool databases.
    pooltest::LoadOptions options;
    options.variables["POOLTEST_DATA"] = POOLTEST_FUZZ_DATA_DIR;
    pooltest::LoadOutcome out = pooltest::LoadScenarioFile(POOLTEST_FUZZ_SCENARIO, options);
    if (!out.scenario) {  // the build's own demo scenario must load
      for (const pooltest::Diagnostic& d : out.diagnostics)
        std::fprintf(stderr, "%s: %s (%s)\n", POOLTEST_FUZZ_SCENARIO, d.message.c_str(),
                     d.hint.c_str());
      abort();
    }
    return *out.scenario;
  }();
  return scenario;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pooltest;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<Observation> observations;
  while (!in.empty()) {
    const size_t nl = in.find('\n');
    const std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    Observation o;
    std::string why;
    if (!j.is_discarded() && FromJson(j, &o, &why)) observations.push_back(std::move(o));
  }
  const CheckInput input{DemoScenario(), observations};
  const std::vector<CheckResult> results = JudgeAll(input);
  if (results.empty()) abort();
  for (const CheckResult& r : results) {
    if (r.id.empty() || r.clause.empty() || r.summary.empty()) abort();
    if (!IsValidUtf8(r.summary)) abort();
    Verdict v;
    if (!ParseVerdict(ToString(r.verdict), &v) || v != r.verdict) abort();
    (void)ToJson(r).dump();  // figures must serialise: dump throws on bad UTF-8
  }
  return 0;
}
