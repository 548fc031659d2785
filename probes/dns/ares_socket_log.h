// Which DNS servers a c-ares channel contacted and which one sent each
// response, something c-ares 1.18 does not report: WatchSockets installs
// socket function hooks on the channel that record every peer connected to
// and every UDP response read (c-ares drops SERVFAIL and REFUSED responses,
// to try the next server, without handing them back). The log must outlive
// the channel's last socket operation; single-threaded, like the channel.
#pragma once

#include <ares.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace pooltest {

struct AresSocketLog {
  // One UDP response as it arrived.
  struct Response {
    std::string peer;
    int id = -1;
    int qtype = -1;
    int rcode = -1;
    std::string hex;
  };
  std::map<ares_socket_t, std::string> peer_of;
  std::vector<std::string> contacted;
  std::vector<std::string> answered_by;
  std::vector<Response> responses;

  static void Add(std::vector<std::string>& v, const std::string& s);
};

// Routes the channel's socket calls through `log` (non-blocking sockets, as
// c-ares expects of its own socket functions).
void WatchSockets(ares_channel channel, AresSocketLog* log);

// A DNS message as kept in the transcript: the hex of its first 512 bytes,
// "..." after them when it is longer.
std::string DnsMessageHex(const unsigned char* p, size_t n);

}  // namespace pooltest
