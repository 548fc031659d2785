// A table of IP address ranges mapped to autonomous systems, loaded from the
// CSV layout of the @ip-location-db ASN files: start,end,asn,organisation,
// one range per line, IPv4 and IPv6 mixed, optional header line, fields
// quoted as in RFC 4180 when they contain commas. Ranges are sorted once at
// load. Real files have overlaps (ip-location-db's asn-ipv4.csv of 2026-06
// holds a few, e.g. in 214.95.0.0-215.1.3.255): an address inside nested
// ranges gets the narrowest (a more-specific route is the one announced),
// and an address where ranges overlap only partially and name different AS
// has no single answer: the match lists them all, and the lookup says so
// rather than picking one.
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

struct RangeMatch {
  // The answer: the narrowest range holding the address, when every other
  // that holds it contains it or names the same AS. nullptr otherwise.
  const IpRange* range = nullptr;
  // Set instead when ranges that overlap partially hold the address and
  // name different AS: every range holding it.
  std::vector<const IpRange*> conflicting;
};

class IpRangeTable {
 public:
  // The error names file:line and what is wrong with that line.
  static Result<IpRangeTable> LoadCsv(const std::string& path);

  RangeMatch Match(const IpAddress& address) const;
  // Match's one answer; nullptr when no range holds the address or the
  // ranges that do disagree.
  const IpRange* Find(const IpAddress& address) const;
  size_t size() const { return ranges_.size(); }
  // Ranges that start inside an earlier one.
  size_t overlapping() const { return overlapping_; }

 private:
  std::vector<IpRange> ranges_;                   // by start, then longest first
  std::vector<std::array<uint8_t, 16>> max_end_;  // max end over ranges_[0..i]
  size_t overlapping_ = 0;
};

}  // namespace pooltest
