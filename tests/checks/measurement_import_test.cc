#include "probes/location/measurement_import.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

// Shaped like RIPE Atlas API output for a ping measurement (fields trimmed
// to those the importer reads, plus a few it ignores).
const char* kAtlas = R"([
  {"fw":5080,"lts":12,"dst_name":"185.22.64.10","dst_addr":"185.22.64.10","src_addr":"10.0.0.5",
   "proto":"ICMP","af":4,"size":48,"paris_id":1,"result":[{"rtt":7.912},{"rtt":7.801},{"x":"*"}],
   "msm_id":1001,"prb_id":6001,"timestamp":1763700000,"msm_name":"Ping","from":"95.56.0.1",
   "type":"ping","group_id":1001,"step":null,"stored_timestamp":1763700005,"min":7.801,
   "avg":7.8565,"max":7.912,"sent":3,"rcvd":2,"dup":0,"ttl":55},
  {"dst_addr":"185.22.64.11","prb_id":7777,"timestamp":1763700060,"type":"ping","from":"1.2.3.4",
   "result":[{"x":"*"},{"x":"*"}],"min":-1,"avg":-1,"max":-1}
])";

TEST(MeasurementImport, RipeAtlasPingResultsBecomeObservationsAtTheDeclaredProbe) {
  std::vector<VantagePoint> vps = {{"almaty-atlas", 43.24, 76.95, false, 6001, false}};
  auto r = ParseMeasurements(nlohmann::json::parse(kAtlas), MeasurementFile::Format::kRipeAtlas,
                             "atlas.json", vps);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  const Observation& a = (*r)[0];
  EXPECT_EQ(a.probe, "latency.import");
  EXPECT_EQ(a.target, "185.22.64.10");
  EXPECT_EQ(a.vantage, "almaty-atlas");
  EXPECT_EQ(a.status, ProbeStatus::kOk);
  EXPECT_DOUBLE_EQ(a.data["min_ms"].get<double>(), 7.801);
  EXPECT_EQ(a.data["samples_ms"].size(), 2u);
  EXPECT_EQ(a.data["asked"], 3);  // one packet lost
  EXPECT_EQ(a.data["prb_id"], 6001);
  // All packets lost: recorded, not usable; an undeclared probe keeps its id.
  const Observation& b = (*r)[1];
  EXPECT_EQ(b.status, ProbeStatus::kFailed);
  EXPECT_EQ(b.vantage, "atlas-probe-7777");
}

TEST(MeasurementImport, PooltestFilesKeepTheirVantageAndSamples) {
  nlohmann::json doc = {
      {"format", kMeasurementsFormat},
      {"vantage", {{"name", "almaty-lab"}, {"latitude", 43.24}, {"longitude", 76.95}}},
      {"measurements",
       {{{"target", "127.0.0.11"},
         {"port", 3333},
         {"kind", "tcp.connect"},
         {"site", "primary"},
         {"channel", "ch1"},
         {"samples_ms", {0.09, 0.05, 0.07}},
         {"started", "2026-11-21T10:00:00.000Z"},
         {"finished", "2026-11-21T10:00:01.000Z"}}}}};
  auto r = ParseMeasurements(doc, MeasurementFile::Format::kPooltest, "m.json", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].vantage, "almaty-lab");
  EXPECT_EQ((*r)[0].site, "primary");
  EXPECT_DOUBLE_EQ((*r)[0].data["min_ms"].get<double>(), 0.05);
  EXPECT_DOUBLE_EQ((*r)[0].data["median_ms"].get<double>(), 0.07);
}

TEST(MeasurementImport, WrongShapesAreErrorsNamingTheFile) {
  auto atlas_object = ParseMeasurements(nlohmann::json::object(),
                                        MeasurementFile::Format::kRipeAtlas, "x.json", {});
  ASSERT_FALSE(atlas_object.ok());
  EXPECT_NE(atlas_object.error().message.find("x.json"), std::string::npos);
  auto traceroute = ParseMeasurements(
      nlohmann::json::parse(R"([{"type":"traceroute","prb_id":1,"dst_addr":"1.1.1.1"}])"),
      MeasurementFile::Format::kRipeAtlas, "t.json", {});
  EXPECT_FALSE(traceroute.ok());
  auto not_ours = ParseMeasurements(nlohmann::json::parse(R"({"format":"other"})"),
                                    MeasurementFile::Format::kPooltest, "o.json", {});
  ASSERT_FALSE(not_ours.ok());
  EXPECT_NE(not_ours.error().message.find("pooltest measure"), std::string::npos);
  MeasurementFile missing;
  missing.path = "/nonexistent/m.json";
  EXPECT_FALSE(ImportMeasurements(missing, {}).ok());
}

TEST(MeasurementImport, WhatMeasureWritesImportsBack) {
  Observation tcp;
  tcp.probe = "tcp.connect";
  tcp.target = "127.0.0.11:3333";
  tcp.site = "primary";
  tcp.channel = "ch1";
  tcp.status = ProbeStatus::kOk;
  tcp.data = {{"samples_ms", {0.2, 0.1}},
              {"min_ms", 0.1},
              {"median_ms", 0.15},
              {"max_ms", 0.2},
              {"attempts", 5}};
  nlohmann::json entry = MeasurementEntry(tcp);
  EXPECT_EQ(entry["target"], "127.0.0.11");
  EXPECT_EQ(entry["asked"], 5);  // the unanswered travel with the file
  EXPECT_EQ(entry["port"], 3333);
  nlohmann::json doc = {{"format", kMeasurementsFormat},
                        {"vantage", {{"name", "astana-lab"}}},
                        {"measurements", {entry}}};
  auto r = ParseMeasurements(doc, MeasurementFile::Format::kPooltest, "m.json", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].target, "127.0.0.11");
  EXPECT_EQ((*r)[0].channel, "ch1");
  EXPECT_DOUBLE_EQ((*r)[0].data["min_ms"].get<double>(), 0.1);
  EXPECT_EQ((*r)[0].data["asked"], 5);
}

}  // namespace
}  // namespace pooltest
