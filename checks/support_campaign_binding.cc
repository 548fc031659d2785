#include "checks/support_campaign_binding.h"

#include <map>

#include "core/data_fields.h"
#include "checks/finding.h"
#include "core/time_format.h"

namespace pooltest {
namespace {

using std::chrono::system_clock;

// The endpoint fields of one channel kind; each is named in a message by
// the catalogue part "support.field.<key>".
const char* const kTicketFields[] = {"create_url", "create_method", "poll_url", "lookup_url"};
const char* const kEmailFields[] = {"smtp_url", "imap_url", "to", "from", "username"};

// Every read of the campaign's record goes through data_fields.h: it comes
// from the campaign database, so a field of the wrong type is absent.
std::string Text(const nlohmann::json& j, const char* key) { return StringField(j, key); }

nlohmann::json Shown(const std::string& s) { return s.empty() ? Part("value.none") : nlohmann::json(s); }

// The channels of a fingerprint by name; entries that are not objects with
// a string name are skipped (and so show up as a missing channel).
std::map<std::string, const nlohmann::json*> ByName(const nlohmann::json& fp) {
  std::map<std::string, const nlohmann::json*> out;
  for (const nlohmann::json& ch : ArrayField(fp, "channels"))
    if (ch.is_object() && !Text(ch, "name").empty()) out[Text(ch, "name")] = &ch;
  return out;
}

nlohmann::json KindWords(const std::string& kind) {
  return Part(kind == "email" ? "support.kind.email" : "support.kind.ticket_api");
}

nlohmann::json Days(std::chrono::milliseconds d) {
  const long long ms = d.count();
  if (ms % 86400000 == 0) return Part("duration.days", {{"n", ms / 86400000}});
  if (ms % 3600000 == 0) return Part("duration.hours", {{"n", ms / 3600000}});
  return Part("duration.seconds", {{"n", ms / 1000}});
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

std::vector<nlohmann::json> CampaignFingerprintDifferences(const nlohmann::json& recorded,
                                                           const Scenario& sc) {
  if (FieldOf(recorded, "channels") == nullptr || !FieldOf(recorded, "channels")->is_array())
    return {Part("R4.5.binding.no_fingerprint")};
  std::vector<nlohmann::json> out;
  const nlohmann::json now = SupportCampaignFingerprint(sc);
  const std::string bin = Text(recorded, "applicant_bin");
  if (bin != sc.applicant.bin)
    out.push_back(Part("R4.5.binding.bin", {{"was", Shown(bin)}, {"is", Shown(sc.applicant.bin)}}));
  const auto was = ByName(recorded), is = ByName(now);
  for (const auto& [name, ch] : was) {
    const auto it = is.find(name);
    const std::string kind = Text(*ch, "kind");
    if (it == is.end()) {
      out.push_back(Part("R4.5.binding.channel_gone", {{"kind", KindWords(kind)}, {"name", name}}));
      continue;
    }
    const nlohmann::json& cur = *it->second;
    if (kind != Text(cur, "kind")) {
      out.push_back(
          Part("R4.5.binding.kind_changed",
               {{"name", name}, {"was", KindWords(kind)}, {"is", KindWords(Text(cur, "kind"))}}));
      continue;
    }
    const bool email = kind == "email";
    const char* const* begin = email ? std::begin(kEmailFields) : std::begin(kTicketFields);
    const char* const* end = email ? std::end(kEmailFields) : std::end(kTicketFields);
    for (const char* const* f = begin; f != end; ++f) {
      const std::string a = Text(*ch, *f), b = Text(cur, *f);
      if (a != b)
        out.push_back(
            Part("R4.5.binding.field", {{"kind", KindWords(kind)},
                                        {"name", name},
                                        {"field", Part(std::string("support.field.") + *f)},
                                        {"was", Shown(a)},
                                        {"is", Shown(b)}}));
    }
  }
  for (const auto& [name, ch] : is)
    if (!was.count(name))
      out.push_back(Part("R4.5.binding.channel_new",
                         {{"kind", KindWords(Text(*ch, "kind"))}, {"name", name}}));
  const std::string sha = Text(recorded, "scenario_sha256");
  if (sha != sc.sha256)
    out.push_back(Part("R4.5.binding.scenario", {{"was", Shown(sha)}, {"is", Shown(sc.sha256)}}));
  return out;
}

nlohmann::json CampaignAgeProblem(system_clock::time_point window_end,
                                  system_clock::time_point run_time,
                                  std::chrono::milliseconds max_age) {
  if (run_time == system_clock::time_point{}) return nullptr;
  if (window_end > run_time)
    return Part("R4.5.binding.ahead",
                {{"end", FormatKazakhstan(window_end)}, {"run", FormatKazakhstan(run_time)}});
  if (run_time - window_end > max_age)
    return Part("R4.5.binding.too_old", {{"end", FormatKazakhstan(window_end)},
                                         {"age", Days(max_age)},
                                         {"run", FormatKazakhstan(run_time)}});
  return nullptr;
}

std::vector<nlohmann::json> CampaignBindingProblems(const Observation& campaign,
                                                    const Scenario& sc) {
  const nlohmann::json& d = campaign.data;
  std::vector<nlohmann::json> out = CampaignFingerprintDifferences(RawField(d, "fingerprint"), sc);
  // Milliseconds since the epoch; a time point holds nanoseconds in 64
  // bits, so an absurd value is clamped to ±200 years rather than overflow.
  const nlohmann::json& window = ObjectField(d, "window");
  const nlohmann::json* end = FieldOf(window, "end_ms");
  if (end == nullptr || !end->is_number_integer()) {
    out.push_back(Part("R4.5.binding.no_window_end"));
    return out;
  }
  constexpr int64_t kLimit = 200LL * 366 * 86400000;
  const nlohmann::json age = CampaignAgeProblem(
      system_clock::time_point{
          std::chrono::milliseconds{IntField(window, "end_ms", 0, -kLimit, kLimit)}},
      campaign.started, sc.support_campaign_max_age);
  if (!age.is_null()) out.push_back(age);
  return out;
}

}  // namespace pooltest
