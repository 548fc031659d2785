#include "checks/support_campaign_binding.h"

#include <map>

#include "checks/data_fields.h"
#include "core/time_format.h"

namespace pooltest {
namespace {

using std::chrono::system_clock;

// The endpoint fields of one channel kind, with the words a message uses.
struct Field {
  const char* key;
  const char* words;
};
const Field kTicketFields[] = {{"create_url", "create URL"},
                               {"create_method", "create method"},
                               {"poll_url", "poll URL"},
                               {"lookup_url", "lookup URL"}};
const Field kEmailFields[] = {{"smtp_url", "SMTP server"},
                              {"imap_url", "IMAP mailbox"},
                              {"to", "desk address"},
                              {"from", "lab mailbox"},
                              {"username", "IMAP login"}};

// Every read of the campaign's record goes through data_fields.h: it comes
// from the campaign database, so a field of the wrong type is absent.
std::string Text(const nlohmann::json& j, const char* key) { return StringField(j, key); }

std::string Shown(const std::string& s) { return s.empty() ? "none" : s; }

// The channels of a fingerprint by name; entries that are not objects with
// a string name are skipped (and so show up as a missing channel).
std::map<std::string, const nlohmann::json*> ByName(const nlohmann::json& fp) {
  std::map<std::string, const nlohmann::json*> out;
  for (const nlohmann::json& ch : ArrayField(fp, "channels"))
    if (ch.is_object() && !Text(ch, "name").empty()) out[Text(ch, "name")] = &ch;
  return out;
}

std::string KindWords(const std::string& kind) {
  return kind == "email" ? "e-mail channel" : "ticket API";
}

std::string Days(std::chrono::milliseconds d) {
  const long long ms = d.count();
  if (ms % 86400000 == 0) return std::to_string(ms / 86400000) + " days";
  if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + " hours";
  return std::to_string(ms / 1000) + " s";
}

}  // namespace

nlohmann::json SupportCampaignFingerprint(const Scenario& sc) {
  nlohmann::json channels = nlohmann::json::array();
  for (const SupportChannel& ch : sc.support) {
    if (ch.kind == SupportChannel::Kind::kTicketApi) {
      channels.push_back({{"name", ch.name},
                          {"kind", "ticket_api"},
                          {"create_url", ch.ticket.create_url},
                          {"create_method", ch.ticket.create_method},
                          {"poll_url", ch.ticket.poll_url},
                          {"lookup_url", ch.ticket.lookup_url}});
    } else {
      channels.push_back({{"name", ch.name},
                          {"kind", "email"},
                          {"smtp_url", ch.email.smtp_url},
                          {"imap_url", ch.email.imap_url},
                          {"to", ch.email.to},
                          {"from", ch.email.from},
                          {"username", ch.email.username}});
    }
  }
  return {
      {"applicant_bin", sc.applicant.bin}, {"scenario_sha256", sc.sha256}, {"channels", channels}};
}

std::vector<std::string> CampaignFingerprintDifferences(const nlohmann::json& recorded,
                                                        const Scenario& sc) {
  if (FieldOf(recorded, "channels") == nullptr || !FieldOf(recorded, "channels")->is_array())
    return {
        "the campaign recorded no fingerprint of the pool it tested (applicant, support "
        "endpoints, scenario); rerun the campaign with this pooltest"};
  std::vector<std::string> out;
  const nlohmann::json now = SupportCampaignFingerprint(sc);
  const std::string bin = Text(recorded, "applicant_bin");
  if (bin != sc.applicant.bin)
    out.push_back("the campaign tested the applicant with BIN " + Shown(bin) +
                  " but the scenario declares BIN " + Shown(sc.applicant.bin));
  const auto was = ByName(recorded), is = ByName(now);
  for (const auto& [name, ch] : was) {
    const auto it = is.find(name);
    const std::string kind = Text(*ch, "kind");
    if (it == is.end()) {
      out.push_back("the campaign tested " + KindWords(kind) + " '" + name +
                    "', which the scenario does not declare");
      continue;
    }
    const nlohmann::json& cur = *it->second;
    if (kind != Text(cur, "kind")) {
      out.push_back("the campaign tested '" + name + "' as a " + KindWords(kind) +
                    " but the scenario declares it as a " + KindWords(Text(cur, "kind")));
      continue;
    }
    const bool email = kind == "email";
    const Field* begin = email ? std::begin(kEmailFields) : std::begin(kTicketFields);
    const Field* end = email ? std::end(kEmailFields) : std::end(kTicketFields);
    for (const Field* f = begin; f != end; ++f) {
      const std::string a = Text(*ch, f->key), b = Text(cur, f->key);
      if (a != b)
        out.push_back("the campaign tested " + KindWords(kind) + " '" + name + "' " + f->words +
                      " " + Shown(a) + " but the scenario declares " + Shown(b));
    }
  }
  for (const auto& [name, ch] : is)
    if (!was.count(name))
      out.push_back("the scenario declares " + KindWords(Text(*ch, "kind")) + " '" + name +
                    "', which the campaign did not test");
  const std::string sha = Text(recorded, "scenario_sha256");
  if (sha != sc.sha256)
    out.push_back("the campaign was started with a scenario whose SHA-256 is " + Shown(sha) +
                  " but this scenario's is " + Shown(sc.sha256) +
                  " (the scenario changed since the campaign started)");
  return out;
}

std::string CampaignAgeProblem(system_clock::time_point window_end,
                               system_clock::time_point run_time,
                               std::chrono::milliseconds max_age) {
  if (run_time == system_clock::time_point{}) return "";
  if (window_end > run_time)
    return "the campaign's window ends " + FormatKazakhstan(window_end) + ", after this run (" +
           FormatKazakhstan(run_time) + "): it ran on a clock ahead of the run's";
  if (run_time - window_end > max_age)
    return "the campaign's window ended " + FormatKazakhstan(window_end) + ", more than " +
           Days(max_age) + " (support_campaign.max_age) before this run (" +
           FormatKazakhstan(run_time) + ")";
  return "";
}

std::vector<std::string> CampaignBindingProblems(const Observation& campaign, const Scenario& sc) {
  const nlohmann::json& d = campaign.data;
  std::vector<std::string> out = CampaignFingerprintDifferences(RawField(d, "fingerprint"), sc);
  // Milliseconds since the epoch; a time point holds nanoseconds in 64
  // bits, so an absurd value is clamped to ±200 years rather than overflow.
  const nlohmann::json& window = ObjectField(d, "window");
  const nlohmann::json* end = FieldOf(window, "end_ms");
  if (end == nullptr || !end->is_number_integer()) {
    out.push_back("the campaign recorded no window end; rerun the campaign with this pooltest");
    return out;
  }
  constexpr int64_t kLimit = 200LL * 366 * 86400000;
  const std::string age = CampaignAgeProblem(system_clock::time_point{std::chrono::milliseconds{
                                                 IntField(window, "end_ms", 0, -kLimit, kLimit)}},
                                             campaign.started, sc.support_campaign_max_age);
  if (!age.empty()) out.push_back(age);
  return out;
}

}  // namespace pooltest
