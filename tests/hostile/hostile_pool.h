// A hostile pool on loopback for tests: the reference pool's layout (a
// primary site on 127.0.0.11 and .12, a backup on .21 and .22, a web UI and
// a ticket API) where one face misbehaves as a Behaviour says and the others
// are the reference pool's own servers (refpool/), so a run against it
// isolates that behaviour. Every port is chosen free (bind to port 0; the two
// addresses of a site share one port, as a stratum URL names one), so many
// pools run side by side. The hostile face has an io thread of its own, the
// reference servers another; every hostile connection is bounded in time
// (hostile_wire.h), and the destructor ends them all.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "tests/hostile/hostile_behaviour.h"

namespace pooltest::hostile {

struct HostilePorts {
  uint16_t primary_stratum = 0;  // on 127.0.0.11 and 127.0.0.12
  uint16_t backup_stratum = 0;   // on 127.0.0.21 and 127.0.0.22
  uint16_t ui = 0;               // on 127.0.0.11
  uint16_t desk = 0;             // on 127.0.0.11
};

// What the hostile face saw: connections accepted and, for HTTP, the
// requests read (the first 1000).
struct HostileLog {
  int connections = 0;
  std::vector<HttpSeen> requests;
};

class HostilePool {
 public:
  static Result<std::unique_ptr<HostilePool>> Start(const Behaviour& behaviour);
  ~HostilePool();

  const HostilePorts& ports() const;
  HostileLog log() const;

 private:
  HostilePool();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest::hostile
