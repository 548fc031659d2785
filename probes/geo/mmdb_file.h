// One open MaxMind DB file, shared by the geolocation and ASN lookups: opens
// it with an actionable error, looks literal addresses up, and reads values
// out of the record found by path, decoding only what is asked for (a full
// GeoLite2 City record has hundreds of values; a probe needs a dozen). What
// was read is kept as an excerpt of the record, laid out as stored, so
// observations can quote it as evidence. Read-only after Open; Find and
// SampleRecords may run from many threads.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

struct MMDB_s;
struct MMDB_entry_data_s;
struct MMDB_entry_s;

namespace pooltest {

class MmdbFile {
 public:
  // The error names the path and libmaxminddb's reason (missing file, not a
  // MaxMind DB, corrupt metadata).
  static Result<std::unique_ptr<MmdbFile>> Open(const std::string& path);
  ~MmdbFile();
  MmdbFile(const MmdbFile&) = delete;
  MmdbFile& operator=(const MmdbFile&) = delete;

  // A record of the file. Paths are map keys and, inside arrays, decimal
  // indices: {"city", "names", "en"}, {"subdivisions", "0", "names"}.
  class Record {
   public:
    enum class Kind { kAbsent, kMap, kArray, kString, kNumber, kOther };
    // What is stored at `path`, without decoding it.
    Kind KindAt(std::initializer_list<const char*> path);
    // The value at `path` as JSON (a map or array in full; an empty path is
    // the whole record); null when absent or, given `want`, when what is
    // stored there is of another kind. Every value returned is also put into
    // excerpt() at its path.
    nlohmann::json Get(std::initializer_list<const char*> path, Kind want = Kind::kAbsent);
    // The values Get returned, nested as in the record: {"country":
    // {"iso_code": "KZ"}, ...}. An object, empty until Get finds something.
    const nlohmann::json& excerpt() const { return excerpt_; }
    // Set once a read met damaged data (the first such reason, naming the
    // file); reads after that return null / kAbsent.
    const std::string& error() const { return error_; }

   private:
    friend class MmdbFile;
    Record(const MmdbFile* file, uint32_t offset) : file_(file), offset_(offset) {}
    bool Locate(std::initializer_list<const char*> path, MMDB_entry_data_s* out);
    bool LocateTop(const char* key, uint32_t* offset, bool* found);
    bool Lookup(MMDB_entry_s start, const char* const* keys, MMDB_entry_data_s* out);
    static Kind KindOf(const MMDB_entry_data_s& d);
    const MmdbFile* file_ = nullptr;
    uint32_t offset_ = 0;
    // Where top-level values start, once looked for: libmaxminddb walks (and
    // skips over) the record's top-level map on every path lookup, so the
    // location, city and subdivisions values are found once and their inner
    // paths looked up from there.
    struct Top {
      char key[32];  // longer keys are not cached
      bool found;
      uint32_t offset;
    };
    static constexpr size_t kTopCache = 8;
    Top top_[kTopCache];
    size_t tops_ = 0;
    nlohmann::json excerpt_ = nlohmann::json::object();
    std::string error_;
  };

  struct Hit {
    bool found = false;
    std::string network;           // the record's prefix, e.g. "127.0.0.11/32"; empty if !found
    std::optional<Record> record;  // set iff found
    std::string note;              // why not found when the database cannot hold it
  };
  // Error: `address` is not an IP literal, or the database is corrupt.
  Result<Hit> Find(const std::string& address) const;

  // Up to `limit` records in search-tree order, decoded in full (which also
  // proves the data section readable), for recognising the schema of a
  // database without knowing any address in it.
  Result<std::vector<nlohmann::json>> SampleRecords(size_t limit) const;

  const std::string& path() const { return path_; }
  const std::string& database_type() const { return database_type_; }
  uint64_t build_epoch() const;
  int ip_version() const;

 private:
  explicit MmdbFile(std::string path);
  std::string path_;
  std::unique_ptr<MMDB_s> mmdb_;
  bool open_ = false;
  std::string database_type_;  // from the metadata, valid UTF-8
};

}  // namespace pooltest
