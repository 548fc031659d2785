#include "harness/campaign/campaign_runner.h"

#include <algorithm>
#include <limits>

#include "checks/finding_catalogue.h"
#include "checks/support_reply_class.h"
#include "core/time_format.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

// A week of requests polled every minute stays far below this.
constexpr long long kMaxSteps = 50'000'000;
constexpr long long kEarlyPollMs = 10'000;

long long Ms(system_clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}
system_clock::time_point At(long long ms) { return system_clock::time_point{milliseconds{ms}}; }

class Runner {
 public:
  Runner(CampaignStore& store, std::map<std::string, std::unique_ptr<CampaignChannel>>& channels,
         CampaignClock& clock)
      : store_(store), channels_(channels), clock_(clock), m_(store.meta()) {}

  Status Save(RequestRow& r, const std::string& event) {
    Status s = store_.Update(r);
    if (!s) return s;
    if (!event.empty()) return store_.AddEvent(Ms(clock_.Now()), r.seq, event);
    return Ok{};
  }

  CampaignChannel* ChannelOf(RequestRow& r) {
    auto it = channels_.find(r.channel);
    return it == channels_.end() ? nullptr : it->second.get();
  }

  void MarkSent(RequestRow& r, const SendOutcome& o, long long sent_ms) {
    r.state = "sent";
    r.handle = o.handle;
    r.sends = 1;
    r.sent_ms = sent_ms;
    r.next_poll_ms = sent_ms + FirstPollDelay();
    // The same words however the send was confirmed (directly, or after a
    // crash by lookup): how it was settled goes to the event log.
    r.detail = o.handle.empty() ? "accepted by the pool" : "ticket " + o.handle;
  }

  // Until fast_reply_ms the polls come every kEarlyPollMs, so a reply
  // faster than a person could write one is seen as fast; then every poll_ms
  // from the send, as without early polls.
  long long FirstPollDelay() const {
    return m_.fast_reply_ms > 0 ? std::min(m_.poll_ms, kEarlyPollMs) : m_.poll_ms;
  }

  // A request left in "sending" by a crash.
  Status Settle(RequestRow& r) {
    CampaignChannel* ch = ChannelOf(r);
    if (!ch)
      return Error{"request " + std::to_string(r.seq) + " uses channel '" + r.channel +
                   "', which the scenario no longer declares"};
    Result<SendOutcome> o = ch->Resolve(r.token);
    if (!o) {
      r.next_poll_ms = Ms(clock_.Now()) + m_.poll_ms;  // ask again later
      return Save(r, "could not settle an interrupted send yet: " + o.error().message);
    }
    switch (o->kind) {
      case SendOutcome::Kind::kSent:
        // The send happened at the intent's time (the crash came after it).
        MarkSent(r, *o, r.intent_ms);
        return Save(r, "interrupted send settled: the pool has it (" + o->detail + ")");
      case SendOutcome::Kind::kFailed:
        r.state = "planned";
        return Save(r, "interrupted send settled: the pool never got it; sending it now");
      case SendOutcome::Kind::kUnknown:
        r.state = "unknown";
        r.detail = "interrupted while sending; " + o->detail;
        return Save(r, r.detail);
    }
    return Ok{};
  }

  // The rate limit: the earliest moment `r` may go to its channel's pool,
  // min_gap after the last request handed to that pool (not counting an
  // earlier attempt of `r` itself, which the pool never got).
  long long EarliestSend(const RequestRow& r) const {
    auto it = last_send_.find(r.channel);
    if (it == last_send_.end() || it->second.seq == r.seq) return r.planned_ms;
    return std::max(r.planned_ms, it->second.ms + static_cast<long long>(m_.min_gap_s) * 1000);
  }

