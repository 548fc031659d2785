// One support request as the campaign sends it through any channel, and what
// a channel reports back. Shared by the ticket and e-mail clients so the
// campaign runner treats both alike. A request may carry a challenge: a
// short plain question with one answer (a sum of two numbers), in the
// request's language, that only a person who read it can answer.
#pragma once

#include <cstdint>
#include <string>

namespace pooltest {

struct SupportMessage {
  std::string token;  // unique; in the subject, so replies can be matched
  std::string subject;
  std::string body;
};

// A challenge question and its answer, in "kk", "ru" or "en".
struct SupportChallenge {
  std::string lang;
  std::string question;
  std::string answer;  // a whole number, as digits
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
  std::string human_text;  // that reply, up to kReplyTextBytes
};

// How much of a reply the campaign keeps to judge who wrote it.
inline constexpr size_t kReplyTextBytes = 2000;

// Builds the subject and body every channel sends: in English without a
// challenge; with one, in the challenge's language, the question last.
SupportMessage MakeSupportMessage(const std::string& token,
                                  const SupportChallenge* challenge = nullptr);

// The challenge for request `seq` of a campaign with `seed`: the language
// goes round kk, ru, en (so every desk is asked in all three), and the
// answer is `answer` (the caller keeps answers unique in a campaign), asked
// as a sum of two numbers drawn from seed and seq.
SupportChallenge MakeSupportChallenge(uint64_t seed, int seq, int answer);

}  // namespace pooltest
