#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"

#include <gtest/gtest.h>
#include <filesystem>

#include "tests/geo/geo_test_util.h"

namespace pooltest {
namespace {

using testing::DataPath;
using testing::kWorld;
using testing::ScratchFile;
using testing::Source;

DataSource AsnSource(const std::string& path, DataSource::Format format) {
  return Source("asn", path, DataSource::Kind::kAsn, format);
}

struct FormatCase {
  const char* file;
  DataSource::Format format;
  const char* name;
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.file; }

class WorldAsnTest : public ::testing::TestWithParam<FormatCase> {
 protected:
  std::unique_ptr<AsnDatabase> Open() {
    auto db = AsnDatabase::Open(AsnSource(DataPath(GetParam().file), GetParam().format));
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(db.value()) : nullptr;
  }
};

TEST_P(WorldAsnTest, EveryWorldAddressMapsToItsProvider) {
  std::unique_ptr<AsnDatabase> db = Open();
  ASSERT_NE(db, nullptr);
  for (const testing::WorldHost& h : kWorld) {
    SCOPED_TRACE(h.address);
    Observation o = db->Lookup(h.address);
    EXPECT_EQ(o.probe, "asn.lookup");
    EXPECT_EQ(o.target, h.address);
    ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
    EXPECT_LE(o.started, o.finished);
    EXPECT_EQ(o.data["format"], GetParam().name);
    EXPECT_EQ(o.data["file"], std::filesystem::path(DataPath(GetParam().file)).filename().string());
    EXPECT_EQ(o.data["found"], true);
    EXPECT_EQ(o.data["asn"], h.asn);
    EXPECT_EQ(o.data["organisation"], h.organisation);
    EXPECT_NE(o.detail.find("AS" + std::to_string(h.asn)), std::string::npos) << o.detail;
    ASSERT_EQ(o.transcript.size(), 2u);
    EXPECT_EQ(o.transcript[0]["text"], h.address);
    EXPECT_NE(o.transcript[1]["text"].get<std::string>().find(h.organisation), std::string::npos);
  }
}

TEST_P(WorldAsnTest, UnknownAddressIsFoundFalse) {
  std::unique_ptr<AsnDatabase> db = Open();
  ASSERT_NE(db, nullptr);
  for (const char* address : {"127.0.0.10", "127.0.0.13", "192.0.2.1", "::2", "2001:db8::1"}) {
    SCOPED_TRACE(address);
    Observation o = db->Lookup(address);
    ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
    EXPECT_EQ(o.data["found"], false);
    EXPECT_TRUE(o.data["asn"].is_null());
    EXPECT_TRUE(o.data["organisation"].is_null());
  }
}

TEST_P(WorldAsnTest, InvalidAddressIsAnError) {
  std::unique_ptr<AsnDatabase> db = Open();
  ASSERT_NE(db, nullptr);
  for (const char* address : {"", "localhost", "127.0.0.256", "1:2:3"}) {
    SCOPED_TRACE(address);
    Observation o = db->Lookup(address);
    EXPECT_EQ(o.status, ProbeStatus::kError);
    EXPECT_NE(o.detail.find("not an IPv4 or IPv6 address"), std::string::npos) << o.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, WorldAsnTest,
    ::testing::Values(FormatCase{"refpool-asn.mmdb", DataSource::Format::kMaxMindDb, "mmdb"},
                      FormatCase{"asn-ranges.csv", DataSource::Format::kCsv, "csv"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(AsnDatabaseTest, MmdbRecordsNetworkAndMetadata) {
  auto db =
      AsnDatabase::Open(AsnSource(DataPath("refpool-asn.mmdb"), DataSource::Format::kMaxMindDb));
  ASSERT_TRUE(db.ok());
  Observation o = db.value()->Lookup("127.0.0.12");
  EXPECT_EQ(o.data["network"], "127.0.0.12/32");
  EXPECT_EQ(o.data["database_type"], "pooltest-fixture-ASN");
  EXPECT_EQ(o.data["database_build"], testing::kWorldBuildEpoch);
  nlohmann::json entry = nlohmann::json::parse(o.transcript[1]["text"].get<std::string>());
  EXPECT_EQ(entry["autonomous_system_number"], 35104);
}

// The reference pool runs in whichever loopback block is free, so the world
// databases answer for its hosts in every block 127.0.X.0/24 alike.
TEST(AsnDatabaseTest, EveryLoopbackBlockGivesTheSameAnswers) {
  auto asn =
      AsnDatabase::Open(AsnSource(DataPath("refpool-asn.mmdb"), DataSource::Format::kMaxMindDb));
  ASSERT_TRUE(asn.ok());
  auto geo = GeoDatabase::Open(testing::Source("refpool-geo.mmdb", DataPath("refpool-geo.mmdb")));
  ASSERT_TRUE(geo.ok());
  for (const testing::WorldHost& h : testing::kWorld) {
    const std::string canonical = h.address;
    if (canonical.rfind("127.0.0.", 0) != 0) continue;
    for (const char* x : {"1", "42", "255"}) {
      const std::string address = "127.0." + std::string(x) + "." + canonical.substr(8);
      SCOPED_TRACE(address);
      Observation a = asn.value()->Lookup(address);
      EXPECT_EQ(a.data["found"], true);
      EXPECT_EQ(a.data["asn"], h.asn);
      EXPECT_EQ(a.data["organisation"], h.organisation);
      EXPECT_EQ(a.data["network"], address + "/32");
      Observation g = geo.value()->Lookup(address);
      EXPECT_EQ(g.data["city"], h.city);
      EXPECT_EQ(g.data["country"], h.country);
    }
  }
  // Only the world's hosts: the rest of a block stays unknown.
  EXPECT_EQ(asn.value()->Lookup("127.0.42.13").data["found"], false);
  EXPECT_EQ(asn.value()->Lookup("127.1.0.11").data["found"], false);
}

TEST(AsnDatabaseTest, CsvRecordsLineAndRange) {
  auto db = AsnDatabase::Open(AsnSource(DataPath("asn-ranges.csv"), DataSource::Format::kCsv));
  ASSERT_TRUE(db.ok());
  Observation o = db.value()->Lookup("127.0.0.22");
  EXPECT_EQ(o.data["network"], "127.0.0.22-127.0.0.22");
  EXPECT_EQ(o.data["line"], 5);
  EXPECT_EQ(o.transcript[1]["text"], "127.0.0.22,127.0.0.22,48716,PS Internet Company LLP");
}

// Two ranges that overlap partially and name different AS: the address in
// both is not attributed to either, and the evidence shows both lines.
TEST(AsnDatabaseTest, CsvAddressInConflictingRangesIsNotFoundAndListsBoth) {
  ScratchFile f("conflict.csv",
                "127.0.0.0,127.0.0.15,9198,JSC Kazakhtelecom\n"
                "127.0.0.10,127.0.0.31,35104,Transtelecom JSC\n");
  auto db = AsnDatabase::Open(AsnSource(f.path(), DataSource::Format::kCsv));
  ASSERT_TRUE(db.ok()) << db.error().message;
  Observation o = db.value()->Lookup("127.0.0.12");
  EXPECT_EQ(o.status, ProbeStatus::kOk);
  EXPECT_EQ(o.data["found"], false);
  EXPECT_EQ(o.data["asn"], nullptr);
  EXPECT_EQ(o.data["ambiguous"], true);
  ASSERT_EQ(o.data["candidates"].size(), 2u);
  EXPECT_NE(o.detail.find("lines"), std::string::npos) << o.detail;
  EXPECT_NE(o.transcript[1]["text"].get<std::string>().find("35104"), std::string::npos);
  EXPECT_NE(o.transcript[1]["text"].get<std::string>().find("9198"), std::string::npos);
  Observation only_first = db.value()->Lookup("127.0.0.3");
  EXPECT_EQ(only_first.data["asn"], 9198);
  EXPECT_FALSE(only_first.data.contains("ambiguous"));
}

TEST(AsnDatabaseTest, MissingFilesNameThePath) {
  std::string path = DataPath("no-such-asn");
  for (auto format : {DataSource::Format::kMaxMindDb, DataSource::Format::kCsv}) {
    auto db = AsnDatabase::Open(AsnSource(path, format));
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
  }
}

TEST(AsnDatabaseTest, MalformedCsvLineIsReportedWithFileAndLine) {
  ScratchFile f("malformed.csv",
                "start,end,asn,organisation\n"
                "127.0.0.11,127.0.0.11,9198,JSC Kazakhtelecom\n"
                "127.0.0.12,127.0.0.12,thirty-five,Transtelecom JSC\n");
  auto db = AsnDatabase::Open(AsnSource(f.path(), DataSource::Format::kCsv));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(f.path() + ":3"), std::string::npos) << db.error().message;
}

TEST(AsnDatabaseTest, GeolocationDatabaseIsNotAnAsnDatabase) {
  auto db =
      AsnDatabase::Open(AsnSource(DataPath("refpool-geo.mmdb"), DataSource::Format::kMaxMindDb));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("not an ASN database"), std::string::npos)
      << db.error().message;
}

TEST(AsnDatabaseTest, CorruptMmdbIsRejected) {
  ScratchFile f("corrupt-asn.mmdb", std::string(3000, '\x5a'));
  auto db = AsnDatabase::Open(AsnSource(f.path(), DataSource::Format::kMaxMindDb));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(f.path()), std::string::npos) << db.error().message;
}

TEST(AsnDatabaseTest, EmptyCsvIsRejected) {
  ScratchFile f("empty.csv", "start,end,asn,organisation\n");
  auto db = AsnDatabase::Open(AsnSource(f.path(), DataSource::Format::kCsv));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("no ranges"), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace pooltest
