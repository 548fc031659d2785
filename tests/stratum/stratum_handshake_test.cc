// StratumHandshake, the protocol side of the probe, line in and lines out
// (the probe's tests cover it on the wire against the reference pool).
#include "probes/stratum/stratum_handshake.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pooltest {
namespace {

using nlohmann::json;
using Step = StratumHandshake::Step;

class Handshake : public ::testing::Test {
 protected:
  Handshake() {
    target_.user = "pooltest.worker1";
    target_.password = "x";
    obs_.data = StratumInitialData(target_);
  }
  Step Feed(const std::vector<std::string>& lines) {
    Step s = Step::kContinue;
    for (const std::string& l : lines) {
      s = hs_.OnLine(l, &sent_);
      if (s != Step::kContinue) break;
    }
    return s;
  }

  StratumTarget target_;
  Observation obs_;
  StratumHandshake hs_{obs_, target_, StratumHandshake::Clock::now()};
  std::vector<json> sent_;
};

const std::string kSubscribed = R"({"id":1,"result":[[],"00000001",4],"error":null})";
const std::string kNotify =
    R"({"id":null,"method":"mining.notify","params":["77","00","01","02",[],"20000000",)"
    R"("1d00ffff","5f5e1000",false]})";
const std::string kAuthorized = R"({"id":2,"result":true,"error":null})";

TEST_F(Handshake, SetExtranonceChangesTheSubmittedExtranonce2) {
  ASSERT_EQ(
      Feed({kSubscribed, R"({"id":null,"method":"mining.set_extranonce","params":["ffee0011",3]})",
            kNotify, kAuthorized}),
      Step::kContinue);
  ASSERT_FALSE(sent_.empty());
  EXPECT_EQ(sent_.back()["method"], "mining.submit");
  EXPECT_EQ(sent_.back()["params"][2], "000000");
  EXPECT_EQ(obs_.data["extranonce1"], "ffee0011");
}

// A pool that names a huge extranonce2 size must not make the probe build
// (allocate) a share of that size: 4e9 asked for 8 GB, -1 threw.
TEST_F(Handshake, SetExtranonceWithAnAbsurdSizeIsNonsenseNotAnAllocation) {
  for (const char* size : {"4000000000", "-1", "33", "18446744073709551615"}) {
    Observation obs;
    obs.data = StratumInitialData(target_);
    StratumHandshake hs(obs, target_, StratumHandshake::Clock::now());
    std::vector<json> sent;
    ASSERT_EQ(hs.OnLine(kSubscribed, &sent), Step::kContinue);
    const std::string line =
        std::string(R"({"id":null,"method":"mining.set_extranonce","params":["ff",)") + size + "]}";
    EXPECT_EQ(hs.OnLine(line, &sent), Step::kNonsense) << size;
    EXPECT_NE(hs.why().find("extranonce2_size"), std::string::npos) << hs.why();
    EXPECT_EQ(obs.data["extranonce2_size"], 4) << size;
  }
}

}  // namespace
}  // namespace pooltest
