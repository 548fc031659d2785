#include "harness/campaign/campaign_report.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "checks/support_check.h"
#include "checks/support_reply_class.h"
#include "core/kz_calendar.h"
#include "core/sha256.h"
#include "core/time_format.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

system_clock::time_point At(long long ms) { return system_clock::time_point{milliseconds{ms}}; }

std::map<std::string, int> Counts(const std::vector<RequestRow>& rows) {
  std::map<std::string, int> c;
  for (const auto& r : rows) ++c[r.state];
  return c;
}

std::string Minutes(long long ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld min %02lld s", ms / 60000, (ms / 1000) % 60);
  return buf;
}

}  // namespace

std::string FormatCampaignStatus(const std::string& db_path, const CampaignMeta& m,
                                 const std::vector<RequestRow>& rows,
                                 system_clock::time_point now) {
  auto c = Counts(rows);
  const int total = static_cast<int>(rows.size());
  const int sent = c["sent"] + c["answered"] + c["unanswered"];
  const int done = total - c["planned"] - c["sending"] - c["sent"];
  const RequestRow* next = nullptr;
  for (const auto& r : rows)
    if (r.state == "planned" && (!next || r.planned_ms < next->planned_ms)) next = &r;
  const int width = 40;
  const int filled = total ? sent * width / total : 0;
  std::ostringstream o;
  o << "Campaign   " << db_path << " (seed " << m.seed << ")\n";
  o << "Window     " << FormatKazakhstan(At(m.window_start_ms)) << " + " << m.days << " days, "
    << total << " requests\n";
  o << "State      "
    << (m.finished_ms ? "finished at " + FormatKazakhstan(At(m.finished_ms))
                      : "in progress, clock " + FormatKazakhstan(now))
    << "\n";
  o << "Sent       " << sent << " of " << total << "  [" << std::string(filled, '#')
    << std::string(width - filled, '.') << "] " << (total ? sent * 100 / total : 0) << "%\n";
  o << "Answered   " << c["answered"] << "   awaiting reply " << c["sent"] << "   unanswered "
    << c["unanswered"] << "\n";
  o << "Pending    " << c["planned"] + c["sending"] << " to send";
  if (next) {
    auto cell = KazakhstanCell(At(next->planned_ms));
    o << ", next at " << FormatKazakhstan(At(next->planned_ms));
    if (cell) o << " (" << WeekdayName(cell->weekday) << " " << cell->hour << "h";
    o << (cell ? ", " : " (") << next->channel << ")";
  }
  o << "\n";
  o << "Problems   missed " << c["missed"] << "   refused " << c["failed"] << "   unknown outcome "
    << c["unknown"] << "\n";
  o << "Done       " << done << " of " << total << " requests settled\n";
  for (const std::string& w : m.calendar_warnings) o << "Calendar   WARNING: " << w << "\n";
  return o.str();
}

nlohmann::json CampaignReportJson(const CampaignMeta& m, const std::vector<RequestRow>& rows) {
  nlohmann::json reqs = nlohmann::json::array();
  for (const auto& r : rows) reqs.push_back(ToJson(r));
  nlohmann::json rep;
  rep["seed"] = m.seed;
  rep["window"] = {{"start", FormatKazakhstan(At(m.window_start_ms))}, {"days", m.days}};
  rep["finished"] = m.finished_ms != 0;
  rep["sla_ms"] = m.sla_ms;
  rep["holidays_in_window"] = m.holidays_in_window;
  rep["calendar_files"] = m.calendar_files;
  rep["calendar_warnings"] = m.calendar_warnings;
  auto c = Counts(rows);
  rep["counts"] = {{"requests", rows.size()},
                   {"answered", c["answered"]},
                   {"unanswered", c["unanswered"]},
                   {"missed", c["missed"]},
                   {"failed", c["failed"]},
                   {"unknown", c["unknown"]},
                   {"pending", c["planned"] + c["sending"] + c["sent"]}};
  rep["grid"] = SupportCampaignGrid(reqs, static_cast<double>(m.sla_ms));
  rep["replies"] = SupportReplySummary(reqs);
  rep["requests"] = reqs;
  return rep;
}

