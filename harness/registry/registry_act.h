// What the re-audit registry keeps of one act, read from its act.json:
// the pool (applicant's BIN and legal name), the act's number (the lab's
// numbering; empty when the act names no lab), its date of issue (the day
// the run finished, Kazakhstan time, as the act prints it), the SHA-256 of
// act.json's bytes, the overall result and the signer's subject. Reading
// is separate from verifying (reports/act_verify.h): the registry verifies
// first and records the outcome.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace pooltest {

struct RegisteredAct {
  std::string bin;
  std::string pool_name;
  std::string act_number;
  std::string act_date;  // YYYY-MM-DD
  std::string sha256;    // of act.json
  std::string result;    // positive | failed | error | inconclusive
  std::string signer;    // subject; "" when unsigned
  std::string folder;    // absolute path of the act's folder when added
  bool verified = false;
  std::vector<std::string> problems;  // verification problems (unverified acts)
  std::string added_utc;
};

// Fails naming the file when act.json is unreadable, not an act, or names
// no applicant BIN.
Result<RegisteredAct> ReadRegisteredAct(const std::string& act_dir);

}  // namespace pooltest
