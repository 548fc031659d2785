#include "probes/common/unpredictable_ids.h"

#include <unistd.h>

#include <cstdint>

namespace pooltest {

std::mt19937_64 UnpredictableIdSource() {
  uint64_t seed = 0;
  // getentropy fails only for requests over 256 bytes or without the
  // getrandom system call (Linux before 3.17); random_device is then the
  // way that still works.
  if (::getentropy(&seed, sizeof seed) != 0) seed = std::random_device{}();
  return std::mt19937_64(seed);
}

}  // namespace pooltest