std::string FormatCampaignReport(const nlohmann::json& rep) {
  std::ostringstream o;
  const auto& g = rep["grid"];
  o << "Support campaign (seed " << rep["seed"] << ", " << rep["window"]["start"].get<std::string>()
    << " + " << rep["window"]["days"] << " days)" << (rep["finished"] ? "" : " NOT FINISHED")
    << "\n";
  o << "SLA: first human reply within " << Minutes(rep["sla_ms"].get<long long>()) << "\n";
  const auto& c = rep["counts"];
  o << "Requests " << c["requests"] << ": answered " << c["answered"] << ", unanswered "
    << c["unanswered"] << ", refused " << c["failed"] << ", missed " << c["missed"]
    << ", unknown outcome " << c["unknown"] << ", pending " << c["pending"] << "\n";
  for (const auto& w : rep.value("calendar_warnings", nlohmann::json::array()))
    o << "WARNING: " << w.get<std::string>() << "\n";
  o << "Public holidays in the window:";
  if (rep["holidays_in_window"].empty()) o << " none";
  for (const auto& h : rep["holidays_in_window"]) o << " " << h.get<std::string>() << ";";
  o << "Replies (who wrote them): "
    << SupportReplyNote(rep.value("replies", nlohmann::json::object())) << "\n";
  o << "\n\nWeek grid (Kazakhstan time; . meets the SLA, X fails, ~ doubtful, ? not covered)\n";
  o << "     000000000011111111112222\n     012345678901234567890123\n";
  for (const auto& row : g["rows"]) o << row.get<std::string>() << "\n";
  o << "\nCells passing: " << g["passing_cells"] << " of 168\n";
  for (const auto& cell : g["cells"]) {
    if (cell["status"] == "pass") continue;
    o << "  " << cell["label"].get<std::string>() << " " << cell["status"].get<std::string>()
      << ": " << cell["why"].get<std::string>();
    if (cell["median_ms"].is_number())
      o << " (median " << Minutes(cell["median_ms"].get<long long>()) << ", p95 "
        << Minutes(cell["p95_ms"].get<long long>()) << ")";
    o << "\n";
  }
  return o.str();
}

Observation LoadCampaignObservation(const std::string& db_path, const std::string& copy_dir) {
  Observation o;
  o.probe = "support.campaign";
  o.target = db_path;
  o.started = system_clock::now();
  auto finish = [&](ProbeStatus s, std::string detail) {
    o.status = s;
    o.detail = std::move(detail);
    o.finished = system_clock::now();
    return o;
  };
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec))
    return finish(ProbeStatus::kError, "no file at " + db_path +
                                           ": the campaign was not started there, or the "
                                           "scenario's support_campaign.database is wrong");
  std::string read_from = db_path;
  if (!copy_dir.empty()) {
    read_from = (std::filesystem::path(copy_dir) / kCampaignCopy).string();
    std::filesystem::remove(read_from, ec);  // left by an earlier run into this folder (--force)
    Status copied = CampaignStore::Snapshot(db_path, read_from);
    if (!copied) return finish(ProbeStatus::kError, copied.error().message);
  }
  size_t requests = 0;
  {
    // Closed at the end of the block, before the copy is hashed.
    auto store = CampaignStore::Open(read_from);
    if (!store) return finish(ProbeStatus::kError, store.error().message);
    auto rows = store->Requests();
    if (!rows) return finish(ProbeStatus::kError, rows.error().message);
    requests = rows->size();
    const CampaignMeta& m = store->meta();
    o.data = CampaignReportJson(m, *rows);
    o.data.erase("grid");  // the check computes it from the requests
    o.data["window"]["end"] = FormatKazakhstan(At(m.window_end_ms()));
    o.data["window"]["start_ms"] = m.window_start_ms;
    o.data["window"]["end_ms"] = m.window_end_ms();
    o.data["finished_ms"] = m.finished_ms;
    o.data["fingerprint"] = m.fingerprint;
  }
  o.data["database"] = db_path;
  Result<std::string> digest = Sha256File(read_from);
  if (!digest) return finish(ProbeStatus::kError, digest.error().message);
  o.data["copy"] = {{"file", copy_dir.empty() ? db_path : std::string(kCampaignCopy)},
                    {"sha256", *digest},
                    {"bytes", std::filesystem::file_size(read_from, ec)}};
  return finish(ProbeStatus::kOk,
                std::string("support campaign ") +
                    (o.data["finished"] ? "finished" : "not finished") + ", " +
                    std::to_string(requests) + " requests" +
                    (copy_dir.empty() ? "" : ", copied to " + std::string(kCampaignCopy)));
}

}  // namespace pooltest