  Status Send(RequestRow& r, long long now) {
    if (now - r.planned_ms > m_.late_grace_ms) {
      r.state = "missed";
      r.detail = "the campaign was not running at " + FormatKazakhstan(At(r.planned_ms)) +
                 " (resumed at " + FormatKazakhstan(At(now)) + "); not sent";
      return Save(r, r.detail);
    }
    const long long earliest = EarliestSend(r);
    if (earliest - r.planned_ms > m_.late_grace_ms) {
      // Overdue requests are spaced out, never sent in a burst; one that the
      // spacing would push past the grace is missed like one due while down.
      r.state = "missed";
      r.detail = "due at " + FormatKazakhstan(At(r.planned_ms)) + ", but the rate limit of " +
                 std::to_string(m_.min_gap_s) + " s between requests on '" + r.channel +
                 "' allowed it no earlier than " + FormatKazakhstan(At(earliest)) +
                 ", past the grace of " + std::to_string(m_.late_grace_ms / 1000) + " s; not sent";
      return Save(r, r.detail);
    }
    if (earliest > now) return Ok{};  // the loop comes back at `earliest`
    CampaignChannel* ch = ChannelOf(r);
    if (!ch)
      return Error{"request " + std::to_string(r.seq) + " uses channel '" + r.channel +
                   "', which the scenario no longer declares"};
    SupportChallenge challenge{r.lang, r.challenge_question, r.challenge_answer};
    const SupportMessage message =
        MakeSupportMessage(r.token, r.challenge_question.empty() ? nullptr : &challenge);
    // The intent carries the subject: a run killed before the send is
    // recorded settles the request by lookup, and the report still says
    // what was sent.
    r.subject = message.subject;
    r.state = "sending";
    r.intent_ms = now;
    Status s = Save(r, "");
    if (!s) return s;
    last_send_[r.channel] = {now, r.seq};
    const SendOutcome o = ch->Send(message, At(now));
    switch (o.kind) {
      case SendOutcome::Kind::kSent:
        MarkSent(r, o, now);
        return Save(r, "");
      case SendOutcome::Kind::kFailed:
        r.state = "failed";
        r.detail = o.detail;
        return Save(r, "send failed: " + o.detail);
      case SendOutcome::Kind::kUnknown:
        // Settle it like a crash would: look it up, never send blindly again.
        return Settle(r);
    }
    return Ok{};
  }

  Status Poll(RequestRow& r, long long now) {
    CampaignChannel* ch = ChannelOf(r);
    if (!ch) return Error{"channel '" + r.channel + "' is not declared"};
    const ReplyCheck c = ch->Check(r.handle, r.token);
    ++r.polls;
    const long long since = now - r.sent_ms;
    if (c.ok) {
      r.auto_replies = std::max(r.auto_replies, c.auto_replies);
      if (c.human) {
        r.state = "answered";
        r.response_ms = since;
        r.reply_excerpt = c.human_excerpt;
        r.reply_text = c.human_text;
        return Save(r, "");
      }
    } else if (r.polls == 1 || r.polls % 20 == 0) {
      (void)store_.AddEvent(now, r.seq, "poll failed: " + c.error);
    }
    if (since >= m_.reply_wait_ms) {
      r.state = "unanswered";
      r.detail = "no human reply within " + std::to_string(m_.reply_wait_ms / 60000) + " min" +
                 (c.ok ? "" : " (last poll failed: " + c.error + ")");
      return Save(r, "");
    }
    // Every poll_ms until the SLA, so the SLA is judged to the minute; after
    // it the figure only has to say "late", so polls thin out. The delay
    // depends only on the time since sending: a resumed run polls at the
    // same moments as an uninterrupted one.
    const long long delay =
        since < m_.sla_ms
            ? m_.poll_ms
            : std::min(m_.max_poll_ms, std::max(m_.poll_ms, since - m_.sla_ms + m_.poll_ms));
    long long next = now + delay;
    if (since < m_.poll_ms) next = r.sent_ms + m_.poll_ms;
    if (since < m_.fast_reply_ms) next = std::min(next, now + FirstPollDelay());
    r.next_poll_ms = std::min(next, r.sent_ms + m_.reply_wait_ms);
    return Save(r, "");
  }

