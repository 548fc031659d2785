#include "scenarios/scenario_keys.h"

namespace pooltest {

std::vector<std::string> MapSpec::Names() const {
  std::vector<std::string> out;
  for (const KeySpec& k : keys) out.push_back(k.name);
  return out;
}

namespace {

std::vector<MapSpec> BuildTable() {
  const bool req = true;
  std::vector<MapSpec> t = {
      {"",
       {{"pooltest", req},
        {"name", req},
        {"applicant", req},
        {"sites", req},
        {"worker", req},
        {"ui"},
        {"support"},
        {"support_campaign"},
        {"vantage_points"},
        {"data_sources"},
        {"measurements"},
        {"dns"},
        {"thresholds"},
        {"documents"},
        {"output"}}},
      {"applicant", {{"legal_name", req}, {"bin", req}, {"legal_address"}, {"basis"}}},
      {"applicant.basis", {{"kind", req}, {"number", req}, {"date"}}},
      {"sites[]",
       {{"id", req},
        {"role", req},
        {"settlement", req},
        {"stratum", req},
        {"channels"},
        {"failover"}}},
      {"sites[].failover", {{"channel", req}, {"command"}, {"restore"}, {"prompt"}, {"deadline"}}},
      {"sites[].stratum[]", {{"url", req}, {"verify_tls"}, {"tls_ca_file"}}},
      {"sites[].channels[]", {{"id"}, {"provider", req}, {"addresses", req}}},
      {"worker", {{"user", req}, {"password"}}},
      {"ui",
       {{"base_url", req},
        {"pages", req},
        {"languages", req},
        {"render"},
        {"render_concurrency"},
        {"verify_tls"},
        {"allowed_hosts"},
        {"crawl"}}},
      {"ui.crawl", {{"depth"}, {"max_pages"}}},
      {"ui.languages", {{"kk", req}, {"ru", req}, {"en", req}}},
  };
  for (const char* lang : {"kk", "ru", "en"}) {
    t.push_back(
        {std::string("ui.languages.") + lang,
         {{"path_prefix"}, {"query"}, {"subdomain"}, {"accept_language"}, {"cookie"}, {"follow"}}});
  }
  const std::vector<MapSpec> rest = {
      {"support[]",
       {{"name", req},
        {"kind", req},
        {"create"},
        {"poll"},
        {"lookup"},
        {"auto_reply_pattern"},
        {"challenge"},
        {"smtp"},
        {"imap"},
        {"from"},
        {"to"},
        {"username"},
        {"password_env"}}},
      {"support[].create", {{"url", req}, {"method"}, {"body"}, {"ticket_id", req}}},
      {"support[].poll", {{"url", req}, {"reply", req}}},
      {"support[].lookup", {{"url", req}, {"ticket_id", req}}},
      {"support_campaign", {{"database", req}, {"max_age"}}},
      {"vantage_points[]",
       {{"name", req},
        {"latitude", req},
        {"longitude", req},
        {"local"},
        {"atlas_probe"},
        {"loopback_evidence"}}},
      {"data_sources", {{"geolocation"}, {"asn"}, {"gazetteer"}}},
      {"data_sources.gazetteer[]", {{"name", req}, {"path", req}, {"format"}}},
      {"measurements[]", {{"path", req}, {"format"}}},
      {"data_sources.geolocation[]", {{"name", req}, {"path", req}, {"format"}}},
      {"data_sources.asn[]", {{"name", req}, {"path", req}, {"format"}}},
      {"thresholds",
       {{"probe_timeout"},
        {"run_timeout"},
        {"support_sla"},
        {"support_probe_window"},
        {"support_human_reply_min"},
        {"concurrency"},
        {"rtt_samples"},
        {"stratum_connections"},
        {"ui_coverage"}}},
      {"documents[]",
       {{"clause", req},
        {"reference", req},
        {"date", req},
        {"issuer", req},
        {"file", req},
        {"sha256"}}},
      {"dns", {{"servers"}, {"timeout"}, {"tries"}}},
      {"output", {{"formats"}, {"junit"}}},
      {"output.junit", {{"inconclusive"}, {"dialect"}}},
  };
  t.insert(t.end(), rest.begin(), rest.end());
  return t;
}

}  // namespace

const std::vector<MapSpec>& ScenarioKeyTable() {
  static const std::vector<MapSpec> table = BuildTable();
  return table;
}

const MapSpec* FindMapSpec(std::string_view path) { return FindMapSpec(ScenarioKeyTable(), path); }

const MapSpec* FindMapSpec(const std::vector<MapSpec>& table, std::string_view path) {
  for (const MapSpec& m : table)
    if (m.path == path) return &m;
  return nullptr;
}

}  // namespace pooltest
