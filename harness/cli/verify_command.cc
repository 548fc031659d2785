#include <iostream>

#include <nlohmann/json.hpp>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "reports/act_verify.h"

namespace pooltest {

// Exit 0 when the act is intact; 1 (kExitFailed) when anything changed.
int VerifyCommand(const VerifyArgs& args) {
  VerifyReport r = VerifyActFolder(args.dir, args.ca_file);
  if (args.json) {
    nlohmann::json j = {{"ok", r.ok()},
                        {"problems", r.problems},
                        {"checked", r.checked},
                        {"signer", r.signer.subject},
                        {"demonstration", r.demonstration}};
    std::cout << j.dump(2) << "\n";
  } else {
    for (const std::string& c : r.checked) std::cout << "ok    " << c << "\n";
    for (const std::string& p : r.problems) std::cout << "FAIL  " << p << "\n";
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
