// The re-audit registry: one SQLite file holding each pool (BIN, name),
// every act added for it (registry_act.h) and its certificates (date of
// issue and expiry a year on, P3). The regulator accredits for one year, so
// a pool's re-audit falls on its last certificate's expiry, or a year after
// its last act when no certificate is recorded. The schema is versioned
// (PRAGMA user_version); a file of a newer version is refused, not
// rewritten. Every error names the file. Adding an act already held (same
// SHA-256 of act.json) changes nothing. Not thread-safe: one handle per
// process; SQLite's locking covers processes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "harness/registry/registry_act.h"

struct sqlite3;

namespace pooltest {

struct Certificate {
  std::string issued;   // YYYY-MM-DD
  std::string expires;  // a year on (procedure/deadlines.h: CertificateExpiry)
};

struct PoolRecord {
  std::string bin;
  std::string name;
  std::vector<RegisteredAct> acts;         // oldest first (act date, then order added)
  std::optional<Certificate> certificate;  // the latest issued
  std::string reaudit;                     // YYYY-MM-DD
  std::string reaudit_basis;               // "certificate expiry" | "act date + 1 year"
};

// $XDG_DATA_HOME/pooltest/registry.sqlite, else
// $HOME/.local/share/pooltest/registry.sqlite (the XDG base directory rule).
std::string DefaultRegistryPath();

class RegistryStore {
 public:
  // Creates the file (and its folder) when `create` and it is absent.
  static Result<RegistryStore> Open(const std::string& path, bool create);

  const std::string& path() const { return path_; }
  // true when added, false when the same act was already there.
  Result<bool> AddAct(const RegisteredAct& act);
  Status AddCertificate(const std::string& bin, const Certificate& c);
  Result<std::vector<PoolRecord>> Pools() const;
  Result<std::optional<PoolRecord>> Pool(const std::string& bin) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Status Exec(const std::string& sql) const;
  Status Migrate();
  std::unique_ptr<sqlite3, Closer> db_;
  std::string path_;
};

}  // namespace pooltest
