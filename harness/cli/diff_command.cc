#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "reports/act_diff.h"

namespace pooltest {
namespace {

std::optional<nlohmann::json> ReadAct(const std::string& where) {
  namespace fs = std::filesystem;
  fs::path p(where);
  std::error_code ec;
  if (fs::is_directory(p, ec)) p /= "act.json";
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::cerr << "pooltest diff: cannot read '" << p.string()
              << "' (give an output folder with act.json, or an act.json)\n";
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("checks")) {
    std::cerr << "pooltest diff: '" << p.string() << "' is not a pooltest act\n";
    return std::nullopt;
  }
  return j;
}

}  // namespace

// Exit 0 when nothing changed, 1 when something did, 4 on unreadable input.
int DiffCommand(const DiffArgs& args) {
  std::optional<nlohmann::json> a = ReadAct(args.old_act);
  std::optional<nlohmann::json> b = ReadAct(args.new_act);
  if (!a || !b) return kExitHarnessError;
  DiffOptions options;
  options.relative_tolerance = args.tolerance;
  options.time_tolerance_ms = args.time_tolerance_ms;
  std::vector<ActChange> changes = DiffActs(*a, *b, options);
  if (args.json) {
    std::cout << DiffJson(changes).dump(2) << "\n";
  } else {
    std::cout << DiffTable(changes);
  }
  return changes.empty() ? kExitPositive : kExitFailed;
}

}  // namespace pooltest
