#include "checks/support_check.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "core/data_fields.h"
#include "checks/finding_catalogue.h"
#include "checks/support_campaign_binding.h"
#include "checks/support_reply_class.h"

namespace pooltest {
namespace {

const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string CellLabel(int day, int hour) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s %02dh", kDays[day], hour);
  return buf;
}

// Whole seconds; saturated, since a time read from evidence may be absurd.
long long Seconds(double ms) {
  const double s = ms / 1000;
  return s >= 9e18    ? 9000000000000000000LL
         : s <= -9e18 ? -9000000000000000000LL
                      : static_cast<long long>(s);
}

// Classes every answered request's reply (support_reply_class.h) into
// `requests` (reply_class, reply_reasons; recomputed here, whatever the
// database holds) and returns the per-channel summary.
nlohmann::json ClassifyCampaignReplies(nlohmann::json& requests, const Thresholds& th) {
  ReplyClassOptions options;
  options.fast_ms = th.support_human_reply_min.count();
  const nlohmann::json classes = ClassifySupportReplies(requests, options);
  for (size_t i = 0; i < requests.size() && i < classes.size(); ++i) {
    if (!requests[i].is_object()) continue;
    const bool classed = classes[i].is_object();
    requests[i]["reply_class"] = classed ? classes[i]["class"] : nlohmann::json("");
    requests[i]["reply_reasons"] = classed ? classes[i]["reasons"] : nlohmann::json::array();
  }
  return SupportReplySummary(requests);
}

}  // namespace

