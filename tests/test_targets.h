// Target policies for probe-level tests, which call probes directly rather
// than through a run's resolution phase: the loopback hosts the test
// servers listen on (the reference pool's addresses, 127.0.0.1, ::1, and
// "localhost" for certificates issued to it), declared as a scenario would
// declare them. Anything else, 127.0.0.2 included, is undeclared, which is
// what the redirect tests point their canaries at.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "probes/common/target_policy.h"

namespace pooltest {

inline std::shared_ptr<const TargetPolicy> TestTargets(
    const std::vector<std::string>& extra_hosts = {}) {
  auto p = std::make_shared<TargetPolicy>();
  for (const char* a : {"127.0.0.1", "::1", "127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14",
                        "127.0.0.21", "127.0.0.22"})
    p->DeclareHost(a);
  p->DeclareHost("localhost");
  p->AddResolution("localhost", {"127.0.0.1"}, "the test's fixed resolution");
  for (const std::string& h : extra_hosts) p->DeclareHost(h);
  return p;
}

}  // namespace pooltest
