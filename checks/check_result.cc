#include "checks/check_result.h"

namespace pooltest {

const char* ToString(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kInconclusive:
      return "inconclusive";
    case Verdict::kError:
      return "error";
    case Verdict::kAttested:
      return "attested";
  }
  return "error";
}

bool ParseVerdict(const std::string& s, Verdict* out) {
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kInconclusive, Verdict::kError,
                    Verdict::kAttested}) {
    if (s == ToString(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

nlohmann::json ToJson(const CheckResult& r) {
  nlohmann::json j{{"id", r.id},           {"clause", r.clause},
                   {"title", r.title},     {"verdict", ToString(r.verdict)},
                   {"summary", r.summary}, {"evidence", r.evidence},
                   {"figures", r.figures}};
  if (!r.finding.empty()) j["finding"] = ToJson(r.finding);
  if (!r.notes.empty()) {
    j["notes"] = nlohmann::json::array();
    for (const Finding& n : r.notes) j["notes"].push_back(ToJson(n));
  }
  return j;
}

bool FromJson(const nlohmann::json& j, CheckResult* out, std::string* why) {
  try {
    out->id = j.at("id").get<std::string>();
    out->clause = j.at("clause").get<std::string>();
    out->title = j.at("title").get<std::string>();
    out->summary = j.at("summary").get<std::string>();
    out->evidence = j.at("evidence").get<std::vector<std::string>>();
    out->figures = j.value("figures", nlohmann::json::object());
    // Optional: results written before findings existed have none.
    out->finding = Finding{};
    out->notes.clear();
    if (auto f = j.find("finding"); f != j.end() && !FindingFromJson(*f, &out->finding)) {
      *why = "malformed finding " + f->dump();
      return false;
    }
    if (auto n = j.find("notes"); n != j.end()) {
      if (!n->is_array()) {
        *why = "notes is not a list";
        return false;
      }
      for (const nlohmann::json& x : *n) {
        Finding note;
        if (!FindingFromJson(x, &note)) {
          *why = "malformed note " + x.dump();
          return false;
        }
        out->notes.push_back(std::move(note));
      }
    }
    std::string v = j.at("verdict").get<std::string>();
    if (!ParseVerdict(v, &out->verdict)) {
      *why = "unknown verdict '" + v + "'";
      return false;
    }
    return true;
  } catch (const nlohmann::json::exception& e) {
    *why = e.what();
    return false;
  }
}

bool IsPositive(const std::vector<CheckResult>& results) {
  if (results.empty()) return false;
  for (const CheckResult& r : results) {
    if (r.verdict != Verdict::kPass && r.verdict != Verdict::kAttested) return false;
  }
  return true;
}

}  // namespace pooltest
