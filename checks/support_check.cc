#include "checks/support_check.h"

#include <chrono>

namespace pooltest {

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
    const nlohmann::json& reply = o->data.contains("first_human_reply_ms")
                                      ? o->data["first_human_reply_ms"]
                                      : nlohmann::json();
    const std::string channel = o->data.value("channel", o->target);
    requests.push_back({{"channel", channel},
                        {"status", ToString(o->status)},
                        {"created", o->data.value("created", false)},
                        {"first_human_reply_ms", reply}});
    if (o->status == ProbeStatus::kError || o->status == ProbeStatus::kCancelled) {
      if (untested.empty()) untested = channel + ": " + o->detail;
    } else if (!o->data.value("created", false)) {
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

  if (in.scenario.support.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "No support channel is declared; declare the pool's ticket API or e-mail.";
  } else if (!broken.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = "Support channel does not accept requests (" + broken + ").";
  } else if (!missed.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = "Support channel " + missed + " gave no human answer within the SLA of " +
                std::to_string(static_cast<int>(sla_ms / 1000)) + " s.";
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
