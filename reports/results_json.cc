#include "reports/results_json.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "core/time_format.h"

namespace pooltest {

nlohmann::json ApplicantJson(const Applicant& a) {
  nlohmann::json j = {
      {"legal_name", a.legal_name}, {"bin", a.bin}, {"legal_address", a.legal_address}};
  if (!a.basis.kind.empty())
    j["basis"] = {{"kind", a.basis.kind}, {"number", a.basis.number}, {"date", a.basis.date}};
  return j;
}

nlohmann::json ResultsJson(const RunRecord& run) {
  std::map<std::string, int> counts;
  nlohmann::json checks = nlohmann::json::array();
  for (const CheckResult& c : run.checks) {
    ++counts[ToString(c.verdict)];
    checks.push_back(ToJson(c));
  }
  const Scenario& sc = *run.scenario;
  return {
      {"format", "pooltest-results/1"},
      {"harness_version", run.harness_version},
      // The scenario's name without its folder: no path of the lab's machine.
      {"scenario",
       {{"name", sc.name},
        {"file", std::filesystem::path(sc.source_path).filename().string()},
        {"sha256", sc.sha256}}},
      {"applicant", ApplicantJson(sc.applicant)},
      {"run",
       {{"vantage", run.vantage},
        {"started_utc", FormatUtc(run.started)},
        {"started_kz", FormatKazakhstan(run.started)},
        {"finished_utc", FormatUtc(run.finished)},
        {"finished_kz", FormatKazakhstan(run.finished)},
        {"interrupted", run.interrupted},
        {"deadline_hit", run.deadline_hit},
        {"observations", run.observations},
        {"evidence", {{"file", run.evidence_file}, {"sha256", run.evidence_sha256}}}}},
      {"positive", IsPositive(run.checks) && !run.interrupted},
      {"counts", counts},
      {"checks", checks},
  };
}

Status WriteResultsJson(const RunRecord& run, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  out << ResultsJson(run).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  out.close();
  if (!out) return Error{"cannot write '" + path + "'"};
  return Ok{};
}

}  // namespace pooltest
