#include "harness/campaign/campaign_store.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sqlite3.h>
#include <sys/stat.h>

namespace pooltest {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr int kSchemaVersion = 1;

const char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
  seq INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, channel TEXT NOT NULL,
  planned_ms INTEGER NOT NULL, weekday INTEGER NOT NULL, hour INTEGER NOT NULL,
  local_date TEXT NOT NULL, holiday TEXT NOT NULL, state TEXT NOT NULL, handle TEXT NOT NULL,
  sends INTEGER NOT NULL, intent_ms INTEGER NOT NULL, sent_ms INTEGER NOT NULL,
  next_poll_ms INTEGER NOT NULL, response_ms INTEGER NOT NULL, polls INTEGER NOT NULL,
  auto_replies INTEGER NOT NULL, detail TEXT NOT NULL, reply_excerpt TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '', lang TEXT NOT NULL DEFAULT '',
  challenge_question TEXT NOT NULL DEFAULT '', challenge_answer TEXT NOT NULL DEFAULT '',
  reply_text TEXT NOT NULL DEFAULT '', reply_class TEXT NOT NULL DEFAULT '',
  reply_reasons TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL);
)sql";

// Columns added after the first campaigns: a database without them gets
// them (empty) when opened, so it reads and resumes like a new one.
const char* const kLaterColumns[][2] = {
    {"subject", "''"},          {"lang", "''"},       {"challenge_question", "''"},
    {"challenge_answer", "''"}, {"reply_text", "''"}, {"reply_class", "''"},
    {"reply_reasons", "'[]'"}};

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

CampaignMeta MetaFromJson(const nlohmann::json& j) {
  CampaignMeta m;
  m.scenario_path = j.value("scenario_path", "");
  m.calendar_dir = j.value("calendar_dir", "");
  m.seed = j.value("seed", uint64_t{0});
  m.window_start_ms = j.value("window_start_ms", 0LL);
  m.days = j.value("days", 7);
  m.per_hour = j.value("per_hour", 1);
  m.min_gap_s = j.value("min_gap_s", 600);
  m.poll_ms = j.value("poll_ms", 60000LL);
  m.max_poll_ms = j.value("max_poll_ms", 3600000LL);
  m.reply_wait_ms = j.value("reply_wait_ms", 86400000LL);
  m.late_grace_ms = j.value("late_grace_ms", 300000LL);
  m.sla_ms = j.value("sla_ms", 900000LL);
  m.fast_reply_ms = j.value("fast_reply_ms", 0LL);  // older campaigns polled without early polls
  m.holidays_in_window = j.value("holidays_in_window", std::vector<std::string>{});
  m.calendar_files = j.value("calendar_files", std::vector<std::string>{});
  m.calendar_warnings = j.value("calendar_warnings", std::vector<std::string>{});
  if (j.contains("fingerprint")) m.fingerprint = j["fingerprint"];
  return m;
}

}  // namespace

bool IsTerminal(const std::string& s) {
  return s == "answered" || s == "unanswered" || s == "missed" || s == "failed" || s == "unknown";
}

nlohmann::json ToJson(const CampaignMeta& m) {
  return {{"scenario_path", m.scenario_path},
          {"calendar_dir", m.calendar_dir},
          {"seed", m.seed},
          {"window_start_ms", m.window_start_ms},
          {"days", m.days},
          {"per_hour", m.per_hour},
          {"min_gap_s", m.min_gap_s},
          {"poll_ms", m.poll_ms},
          {"max_poll_ms", m.max_poll_ms},
          {"reply_wait_ms", m.reply_wait_ms},
          {"late_grace_ms", m.late_grace_ms},
          {"sla_ms", m.sla_ms},
          {"fast_reply_ms", m.fast_reply_ms},
          {"holidays_in_window", m.holidays_in_window},
          {"calendar_files", m.calendar_files},
          {"calendar_warnings", m.calendar_warnings},
          {"window_end_ms", m.window_end_ms()},
          {"fingerprint", m.fingerprint},
          {"schema_version", kSchemaVersion}};
}

