// One row of the hostile pool's behaviour table: which face of the pool
// misbehaves (stratum on the primary site, the web UI, or the ticket API),
// the code that misbehaves on the socket, and what a run against it must
// show: the check the behaviour affects and the verdicts that check may
// have. The faces a behaviour does not touch are the reference pool's, so
// each run isolates one behaviour. Rows are defined beside their code
// (hostile_stratum.cc, hostile_ui.cc, hostile_desk.cc); AllBehaviours() is
// the whole table, with well-behaved baselines first.
#pragma once

#include <ostream>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "tests/hostile/hostile_wire.h"

namespace pooltest::hostile {

enum class Face { kStratum, kUi, kDesk };

const char* ToString(Face f);

// An HTTP request as the hostile pool read it (head at most 64 KiB, body at
// most 1 MiB).
struct HttpSeen {
  std::string method;
  std::string target;
  std::string body;
  std::string accept_encoding;
};

// The misbehaviour on one accepted connection; for HTTP, after the request
// was read. Returning closes the connection (FIN) unless the play reset it.
using StratumPlay = asio::awaitable<void> (*)(Wire&);
using HttpPlay = asio::awaitable<void> (*)(Wire&, const HttpSeen&);

struct Behaviour {
  std::string name;  // [a-z0-9_], the test's name
  Face face = Face::kStratum;
  // The hostile code; both null: the face is the reference pool's own (a
  // baseline row, which shows the same run passes when nothing misbehaves).
  StratumPlay stratum = nullptr;
  HttpPlay http = nullptr;
  // The stratum face listens but never accepts (the kernel's backlog
  // completes the TCP handshake; nothing ever answers).
  bool never_accept = false;
  std::string what;   // the misbehaviour in a few words, for the report
  std::string check;  // the check it affects: "R4.4.channels.primary", ...
  // The verdicts that check may have. A hostile row never lists "pass".
  std::vector<std::string> verdicts;
  // Ticket ids: the exact request target a poll must arrive with (the id
  // percent-encoded into the poll URL); empty: not checked.
  std::string poll_target;
  // Non-empty: the harness does not hold against this behaviour yet; the
  // case is DISABLED_ and this names the cause (file and function).
  std::string disabled;

  bool baseline() const { return stratum == nullptr && http == nullptr && !never_accept; }
};

// A hostile row without its play (the caller sets stratum or http).
Behaviour HostileRow(std::string name, Face face, std::string what, std::string check,
                     std::vector<std::string> verdicts);

// `b` marked as a behaviour the harness does not hold against yet: its case
// runs only with --gtest_also_run_disabled_tests; `cause` says why.
Behaviour Disabled(Behaviour b, std::string cause);

// GoogleTest prints a case's parameter by its name.
void PrintTo(const Behaviour& b, std::ostream* os);

std::vector<Behaviour> StratumBehaviours();
std::vector<Behaviour> UiBehaviours();
std::vector<Behaviour> DeskBehaviours();
// Baselines, then stratum, UI and desk rows.
std::vector<Behaviour> AllBehaviours();

}  // namespace pooltest::hostile
