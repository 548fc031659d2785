// act.json's content: the whole result of one run as one JSON value —
// harness version, scenario and its SHA-256, applicant, when (UTC and
// Kazakhstan time) and from where, the seven conditions, every check with
// its figures and the evidence records it cites (id, line in evidence.jsonl,
// SHA-256 of that line), the attested documents, what was observed of each
// site (addresses, settlements, providers: what `pooltest diff` compares),
// the lab that issues it and the act's number (from the lab file),
// every request the target policy refused (where and why),
// and the manifest of every evidence file with its SHA-256. The signed bytes
// are CanonicalJson(act) (canonical_json.h). Reports render; nothing here
// judges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "core/result.h"
#include "reports/run_record.h"
#include "scenarios/lab.h"

namespace pooltest {

// The act's own files: never in its manifest (the act cannot list itself).
// act.html and act.pdf are listed under "renderings" instead.
inline constexpr const char* kActJson = "act.json";
inline constexpr const char* kActSignature = "act.json.p7s";
inline constexpr const char* kActHtml = "act.html";
inline constexpr const char* kActPdf = "act.pdf";
bool IsActFile(const std::string& relative_name);

struct ActSigner {
  std::string subject;
  std::string issuer;
  std::string serial;
  std::string key_type;
  std::string certificate_sha256;
  bool demonstration = false;  // a throwaway key made by `pooltest demo`
};

struct ActInput {
  const RunRecord* run = nullptr;
  const std::vector<Observation>* observations = nullptr;
  std::string out_dir;
  std::string scenario_copy;  // file name of the scenario copy in out_dir
  std::optional<ActSigner> signer;
  const LabFile* lab = nullptr;  // the lab file (--lab); null: the act names no lab
};

// Every regular file under `dir` (sub-folders included, '/'-separated names,
// sorted) except the act's own files: [{file, bytes, sha256}].
Result<nlohmann::json> EvidenceManifest(const std::string& dir);

// The act without "renderings" (added once act.html/act.pdf exist).
Result<nlohmann::json> BuildAct(const ActInput& in);

// The aggregate verdict of a condition from its checks' verdicts: fail >
// error > inconclusive > pass; all attested -> attested; none -> inconclusive.
std::string ConditionVerdict(const std::vector<std::string>& verdicts);

}  // namespace pooltest
