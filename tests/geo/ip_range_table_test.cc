#include "probes/geo/ip_range_table.h"

#include <set>

#include <gtest/gtest.h>

#include "tests/geo/geo_test_util.h"

namespace pooltest {
namespace {

using testing::ScratchFile;

IpAddress Ip(const std::string& text) {
  std::optional<IpAddress> ip = ParseIpAddress(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(IpAddress{});
}

uint32_t AsnOf(const IpRangeTable& t, const std::string& address) {
  const IpRange* r = t.Find(Ip(address));
  return r ? r->asn : 0;
}

TEST(IpAddressTest, ParsesLiteralsOnly) {
  EXPECT_TRUE(ParseIpAddress("127.0.0.11").has_value());
  EXPECT_TRUE(ParseIpAddress("::1").has_value());
  EXPECT_TRUE(ParseIpAddress("2001:db8::ffff:1").has_value());
  for (const char* bad : {"", "127.1", "0x7f.0.0.1", " 127.0.0.1", "example.kz", "::1%lo"}) {
    EXPECT_FALSE(ParseIpAddress(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatIpAddress(Ip("127.0.0.11")), "127.0.0.11");
  EXPECT_EQ(FormatIpAddress(Ip("2001:0db8:0:0::1")), "2001:db8::1");
  EXPECT_TRUE(Ip("10.0.0.1").v4);
  EXPECT_FALSE(Ip("::ffff:10.0.0.1").v4);
  EXPECT_LT(Ip("9.255.255.255").bytes, Ip("10.0.0.0").bytes);
}

TEST(IpRangeTableTest, HeaderlessMixedFamiliesAndBoundaries) {
  ScratchFile f("plain.csv",
                "10.0.0.0,10.0.0.255,100,Ten\n"
                "2001:db8::,2001:db8::ffff,300,Doc\n"
                "9.0.0.0,9.255.255.255,90,Nine\n"
                "10.0.1.0,10.0.1.255,101,Ten-one\n");
  Result<IpRangeTable> t = IpRangeTable::LoadCsv(f.path());
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->size(), 4u);
  EXPECT_EQ(AsnOf(*t, "9.0.0.0"), 90u);
  EXPECT_EQ(AsnOf(*t, "9.255.255.255"), 90u);
  EXPECT_EQ(AsnOf(*t, "10.0.0.0"), 100u);
  EXPECT_EQ(AsnOf(*t, "10.0.0.255"), 100u);
  EXPECT_EQ(AsnOf(*t, "10.0.1.0"), 101u);
  EXPECT_EQ(AsnOf(*t, "10.0.2.0"), 0u);
  EXPECT_EQ(AsnOf(*t, "8.255.255.255"), 0u);
  EXPECT_EQ(AsnOf(*t, "2001:db8::"), 300u);
  EXPECT_EQ(AsnOf(*t, "2001:db8::ffff"), 300u);
  EXPECT_EQ(AsnOf(*t, "2001:db8::1:0"), 0u);
  EXPECT_EQ(AsnOf(*t, "::"), 0u);
  const IpRange* r = t->Find(Ip("10.0.1.7"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->line, 4);
  EXPECT_EQ(r->organisation, "Ten-one");
}

TEST(IpRangeTableTest, HeaderBomCrlfQuotesAndAsPrefix) {
  ScratchFile f("fancy.csv",
                "\xEF\xBB\xBFstart,end,asn,organisation\r\n"
                "\r\n"
                "# comment\r\n"
                "1.1.1.0,1.1.1.255,AS13335,\"Cloudflare, Inc.\"\r\n"
                "2.2.2.0,2.2.2.255,2,\"The \"\"Quoted\"\" Co\"\r\n"
                "3.3.3.0,3.3.3.255,3,Unquoted, Comma LLP\r\n"
                "4.4.4.0,4.4.4.255,4,\r\n");
  Result<IpRangeTable> t = IpRangeTable::LoadCsv(f.path());
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->size(), 4u);
  EXPECT_EQ(t->Find(Ip("1.1.1.1"))->asn, 13335u);
  EXPECT_EQ(t->Find(Ip("1.1.1.1"))->organisation, "Cloudflare, Inc.");
  EXPECT_EQ(t->Find(Ip("1.1.1.1"))->line, 4);
  EXPECT_EQ(t->Find(Ip("1.1.1.1"))->text, "1.1.1.0,1.1.1.255,AS13335,\"Cloudflare, Inc.\"");
  EXPECT_EQ(t->Find(Ip("2.2.2.2"))->organisation, "The \"Quoted\" Co");
  EXPECT_EQ(t->Find(Ip("3.3.3.3"))->organisation, "Unquoted, Comma LLP");
  EXPECT_EQ(t->Find(Ip("4.4.4.4"))->organisation, "");
}

TEST(IpRangeTableTest, BinarySearchOverManyRanges) {
  std::string csv;
  for (int i = 0; i < 2000; ++i) {
    // Every other /24 in 20.0.0.0/8 onward, written in reverse order.
    int n = 3998 - 2 * i;
    std::string a = std::to_string(20 + n / 256) + "." + std::to_string(n % 256);
    csv += a + ".0.0," + a + ".255.255," + std::to_string(1000 + n) + ",Org " + std::to_string(n) +
           "\n";
  }
  ScratchFile f("many.csv", csv);
  Result<IpRangeTable> t = IpRangeTable::LoadCsv(f.path());
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->size(), 2000u);
  for (int n : {0, 2, 254, 256, 1000, 3998}) {
    std::string a = std::to_string(20 + n / 256) + "." + std::to_string(n % 256);
    EXPECT_EQ(AsnOf(*t, a + ".0.0"), 1000u + n) << a;
    EXPECT_EQ(AsnOf(*t, a + ".128.7"), 1000u + n) << a;
    EXPECT_EQ(AsnOf(*t, a + ".255.255"), 1000u + n) << a;
  }
  for (int n : {1, 255, 3997, 3999}) {
    std::string a = std::to_string(20 + n / 256) + "." + std::to_string(n % 256);
    EXPECT_EQ(AsnOf(*t, a + ".1.1"), 0u) << a;
  }
}

struct BadCase {
  const char* name;
  const char* content;
  const char* where;  // ":line" expected in the message
  const char* why;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class IpRangeTableErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(IpRangeTableErrorTest, NamesFileLineAndReason) {
  ScratchFile f(std::string(GetParam().name) + ".csv", GetParam().content);
  Result<IpRangeTable> t = IpRangeTable::LoadCsv(f.path());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find(f.path() + GetParam().where), std::string::npos)
      << t.error().message;
  EXPECT_NE(t.error().message.find(GetParam().why), std::string::npos) << t.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, IpRangeTableErrorTest,
    ::testing::Values(
        BadCase{"TooFewFields", "1.0.0.0,1.0.0.255,1,A\n1.0.1.0,1.0.1.255,2\n",
                ":2:", "expected 4 fields"},
        BadCase{"BadStart", "start,end,asn,org\n1.0.0.0,1.0.0.255,1,A\nfoo,1.0.1.255,2,B\n",
                ":3:", "start 'foo'"},
        BadCase{"BadEnd", "1.0.0.0,1.0.0.x,1,A\n", ":1:", "end '1.0.0.x'"},
        BadCase{"EndBeforeStart", "1.0.0.9,1.0.0.1,1,A\n", ":1:", "before start"},
        BadCase{"MixedFamilies", "1.0.0.0,::1,1,A\n", ":1:", "both IPv4 or both IPv6"},
        BadCase{"NegativeAsn", "1.0.0.0,1.0.0.255,-5,A\n", ":1:", "asn '-5'"},
        BadCase{"AsnTooLarge", "1.0.0.0,1.0.0.255,99999999999,A\n", ":1:", "asn"},
        BadCase{"UnterminatedQuote", "1.0.0.0,1.0.0.255,1,\"A\n", ":1:", "unterminated"},
        BadCase{"SecondHeader", "start,end,asn,org\nstart,end,asn,org\n", ":2:", "start 'start'"}),
    [](const auto& p) { return std::string(p.param.name); });

// Real files overlap (ip-location-db's asn-ipv4.csv has 214.95.0.0-215.0.255.255
// AS749 over 215.0.0.0-215.1.3.255 AS721): nested ranges give the narrowest,
// a partial overlap of different AS gives no answer but every candidate.
TEST(IpRangeTableTest, OverlapsGiveTheNarrowestOrNoSingleAnswer) {
  ScratchFile f("overlaps.csv",
                "10.0.0.0,10.255.255.255,100,Aggregate\n"  // line 1: holds lines 2 and 3
                "10.1.0.0,10.1.255.255,200,Customer\n"     // line 2: nested in 1
                "10.1.2.0,10.1.2.255,300,Deep\n"           // line 3: nested in 1 and 2
                "214.95.0.0,215.0.255.255,749,DoD\n"       // line 4
                "215.0.0.0,215.1.3.255,721,DoD NIC\n"      // line 5: overlaps 4 partly
                "220.0.0.0,220.0.1.255,5,Same\n"           // line 6
                "220.0.1.0,220.0.2.255,5,Same again\n");   // line 7: overlaps 6, same AS
  Result<IpRangeTable> t = IpRangeTable::LoadCsv(f.path());
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->overlapping(), 4u);
  EXPECT_EQ(AsnOf(*t, "10.9.9.9"), 100u);
  EXPECT_EQ(AsnOf(*t, "10.1.9.9"), 200u);
  EXPECT_EQ(AsnOf(*t, "10.1.2.3"), 300u);
  EXPECT_EQ(AsnOf(*t, "10.2.0.0"), 100u);  // after the nested ones, back in the aggregate
  EXPECT_EQ(AsnOf(*t, "214.95.0.1"), 749u);
  EXPECT_EQ(AsnOf(*t, "215.1.0.1"), 721u);
  RangeMatch both = t->Match(Ip("215.0.1.1"));
  EXPECT_EQ(both.range, nullptr);
  ASSERT_EQ(both.conflicting.size(), 2u);
  std::set<int> lines{both.conflicting[0]->line, both.conflicting[1]->line};
  EXPECT_EQ(lines, (std::set<int>{4, 5}));
  EXPECT_EQ(t->Find(Ip("215.0.1.1")), nullptr);
  ASSERT_NE(t->Find(Ip("220.0.1.9")), nullptr);
  EXPECT_EQ(t->Find(Ip("220.0.1.9"))->asn, 5u);
  EXPECT_TRUE(t->Match(Ip("221.0.0.1")).conflicting.empty());
  EXPECT_EQ(t->Find(Ip("221.0.0.1")), nullptr);
}

TEST(IpRangeTableTest, MissingFileNamesThePath) {
  Result<IpRangeTable> t = IpRangeTable::LoadCsv("/nonexistent/pooltest/asn.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("/nonexistent/pooltest/asn.csv"), std::string::npos);
  EXPECT_NE(t.error().message.find("No such file"), std::string::npos) << t.error().message;
}

}  // namespace
}  // namespace pooltest