nlohmann::json ToJson(const RequestRow& r) {
  return {{"seq", r.seq},
          {"token", r.token},
          {"channel", r.channel},
          {"planned_ms", r.planned_ms},
          {"weekday", r.weekday},
          {"hour", r.hour},
          {"local_date", r.local_date},
          {"holiday", r.holiday},
          {"state", r.state},
          {"handle", r.handle},
          {"sends", r.sends},
          {"sent_ms", r.sent_ms},
          {"response_ms", r.response_ms < 0 ? nlohmann::json() : nlohmann::json(r.response_ms)},
          {"polls", r.polls},
          {"auto_replies", r.auto_replies},
          {"detail", r.detail},
          {"reply_excerpt", r.reply_excerpt},
          {"subject", r.subject},
          {"lang", r.lang},
          {"challenge_question", r.challenge_question},
          {"challenge_answer", r.challenge_answer},
          {"reply_text", r.reply_text},
          {"reply_class", r.reply_class},
          {"reply_reasons", r.reply_reasons}};
}

void CampaignStore::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

Status CampaignStore::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error{"campaign database " + path_ + ": " + msg};
  }
  return Ok{};
}

Result<CampaignStore> CampaignStore::Create(const std::string& path, const CampaignMeta& meta,
                                            const std::vector<RequestRow>& requests) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0)
    return Error{"campaign database " + path +
                 " already exists; resume it (pooltest campaign resume) or choose another file"};
  // The database is built under a temporary name and renamed into place
  // only when complete, so a start killed half-way leaves either no
  // campaign (start again) or a whole one (resume it), never a husk.
  const std::string building = path + ".creating";
  std::remove(building.c_str());  // left by a start that was killed
  std::remove((building + "-wal").c_str());
  std::remove((building + "-shm").c_str());
  {
    Status built = Build(building, meta, requests);
    if (!built) {
      std::remove(building.c_str());
      return built.error();
    }
  }
  if (std::rename(building.c_str(), path.c_str()) != 0) {
    std::remove(building.c_str());
    return Error{"cannot create campaign database " + path + ": " + std::strerror(errno)};
  }
  return Open(path);
}

Status CampaignStore::Build(const std::string& path, const CampaignMeta& meta,
                            const std::vector<RequestRow>& requests) {
  CampaignStore store;
  store.path_ = path;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{"cannot create campaign database " + path + ": " + msg};
  }
  store.db_.reset(db);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  for (const char* sql : {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", kSchema}) {
    Status s = store.Exec(sql);
    if (!s) return s.error();
  }
  Status s = store.Exec("BEGIN IMMEDIATE;");
  if (!s) return s.error();
  {
    Stmt st1;
    sqlite3_prepare_v2(db, "INSERT INTO meta(key, value) VALUES('campaign', ?1)", -1, &st1.s,
                       nullptr);
    const std::string mj = ToJson(meta).dump();
    sqlite3_bind_text(st1.s, 1, mj.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st1.s) != SQLITE_DONE)
      return Error{"campaign database " + path + ": " + sqlite3_errmsg(db)};
  }
  store.meta_ = meta;
  for (const RequestRow& r : requests) {
    Status u = store.Update(r);
    if (!u) return u.error();
  }
  s = store.Exec("COMMIT;");
  if (!s) return s.error();
  // Closing the only connection checkpoints the WAL into the file, so the
  // rename that follows moves the whole database.
  return Ok{};
}

Result<CampaignStore> CampaignStore::Open(const std::string& path) {
  CampaignStore store;
  store.path_ = path;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{"cannot open campaign database " + path + ": " + msg +
                 " (start one with pooltest campaign start)"};
  }
  store.db_.reset(db);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  Status s = store.Exec("PRAGMA synchronous=NORMAL;");
  if (!s) return s.error();
  for (const auto& [column, empty] : kLaterColumns) {
    Stmt info;
    const std::string q =
        std::string("SELECT 1 FROM pragma_table_info('requests') WHERE name='") + column + "'";
    if (sqlite3_prepare_v2(db, q.c_str(), -1, &info.s, nullptr) != SQLITE_OK) break;
    if (sqlite3_step(info.s) == SQLITE_ROW) continue;
    s = store.Exec(std::string("ALTER TABLE requests ADD COLUMN ") + column +
                   " TEXT NOT NULL DEFAULT " + empty + ";");
    if (!s) return s.error();
  }
  Stmt st;
  if (sqlite3_prepare_v2(db,
                         "SELECT (SELECT value FROM meta WHERE key='campaign'), "
                         "(SELECT value FROM meta WHERE key='finished_ms')",
                         -1, &st.s, nullptr) != SQLITE_OK ||
      sqlite3_step(st.s) != SQLITE_ROW || sqlite3_column_type(st.s, 0) == SQLITE_NULL)
    return Error{path + " is not a pooltest campaign database"};
  const nlohmann::json j = nlohmann::json::parse(
      reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0)), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{path + ": the campaign record is damaged"};
  try {
    store.meta_ = MetaFromJson(j);
  } catch (const nlohmann::json::exception& e) {
    return Error{path + ": the campaign record is damaged (" + e.what() + ")"};
  }
  if (sqlite3_column_type(st.s, 1) != SQLITE_NULL)
    store.meta_.finished_ms =
        std::stoll(reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1)));
  return store;
}