  // Who wrote each reply is judged over the whole campaign at once
  // (checks/support_reply_class.h); kept with each request for the report.
  Status Classify(std::vector<RequestRow>& rows) {
    nlohmann::json reqs = nlohmann::json::array();
    for (const RequestRow& r : rows) reqs.push_back(ToJson(r));
    ReplyClassOptions opt;
    opt.fast_ms = m_.fast_reply_ms;
    const nlohmann::json classes = ClassifySupportReplies(reqs, opt);
    for (size_t i = 0; i < rows.size() && i < classes.size(); ++i) {
      if (!classes[i].is_object()) continue;
      rows[i].reply_class = classes[i]["class"].get<std::string>();
      // The store keeps the English sentences (the campaign report reads
      // them); the R4.5 check recomputes the reasons as catalogue parts.
      rows[i].reply_reasons.clear();
      for (const nlohmann::json& why : classes[i]["reasons"])
        rows[i].reply_reasons.push_back(RenderPart(why));
      Status s = store_.Update(rows[i]);
      if (!s) return s;
    }
    return Ok{};
  }

  Result<CampaignRunResult> Run(const CampaignRunOptions& opt) {
    auto rows = store_.Requests();
    if (!rows) return rows.error();
    auto report = [&] {
      if (opt.progress) opt.progress(store_.meta(), *rows);
    };
    Result<CampaignRunResult> res = Steps(opt, *rows, report);
    report();
    return res;
  }

  // The run proper; `report` shows progress.

  Result<CampaignRunResult> Steps(const CampaignRunOptions& opt, std::vector<RequestRow>& rows,
                                  const std::function<void()>& report) {
    CampaignRunResult res;
    for (RequestRow& r : rows)
      if (r.state == "sending") {
        Status s = Settle(r);
        if (!s) return s.error();
      }
    // The rate limit holds across restarts: the last send per channel comes
    // from the intents persisted before each send.
    for (const RequestRow& r : rows)
      if (r.intent_ms > 0 && r.state != "planned" && r.state != "missed") {
        LastSend& l = last_send_[r.channel];
        if (r.intent_ms >= l.ms) l = {r.intent_ms, r.seq};
      }
    report();
    const long long limit = opt.max_steps > 0 ? opt.max_steps : kMaxSteps;
    while (res.steps < limit) {
      if (opt.stop && opt.stop->load()) return res;
      ++res.steps;
      const long long now = Ms(clock_.Now());
      long long next = std::numeric_limits<long long>::max();
      bool open = false;
      for (RequestRow& r : rows) {
        if (IsTerminal(r.state)) continue;
        if (opt.stop && opt.stop->load()) return res;
        Status s = Ok{};
        if (r.state == "planned" && r.planned_ms <= now)
          s = Send(r, now);
        else if (r.state == "sent" && r.next_poll_ms <= now)
          s = Poll(r, now);
        else if (r.state == "sending" && r.next_poll_ms <= now)
          s = Settle(r);
        if (!s) return s.error();
        if (IsTerminal(r.state)) continue;
        open = true;
        if (r.state == "planned")
          next = std::min(next, EarliestSend(r));
        else
          next = std::min(next, r.next_poll_ms);
      }
      if (!open) {
        Status c = Classify(rows);
        if (!c) return c.error();
        Status s = store_.SetFinished(now);
        if (!s) return s.error();
        res.finished = true;
        return res;
      }
      report();
      if (next > now) clock_.SleepUntil(At(next));
    }
    return res;
  }

 private:
  CampaignStore& store_;
  std::map<std::string, std::unique_ptr<CampaignChannel>>& channels_;
  CampaignClock& clock_;
  CampaignMeta m_;
  struct LastSend {
    long long ms = 0;
    int seq = 0;
  };
  std::map<std::string, LastSend> last_send_;  // per channel
};

}  // namespace

Result<CampaignRunResult> RunCampaign(
    CampaignStore& store, std::map<std::string, std::unique_ptr<CampaignChannel>>& channels,
    CampaignClock& clock, const CampaignRunOptions& options) {
  Runner runner(store, channels, clock);
  return runner.Run(options);
}

}  // namespace pooltest
