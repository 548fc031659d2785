#include "checks/finding.h"

namespace pooltest {

nlohmann::json ToJson(const Finding& f) { return {{"key", f.key}, {"args", f.args}}; }

bool FindingFromJson(const nlohmann::json& j, Finding* out) {
  if (!j.is_object()) return false;
  auto key = j.find("key");
  auto args = j.find("args");
  if (key == j.end() || !key->is_string() || key->get<std::string>().empty()) return false;
  if (args != j.end() && !args->is_object()) return false;
  out->key = key->get<std::string>();
  out->args = args == j.end() ? nlohmann::json::object() : *args;
  return true;
}

}  // namespace pooltest