Status CampaignStore::Snapshot(const std::string& from, const std::string& to) {
  struct stat st;
  if (stat(to.c_str(), &st) == 0) return Error{"cannot copy the campaign to " + to + ": it exists"};
  auto open = [](const std::string& path, int flags, sqlite3** db) -> Status {
    if (sqlite3_open_v2(path.c_str(), db, flags, nullptr) == SQLITE_OK) return Ok{};
    std::string msg = *db ? sqlite3_errmsg(*db) : "out of memory";
    return Error{"cannot open campaign database " + path + ": " + msg};
  };
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  Status s = open(from, SQLITE_OPEN_READONLY, &src);
  if (s) s = open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst);
  if (s) {
    sqlite3_busy_timeout(src, kBusyTimeoutMs);
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
      s = Error{"cannot copy the campaign database " + from + ": " + sqlite3_errmsg(dst)};
    } else {
      // -1: all pages in one step, so the copy is one consistent read.
      const int rc = sqlite3_backup_step(b, -1);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE)
        s = Error{"cannot copy the campaign database " + from + ": " + sqlite3_errstr(rc)};
    }
  }
  if (s) {
    char* err = nullptr;
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE;", nullptr, nullptr, &err) != SQLITE_OK) {
      s = Error{"campaign copy " + to + ": " + (err ? err : "unknown error")};
      sqlite3_free(err);
    }
  }
  sqlite3_close(src);
  sqlite3_close(dst);
  if (!s) std::remove(to.c_str());
  return s;
}

Result<std::vector<RequestRow>> CampaignStore::Requests() const {
  Stmt st;
  if (sqlite3_prepare_v2(db_.get(),
                         "SELECT seq, token, channel, planned_ms, weekday, hour, local_date, "
                         "holiday, state, handle, sends, intent_ms, sent_ms, next_poll_ms, "
                         "response_ms, polls, auto_replies, detail, reply_excerpt, subject, lang, "
                         "challenge_question, challenge_answer, reply_text, reply_class, "
                         "reply_reasons FROM requests ORDER BY seq",
                         -1, &st.s, nullptr) != SQLITE_OK)
    return Error{"campaign database " + path_ + ": " + sqlite3_errmsg(db_.get())};
  std::vector<RequestRow> out;
  auto text = [&](int i) {
    const unsigned char* t = sqlite3_column_text(st.s, i);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    RequestRow r;
    r.seq = sqlite3_column_int(st.s, 0);
    r.token = text(1);
    r.channel = text(2);
    r.planned_ms = sqlite3_column_int64(st.s, 3);
    r.weekday = sqlite3_column_int(st.s, 4);
    r.hour = sqlite3_column_int(st.s, 5);
    r.local_date = text(6);
    r.holiday = text(7);
    r.state = text(8);
    r.handle = text(9);
    r.sends = sqlite3_column_int(st.s, 10);
    r.intent_ms = sqlite3_column_int64(st.s, 11);
    r.sent_ms = sqlite3_column_int64(st.s, 12);
    r.next_poll_ms = sqlite3_column_int64(st.s, 13);
    r.response_ms = sqlite3_column_int64(st.s, 14);
    r.polls = sqlite3_column_int(st.s, 15);
    r.auto_replies = sqlite3_column_int(st.s, 16);
    r.detail = text(17);
    r.reply_excerpt = text(18);
    r.subject = text(19);
    r.lang = text(20);
    r.challenge_question = text(21);
    r.challenge_answer = text(22);
    r.reply_text = text(23);
    r.reply_class = text(24);
    const nlohmann::json reasons = nlohmann::json::parse(text(25), nullptr, false);
    if (reasons.is_array())
      for (const auto& why : reasons)
        if (why.is_string()) r.reply_reasons.push_back(why.get<std::string>());
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE)
    return Error{"campaign database " + path_ + ": " + sqlite3_errmsg(db_.get())};
  return out;
}

