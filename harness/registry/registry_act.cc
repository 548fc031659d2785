#include "harness/registry/registry_act.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/sha256.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

std::string Text(const nlohmann::json& j, const char* object, const char* key) {
  if (!j.contains(object) || !j[object].is_object()) return "";
  const nlohmann::json& o = j[object];
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : "";
}

// As the exit codes rank a run: any failure, else any error, else anything
// short of pass/attested.
std::string Overall(const nlohmann::json& act) {
  const nlohmann::json result = act.value("result", nlohmann::json::object());
  if (result.value("positive", false)) return "positive";
  const nlohmann::json counts = result.value("counts", nlohmann::json::object());
  if (counts.value("fail", 0) > 0) return "failed";
  if (counts.value("error", 0) > 0) return "error";
  return "inconclusive";
}

}  // namespace

Result<RegisteredAct> ReadRegisteredAct(const std::string& act_dir) {
  std::error_code ec;
  const fs::path dir = fs::absolute(act_dir, ec);
  const fs::path file = dir / "act.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file.string() + ": cannot be read (give a run's output folder)"};
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const nlohmann::json act = nlohmann::json::parse(bytes, nullptr, false);
  if (!act.is_object() || !act.contains("checks") || !act.contains("run"))
    return Error{file.string() + ": not a pooltest act"};
  RegisteredAct r;
  r.bin = Text(act, "applicant", "bin");
  r.pool_name = Text(act, "applicant", "legal_name");
  if (r.bin.empty()) return Error{file.string() + ": the act names no applicant BIN"};
  r.act_number = Text(act, "lab", "act_number");
  r.act_date = Text(act, "run", "finished_kz").substr(0, 10);
  if (r.act_date.size() != 10)
    return Error{file.string() + ": the act has no date (run.finished_kz)"};
  r.sha256 = Sha256Hex(bytes);
  r.result = Overall(act);
  r.signer = Text(act, "signature", "signer");
  r.folder = dir.lexically_normal().string();
  return r;
}

}  // namespace pooltest
