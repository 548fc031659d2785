// One support request as the campaign sends it through any channel, and what
// a channel reports back. Shared by the ticket and e-mail clients so the
// campaign runner treats both alike.
#pragma once

#include <string>

namespace pooltest {

struct SupportMessage {
  std::string token;  // unique; in the subject, so replies can be matched
  std::string subject;
  std::string body;
};

// The outcome of handing a request to the pool.
struct SendOutcome {
  enum class Kind {
    kSent,     // the pool accepted it (ticket id / message accepted by SMTP)
    kFailed,   // certainly not accepted (refused connection, HTTP error)
    kUnknown,  // may or may not have been accepted (e.g. timeout mid-request)
  };
  Kind kind = Kind::kFailed;
  std::string handle;  // ticket id; empty for e-mail
  std::string detail;
};

// What the pool has answered so far.
struct ReplyCheck {
  bool ok = false;    // the channel could be read
  std::string error;  // why not, when !ok
  int auto_replies = 0;
  bool human = false;  // a reply that is not an acknowledgement
  std::string human_excerpt;
};

// Builds the subject and body every channel sends.
SupportMessage MakeSupportMessage(const std::string& token);

}  // namespace pooltest
