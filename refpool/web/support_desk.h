// The reference pool's support desk: tickets opened through the web API and
// the replies they get. An automatic acknowledgement comes at once (if
// enabled); a reply (support_reply_writer.h) comes reply_delay later, and
// with office_hours_only not before the desk opens (Mon–Fri 09:00–18:30,
// Asia/Almaty). Replies are computed from the ticket's creation time and the
// desk's clock when read, so an injected clock can simulate nights and
// weekends without waiting. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "refpool/refpool_config.h"

namespace pooltest {

struct SupportReply {
  std::string text;
  std::chrono::system_clock::time_point at;
  bool automatic = false;
};

struct SupportTicketView {
  std::string id;
  std::string subject;
  std::vector<SupportReply> replies;  // oldest first
};

class SupportDesk {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Bounds memory: a desk holds at most this many tickets.
  static constexpr size_t kMaxTickets = 10000;

  explicit SupportDesk(SupportBehaviour behaviour, Clock clock = {});

  // Opens a ticket; returns its id, or an error when the desk is full.
  Result<std::string> Create(std::string subject, std::string message);
  // The ticket with the replies visible now; nullopt for an unknown id.
  std::optional<SupportTicketView> Get(const std::string& id) const;
  // Ids of the tickets whose subject contains `text` (non-empty), oldest
  // first: how a client finds the ticket it opened by a token in the subject.
  std::vector<std::string> FindBySubject(const std::string& text) const;

  // Office hours in Kazakhstan time: Mon–Fri 09:00–18:30.
  static bool InOfficeHours(std::chrono::system_clock::time_point t);
  // `t` itself when within office hours, else the next opening.
  static std::chrono::system_clock::time_point NextOfficeOpening(
      std::chrono::system_clock::time_point t);

 private:
  struct Ticket {
    std::string subject;
    std::string message;
    std::chrono::system_clock::time_point created;
    uint64_t number = 0;  // 1 for the first ticket: chooses the reply's wording
  };

  SupportBehaviour behaviour_;
  Clock clock_;
  mutable std::mutex mu_;
  std::map<std::string, Ticket> tickets_;
  uint64_t next_id_ = 1;
};

}  // namespace pooltest
