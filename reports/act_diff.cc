#include "reports/act_diff.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "core/data_fields.h"

namespace pooltest {
namespace {

std::map<std::string, nlohmann::json> ById(const nlohmann::json& a) {
  std::map<std::string, nlohmann::json> out;
  if (!a.is_array()) return out;
  for (const nlohmann::json& e : a) out[StringField(e, "id")] = e;
  return out;
}

std::string ItemKey(const nlohmann::json& item) {
  if (!item.is_object()) return "";
  for (const char* k : {"id", "url", "address", "channel", "site", "reference", "file", "database",
                        "lang", "page", "name"}) {
    std::string v = StringField(item, k);
    if (!v.empty()) return v;
  }
  return "";
}

void NumericLeaves(const nlohmann::json& j, const std::string& path,
                   std::map<std::string, double>* out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      NumericLeaves(it.value(), path + "/" + it.key(), out);
    }
  } else if (j.is_array()) {
    // Probes finish in any order: name list items by what they are about
    // (url, address, channel...), not by position.
    std::map<std::string, int> seen;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string key = ItemKey(j[i]);
      if (key.empty()) {
        key = std::to_string(i);
      } else if (seen[key]++ > 0) {
        key += "#" + std::to_string(seen[key]);
      }
      NumericLeaves(j[i], path + "/" + key, out);
    }
  } else if (j.is_number()) {
    (*out)[path] = j.get<double>();
  }
}

bool IsTiming(const std::string& path) {
  std::string last = path.substr(path.rfind('/') + 1);
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto ends = [&last](const char* s) {
    std::string suf(s);
    return last.size() >= suf.size() &&
           last.compare(last.size() - suf.size(), suf.size(), suf) == 0;
  };
  return ends("_ms") || ends("_s") || lower.find("rtt") != std::string::npos ||
         lower.find("elapsed") != std::string::npos || lower.find("latency") != std::string::npos;
}

std::string Num(double d) {
  std::ostringstream s;
  s << d;
  return s.str();
}

std::set<std::string> Set(const nlohmann::json& a) {
  std::set<std::string> s;
  if (!a.is_array()) return s;
  for (const nlohmann::json& e : a) {
    if (e.is_string()) s.insert(e.get<std::string>());
  }
  return s;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& v : s) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

std::vector<ActChange> DiffActs(const nlohmann::json& a, const nlohmann::json& b,
                                const DiffOptions& options) {
  std::vector<ActChange> out;
  auto checks_a = ById(a.value("checks", nlohmann::json::array()));
  auto checks_b = ById(b.value("checks", nlohmann::json::array()));
  for (const auto& [id, ca] : checks_a) {
    auto it = checks_b.find(id);
    if (it == checks_b.end()) {
      out.push_back({"check", id, "", StringField(ca, "verdict"), ""});
      continue;
    }
    const nlohmann::json& cb = it->second;
    if (StringField(ca, "verdict") != StringField(cb, "verdict")) {
      out.push_back({"verdict", id, "", StringField(ca, "verdict"), StringField(cb, "verdict")});
    }
    std::map<std::string, double> fa, fb;
    NumericLeaves(ca.value("figures", nlohmann::json()), "", &fa);
    NumericLeaves(cb.value("figures", nlohmann::json()), "", &fb);
    for (const auto& [path, x] : fa) {
      auto y = fb.find(path);
      if (y == fb.end()) continue;  // structure changes show as sites/addresses
      double d = std::fabs(x - y->second);
      // Distance bounds come from RTTs (about 100 km per ms in fibre): they
      // jitter with them.
      bool km = path.size() >= 3 && path.compare(path.size() - 3, 3, "_km") == 0;
      bool beyond =
          km ? d > 100.0 * options.time_tolerance_ms
          : IsTiming(path)
              ? d > options.time_tolerance_ms &&
                    d > options.relative_tolerance * std::max(std::fabs(x), std::fabs(y->second))
              : d > options.relative_tolerance * std::max(std::fabs(x), std::fabs(y->second));
      if (beyond) out.push_back({"figure", id, path, Num(x), Num(y->second)});
    }
  }
  for (const auto& [id, cb] : checks_b) {
    if (!checks_a.count(id)) out.push_back({"check", id, "", "", StringField(cb, "verdict")});
  }

  auto sites_a = ById(a.value("pool", nlohmann::json::object()).value("sites", nlohmann::json()));
  auto sites_b = ById(b.value("pool", nlohmann::json::object()).value("sites", nlohmann::json()));
  for (const auto& [id, sa] : sites_a) {
    auto it = sites_b.find(id);
    if (it == sites_b.end()) {
      out.push_back({"site", id, "", StringField(sa, "role"), ""});
      continue;
    }
    const nlohmann::json& sb = it->second;
    if (StringField(sa, "role") != StringField(sb, "role")) {
      out.push_back({"role", id, "", StringField(sa, "role"), StringField(sb, "role")});
    }
    if (StringField(sa, "declared_settlement") != StringField(sb, "declared_settlement")) {
      out.push_back({"declared_settlement", id, "", StringField(sa, "declared_settlement"),
                     StringField(sb, "declared_settlement")});
    }
    const nlohmann::json oa = sa.value("observed", nlohmann::json::object());
    const nlohmann::json ob = sb.value("observed", nlohmann::json::object());
    for (const auto& [kind, key] : {std::pair<const char*, const char*>{"address", "addresses"},
                                    {"provider", "providers"},
                                    {"settlement", "settlements"}}) {
      std::set<std::string> before = Set(oa.value(key, nlohmann::json())),
                            after = Set(ob.value(key, nlohmann::json()));
      if (before == after) continue;
      if (std::string(kind) == "settlement") {
        // A settlement is one fact per site: show it as a move, not as two.
        out.push_back({kind, id, "", Join(before), Join(after)});
        continue;
      }
      for (const std::string& v : before) {
        if (!after.count(v)) out.push_back({kind, id, "", v, ""});
      }
      for (const std::string& v : after) {
        if (!before.count(v)) out.push_back({kind, id, "", "", v});
      }
    }
  }
  for (const auto& [id, sb] : sites_b) {
    if (!sites_a.count(id)) out.push_back({"site", id, "", "", StringField(sb, "role")});
  }
  return out;
}

nlohmann::json DiffJson(const std::vector<ActChange>& changes) {
  nlohmann::json a = nlohmann::json::array();
  for (const ActChange& c : changes) {
    nlohmann::json e = {{"kind", c.kind}, {"subject", c.subject}};
    if (!c.field.empty()) e["field"] = c.field;
    e["before"] = c.before.empty() ? nlohmann::json() : nlohmann::json(c.before);
    e["after"] = c.after.empty() ? nlohmann::json() : nlohmann::json(c.after);
    a.push_back(e);
  }
  return {{"changes", a}, {"count", changes.size()}};
}

std::string DiffTable(const std::vector<ActChange>& changes) {
  if (changes.empty()) return "No changes between the two acts.\n";
  std::ostringstream s;
  auto pad = [](const std::string& v, size_t w) {
    return v.size() >= w ? v + " " : v + std::string(w - v.size(), ' ');
  };
  s << pad("KIND", 20) << pad("SUBJECT", 28) << pad("FIELD", 24) << "BEFORE -> AFTER\n";
  for (const ActChange& c : changes) {
    s << pad(c.kind, 20) << pad(c.subject, 28) << pad(c.field, 24)
      << (c.before.empty() ? "(none)" : c.before) << " -> "
      << (c.after.empty() ? "(none)" : c.after) << "\n";
  }
  s << changes.size() << " change(s).\n";
  return s.str();
}

}  // namespace pooltest
