#include "tests/hostile/hostile_run.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pooltest::hostile {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string Seconds(std::chrono::seconds s) { return std::to_string(s.count()) + "s"; }

std::string ReadFile(const std::string& path, size_t max = 1 << 20) {
  std::ifstream in(path, std::ios::binary);
  std::string s(max, '\0');
  in.read(s.data(), static_cast<std::streamsize>(max));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

void ReadResults(const std::string& path, RunReport& r) {
  if (!fs::exists(path)) {
    r.results_error = path + " was not written";
    return;
  }
  const nlohmann::json j = nlohmann::json::parse(ReadFile(path, 64 << 20), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("checks") || !j["checks"].is_array()) {
    r.results_error = path + " is not JSON with a checks array";
    return;
  }
  r.results_ok = true;
  for (const auto& c : j["checks"]) {
    if (c.is_object() && c.contains("id") && c["id"].is_string())
      r.checks[c["id"].get<std::string>()] = {{"verdict", c.value("verdict", "")},
                                              {"summary", c.value("summary", "")}};
  }
}

void ReadEvidence(const std::string& path, RunReport& r) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.evidence_error = path + " was not written";
    return;
  }
  std::string line;
  while (std::getline(in, line)) {
    ++r.evidence_lines;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      r.evidence_error = "line " + std::to_string(r.evidence_lines) + " (" +
                         std::to_string(line.size()) + " bytes) is not a JSON object";
      return;
    }
  }
  if (r.evidence_lines == 0) r.evidence_error = path + " is empty";
}

}  // namespace

std::string RunReport::Verdict(const std::string& check) const {
  return checks.contains(check) ? checks[check].value("verdict", "") : "";
}

std::string RunReport::Summary(const std::string& check) const {
  return checks.contains(check) ? checks[check].value("summary", "") : "";
}

std::string ScenarioYaml(const Behaviour& b, const HostilePorts& p, const RunSettings& s) {
  const std::string web = "http://127.0.0.11:";
  const std::string ui = web + std::to_string(p.ui);
  const std::string desk = web + std::to_string(p.desk) + "/api/support/tickets";
  const std::string docs = s.source_dir + "/scenarios/documents/";
  std::ostringstream y;
  y << "pooltest: 1\n"
    << "name: \"Hostile pool: " << b.name << "\"\n"
    << "applicant: {legal_name: \"TOO Hostile (test)\", bin: \"230440012341\"}\n"
    << "sites:\n"
    << "  - id: primary\n    role: primary\n    settlement: Astana\n"
    << "    stratum: [{url: \"stratum+tcp://127.0.0.11:" << p.primary_stratum << "\"}]\n"
    << "    channels:\n"
    << "      - {provider: Kazakhtelecom, addresses: [127.0.0.11]}\n"
    << "      - {provider: Transtelecom, addresses: [127.0.0.12]}\n"
    << "  - id: backup\n    role: backup\n    settlement: Almaty\n"
    << "    stratum: [{url: \"stratum+tcp://127.0.0.21:" << p.backup_stratum << "\"}]\n"
    << "    channels:\n"
    << "      - {provider: Kazakhtelecom, addresses: [127.0.0.21]}\n"
    << "      - {provider: KazTransCom, addresses: [127.0.0.22]}\n"
    << "worker: {user: demo.worker1, password: x}\n"
    << "ui:\n"
    << "  base_url: \"" << ui << "\"\n"
    << "  pages: [\"/\", \"/pricing\", \"/help\"]\n"
    << "  languages: {kk: {path_prefix: /kk}, ru: {path_prefix: /ru}, en: {path_prefix: /en}}\n"
    << "  crawl: {depth: 2, max_pages: 50}\n"
    << "support:\n"
    << "  - name: desk\n    kind: ticket_api\n"
    << "    create: {url: \"" << desk << "\", method: POST, "
    << "body: '{\"subject\":\"{{subject}}\",\"message\":\"{{message}}\"}', ticket_id: /id}\n"
    << "    poll: {url: \"" << desk << "/{{ticket_id}}\", reply: /replies}\n"
    << "    auto_reply_pattern: \"received|автоматическ|автоматты\"\n"
    << "vantage_points: [{name: harness, latitude: 51.1694, longitude: 71.4491, local: true}]\n"
    << "data_sources:\n"
    << "  geolocation: [{name: refpool-geo, path: \"" << s.data_dir << "/refpool-geo.mmdb\"}]\n"
    << "  asn: [{name: refpool-asn, path: \"" << s.data_dir << "/refpool-asn.mmdb\"}]\n"
    << "thresholds: {probe_timeout: " << Seconds(s.probe_timeout)
    << ", run_timeout: " << Seconds(s.run_timeout)
    << ", support_sla: 3s, support_probe_window: 3s}\n"
    << "documents:\n"
    << "  - {clause: R4.2, reference: DEMO-IS-0001, date: \"2024-05-14\", issuer: Demo lab, "
    << "file: \"" << docs << "demo-infosec-test-act.txt\"}\n"
    << "  - {clause: R4.7, reference: DEMO-INT-0002, date: \"2024-06-03\", issuer: Demo authority, "
    << "file: \"" << docs << "demo-integration-letter.txt\"}\n"
    << "output: {formats: [json]}\n";
  return y.str();
}

RunReport RunBehaviour(const Behaviour& b, const RunSettings& s, ChildLauncher& launcher) {
  RunReport r;
  r.dir = s.work_dir + "/" + b.name;
  std::error_code ec;
  fs::remove_all(r.dir, ec);
  fs::create_directories(r.dir, ec);
  if (ec) {
    r.error = "cannot make " + r.dir + ": " + ec.message();
    return r;
  }
  Result<std::unique_ptr<HostilePool>> pool = HostilePool::Start(b);
  if (!pool) {
    r.error = pool.error().message;
    return r;
  }
  const std::string scenario = r.dir + "/scenario.yaml";
  std::ofstream(scenario) << ScenarioYaml(b, (*pool)->ports(), s);
  const std::string out = r.dir + "/out";
  const ChildOutcome run = launcher.Run({s.pooltest, "run", scenario, "--out", out, "--quiet"},
                                        r.dir + "/stdout.txt", r.dir + "/stderr.txt", s.kill_after);
  r.seen = (*pool)->log();
  pool->reset();  // ends the hostile connections before the files are read
  if (!run.error.empty()) {
    r.error = run.error;
    return r;
  }
  r.exit_code = run.exit_code;
  r.signal = run.signal;
  r.killed = run.killed;
  r.wall_s = run.wall_s;
  r.max_rss_kb = run.max_rss_kb;
  ReadResults(out + "/results.json", r);
  ReadEvidence(out + "/evidence.jsonl", r);
  const ChildOutcome py = launcher.Run({s.python, s.evidence_checker, out}, r.dir + "/python.out",
                                       r.dir + "/python.err", 120s);
  r.python_exit = py.error.empty() && !py.killed ? py.exit_code : -1;
  r.python_output = py.error.empty() ? ReadFile(r.dir + "/python.out", 4096) +
                                           ReadFile(r.dir + "/python.err", 4096)
                                     : py.error;
  return r;
}

}  // namespace pooltest::hostile
