// One open MaxMind DB file, shared by the geolocation and ASN lookups: opens
// it with an actionable error, looks literal addresses up, and turns records
// into JSON exactly as stored (so observations can quote them as evidence).
// Read-only after Open; Find and SampleRecords may run from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/result.h"

struct MMDB_s;

namespace pooltest {

class MmdbFile {
 public:
  // The error names the path and libmaxminddb's reason (missing file, not a
  // MaxMind DB, corrupt metadata).
  static Result<std::unique_ptr<MmdbFile>> Open(const std::string& path);
  ~MmdbFile();
  MmdbFile(const MmdbFile&) = delete;
  MmdbFile& operator=(const MmdbFile&) = delete;

  struct Hit {
    bool found = false;
    std::string network;   // the record's prefix, e.g. "127.0.0.11/32"; empty if !found
    nlohmann::json entry;  // the record as stored; null if !found
    std::string note;      // why not found when the database cannot hold it
  };
  // Error: `address` is not an IP literal, or the database is corrupt.
  Result<Hit> Find(const std::string& address) const;

  // Up to `limit` records in search-tree order, for recognising the schema
  // of a database without knowing any address in it.
  Result<std::vector<nlohmann::json>> SampleRecords(size_t limit) const;

  const std::string& path() const { return path_; }
  std::string database_type() const;
  uint64_t build_epoch() const;
  int ip_version() const;

 private:
  explicit MmdbFile(std::string path);
  std::string path_;
  std::unique_ptr<MMDB_s> mmdb_;
  bool open_ = false;
};

}  // namespace pooltest
