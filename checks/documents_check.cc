#include "checks/documents_check.h"

#include "core/data_fields.h"
#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

struct DocumentClause {
  const char* clause;
  const char* id;
  const char* title;
};

constexpr DocumentClause kClauses[] = {
    {"R4.2", "R4.2.security-act", "Positive information-security test act"},
    {"R4.7", "R4.7.integration-letter", "Integration with the personal-data access service"},
};

CheckResult CheckOne(const CheckInput& in, const DocumentClause& c) {
  CheckResult r;
  r.id = c.id;
  r.clause = c.clause;
  r.title = c.title;
  nlohmann::json docs = nlohmann::json::array();
  nlohmann::json unreadable;  // {file, detail}, null if every document was read
  std::string mismatch;
  int attested = 0;
  for (const Observation* o : in.Select("document.hash")) {
    if (StringField(o->data, "clause") != c.clause) continue;
    r.evidence.push_back(o->id);
    docs.push_back(o->data);
    if (o->status != ProbeStatus::kOk) {
      if (unreadable.is_null()) unreadable = {{"file", o->target}, {"detail", o->detail}};
    } else if (!BoolField(o->data, "matches_declared", true)) {
      if (mismatch.empty()) mismatch = StringField(o->data, "reference", o->target);
    } else {
      ++attested;
    }
  }
  r.figures = {{"documents", docs}};
  // Keys per clause ("R4.2.attested", "R4.7.missing"): the document each
  // names differs, and so does its sentence in every language.
  const std::string clause = c.clause;
  if (!mismatch.empty()) {
    Decide(r, clause + ".changed", {{"document", mismatch}});
  } else if (!unreadable.is_null()) {
    Decide(r, clause + ".unreadable", unreadable);
  } else if (attested == 0) {
    Decide(r, clause + ".missing");
  } else {
    const nlohmann::json& d = docs[0];
    Decide(r, clause + ".attested",
           {{"reference", StringField(d, "reference")},
            {"date", StringField(d, "date")},
            {"issuer", StringField(d, "issuer")},
            {"sha256_prefix", StringField(d, "sha256").substr(0, 16)}});
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
