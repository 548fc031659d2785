// `pooltest verify`: checks a run's output folder the way the regulator
// does a year later — the CMS signature over act.json and the signer's chain
// against a CA file, act.json still canonical, every file of the manifest
// and the renderings (act.html, act.pdf) against their SHA-256, the scenario
// copy against the scenario hash, and no file added. Every problem names the
// file (the "part") at fault first: "evidence.jsonl: changed: ...".
#pragma once

#include <string>
#include <vector>

#include "reports/act_signature.h"

namespace pooltest {

struct VerifyReport {
  std::vector<std::string> problems;  // empty: the act and its evidence are intact
  std::vector<std::string> checked;   // what was checked and found intact, for the user
  SignatureInfo signer;               // when the signature verified
  bool demonstration = false;         // the act says it was signed with a throwaway key

  bool ok() const { return problems.empty(); }
};

VerifyReport VerifyActFolder(const std::string& dir, const std::string& ca_file);

}  // namespace pooltest
