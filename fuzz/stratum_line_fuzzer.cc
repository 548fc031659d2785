// What a hostile pool sends on a stratum connection, minus the socket: the
// input is the byte stream (its first byte picks the read size, so line
// breaks fall across reads), split by StratumLineReader and handed line by
// line to StratumHandshake, as ProbeStratumHandshake does. Beyond "no
// crash, no throw": every line handed on is whole (no "\n" inside), and
// the observation stays valid UTF-8 JSON (the evidence store must not have
// to repair what the handshake recorded).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "probes/stratum/stratum_handshake.h"
#include "probes/stratum/stratum_lines.h"

namespace {

constexpr size_t kMaxLineBytes = 64 * 1024;  // as stratum_probe.cc
constexpr int kMaxLines = 1000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using pooltest::StratumHandshake;
  if (size == 0) return 0;
  const size_t read_size = 1 + data[0] % 64;
  std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

  pooltest::StratumTarget target;
  target.user = "pooltest.worker1";
  target.password = "x";
  pooltest::Observation obs;
  obs.data = pooltest::StratumInitialData(target);
  StratumHandshake hs(obs, target, StratumHandshake::Clock::now());
  std::vector<nlohmann::json> to_send{hs.Subscribe()};
  pooltest::StratumLineReader reader(kMaxLineBytes);
  StratumHandshake::Step step = StratumHandshake::Step::kContinue;
  int lines = 0;
  for (size_t at = 0; at < stream.size() && step == StratumHandshake::Step::kContinue;
       at += read_size) {
    reader.Append(stream.substr(at, read_size));
    while (step == StratumHandshake::Step::kContinue && lines < kMaxLines) {
      std::optional<std::string> line = reader.Next();
      if (!line) break;
      if (line->find('\n') != std::string::npos) abort();
      ++lines;
      step = hs.OnLine(*line, &to_send);
    }
    if (reader.CheckRest() != pooltest::StratumLineReader::Rest::kFine) break;
  }
  for (const nlohmann::json& msg : to_send) (void)msg.dump();  // what would be sent
  (void)obs.data.dump();  // throws (and so fails) on invalid UTF-8
  if (step == StratumHandshake::Step::kNonsense && hs.why().empty()) abort();
  return 0;
}
