#include "checks/ui_languages_check.h"

#include <cstdio>

namespace pooltest {
namespace {

std::string PrimarySubtag(std::string tag) {
  for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto dash = tag.find_first_of("-_");
  return dash == std::string::npos ? tag : tag.substr(0, dash);
}

// Cuts at a character boundary, never inside a multi-byte UTF-8 sequence.
std::string Utf8Prefix(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

}  // namespace

CheckResult CheckUiLanguages(const CheckInput& in) {
  CheckResult r;
  r.id = "R4.6.ui-languages";
  r.clause = "R4.6";
  r.title = "User interface in Kazakh, Russian and English";
  if (!in.scenario.ui) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "The scenario declares no web UI; add ui.base_url, pages and languages.";
    return r;
  }
  const WebUi& ui = *in.scenario.ui;
  const double threshold = in.scenario.thresholds.ui_coverage;
  std::vector<std::string> failures, doubts, errors;
  nlohmann::json pages = nlohmann::json::array();
  std::map<std::string, int> seen;  // "page|lang" -> observations

  for (const Observation* o : in.Select("ui.render")) {
    r.evidence.push_back(o->id);
    errors.push_back(o->detail);
  }
  for (const Observation* o : in.Select("ui.page")) {
    r.evidence.push_back(o->id);
    const nlohmann::json& d = o->data;
    std::string page = d.value("page", "");
    std::string lang = d.value("lang", "");
    std::string where = page + " [" + lang + "]";
    ++seen[page + "|" + lang];
    nlohmann::json row = {{"page", page},
                          {"lang", lang},
                          {"url", o->target},
                          {"status", d.contains("status") ? d["status"] : nlohmann::json()},
                          {"observation", o->id}};
    if (o->status == ProbeStatus::kError) {
      errors.push_back(where + ": " + o->detail);
    } else if (o->status == ProbeStatus::kTimeout || o->status == ProbeStatus::kCancelled) {
      doubts.push_back(where + ": " + o->detail);
    } else if (o->status == ProbeStatus::kFailed || !d["status"].is_number() ||
               d["status"].get<int>() != 200) {
      failures.push_back(where + " is missing (" +
                         (d["status"].is_number() ? "HTTP " + d["status"].dump() : o->detail) +
                         ")");
    } else {
      std::string html_lang = d.value("html_lang", "");
      double share =
          d.contains("share") && d["share"].contains(lang) && d["share"][lang].is_number()
              ? d["share"][lang].get<double>()
              : 0.0;
      std::vector<std::string> switcher;
      if (d.contains("switcher_langs") && d["switcher_langs"].is_array()) {
        for (const auto& s : d["switcher_langs"]) {
          if (s.is_string()) switcher.push_back(s.get<std::string>());
        }
      }
      std::vector<std::string> unreachable;
      for (const char* other : {"kk", "ru", "en"}) {
        if (other == lang) continue;
        if (std::find(switcher.begin(), switcher.end(), other) == switcher.end()) {
          unreachable.push_back(other);
        }
      }
      row["html_lang"] = html_lang;
      row["share"] = share;
      row["switcher_langs"] = switcher;
      row["offending"] = d.contains("offending") ? d["offending"] : nlohmann::json::array();
      row["words"] = d.contains("words") ? d["words"] : nlohmann::json::object();
      if (PrimarySubtag(html_lang) != lang) {
        failures.push_back(where + " declares <html lang=\"" + html_lang + "\">");
      }
      if (share < threshold) {
        std::string worst;
        if (row["offending"].is_array() && !row["offending"].empty()) {
          const nlohmann::json& first = row["offending"][0];
          std::string text =
              first.is_string() ? first.get<std::string>() : first.value("text", std::string());
          std::string in_lang = first.is_object() ? first.value("lang", std::string()) : "";
          if (!text.empty()) {
            worst = ", e.g. \"" + Utf8Prefix(text, 60) + "\"" +
                    (in_lang.empty() ? "" : " (" + in_lang + ")");
          }
        }
        failures.push_back(where + " has " + Percent(share) + " of its text in the expected " +
                           "language, below " + Percent(threshold) + worst);
      }
      if (!unreachable.empty()) {
        std::string list;
        for (const auto& u : unreachable) list += (list.empty() ? "" : ", ") + u;
        failures.push_back(where + ": the language switcher does not reach " + list);
      }
    }
    pages.push_back(row);
  }
  for (const std::string& page : ui.pages) {
    for (const LanguageVariant& v : ui.languages) {
      if (seen[page + "|" + v.lang] == 0) doubts.push_back(page + " [" + v.lang + "] not fetched");
    }
  }
  r.figures = {
      {"pages", pages}, {"threshold", threshold}, {"failures", failures}, {"unsettled", doubts}};
  if (!failures.empty()) {
    r.verdict = Verdict::kFail;
    r.summary =
        failures[0] + (failures.size() > 1 ? " (and " + std::to_string(failures.size() - 1) +
                                                 " more problems; see figures)."
                                           : ".");
  } else if (!errors.empty()) {
    r.verdict = Verdict::kError;
    r.summary = "The UI could not be checked as declared: " + errors[0];
  } else if (!doubts.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Not every page was fetched: " + doubts[0] + "; check reachability and rerun.";
  } else {
    r.verdict = Verdict::kPass;
    r.summary = "All " + std::to_string(ui.pages.size()) +
                " pages exist in Kazakh, Russian and English with at least " + Percent(threshold) +
                " of their text in the page's language.";
  }
  return r;
}

}  // namespace pooltest
