// The support campaign's durable state: one SQLite database (WAL) holding the
// plan and every request's progress. The runner writes a request's intent
// before sending it and its outcome after, and each reply as it is seen, each
// in its own transaction, so a campaign killed at any moment resumes from
// here without losing or repeating a request. Not thread-safe: one runner
// (or one status reader) per handle; SQLite's locking covers processes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "harness/campaign/campaign_plan.h"

struct sqlite3;

namespace pooltest {

// What the campaign was started with (all times ms since the Unix epoch).
struct CampaignMeta {
  std::string scenario_path;
  std::string calendar_dir;
  uint64_t seed = 0;
  long long window_start_ms = 0;
  int days = 7;
  int per_hour = 1;
  int min_gap_s = 600;
  long long poll_ms = 60000;           // poll interval until the SLA
  long long max_poll_ms = 3600000;     // poll backoff limit after the SLA
  long long reply_wait_ms = 86400000;  // after this, a request is unanswered
  long long late_grace_ms = 300000;    // later than this, a planned request is missed
  long long sla_ms = 900000;
  // A reply faster than this is no evidence of a person; until then the
  // runner polls every 10 s so a fast reply is seen as fast. 0: no early polls.
  long long fast_reply_ms = 30000;
  std::vector<std::string> holidays_in_window;  // "2025-03-21 Nauryz meyramy"
  std::vector<std::string> calendar_files;
  std::vector<std::string> calendar_warnings;  // provisional calendar years
  long long finished_ms = 0;                   // 0: not finished
  // What the campaign tested (checks/support_campaign_binding.h), recorded
  // at start; null in a database written before fingerprints existed.
  nlohmann::json fingerprint;
  long long window_end_ms() const { return window_start_ms + days * 86400000LL; }
};

// Request states: planned -> sending (intent written) -> sent -> answered |
// unanswered; or planned -> missed (the harness was down at its time);
// sending -> failed (the pool refused it) | unknown (may have been accepted,
// cannot be told; never re-sent).
struct RequestRow {
  int seq = 0;
  std::string token;
  std::string channel;
  long long planned_ms = 0;
  int weekday = 0;
  int hour = 0;
  std::string local_date;
  std::string holiday;
  std::string state = "planned";
  std::string handle;  // ticket id
  int sends = 0;       // times handed to the pool; never above 1
  long long intent_ms = 0;
  long long sent_ms = 0;
  long long next_poll_ms = 0;
  long long response_ms = -1;  // time to first human reply
  int polls = 0;
  int auto_replies = 0;
  std::string detail;
  std::string reply_excerpt;
  // What R4.5 judges the reply by (checks/support_reply_class.h): the
  // request as sent, its challenge (empty: none), the first reply's text,
  // and, once the campaign has finished, its class and the reasons.
  std::string subject;
  std::string lang;
  std::string challenge_question;
  std::string challenge_answer;
  std::string reply_text;
  std::string reply_class;
  std::vector<std::string> reply_reasons;
};

bool IsTerminal(const std::string& state);

// The rows a campaign starts with: one "planned" row per planned request.
std::vector<RequestRow> PlannedRows(const std::vector<PlannedRequest>& plan);

class CampaignStore {
 public:
  // Creates a new database; fails if `path` exists.
  static Result<CampaignStore> Create(const std::string& path, const CampaignMeta& meta,
                                      const std::vector<RequestRow>& requests);
  static Result<CampaignStore> Open(const std::string& path);
  // A consistent, self-contained copy of the database at `from` (its
  // write-ahead log included, SQLite's online backup) written to `to`, in
  // rollback-journal mode so reading the copy leaves no -wal/-shm files
  // beside it. Fails if `to` exists.
  static Status Snapshot(const std::string& from, const std::string& to);

  const CampaignMeta& meta() const { return meta_; }
  const std::string& path() const { return path_; }
  Result<std::vector<RequestRow>> Requests() const;
  // Writes one request's whole row in one transaction.
  Status Update(const RequestRow& row);
  Status SetFinished(long long ms);
  Status AddEvent(long long at_ms, int seq, const std::string& text);

 private:
  // Writes a complete new database at `path` and closes it.
  static Status Build(const std::string& path, const CampaignMeta& meta,
                      const std::vector<RequestRow>& requests);

  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Status Exec(const std::string& sql);
  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
  CampaignMeta meta_;
};

nlohmann::json ToJson(const CampaignMeta& m);
nlohmann::json ToJson(const RequestRow& r);

}  // namespace pooltest
