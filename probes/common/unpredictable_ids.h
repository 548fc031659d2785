// A generator of ids a peer cannot guess (request ids whose answer cannot
// leave the server before the request reaches it), seeded with 64 bits
// from the kernel (getentropy). One per connection: std::random_device
// would probe the CPU (CPUID) on every construction, which a virtual
// machine traps, and at thousands of connections a second that costs more
// than the exchanges themselves.
#pragma once

#include <random>

namespace pooltest {

std::mt19937_64 UnpredictableIdSource();

}  // namespace pooltest
