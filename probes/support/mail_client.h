// Blocking e-mail channel for the support campaign, with libcurl: sends a
// request over SMTP (to the pool's support address, and a copy to our own
// mailbox so a later look in the mailbox proves the server accepted it) and
// reads the mailbox over IMAP (UID SEARCH on the token in the subject, then
// UID FETCH). A reply is a message with the token from someone else; one
// matching auto_reply_pattern, or marked Auto-Submitted (RFC 3834), is an
// acknowledgement, not an answer. Every transfer is bounded by `timeout`.
#pragma once

#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/result.h"
#include "probes/common/target_policy.h"
#include "probes/support/support_request.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct MailboxMessage {
  long uid = 0;
  std::string from;
  std::string subject;
  std::string body;
  bool own_copy = false;  // the copy of our own request
  bool automatic = false;
};

struct MailboxCheck {
  ReplyCheck replies;
  bool own_copy = false;  // our request is in the mailbox: SMTP accepted it
  std::vector<MailboxMessage> messages;
};

class MailClient {
 public:
  // `password` may be empty (then SMTP does not log in and IMAP logs in with
  // an empty password).
  // Every connection goes only where `targets` admits (curl_destination.h).
  static Result<MailClient> Create(const EmailChannel& channel, std::string password,
                                   std::chrono::milliseconds timeout,
                                   std::shared_ptr<const TargetPolicy> targets);

  // `date` is what goes in the Date header (the campaign's clock).
  SendOutcome Send(const SupportMessage& m, std::chrono::system_clock::time_point date) const;
  MailboxCheck Check(const std::string& token) const;

 private:
  MailClient(EmailChannel ch, std::string password, std::chrono::milliseconds timeout,
             std::shared_ptr<const TargetPolicy> targets)
      : ch_(std::move(ch)),
        password_(std::move(password)),
        timeout_(timeout),
        targets_(std::move(targets)) {}
  EmailChannel ch_;
  std::string password_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<const TargetPolicy> targets_;
  std::regex auto_;
};

// Parses "* SEARCH 3 7 9" lines; exposed for tests.
std::vector<long> ParseImapSearch(const std::string& response);
// Splits an RFC 5322 message into header fields (names lowercased, folded
// lines joined) and body.
void ParseMailMessage(const std::string& raw,
                      std::vector<std::pair<std::string, std::string>>* headers, std::string* body);

}  // namespace pooltest
