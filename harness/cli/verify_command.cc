#include <iostream>

#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "reports/act_verify.h"

namespace pooltest {

// Exit 0 when the act is intact; 1 (kExitFailed) when anything changed.
int VerifyCommand(const VerifyArgs& args) {
  VerifyOptions options;
  options.ca_file = args.ca_file;
  options.tsa_ca_file = args.tsa_ca_file;
  if (!args.at.empty()) {
    std::chrono::system_clock::time_point at;
    const std::string full = args.at.size() == 10 ? args.at + "T00:00:00Z" : args.at;
    if (!ParseUtc(full, &at)) {
      std::cerr << "pooltest verify: --at " << args.at
                << " is not a UTC time; write e.g. 2030-01-01 or 2030-01-01T12:00:00Z\n";
      return kExitUsage;
    }
    options.at = at;
  }
  VerifyReport r = VerifyActFolder(args.dir, options);
  if (args.json) {
    nlohmann::json j = {{"ok", r.ok()},
                        {"problems", r.problems},
                        {"checked", r.checked},
                        {"warnings", r.warnings},
                        {"timestamp", r.timestamp},
                        {"signer", r.signer.subject},
                        {"demonstration", r.demonstration}};
    std::cout << j.dump(2) << "\n";
  } else {
    for (const std::string& c : r.checked) std::cout << "ok    " << c << "\n";
    for (const std::string& p : r.problems) std::cout << "FAIL  " << p << "\n";
    for (const std::string& w : r.warnings) std::cout << "WARN  " << w << "\n";
    if (r.ok()) {
      std::cout << "VERIFIED: the act and all its evidence are intact";
      if (r.demonstration) std::cout << " (signed with a throwaway demonstration key)";
      std::cout << "\n";
    } else {
      std::cout << "NOT VERIFIED: " << r.problems.size() << " problem(s)\n";
    }
  }
  return r.ok() ? kExitPositive : kExitFailed;
}

}  // namespace pooltest
