// Parses IP address literals (IPv4 dotted quad or IPv6) into one 128-bit,
// big-endian form so IPv4 and IPv6 can be stored, sorted and compared alike.
// IPv4 a.b.c.d becomes the IPv4-mapped ::ffff:a.b.c.d. Only literals are
// accepted: nothing here resolves names or touches the network.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace pooltest {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 as ::ffff:a.b.c.d
  bool v4 = false;

  // The four IPv4 bytes; meaningful only when v4.
  const uint8_t* v4_bytes() const { return bytes.data() + 12; }
};

// nullopt for anything but a plain IPv4 or IPv6 literal ("127.1", names,
// zone ids like "fe80::1%eth0" and surrounding spaces are all refused).
std::optional<IpAddress> ParseIpAddress(const std::string& text);

// Canonical text: dotted quad for IPv4, RFC 5952 form for IPv6.
std::string FormatIpAddress(const IpAddress& address);

}  // namespace pooltest
