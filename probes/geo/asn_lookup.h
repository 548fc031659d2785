// Maps addresses to autonomous systems from MaxMind-format ASN databases
// (autonomous_system_number, autonomous_system_organization) or CSV range
// files (start,end,asn,organisation, IPv4 or IPv6). Observation (probe
// "asn.lookup", target = address) data: database, path, format ("mmdb" |
// "csv"), found, asn, organisation (null when absent); when found also
// network (prefix for mmdb, "start-end" for CSV) and, for CSV, line; for
// mmdb also database_type and database_build (epoch seconds). The
// "received" transcript record is the CSV line, or for mmdb the excerpt of the
// stored record the data came from ({"autonomous_system_number": ...,
// "autonomous_system_organization": ...}, as stored). A CSV address in
// partially overlapping ranges of different AS (ip_range_table.h) is not
// found: ambiguous is true and candidates lists each range (asn,
// organisation, network, line), every line in the transcript.
#pragma once

#include <memory>
#include <string>

#include "core/observation.h"
#include "core/result.h"
#include "scenarios/scenario.h"

namespace pooltest {

class AsnDatabase {
 public:
  static Result<std::unique_ptr<AsnDatabase>> Open(const DataSource& source);
  ~AsnDatabase();

  Observation Lookup(const std::string& address) const;

 private:
  AsnDatabase();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
