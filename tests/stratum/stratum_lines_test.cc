// StratumLineReader: how the probe frames what a pool sends, without a
// socket (the probe's tests cover it on the wire).
#include "probes/stratum/stratum_lines.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

using Rest = StratumLineReader::Rest;

TEST(StratumLines, LinesSplitAcrossReadsComeOutWhole) {
  StratumLineReader r(1024);
  r.Append("{\"id\":1,");
  EXPECT_FALSE(r.Next().has_value());
  EXPECT_EQ(r.CheckRest(), Rest::kFine);
  r.Append("\"result\":true}\r\n{\"id\":");
  EXPECT_EQ(r.Next(), "{\"id\":1,\"result\":true}");
  EXPECT_FALSE(r.Next().has_value());
  r.Append("2}\n");
  EXPECT_EQ(r.Next(), "{\"id\":2}");
  EXPECT_TRUE(r.rest().empty());
}

TEST(StratumLines, BlankLinesAreSkipped) {
  StratumLineReader r(1024);
  r.Append("\n \t\r\n\r\n{}\n\n");
  EXPECT_EQ(r.Next(), "{}");
  EXPECT_FALSE(r.Next().has_value());
}

TEST(StratumLines, ARestThatCannotBeJsonIsSaidAtOnce) {
  StratumLineReader r(1024);
  r.Append("HTTP/1.1 400 Bad");
  EXPECT_EQ(r.CheckRest(), Rest::kNotJson);
  StratumLineReader spaced(1024);
  spaced.Append(" \t {\"id\"");
  EXPECT_EQ(spaced.CheckRest(), Rest::kFine);
}

TEST(StratumLines, ARestPastTheLimitIsTooLong) {
  StratumLineReader r(15);
  r.Append("{\"id\":1,\"result\"");
  EXPECT_EQ(r.CheckRest(), Rest::kTooLong);
  r.Append(":1}\n");
  EXPECT_EQ(r.Next(), "{\"id\":1,\"result\":1}");
  EXPECT_EQ(r.CheckRest(), Rest::kFine);
}

}  // namespace
}  // namespace pooltest
