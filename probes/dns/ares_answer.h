// One A or AAAA query of a resolution and what became of it: OnAresAnswer is
// the c-ares callback that fills an AresQuery from the answer (records with
// TTLs, DNS status, the server that answered, the raw message), and
// RecordAnswers turns the finished queries into the observation's data and
// transcript (the fields ares_resolve.h documents).
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/observation.h"
#include "probes/dns/ares_socket_log.h"

namespace pooltest {

struct AresQuery {
  int type = 0;  // ns_t_a (1) or ns_t_aaaa (28)
  const char* type_name = "";
  std::chrono::steady_clock::time_point t0;
  bool done = false;
  int status = -1;
  int timeouts = 0;
  double elapsed_ms = 0;
  std::string rcode;  // empty when none is known
  std::string canonical_name;
  std::string answered_by;
  std::string raw_hex;
  std::vector<std::pair<std::string, int>> records;  // address, ttl
  const AresSocketLog* log = nullptr;
};

// An ares_callback; `arg` is the AresQuery.
void OnAresAnswer(void* arg, int status, int timeouts, unsigned char* abuf, int alen);

// Sets o.data's queries, records, addresses, contacted, answered_by and
// responses, and one transcript line per query; returns the addresses found.
std::set<std::string> RecordAnswers(const AresQuery (&queries)[2], const std::string& host,
                                    const AresSocketLog& log, Observation& o);

}  // namespace pooltest
