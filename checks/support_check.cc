#include "checks/support_check.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "checks/data_fields.h"

namespace pooltest {
namespace {

const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string CellLabel(int day, int hour) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s %02dh", kDays[day], hour);
  return buf;
}

std::string Seconds(double ms) { return std::to_string(static_cast<long long>(ms / 1000)) + " s"; }

}  // namespace

nlohmann::json SupportCampaignGrid(const nlohmann::json& requests, double sla_ms) {
  struct Cell {
    int requests = 0, sent = 0, answered = 0, unanswered = 0, failed = 0, missed = 0, unknown = 0;
    std::vector<double> times;
  };
  std::array<std::array<Cell, 24>, 7> cells{};
  const nlohmann::json& rows = requests.is_array() ? requests : nlohmann::json::array();
  for (const nlohmann::json& r : rows) {
    const int64_t d = IntField(r, "weekday", -1), h = IntField(r, "hour", -1);
    if (d < 0 || d > 6 || h < 0 || h > 23) continue;
    Cell& c = cells[d][h];
    ++c.requests;
    const std::string state = StringField(r, "state");
    if (state == "answered" || state == "unanswered") ++c.sent;
    const std::optional<double> response_ms = NumberField(r, "response_ms");
    if (state == "answered" && response_ms) {
      ++c.answered;
      c.times.push_back(*response_ms);
    }
    if (state == "unanswered") ++c.unanswered;
    if (state == "failed") ++c.failed;
    if (state == "missed") ++c.missed;
    if (state == "unknown" || state == "planned" || state == "sending" || state == "sent")
      ++c.unknown;
  }
  nlohmann::json out;
  out["cells"] = nlohmann::json::array();
  out["rows"] = nlohmann::json::array();
  out["failing"] = nlohmann::json::array();
  out["uncovered"] = nlohmann::json::array();
  int passing = 0;
  for (int d = 0; d < 7; ++d) {
    std::string row = std::string(kDays[d]) + " ";
    for (int h = 0; h < 24; ++h) {
      Cell& c = cells[d][h];
      std::sort(c.times.begin(), c.times.end());
      nlohmann::json median, p95;
      if (!c.times.empty()) {
        const size_t n = c.times.size();
        median = n % 2 ? c.times[n / 2] : (c.times[n / 2 - 1] + c.times[n / 2]) / 2;
        // Nearest rank: the smallest value with at least 95% at or below it.
        p95 = c.times[static_cast<size_t>(std::ceil(0.95 * static_cast<double>(n))) - 1];
      }
      std::string status = "pass", why;
      if (c.unanswered > 0 || c.failed > 0 || (p95.is_number() && p95.get<double>() > sla_ms)) {
        status = "fail";
        if (c.unanswered) why += std::to_string(c.unanswered) + " unanswered; ";
        if (c.failed) why += std::to_string(c.failed) + " refused by the pool; ";
        if (p95.is_number() && p95.get<double>() > sla_ms)
          why += "95th percentile " + Seconds(p95.get<double>()) + " over the SLA of " +
                 Seconds(sla_ms) + "; ";
      } else if (c.sent == 0) {
        status = "uncovered";
        why = c.requests == 0 ? "no request planned in this cell; "
                              : "no request reached the pool (missed or unknown); ";
      }
      if (!why.empty()) why.resize(why.size() - 2);
      if (status == "pass") ++passing;
      if (status == "fail") out["failing"].push_back(CellLabel(d, h));
      if (status == "uncovered") out["uncovered"].push_back(CellLabel(d, h));
      row += status == "pass" ? '.' : status == "fail" ? 'X' : '?';
      out["cells"].push_back({{"weekday", d},
                              {"hour", h},
                              {"label", CellLabel(d, h)},
                              {"requests", c.requests},
                              {"sent", c.sent},
                              {"answered", c.answered},
                              {"unanswered", c.unanswered},
                              {"failed", c.failed},
                              {"missed", c.missed},
                              {"unknown", c.unknown},
                              {"median_ms", median},
                              {"p95_ms", p95},
                              {"status", status},
                              {"why", why}});
    }
    out["rows"].push_back(row);
  }
  out["passing_cells"] = passing;
  out["sla_ms"] = sla_ms;
  return out;
}

