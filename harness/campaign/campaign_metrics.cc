#include "harness/campaign/campaign_metrics.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include "core/utf8.h"

namespace pooltest {
namespace {

// Every state a request can be in (campaign_store.h), so each has a sample
// even at 0: a series that appears only later breaks rate() and alerts.
constexpr const char* kStates[] = {"planned",    "sending", "sent",   "answered",
                                   "unanswered", "missed",  "failed", "unknown"};

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

class Exposition {
 public:
  void Family(const char* name, const char* help) {
    // The help texts are constants with no backslash or line feed (which
    // HELP would have to escape).
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += " gauge\n";
  }
  void Sample(const char* name, const char* label, std::string_view value, double v) {
    out_ += name;
    if (label) {
      out_ += '{';
      out_ += label;
      out_ += "=\"" + EscapePrometheusLabel(value) + "\"}";
    }
    out_ += ' ' + Number(v) + '\n';
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
};

}  // namespace

std::string EscapePrometheusLabel(std::string_view value) {
  const std::string valid = ToValidUtf8(value);
  std::string out;
  for (char c : valid) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string CampaignMetricsText(const CampaignMeta& m, const std::vector<RequestRow>& rows) {
  std::map<std::string, int> states;
  struct Channel {
    std::vector<long long> reply_ms;
    long long last_send_ms = 0;
  };
  std::map<std::string, Channel> channels;
  for (const RequestRow& r : rows) {
    ++states[r.state];
    Channel& ch = channels[r.channel];
    if (r.state == "answered" && r.response_ms >= 0) ch.reply_ms.push_back(r.response_ms);
    // Handed to the pool (or being handed): the same rule as the runner's
    // rate limit, so the time is that of the last send attempt it knows.
    if (r.intent_ms > 0 && r.state != "planned" && r.state != "missed")
      ch.last_send_ms = std::max(ch.last_send_ms, r.intent_ms);
  }
  const int pending = states["planned"] + states["sending"] + states["sent"];
  const int missed = states["missed"];
  const int settled = static_cast<int>(rows.size()) - pending - missed;

  Exposition e;
  e.Family("pooltest_campaign_cells",
           "Planned requests of the support campaign (one per channel and hour slot of the "
           "window) by state: settled (sent and judged: answered, unanswered, refused or "
           "unknown), pending (to send, or awaiting a reply), missed (not sent in time).");
  e.Sample("pooltest_campaign_cells", "state", "settled", settled);
  e.Sample("pooltest_campaign_cells", "state", "pending", pending);
  e.Sample("pooltest_campaign_cells", "state", "missed", missed);
  e.Family("pooltest_campaign_requests",
           "Planned requests by their state in the campaign database.");
  for (const char* s : kStates) e.Sample("pooltest_campaign_requests", "state", s, states[s]);
  e.Family("pooltest_campaign_answered",
           "Requests with a human reply so far, per support channel.");
  for (const auto& [name, ch] : channels)
    e.Sample("pooltest_campaign_answered", "channel", name,
             static_cast<double>(ch.reply_ms.size()));
  e.Family("pooltest_campaign_first_reply_median_seconds",
           "Median time from sending a request to its first human reply, per support channel, "
           "over the requests answered so far (absent before the first reply).");
  for (auto& [name, ch] : channels) {
    std::vector<long long>& t = ch.reply_ms;
    if (t.empty()) continue;
    std::sort(t.begin(), t.end());
    const size_t n = t.size();
    const double median_ms = n % 2 ? static_cast<double>(t[n / 2])
                                   : (static_cast<double>(t[n / 2 - 1]) + t[n / 2]) / 2.0;
    e.Sample("pooltest_campaign_first_reply_median_seconds", "channel", name, median_ms / 1000.0);
  }
  e.Family("pooltest_campaign_last_send_timestamp_seconds",
           "When the last request was handed to the channel's pool, in Unix seconds on the "
           "campaign's clock (absent before the first send).");
  for (const auto& [name, ch] : channels) {
    if (ch.last_send_ms == 0) continue;
    e.Sample("pooltest_campaign_last_send_timestamp_seconds", "channel", name,
             static_cast<double>(ch.last_send_ms) / 1000.0);
  }
  e.Family("pooltest_campaign_finished", "1 once every request is settled, else 0.");
  e.Sample("pooltest_campaign_finished", nullptr, "", m.finished_ms != 0 ? 1 : 0);
  e.Family("pooltest_campaign_window_start_timestamp_seconds",
           "Start of the campaign's window, in Unix seconds.");
  e.Sample("pooltest_campaign_window_start_timestamp_seconds", nullptr, "",
           static_cast<double>(m.window_start_ms) / 1000.0);
  e.Family("pooltest_campaign_window_end_timestamp_seconds",
           "End of the campaign's window, in Unix seconds.");
  e.Sample("pooltest_campaign_window_end_timestamp_seconds", nullptr, "",
           static_cast<double>(m.window_end_ms()) / 1000.0);
  return std::move(e.text());
}

Status WriteMetricsTextfile(const std::string& path, const std::string& text) {
  // A name node-exporter ignores (it reads only *.prom), unique per process.
  const std::string tmp = path + "." + std::to_string(getpid()) + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) return Error{"cannot write the metrics file " + tmp + ": " + std::strerror(errno)};
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    std::remove(tmp.c_str());
    return Error{"cannot write the metrics file " + tmp + ": " + std::strerror(errno)};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Error{"cannot rename " + tmp + " to " + path + ": " + why};
  }
  return Ok{};
}

}  // namespace pooltest
