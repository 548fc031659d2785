#include "harness/registry/registry_store.h"

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "procedure/deadlines.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

constexpr int kBusyTimeoutMs = 5000;
// 1: pools, acts, certificates.
constexpr int kSchemaVersion = 1;

const char kSchema[] = R"sql(
CREATE TABLE pools (bin TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE acts (
  sha256 TEXT PRIMARY KEY, bin TEXT NOT NULL REFERENCES pools(bin),
  act_number TEXT NOT NULL, act_date TEXT NOT NULL, result TEXT NOT NULL,
  signer TEXT NOT NULL, verified INTEGER NOT NULL, problems TEXT NOT NULL,
  folder TEXT NOT NULL, added_utc TEXT NOT NULL);
CREATE TABLE certificates (
  bin TEXT NOT NULL REFERENCES pools(bin), issued TEXT NOT NULL, expires TEXT NOT NULL,
  PRIMARY KEY (bin, issued));
)sql";

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt() = default;
  Stmt(Stmt&& o) noexcept : s(std::exchange(o.s, nullptr)) {}
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() { sqlite3_finalize(s); }
};

// `sql` with ?1, ?2, ... bound to `texts`. A statement that fails to
// prepare stays null, and stepping it fails (SQLITE_MISUSE): the caller's
// step check reports sqlite3_errmsg.
Stmt Prepare(sqlite3* db, const char* sql, const std::vector<std::string>& texts) {
  Stmt st;
  sqlite3_prepare_v2(db, sql, -1, &st.s, nullptr);
  for (size_t i = 0; i < texts.size(); ++i)
    sqlite3_bind_text(st.s, static_cast<int>(i + 1), texts[i].c_str(), -1, SQLITE_TRANSIENT);
  return st;
}

std::string Column(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

std::string DefaultRegistryPath() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  fs::path base =
      xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : ".") / ".local" / "share";
  return (base / "pooltest" / "registry.sqlite").string();
}

void RegistryStore::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

Status RegistryStore::Exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_.get());
    sqlite3_free(err);
    return Error{"registry " + path_ + ": " + msg};
  }
  return Ok{};
}

Result<RegistryStore> RegistryStore::Open(const std::string& path, bool create) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create) return Error{"registry " + path + ": no such file (add an act first)"};
    const fs::path folder = fs::path(path).parent_path();
    if (!folder.empty() && !fs::create_directories(folder, ec) && ec)
      return Error{"registry " + path + ": cannot create its folder: " + ec.message()};
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  RegistryStore store;
  store.db_.reset(db);
  store.path_ = path;
  if (rc != SQLITE_OK)
    return Error{"registry " + path + ": " + (db ? sqlite3_errmsg(db) : "cannot open")};
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  Status s = store.Migrate();
  if (!s) return s.error();
  return store;
}

Status RegistryStore::Migrate() {
  Stmt st;
  if (sqlite3_prepare_v2(db_.get(), "PRAGMA user_version", -1, &st.s, nullptr) != SQLITE_OK ||
      sqlite3_step(st.s) != SQLITE_ROW)
    return Error{"registry " + path_ + ": not an SQLite database (" + sqlite3_errmsg(db_.get()) +
                 ")"};
  const int version = sqlite3_column_int(st.s, 0);
  if (version == kSchemaVersion) return Exec("PRAGMA foreign_keys = ON");
  if (version > kSchemaVersion)
    return Error{"registry " + path_ + ": schema version " + std::to_string(version) +
                 " was written by a newer pooltest (this one reads " +
                 std::to_string(kSchemaVersion) + ")"};
  Stmt tables;
  sqlite3_prepare_v2(db_.get(), "SELECT count(*) FROM sqlite_master", -1, &tables.s, nullptr);
  if (sqlite3_step(tables.s) != SQLITE_ROW || sqlite3_column_int(tables.s, 0) != 0)
    return Error{"registry " + path_ + ": an SQLite file that is not a pooltest registry"};
  return Exec(std::string("BEGIN; ") + kSchema + "PRAGMA user_version = " +
              std::to_string(kSchemaVersion) + "; COMMIT; PRAGMA foreign_keys = ON");
}

