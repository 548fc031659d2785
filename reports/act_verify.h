// `pooltest verify`: checks a run's output folder the way the regulator
// does a year later — the CMS signature over act.json and the signer's chain
// against a CA file, act.json still canonical, every file of the manifest
// and the renderings (act.html, act.pdf) against their SHA-256, the scenario
// copy against the scenario hash, and no file added. Every problem names the
// file (the "part") at fault first: "evidence.jsonl: changed: ...".
// Trusted time: when act.json.p7s carries an RFC 3161 token, a TSA CA must
// be given (else that is a problem); the token is checked (imprint over the signature value, the
// TSA's chain at the verification time) and the signer's certificate is validated at the token's
// time; otherwise at the verification time (now, or `at`), and a certificate outside its validity
// then is reported as "expired". Trust must come from outside the act: a CA file inside the folder
// checked is warned about.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "reports/act_signature.h"

namespace pooltest {

struct VerifyOptions {
  std::string ca_file;      // PEM CA certificate(s) the signer must chain to
  std::string tsa_ca_file;  // PEM CA certificate(s) of the TSA; empty: the token is not checked
  std::optional<std::chrono::system_clock::time_point> at;  // the verification time; none: now
};

struct VerifyReport {
  std::vector<std::string> problems;  // empty: the act and its evidence are intact
  std::vector<std::string> warnings;  // not failures, but the user should know
  std::vector<std::string> checked;   // what was checked and found intact, for the user
  SignatureInfo signer;               // when the signature verified
  bool demonstration = false;         // the act says it was signed with a throwaway key
  std::string timestamp;              // the token's time (UTC) when it verified

  bool ok() const { return problems.empty(); }
};

VerifyReport VerifyActFolder(const std::string& dir, const VerifyOptions& options);

}  // namespace pooltest
