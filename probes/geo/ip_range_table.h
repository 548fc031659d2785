// A table of IP address ranges mapped to autonomous systems, loaded from the
// CSV layout of the @ip-location-db ASN files: start,end,asn,organisation,
// one range per line, IPv4 and IPv6 mixed, optional header line, fields
// quoted as in RFC 4180 when they contain commas. Ranges are sorted once at
// load and must not overlap, so each address has at most one answer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "probes/geo/ip_address.h"

namespace pooltest {

struct IpRange {
  IpAddress start;
  IpAddress end;  // inclusive
  uint32_t asn = 0;
  std::string organisation;
  int line = 0;      // 1-based line in the source file
  std::string text;  // the line as written, kept as evidence
};

class IpRangeTable {
 public:
  // The error names file:line and what is wrong with that line.
  static Result<IpRangeTable> LoadCsv(const std::string& path);

  // nullptr when no range holds the address.
  const IpRange* Find(const IpAddress& address) const;
  size_t size() const { return ranges_.size(); }

 private:
  std::vector<IpRange> ranges_;  // sorted by start
};

}  // namespace pooltest
