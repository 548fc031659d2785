#include "checks/documents_check.h"

#include "checks/data_fields.h"

namespace pooltest {
namespace {

struct DocumentClause {
  const char* clause;
  const char* id;
  const char* title;
  const char* what;
};

constexpr DocumentClause kClauses[] = {
    {"R4.2", "R4.2.security-act", "Positive information-security test act",
     "the information-security test act"},
    {"R4.7", "R4.7.integration-letter", "Integration with the personal-data access service",
     "the information-security authority's letter on integration"},
};

CheckResult CheckOne(const CheckInput& in, const DocumentClause& c) {
  CheckResult r;
  r.id = c.id;
  r.clause = c.clause;
  r.title = c.title;
  nlohmann::json docs = nlohmann::json::array();
  std::string unreadable, mismatch;
  int attested = 0;
  for (const Observation* o : in.Select("document.hash")) {
    if (StringField(o->data, "clause") != c.clause) continue;
    r.evidence.push_back(o->id);
    docs.push_back(o->data);
    if (o->status != ProbeStatus::kOk) {
      if (unreadable.empty()) unreadable = o->target + ": " + o->detail;
    } else if (!BoolField(o->data, "matches_declared", true)) {
      if (mismatch.empty()) mismatch = StringField(o->data, "reference", o->target);
    } else {
      ++attested;
    }
  }
  r.figures = {{"documents", docs}};
  if (!mismatch.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = "Document " + mismatch +
                " does not match the SHA-256 declared in the scenario: the file changed.";
  } else if (!unreadable.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = std::string("Cannot read ") + c.what + " (" + unreadable + ").";
  } else if (attested == 0) {
    r.verdict = Verdict::kInconclusive;
    r.summary = std::string("No document attached for ") + c.clause + "; attach " + c.what +
                " under documents.";
  } else {
    r.verdict = Verdict::kAttested;
    const nlohmann::json& d = docs[0];
    r.summary = std::string("Attested by ") + StringField(d, "reference") + " of " +
                StringField(d, "date") + " issued by " + StringField(d, "issuer") + " (SHA-256 " +
                StringField(d, "sha256").substr(0, 16) + "…).";
  }
  return r;
}

}  // namespace

std::vector<CheckResult> CheckDocuments(const CheckInput& in) {
  std::vector<CheckResult> out;
  for (const DocumentClause& c : kClauses) out.push_back(CheckOne(in, c));
  return out;
}

}  // namespace pooltest
