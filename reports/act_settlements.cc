#include "reports/act_settlements.h"

#include <set>

namespace pooltest {

void SettlementIdsOf(const nlohmann::json& finding, std::vector<std::string>* ids) {
  if (!finding.is_object()) return;
  auto args = finding.find("args");
  if (args == finding.end() || !args->is_object()) return;
  for (auto it = args->begin(); it != args->end(); ++it) {
    const std::string& k = it.key();
    if (k.size() > 3 && k.compare(k.size() - 3, 3, "_id") == 0 && it->is_string())
      ids->push_back(it->get<std::string>());
    else if (it->is_object())
      SettlementIdsOf(*it, ids);
  }
}

void AddSettlementNames(const Gazetteer* gazetteer, const std::vector<std::string>& ids,
                        nlohmann::json* pool) {
  if (gazetteer == nullptr || !pool->is_object()) return;
  std::set<std::string> used(ids.begin(), ids.end());
  auto id_of = [&](const nlohmann::json& name) -> std::string {
    const Settlement* s = name.is_string() ? gazetteer->Find(name.get<std::string>()) : nullptr;
    if (s == nullptr) return "";
    used.insert(s->id);
    return s->id;
  };
  for (nlohmann::json& site : (*pool)["sites"]) {
    if (const std::string id = id_of(site.value("declared_settlement", "")); !id.empty())
      site["declared_settlement_id"] = id;
    nlohmann::json& observed = site["observed"];
    nlohmann::json observed_ids = nlohmann::json::object();
    for (const nlohmann::json& name : observed.value("settlements", nlohmann::json::array()))
      if (const std::string id = id_of(name); !id.empty())
        observed_ids[name.get<std::string>()] = id;
    observed["settlement_ids"] = observed_ids;
  }
  nlohmann::json names = nlohmann::json::object();
  for (const Settlement& s : gazetteer->settlements()) {
    if (used.count(s.id))
      names[s.id] = {{"en", s.name},       {"kk", s.name_kk},
                     {"ru", s.name_ru},    {"kind", s.kind},
                     {"region", s.region}, {"at", {s.at.latitude, s.at.longitude}}};
  }
  (*pool)["settlement_names"] = names;
}

}  // namespace pooltest