Status CampaignStore::Update(const RequestRow& r) {
  Stmt st;
  if (sqlite3_prepare_v2(
          db_.get(),
          "INSERT OR REPLACE INTO requests(seq, token, channel, planned_ms, weekday, hour, "
          "local_date, holiday, state, handle, sends, intent_ms, sent_ms, next_poll_ms, "
          "response_ms, polls, auto_replies, detail, reply_excerpt, subject, lang, "
          "challenge_question, challenge_answer, reply_text, reply_class, reply_reasons) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
          "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
          -1, &st.s, nullptr) != SQLITE_OK)
    return Error{"campaign database " + path_ + ": " + sqlite3_errmsg(db_.get())};
  auto bind_text = [&](int i, const std::string& s) {
    sqlite3_bind_text(st.s, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  };
  sqlite3_bind_int(st.s, 1, r.seq);
  bind_text(2, r.token);
  bind_text(3, r.channel);
  sqlite3_bind_int64(st.s, 4, r.planned_ms);
  sqlite3_bind_int(st.s, 5, r.weekday);
  sqlite3_bind_int(st.s, 6, r.hour);
  bind_text(7, r.local_date);
  bind_text(8, r.holiday);
  bind_text(9, r.state);
  bind_text(10, r.handle);
  sqlite3_bind_int(st.s, 11, r.sends);
  sqlite3_bind_int64(st.s, 12, r.intent_ms);
  sqlite3_bind_int64(st.s, 13, r.sent_ms);
  sqlite3_bind_int64(st.s, 14, r.next_poll_ms);
  sqlite3_bind_int64(st.s, 15, r.response_ms);
  sqlite3_bind_int(st.s, 16, r.polls);
  sqlite3_bind_int(st.s, 17, r.auto_replies);
  bind_text(18, r.detail);
  bind_text(19, r.reply_excerpt);
  bind_text(20, r.subject);
  bind_text(21, r.lang);
  bind_text(22, r.challenge_question);
  bind_text(23, r.challenge_answer);
  bind_text(24, r.reply_text);
  bind_text(25, r.reply_class);
  bind_text(26, nlohmann::json(r.reply_reasons).dump());
  if (sqlite3_step(st.s) != SQLITE_DONE)
    return Error{"campaign database " + path_ + ": cannot record request " + std::to_string(r.seq) +
                 ": " + sqlite3_errmsg(db_.get())};
  return Ok{};
}

Status CampaignStore::SetFinished(long long ms) {
  Stmt st;
  sqlite3_prepare_v2(db_.get(), "INSERT OR REPLACE INTO meta(key, value) VALUES('finished_ms', ?1)",
                     -1, &st.s, nullptr);
  const std::string v = std::to_string(ms);
  sqlite3_bind_text(st.s, 1, v.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE)
    return Error{"campaign database " + path_ + ": " + sqlite3_errmsg(db_.get())};
  meta_.finished_ms = ms;
  return Ok{};
}

Status CampaignStore::AddEvent(long long at_ms, int seq, const std::string& text) {
  Stmt st;
  sqlite3_prepare_v2(db_.get(), "INSERT INTO events(at_ms, seq, text) VALUES(?1, ?2, ?3)", -1,
                     &st.s, nullptr);
  sqlite3_bind_int64(st.s, 1, at_ms);
  sqlite3_bind_int(st.s, 2, seq);
  sqlite3_bind_text(st.s, 3, text.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE)
    return Error{"campaign database " + path_ + ": " + sqlite3_errmsg(db_.get())};
  return Ok{};
}

std::vector<RequestRow> PlannedRows(const std::vector<PlannedRequest>& plan) {
  std::vector<RequestRow> rows;
  rows.reserve(plan.size());
  for (const PlannedRequest& p : plan) {
    RequestRow r;
    r.seq = p.seq;
    r.token = p.token;
    r.channel = p.channel;
    r.planned_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(p.at.time_since_epoch()).count();
    r.weekday = p.cell.weekday;
    r.hour = p.cell.hour;
    r.local_date = p.cell.date;
    r.holiday = p.holiday;
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace pooltest