CheckResult CheckSupport(const CheckInput& in) {
  CheckResult r;
  r.id = "R4.5.support";
  r.clause = "R4.5";
  r.title = "Technical support works 24/7";
  const Thresholds& th = in.scenario.thresholds;
  const double sla_ms = static_cast<double>(th.support_sla.count());
  const double window_ms = static_cast<double>(th.support_probe_window.count());

  nlohmann::json requests = nlohmann::json::array();
  std::string broken, missed, answered, untested;
  for (const Observation* o : in.Select("support.ticket")) {
    r.evidence.push_back(o->id);
    const nlohmann::json reply = RawField(o->data, "first_human_reply_ms");
    const std::string channel = StringField(o->data, "channel", o->target);
    requests.push_back({{"channel", channel},
                        {"status", ToString(o->status)},
                        {"created", BoolField(o->data, "created")},
                        {"first_human_reply_ms", reply}});
    const nlohmann::json* refused = FieldOf(o->data, "refused");
    if (refused != nullptr && !refused->is_object()) refused = nullptr;
    if (refused && BoolField(*refused, "harness_fault")) {
      if (untested.empty()) untested = channel + ": " + StringField(*refused, "reason", o->detail);
    } else if (refused) {
      // The desk sent the harness to a host the scenario does not declare
      // (or into a loop): whatever answers there is not the declared desk.
      if (broken.empty()) broken = channel + ": " + StringField(*refused, "reason", o->detail);
    } else if (o->status == ProbeStatus::kError || o->status == ProbeStatus::kCancelled) {
      if (untested.empty()) untested = channel + ": " + o->detail;
    } else if (!BoolField(o->data, "created")) {
      if (broken.empty()) broken = channel + ": " + o->detail;
    } else if (reply.is_number()) {
      if (reply.get<double>() > sla_ms) {
        if (missed.empty()) missed = channel;
      } else if (answered.empty()) {
        answered = channel + " answered in " +
                   std::to_string(static_cast<int>(reply.get<double>() / 1000)) + " s";
      }
    } else if (window_ms >= sla_ms && o->status == ProbeStatus::kOk) {
      if (missed.empty()) missed = channel;
    }
  }
  for (const Observation* o : in.Select("support.email")) {
    r.evidence.push_back(o->id);
    if (untested.empty()) untested = o->target + ": " + o->detail;
  }
  r.figures = {{"requests", requests},
               {"sla_ms", sla_ms},
               {"probe_window_ms", window_ms},
               {"campaign", nullptr}};

  // The verdict comes from the last finished campaign; single requests support it.
  const Observation* campaign = nullptr;
  const Observation* unusable = nullptr;  // a campaign that cannot decide yet
  for (const Observation* o : in.Select("support.campaign")) {
    r.evidence.push_back(o->id);
    if (o->status == ProbeStatus::kOk && BoolField(o->data, "finished"))
      campaign = o;
    else
      unusable = o;
  }
  // What this run's own requests showed, appended to a campaign's verdict.
  std::string run_note;
  if (!broken.empty())
    run_note = "this run's request was refused (" + broken + ")";
  else if (!missed.empty())
    run_note = "this run's request on " + missed + " got no human answer within the SLA";
  else if (!answered.empty())
    run_note = "this run's request: " + answered;
  if (campaign) {
    const nlohmann::json& reqs = ArrayField(campaign->data, "requests");
    nlohmann::json grid = SupportCampaignGrid(reqs, sla_ms);
    const size_t failing = grid["failing"].size(), uncovered = grid["uncovered"].size();
    auto list = [](const nlohmann::json& labels) {
      std::string s;
      for (size_t i = 0; i < labels.size() && i < 12; ++i)
        s += (i ? ", " : "") + labels[i].get<std::string>();
      if (labels.size() > 12) s += ", ...";
      return s;
    };
    r.figures["campaign"] = {
        {"database", campaign->target},
        {"seed", RawField(campaign->data, "seed")},
        {"window", RawField(campaign->data, "window")},
        {"holidays_in_window", ArrayField(campaign->data, "holidays_in_window")},
        {"grid", grid}};
    const std::string grid_text =
        "\n      hour 000000000011111111112222\n           "
        "012345678901234567890123";
    std::string rows;
    for (const auto& row : grid["rows"]) rows += "\n      " + row.get<std::string>();
    // The campaign decides coverage: one request answered now says nothing
    // about 3 a.m. on Sunday. A request of this run refused or left without
    // a human answer past the SLA is, however, a counter-example observed
    // first hand, so it fails R4.5 even after a passing campaign.
    const std::string note = run_note.empty() ? "" : "; " + run_note;
    if (failing > 0) {
      r.verdict = Verdict::kFail;
      r.summary = std::to_string(failing) + " of 168 hour x weekday cells miss the SLA of " +
                  Seconds(sla_ms) + " (" + list(grid["failing"]) + "; campaign " +
                  campaign->target + note + ")" + grid_text + rows;
    } else if (!broken.empty() || !missed.empty()) {
      r.verdict = Verdict::kFail;
      r.summary = "The support campaign " + campaign->target +
                  " met the SLA in all 168 hour x weekday cells, but " + run_note + ".";
    } else if (uncovered > 0) {
      r.verdict = Verdict::kInconclusive;
      r.summary = std::to_string(uncovered) +
                  " of 168 hour x weekday cells have no request that reached the pool (" +
                  list(grid["uncovered"]) + "); extend or re-run the campaign " + campaign->target +
                  note + grid_text + rows;
    } else {
      r.verdict = Verdict::kPass;
      r.summary = "All 168 hour x weekday cells answered within the SLA of " + Seconds(sla_ms) +
                  " (campaign " + campaign->target + note + ")";
    }
    return r;
  }

  // No finished campaign: say why, and what to do, whatever else the run saw.
  std::string campaign_note;
  if (unusable && unusable->status != ProbeStatus::kOk) {
    campaign_note = "the support campaign database " + unusable->target + " cannot be read (" +
                    unusable->detail +
                    "); start the campaign with `pooltest campaign start --scenario <this "
                    "scenario> --db " +
                    unusable->target + "` and run again when it has finished";
  } else if (unusable) {
    const nlohmann::json& c = ObjectField(unusable->data, "counts");
    const int64_t total = IntField(c, "requests"), pending = IntField(c, "pending");
    const nlohmann::json& w = ObjectField(unusable->data, "window");
    campaign_note =
        "the support campaign " + unusable->target +
        " is not finished: " + std::to_string(total - pending) + " of " + std::to_string(total) +
        " requests settled (answered " + std::to_string(IntField(c, "answered")) + ", unanswered " +
        std::to_string(IntField(c, "unanswered")) + ", missed " +
        std::to_string(IntField(c, "missed")) + ", " + std::to_string(pending) + " pending)";
    if (const std::optional<std::string> start = OptionalString(w, "start"))
      campaign_note += " in the window from " + *start + " over " +
                       std::to_string(IntField(w, "days")) + " days";
    campaign_note += "; continue it with `pooltest campaign resume --db " + unusable->target +
                     "` and run again when it has finished";
  }
  if (unusable)
    r.figures["campaign"] = {{"database", unusable->target},
                             {"finished", false},
                             {"readable", unusable->status == ProbeStatus::kOk},
                             {"counts", RawField(unusable->data, "counts")}};
  if (!campaign_note.empty() && broken.empty() && missed.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "24/7 support is shown only by a finished support campaign, and " + campaign_note +
                "." + (answered.empty() ? "" : " (This run's request: " + answered + ".)");
    return r;
  }

  if (in.scenario.support.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "No support channel is declared; declare the pool's ticket API or e-mail.";
  } else if (!broken.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = "Support channel does not accept requests (" + broken + ").";
    if (!campaign_note.empty()) r.summary += " Besides, " + campaign_note + ".";
  } else if (!missed.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = "Support channel " + missed + " gave no human answer within the SLA of " +
                std::to_string(static_cast<int>(sla_ms / 1000)) + " s.";
    if (!campaign_note.empty()) r.summary += " Besides, " + campaign_note + ".";
  } else if (!answered.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Support works now (" + answered +
                "); 24/7 service is shown only by a support campaign over every hour and "
                "weekday (pooltest campaign).";
  } else {
    r.verdict = Verdict::kInconclusive;
    r.summary = untested.empty()
                    ? "No human answer within the probe window; run the support campaign "
                      "(pooltest campaign) to measure against the SLA."
                    : "Support was not tested (" + untested + ").";
  }
  return r;
}

}  // namespace pooltest