Result<bool> RegistryStore::AddAct(const RegisteredAct& act) {
  Stmt seen = Prepare(db_.get(), "SELECT 1 FROM acts WHERE sha256 = ?1", {act.sha256});
  if (sqlite3_step(seen.s) == SQLITE_ROW) return false;
  Status begin = Exec("BEGIN IMMEDIATE");
  if (!begin) return begin.error();
  // The pool's name as its latest act gives it.
  Stmt pool = Prepare(db_.get(),
                      "INSERT INTO pools(bin, name) VALUES(?1, ?2) "
                      "ON CONFLICT(bin) DO UPDATE SET name = excluded.name",
                      {act.bin, act.pool_name});
  Stmt row = Prepare(
      db_.get(),
      "INSERT INTO acts(sha256, bin, act_number, act_date, result, signer, problems, folder, "
      "added_utc, verified) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {act.sha256, act.bin, act.act_number, act.act_date, act.result, act.signer,
       nlohmann::json(act.problems).dump(), act.folder,
       act.added_utc.empty() ? FormatUtc(std::chrono::system_clock::now()) : act.added_utc});
  sqlite3_bind_int(row.s, 10, act.verified ? 1 : 0);
  if (sqlite3_step(pool.s) != SQLITE_DONE || sqlite3_step(row.s) != SQLITE_DONE) {
    const std::string why = sqlite3_errmsg(db_.get());
    (void)Exec("ROLLBACK");
    return Error{"registry " + path_ + ": " + why};
  }
  Status commit = Exec("COMMIT");
  if (!commit) return commit.error();
  return true;
}

Status RegistryStore::AddCertificate(const std::string& bin, const Certificate& c) {
  Result<std::optional<PoolRecord>> pool = Pool(bin);
  if (!pool) return pool.error();
  if (!*pool)
    return Error{"registry " + path_ + ": no pool with BIN " + bin + "; add one of its acts first"};
  Stmt st = Prepare(db_.get(),
                    "INSERT INTO certificates(bin, issued, expires) VALUES(?1, ?2, ?3) "
                    "ON CONFLICT(bin, issued) DO UPDATE SET expires = excluded.expires",
                    {bin, c.issued, c.expires});
  if (sqlite3_step(st.s) != SQLITE_DONE)
    return Error{"registry " + path_ + ": " + sqlite3_errmsg(db_.get())};
  return Ok{};
}

Result<std::vector<PoolRecord>> RegistryStore::Pools() const {
  std::vector<PoolRecord> out;
  Stmt pools = Prepare(db_.get(), "SELECT bin, name FROM pools ORDER BY bin", {});
  if (pools.s == nullptr) return Error{"registry " + path_ + ": " + sqlite3_errmsg(db_.get())};
  while (sqlite3_step(pools.s) == SQLITE_ROW) {
    PoolRecord p;
    p.bin = Column(pools.s, 0);
    p.name = Column(pools.s, 1);
    Stmt acts = Prepare(db_.get(),
                        "SELECT sha256, act_number, act_date, result, signer, verified, "
                        "problems, folder, added_utc FROM acts WHERE bin = ?1 "
                        "ORDER BY act_date, rowid",
                        {p.bin});
    while (sqlite3_step(acts.s) == SQLITE_ROW) {
      RegisteredAct a;
      a.bin = p.bin;
      a.pool_name = p.name;
      a.sha256 = Column(acts.s, 0);
      a.act_number = Column(acts.s, 1);
      a.act_date = Column(acts.s, 2);
      a.result = Column(acts.s, 3);
      a.signer = Column(acts.s, 4);
      a.verified = sqlite3_column_int(acts.s, 5) != 0;
      const nlohmann::json problems = nlohmann::json::parse(Column(acts.s, 6), nullptr, false);
      if (problems.is_array())
        for (const auto& x : problems)
          if (x.is_string()) a.problems.push_back(x.get<std::string>());
      a.folder = Column(acts.s, 7);
      a.added_utc = Column(acts.s, 8);
      p.acts.push_back(std::move(a));
    }
    Stmt cert = Prepare(db_.get(),
                        "SELECT issued, expires FROM certificates WHERE bin = ?1 "
                        "ORDER BY issued DESC LIMIT 1",
                        {p.bin});
    if (sqlite3_step(cert.s) == SQLITE_ROW)
      p.certificate = Certificate{Column(cert.s, 0), Column(cert.s, 1)};
    if (p.certificate) {
      p.reaudit = p.certificate->expires;
      p.reaudit_basis = "certificate expiry";
    } else if (!p.acts.empty()) {
      Result<std::string> year_on = CertificateExpiry(p.acts.back().act_date);
      if (!year_on) return Error{"registry " + path_ + ": " + year_on.error().message};
      p.reaudit = *year_on;
      p.reaudit_basis = "act date + 1 year";
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::optional<PoolRecord>> RegistryStore::Pool(const std::string& bin) const {
  Result<std::vector<PoolRecord>> all = Pools();
  if (!all) return all.error();
  for (PoolRecord& p : *all)
    if (p.bin == bin) return std::optional<PoolRecord>(std::move(p));
  return std::optional<PoolRecord>();
}

}  // namespace pooltest
