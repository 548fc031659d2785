#include "probes/geo/asn_lookup.h"

#include <chrono>
#include <filesystem>
#include <optional>

#include "probes/geo/ip_address.h"
#include "probes/geo/ip_range_table.h"
#include "probes/geo/mmdb_file.h"

namespace pooltest {
namespace {

constexpr size_t kSchemaSample = 64;

bool HasAsn(const nlohmann::json& entry) {
  return entry.is_object() && entry.contains("autonomous_system_number");
}

using Kind = MmdbFile::Record::Kind;

}  // namespace

struct AsnDatabase::Impl {
  DataSource source;
  std::unique_ptr<MmdbFile> mmdb;     // set for MaxMind DB sources
  std::optional<IpRangeTable> table;  // set for CSV sources
};

AsnDatabase::AsnDatabase() : impl_(std::make_unique<Impl>()) {}
AsnDatabase::~AsnDatabase() = default;

Result<std::unique_ptr<AsnDatabase>> AsnDatabase::Open(const DataSource& source) {
  std::unique_ptr<AsnDatabase> db(new AsnDatabase());
  db->impl_->source = source;
  if (source.format == DataSource::Format::kCsv) {
    Result<IpRangeTable> table = IpRangeTable::LoadCsv(source.path);
    if (!table.ok()) return table.error();
    if (table->size() == 0) {
      return Error{source.path + ": ASN CSV file has no ranges; use a complete file"};
    }
    db->impl_->table = std::move(table.value());
    return db;
  }
  Result<std::unique_ptr<MmdbFile>> file = MmdbFile::Open(source.path);
  if (!file.ok()) return file.error();
  Result<std::vector<nlohmann::json>> sample = file.value()->SampleRecords(kSchemaSample);
  if (!sample.ok()) return sample.error();
  bool asn = false;
  for (const nlohmann::json& r : sample.value()) asn = asn || HasAsn(r);
  if (!asn) {
    return Error{source.path + ": not an ASN database (type '" + file.value()->database_type() +
                 "'): no record has autonomous_system_number; check which file the data "
                 "source '" +
                 source.name + "' points at"};
  }
  db->impl_->mmdb = std::move(file.value());
  return db;
}

Observation AsnDatabase::Lookup(const std::string& address) const {
  Observation o;
  o.probe = "asn.lookup";
  o.target = address;
  o.started = std::chrono::system_clock::now();
  const Impl& impl = *impl_;
  o.data = {
      {"database", impl.source.name},
      {"file", std::filesystem::path(impl.source.path).filename().string()},
      {"format", impl.table ? "csv" : "mmdb"},
      {"found", false},
      {"asn", nullptr},
      {"organisation", nullptr},
  };
  AddTranscript(o, "sent", address);
  auto finish = [&](ProbeStatus status, std::string detail) {
    o.status = status;
    o.detail = std::move(detail);
    o.finished = std::chrono::system_clock::now();
    return o;
  };

  if (impl.table) {
    std::optional<IpAddress> ip = ParseIpAddress(address);
    if (!ip)
      return finish(ProbeStatus::kError,
                    "'" + address + "' is not an IPv4 or IPv6 address literal");
    RangeMatch m = impl.table->Match(*ip);
    if (!m.conflicting.empty()) {
      // The file itself disagrees: no AS is reported, so no check counts
      // this address as any provider's.
      std::string lines, received;
      nlohmann::json candidates = nlohmann::json::array();
      for (const IpRange* c : m.conflicting) {
        candidates.push_back(
            {{"asn", c->asn},
             {"organisation", c->organisation},
             {"network", FormatIpAddress(c->start) + "-" + FormatIpAddress(c->end)},
             {"line", c->line}});
        lines += (lines.empty() ? "" : ", ") + std::to_string(c->line);
        received += (received.empty() ? "" : "\n") + c->text;
      }
      AddTranscript(o, "received", received);
      o.data["ambiguous"] = true;
      o.data["candidates"] = std::move(candidates);
      return finish(ProbeStatus::kOk, address + " lies in overlapping ranges of " +
                                          impl.source.name + " (lines " + lines +
                                          ") that name different AS: no single answer");
    }
    const IpRange* r = m.range;
    if (r == nullptr) {
      AddTranscript(o, "received", "null");
      return finish(ProbeStatus::kOk, address + " is in no range of " + impl.source.name);
    }
    AddTranscript(o, "received", r->text);
    o.data["found"] = true;
    o.data["asn"] = r->asn;
    o.data["organisation"] =
        r->organisation.empty() ? nlohmann::json(nullptr) : nlohmann::json(r->organisation);
    o.data["network"] = FormatIpAddress(r->start) + "-" + FormatIpAddress(r->end);
    o.data["line"] = r->line;
    return finish(ProbeStatus::kOk, address + " is in AS" + std::to_string(r->asn) + " (" +
                                        r->organisation + ") per " + impl.source.name + " line " +
                                        std::to_string(r->line));
  }

  const MmdbFile& file = *impl.mmdb;
  o.data["database_type"] = file.database_type();
  o.data["database_build"] = file.build_epoch();
  Result<MmdbFile::Hit> hit = file.Find(address);
  if (!hit.ok()) return finish(ProbeStatus::kError, hit.error().message);
  if (!hit->found) {
    AddTranscript(o, "received", "null");
    return finish(ProbeStatus::kOk, address + " is not in " + impl.source.name +
                                        (hit->note.empty() ? "" : " (" + hit->note + ")"));
  }
  MmdbFile::Record& record = *hit->record;
  nlohmann::json asn = record.Get({"autonomous_system_number"}, Kind::kNumber);
  if (!asn.is_number_unsigned()) asn = nullptr;  // a negative or fractional number is no ASN
  nlohmann::json organisation = record.Get({"autonomous_system_organization"}, Kind::kString);
  if (!organisation.is_string() || organisation.get_ref<const std::string&>().empty())
    organisation = nullptr;
  if (!record.error().empty()) return finish(ProbeStatus::kError, record.error());
  // The evidence is the part of the record the data came from, as stored.
  AddTranscript(o, "received", record.excerpt().dump());
  o.data["found"] = true;
  o.data["network"] = hit->network;
  o.data["asn"] = std::move(asn);
  o.data["organisation"] = std::move(organisation);
  std::string as = o.data["asn"].is_null() ? "no AS number"
                                           : "AS" + std::to_string(o.data["asn"].get<uint64_t>());
  std::string org = o.data["organisation"].is_null()
                        ? ""
                        : " (" + o.data["organisation"].get<std::string>() + ")";
  return finish(ProbeStatus::kOk,
                address + " is in " + hit->network + ", " + as + org + " per " + impl.source.name);
}

}  // namespace pooltest
