// The probe sweep's two baselines, each driven at the harness's concurrency
// over the same loopback endpoints (SweepAddress(i):port, i < n):
//  - a bare connect + mining.subscribe + mining.authorize loop (Boost.Asio
//    coroutines, no evidence, no parsing beyond finding the replies): the
//    physical cost of the exchange on this machine;
//  - prometheus-blackbox-exporter's tcp module with a subscribe/authorize
//    query_response, one HTTP /probe request per endpoint.
// Each returns how many endpoints answered; the caller times it.
#pragma once

#include <sys/types.h>
#include <cstdint>
#include <string>

namespace pooltest::bench {

// The i-th endpoint's address: 127.1.0.1, 127.1.0.2, ... 250 per /24.
std::string SweepAddress(int i);

int BareSweep(int n, uint16_t port, int concurrency);

// A blackbox exporter this program started on loopback, with a module
// "stratum" for the pool's port.
struct Blackbox {
  pid_t pid = -1;
  uint16_t port = 0;
  std::string error;  // why it is not running, when pid < 0
};
// Writes its config into `dir` and starts it; waits (bounded) until it
// accepts connections.
Blackbox StartBlackbox(const std::string& dir);
void StopBlackbox(Blackbox& b);

int BlackboxSweep(const Blackbox& b, int n, uint16_t pool_port, int concurrency);

}  // namespace pooltest::bench
