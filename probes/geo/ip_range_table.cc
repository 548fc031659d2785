#include "probes/geo/ip_range_table.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <optional>

namespace pooltest {
namespace {

// RFC 4180 fields of one line; nullopt on an unterminated quote.
std::optional<std::vector<std::string>> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  return fields;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// "9198" or "AS9198".
bool ParseAsn(std::string s, uint32_t* out) {
  if (s.size() > 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's')) s = s.substr(2);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<IpRangeTable> IpRangeTable::LoadCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{path + ": cannot open ASN CSV file: " + std::strerror(errno) +
                 "; check the data source path in the scenario"};
  }
  IpRangeTable table;
  std::string line;
  int number = 0;
  bool first = true;  // only the first non-blank line may be a header
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty() || line[0] == '#') continue;
    std::string where = path + ":" + std::to_string(number);
    std::optional<std::vector<std::string>> fields = SplitCsv(line);
    if (!fields) return Error{where + ": unterminated quoted field"};
    if (fields->size() < 4) {
      return Error{where + ": expected 4 fields start,end,asn,organisation, found " +
                   std::to_string(fields->size())};
    }
    // An unquoted comma in the organisation is the usual slip; the
    // organisation is last, so the rest of the line belongs to it.
    std::string organisation = (*fields)[3];
    for (size_t i = 4; i < fields->size(); ++i) organisation += "," + (*fields)[i];
    std::string start_text = Trim((*fields)[0]);
    std::string end_text = Trim((*fields)[1]);
    std::string asn_text = Trim((*fields)[2]);
    std::optional<IpAddress> start = ParseIpAddress(start_text);
    uint32_t asn = 0;
    bool asn_ok = ParseAsn(asn_text, &asn);
    bool header = first && !start && !asn_ok;
    first = false;
    if (header) continue;
    if (!start) return Error{where + ": start '" + start_text + "' is not an IP address"};
    std::optional<IpAddress> end = ParseIpAddress(end_text);
    if (!end) return Error{where + ": end '" + end_text + "' is not an IP address"};
    if (start->v4 != end->v4) {
      return Error{where + ": start and end are not both IPv4 or both IPv6"};
    }
    if (end->bytes < start->bytes) return Error{where + ": end " + end_text + " is before start"};
    if (!asn_ok) return Error{where + ": asn '" + asn_text + "' is not a number like 9198"};
    table.ranges_.push_back(IpRange{*start, *end, asn, Trim(organisation), number, line});
  }
  if (in.bad()) return Error{path + ": read error: " + std::strerror(errno)};
  // Containing ranges before the ranges they contain (same start, longer
  // first), so a scan back from an address meets every range that holds it.
  std::sort(table.ranges_.begin(), table.ranges_.end(), [](const IpRange& a, const IpRange& b) {
    return a.start.bytes != b.start.bytes ? a.start.bytes < b.start.bytes
                                          : b.end.bytes < a.end.bytes;
  });
  table.max_end_.reserve(table.ranges_.size());
  for (const IpRange& r : table.ranges_) {
    if (!table.max_end_.empty() && !(table.max_end_.back() < r.start.bytes)) ++table.overlapping_;
    table.max_end_.push_back(table.max_end_.empty() ? r.end.bytes
                                                    : std::max(table.max_end_.back(), r.end.bytes));
  }
  return table;
}

RangeMatch IpRangeTable::Match(const IpAddress& address) const {
  RangeMatch m;
  auto it = std::upper_bound(
      ranges_.begin(), ranges_.end(), address.bytes,
      [](const std::array<uint8_t, 16>& a, const IpRange& r) { return a < r.start.bytes; });
  std::vector<const IpRange*> holders;
  // Back from the last range starting at or before the address, for as long
  // as some earlier range still reaches it (max_end_): one step when ranges
  // do not overlap.
  for (size_t j = static_cast<size_t>(it - ranges_.begin()); j > 0; --j) {
    if (max_end_[j - 1] < address.bytes) break;
    if (!(ranges_[j - 1].end.bytes < address.bytes)) holders.push_back(&ranges_[j - 1]);
  }
  if (holders.empty()) return m;
  // The last holder met is the latest-starting; among those, the shortest.
  const IpRange* narrowest = holders.front();
  for (const IpRange* h : holders)
    if (h->end.bytes < narrowest->end.bytes ||
        (h->end.bytes == narrowest->end.bytes && narrowest->start.bytes < h->start.bytes))
      narrowest = h;
  for (const IpRange* h : holders) {
    const bool contains =
        !(narrowest->start.bytes < h->start.bytes) && !(h->end.bytes < narrowest->end.bytes);
    if (!contains && h->asn != narrowest->asn) {
      m.conflicting = holders;
      return m;
    }
  }
  m.range = narrowest;
  return m;
}

const IpRange* IpRangeTable::Find(const IpAddress& address) const {
  RangeMatch m = Match(address);
  return m.conflicting.empty() ? m.range : nullptr;
}

}  // namespace pooltest
