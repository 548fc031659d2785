#include "core/evidence_bounds.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace pooltest {
namespace {

using json = nlohmann::json;

// The nesting depth of a parsed value, iteratively.
size_t Depth(const json& root) {
  size_t deepest = 0;
  std::vector<std::pair<const json*, size_t>> todo{{&root, 0}};
  while (!todo.empty()) {
    auto [v, d] = todo.back();
    todo.pop_back();
    deepest = std::max(deepest, d);
    if (v->is_structured())
      for (const json& c : *v) todo.push_back({&c, d + 1});
  }
  return deepest;
}

TEST(EvidenceBounds, CutsTextOnACharacterBoundaryAndSaysSo) {
  const std::string kk = "Қолдау қызметі";  // 2-byte letters and spaces
  for (size_t max = 0; max <= kk.size(); ++max) {
    const std::string cut = TruncateText(kk, max);
    EXPECT_TRUE(IsValidUtf8(cut)) << max;
    if (max < kk.size()) {
      EXPECT_NE(cut.find("truncated by pooltest: " + std::to_string(kk.size()) + " bytes in all"),
                std::string::npos)
          << cut;
      EXPECT_EQ(cut.rfind(std::string(Utf8Prefix(kk, max)), 0), 0u);
    } else {
      EXPECT_EQ(cut, kk);
    }
  }
  EXPECT_EQ(TruncateText("a\xFFz", 10), "a\xEF\xBF\xBDz");
}

TEST(EvidenceBounds, BoundsDepthArraysObjectsAndStrings) {
  json deep = json::array();
  json* at = &deep;
  for (int i = 0; i < 5000; ++i) {
    at->push_back(json::array());
    at = &(*at)[0];
  }
  json value = {{"error", deep},
                {"line", std::string(100000, 'x')},
                {"many", json(std::vector<int>(5000, 7))},
                {std::string("bad\xC3"), std::string("\xFF")}};
  EvidenceLimits limits;
  limits.max_depth = 16;
  limits.max_array_items = 100;
  limits.max_string_bytes = 1000;
  EXPECT_GE(BoundJson(value, limits), 3u);
  EXPECT_LE(Depth(value), 16u);
  const std::string line = value["line"].get<std::string>();
  EXPECT_LT(line.size(), 1100u);
  EXPECT_NE(line.find("100000 bytes in all"), std::string::npos);
  EXPECT_EQ(value["many"].size(), 101u);
  EXPECT_NE(value["many"].back().get<std::string>().find("4900 more items"), std::string::npos);
  EXPECT_TRUE(value.contains("bad\xEF\xBF\xBD"));
  EXPECT_NO_THROW(value.dump());
}

TEST(EvidenceBounds, ObservationRecordIsBoundedAndReadable) {
  Observation o;
  o.probe = "stratum.handshake";
  o.detail = std::string(200000, 'd') + "\xD2";
  for (int i = 0; i < 3000; ++i) o.data["k" + std::to_string(i)] = std::string(5000, 'v');
  o.transcript.push_back({{"dir", "received"}, {"text", std::string(1 << 20, 'r')}});
  EvidenceLimits limits;
  limits.max_record_bytes = 1 << 20;
  const std::string line = BoundObservation(o, limits);
  EXPECT_LE(line.size(), limits.max_record_bytes + 4096);
  EXPECT_EQ(line, ToJson(o).dump());  // what is kept is what is written
  const json back = json::parse(line);
  EXPECT_GT(back["data"].value("evidence_cuts", 0), 0);
  EXPECT_TRUE(IsValidUtf8(back["detail"].get<std::string>()));
}

TEST(EvidenceBounds, LeavesOrdinaryEvidenceAlone) {
  Observation o;
  o.probe = "tcp.connect";
  o.detail = "connected in 1.2 ms";
  o.data = {{"address", "127.0.0.1"}, {"port", 3333}, {"samples", {1.0, 2.0}}};
  const json before = ToJson(o);
  EXPECT_EQ(BoundObservation(o), before.dump());
  EXPECT_FALSE(o.data.contains("evidence_cuts"));
}

// The writer thread's parts join to the very record BoundObservation gives,
// whichever way they were made: transcript deferred (ordinary, cut, or
// with invalid text) or the record dumped whole (near the record limit).
TEST(EvidenceBounds, RecordPartsJoinToTheRecord) {
  auto sample = [](size_t transcript_bytes, const std::string& text_tail) {
    Observation o;
    o.id = "obs-0042";
    o.probe = "stratum.handshake";
    o.target = "127.0.0.1:3333";
    o.vantage = "harness \"one\"";
    o.started = o.finished = o.queued_at = std::chrono::system_clock::now();
    o.detail = "answered";
    o.data = {{"authorized", true}, {"samples", {1.5, 2.25}}, {"bad\xC3", "x"}};
    AddTranscript(o, "sent", std::string(transcript_bytes, 's') + text_tail);
    AddTranscript(o, "received", "{\"id\":1}\x01\n");
    return o;
  };
  EvidenceLimits limits;
  limits.max_string_bytes = 4096;
  limits.max_record_bytes = 8192;
  struct Case {
    size_t bytes;
    std::string tail;
    bool deferred;
  } cases[] = {{10, "", true}, {100, "\xFF\xFE", true}, {1000, "", true}, {6000, "", false}};
  // 6000 bytes are cut to 4096, whose escaping bound (six bytes each) is
  // past the record limit: that record is dumped whole.
  for (const Case& c : cases) {
    Observation whole = sample(c.bytes, c.tail), split = whole;
    const std::string record = BoundObservation(whole, limits);
    EXPECT_EQ(record, ToJson(whole).dump());
    RecordParts parts = BoundObservationParts(split, limits);
    EXPECT_EQ(parts.transcript.has_value(), c.deferred) << c.bytes;
    if (parts.transcript) {
      EXPECT_TRUE(split.transcript.empty()) << "moved into the parts";
    }
    split.transcript = parts.transcript ? *parts.transcript : split.transcript;
    EXPECT_EQ(std::move(parts).Join(), record) << c.bytes;
    EXPECT_EQ(ToJson(split).dump(), record) << "the record kept is the record written";
  }
}

}  // namespace
}  // namespace pooltest