nlohmann::json SupportCampaignGrid(const nlohmann::json& requests, double sla_ms) {
  struct Cell {
    int requests = 0, sent = 0, answered = 0, unanswered = 0, failed = 0, missed = 0, unknown = 0;
    int automatic = 0, doubtful = 0;  // answers not shown to come from a person
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
    // An answer without a response time cannot be judged against the SLA:
    // its outcome is unknown, never a pass.
    const std::optional<double> response_ms = NumberField(r, "response_ms");
    const bool timed = state == "answered" && response_ms.has_value();
    if (state == "answered" && !timed) ++c.unknown;
    if (timed || state == "unanswered") ++c.sent;
    // Classified replies (support_reply_class.h): an automatic one is no
    // answer, a doubtful one cannot pass; unclassified ones count as given.
    const std::string cls = StringField(r, "reply_class");
    if (timed && cls == "automatic") ++c.automatic;
    if (timed && cls == "doubtful") ++c.doubtful;
    if (timed && cls != "automatic" && cls != "doubtful") {
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
  out["doubtful"] = nlohmann::json::array();
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
      if (c.unanswered > 0 || c.failed > 0 || c.automatic > 0 ||
          (p95.is_number() && p95.get<double>() > sla_ms)) {
        status = "fail";
        if (c.unanswered) why += std::to_string(c.unanswered) + " unanswered; ";
        if (c.automatic)
          why += std::to_string(c.automatic) + " answered only automatically (no person); ";
        if (c.failed) why += std::to_string(c.failed) + " refused by the pool; ";
        if (p95.is_number() && p95.get<double>() > sla_ms)
          why += "95th percentile " + std::to_string(Seconds(p95.get<double>())) +
                 " s over the SLA of " + std::to_string(Seconds(sla_ms)) + " s; ";
      } else if (c.doubtful > 0) {
        status = "doubtful";
        why = std::to_string(c.doubtful) +
              " answered by a reply not shown to come from a person (doubtful); ";
      } else if (c.sent == 0) {
        status = "uncovered";
        why = c.requests == 0 ? "no request planned in this cell; "
                              : "no request reached the pool (missed or unknown); ";
      }
      if (!why.empty()) why.resize(why.size() - 2);
      if (status == "pass") ++passing;
      if (status == "fail") out["failing"].push_back(CellLabel(d, h));
      if (status == "uncovered") out["uncovered"].push_back(CellLabel(d, h));
      if (status == "doubtful") out["doubtful"].push_back(CellLabel(d, h));
      row += status == "pass" ? '.' : status == "fail" ? 'X' : status == "doubtful" ? '~' : '?';
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
                              {"automatic", c.automatic},
                              {"doubtful", c.doubtful},
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
  std::string broken, missed, answered, untested;  // answered: the channel
  long long answered_s = 0;
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
        answered = channel;
        answered_s = Seconds(reply.get<double>());
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
  nlohmann::json run_note;  // a part, null when the run sent no request that settled
  if (!broken.empty())
    run_note = Part("R4.5.part.run_refused", {{"refused", broken}});
  else if (!missed.empty())
    run_note = Part("R4.5.part.run_missed", {{"channel", missed}});
  else if (!answered.empty())
    run_note = Part("R4.5.part.run_answered", {{"channel", answered}, {"seconds", answered_s}});
  if (campaign) {
    nlohmann::json reqs = ArrayField(campaign->data, "requests");
    // Who wrote each reply, judged over the whole campaign (issue 19).
    const nlohmann::json replies = ClassifyCampaignReplies(reqs, th);
    nlohmann::json grid = SupportCampaignGrid(reqs, sla_ms);
    const size_t failing = grid["failing"].size(), uncovered = grid["uncovered"].size(),
                 doubtful = grid["doubtful"].size();
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
        {"fingerprint", RawField(campaign->data, "fingerprint")},
        {"copy", RawField(campaign->data, "copy")},
        {"replies", replies},
        {"grid", grid}};
    // Bound to this pool and recent enough, or no evidence at all (issue 17).
    const std::vector<nlohmann::json> unbound = CampaignBindingProblems(*campaign, in.scenario);
    if (!unbound.empty()) {
      r.figures["campaign"]["unbound"] = unbound;
      // Each problem is a clause with commas of its own: numbered, they
      // stay apart in the list.
      nlohmann::json problems = unbound.front();
      if (unbound.size() > 1) {
        problems = nlohmann::json::array();
        for (size_t i = 0; i < unbound.size(); ++i)
          problems.push_back(Part("R4.5.part.problem", {{"n", i + 1}, {"problem", unbound[i]}}));
      }
      // A counter-example of this run's own still fails R4.5.
      if (broken.empty() && missed.empty())
        Decide(r, "R4.5.campaign_unbound",
               {{"campaign", campaign->target},
                {"problems", problems},
                {"note", run_note.is_null() ? nlohmann::json("")
                                            : Part("R4.5.part.run_note", {{"run", run_note}})}});
      else
        Decide(r, "R4.5.campaign_unbound_run_failed",
               {{"campaign", campaign->target}, {"problems", problems}, {"run", run_note}});
      return r;
    }
    std::string rows;
    for (const auto& row : grid["rows"]) rows += "\n      " + row.get<std::string>();
    // The campaign decides coverage: one request answered now says nothing
    // about 3 a.m. on Sunday. A request of this run refused or left without
    // a human answer past the SLA is, however, a counter-example observed
    // first hand, so it fails R4.5 even after a passing campaign.
    const nlohmann::json note =
        run_note.is_null() ? nlohmann::json("") : Part("R4.5.part.run_note", {{"run", run_note}});
    const nlohmann::json args = {{"campaign", campaign->target},
                                 {"sla_s", Seconds(sla_ms)},
                                 {"note", note},
                                 {"replies", SupportReplyPart(replies)}};
    auto with = [&args](const nlohmann::json& more) {
      nlohmann::json a = args;
      a.update(more);
      return a;
    };
    if (failing > 0) {
      Decide(r, "R4.5.cells_miss_sla",
             with({{"failing", failing}, {"cells", list(grid["failing"])}}));
      AddNote(r, "R4.5.note.week_grid", {{"rows", rows}});
    } else if (!broken.empty() || !missed.empty()) {
      Decide(r, "R4.5.campaign_ok_run_failed", with({{"run", run_note}}));
    } else if (doubtful > 0) {
      Decide(r, "R4.5.cells_doubtful",
             with({{"doubtful", doubtful}, {"cells", list(grid["doubtful"])}}));
      AddNote(r, "R4.5.note.week_grid", {{"rows", rows}});
    } else if (uncovered > 0) {
      Decide(r, "R4.5.cells_uncovered",
             with({{"uncovered", uncovered}, {"cells", list(grid["uncovered"])}}));
      AddNote(r, "R4.5.note.week_grid", {{"rows", rows}});
    } else {
      Decide(r, "R4.5.pass", args);
    }
    return r;
  }

  // No finished campaign: say why, and what to do, whatever else the run saw.
  nlohmann::json campaign_note;  // a part, null without a campaign
  if (unusable && unusable->status != ProbeStatus::kOk) {
    campaign_note = Part("R4.5.part.campaign_unreadable",
                         {{"database", unusable->target}, {"detail", unusable->detail}});
  } else if (unusable) {
    const nlohmann::json& c = ObjectField(unusable->data, "counts");
    const int64_t total = IntField(c, "requests"), pending = IntField(c, "pending");
    const nlohmann::json& w = ObjectField(unusable->data, "window");
    const std::optional<std::string> start = OptionalString(w, "start");
    campaign_note =
        Part("R4.5.part.campaign_unfinished",
             {{"campaign", unusable->target},
              {"settled", total - pending},
              {"total", total},
              {"answered", IntField(c, "answered")},
              {"unanswered", IntField(c, "unanswered")},
              {"missed", IntField(c, "missed")},
              {"pending", pending},
              {"window",
               start ? Part("R4.5.part.window", {{"start", *start}, {"days", IntField(w, "days")}})
                     : nlohmann::json("")}});
  }
  if (unusable)
    r.figures["campaign"] = {{"database", unusable->target},
                             {"finished", false},
                             {"readable", unusable->status == ProbeStatus::kOk},
                             {"counts", RawField(unusable->data, "counts")}};
  if (!campaign_note.is_null() && broken.empty() && missed.empty()) {
    Decide(
        r, "R4.5.campaign_not_decisive",
        {{"campaign_note", campaign_note},
         {"answered", answered.empty() ? nlohmann::json("")
                                       : Part("R4.5.part.run_answered_aside",
                                              {{"channel", answered}, {"seconds", answered_s}})}});
    return r;
  }

  if (in.scenario.support.empty()) {
    Decide(r, "R4.5.no_channel");
  } else if (!broken.empty()) {
    Decide(r, "R4.5.refused", {{"refused", broken}});
  } else if (!missed.empty()) {
    Decide(r, "R4.5.missed_sla", {{"channel", missed}, {"sla_s", Seconds(sla_ms)}});
  } else if (!answered.empty()) {
    Decide(r, "R4.5.works_now", {{"channel", answered}, {"seconds", answered_s}});
  } else if (untested.empty()) {
    Decide(r, "R4.5.no_answer_in_window");
  } else {
    Decide(r, "R4.5.not_tested", {{"untested", untested}});
  }
  if (r.verdict == Verdict::kFail && !campaign_note.is_null())
    AddNote(r, "R4.5.note.besides", {{"campaign_note", campaign_note}});
  return r;
}

}  // namespace pooltest
