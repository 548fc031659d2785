#include "harness/campaign/campaign_channels.h"

#include <cstdlib>

#include "probes/support/mail_client.h"
#include "probes/support/ticket_api_client.h"

namespace pooltest {
namespace {

class TicketChannel : public CampaignChannel {
 public:
  explicit TicketChannel(TicketApiClient client) : client_(std::move(client)) {}
  SendOutcome Send(const SupportMessage& m, std::chrono::system_clock::time_point) override {
    return client_.Open(m);
  }
  ReplyCheck Check(const std::string& handle, const std::string& token) override {
    return client_.Poll(handle, token);
  }
  Result<SendOutcome> Resolve(const std::string& token) override {
    SendOutcome o;
    if (!client_.has_lookup()) {
      // Without a lookup, re-sending could open a second ticket: give up on it.
      o.kind = SendOutcome::Kind::kUnknown;
      o.detail = "the ticket API declares no lookup URL, so whether the pool got it cannot be told";
      return o;
    }
    auto id = client_.Lookup(token);
    if (!id) return id.error();
    if (*id) {
      o.kind = SendOutcome::Kind::kSent;
      o.handle = **id;
      o.detail = "ticket " + o.handle + " found by its token";
    } else {
      o.kind = SendOutcome::Kind::kFailed;
      o.detail = "no ticket with this token";
    }
    return o;
  }

 private:
  TicketApiClient client_;
};

class MailChannel : public CampaignChannel {
 public:
  explicit MailChannel(MailClient client) : client_(std::move(client)) {}
  SendOutcome Send(const SupportMessage& m, std::chrono::system_clock::time_point now) override {
    return client_.Send(m, now);
  }
  ReplyCheck Check(const std::string&, const std::string& token) override {
    return client_.Check(token).replies;
  }
  // Our own copy went with the request in one SMTP transaction: if it is in
  // the mailbox, the pool's server accepted the request too.
  Result<SendOutcome> Resolve(const std::string& token) override {
    MailboxCheck c = client_.Check(token);
    if (!c.replies.ok) return Error{c.replies.error};
    SendOutcome o;
    o.kind = c.own_copy || c.replies.human || c.replies.auto_replies > 0
                 ? SendOutcome::Kind::kSent
                 : SendOutcome::Kind::kFailed;
    o.detail = o.kind == SendOutcome::Kind::kSent ? "our copy of the request is in the mailbox"
                                                  : "no copy of the request in the mailbox";
    return o;
  }

 private:
  MailClient client_;
};

}  // namespace

Result<std::map<std::string, std::unique_ptr<CampaignChannel>>> MakeCampaignChannels(
    const Scenario& scenario, std::chrono::milliseconds timeout,
    std::shared_ptr<const TargetPolicy> targets) {
  std::map<std::string, std::unique_ptr<CampaignChannel>> out;
  for (const SupportChannel& ch : scenario.support) {
    if (ch.kind == SupportChannel::Kind::kTicketApi) {
      auto c = TicketApiClient::Create(ch.ticket, timeout, targets);
      if (!c) return Error{"support channel '" + ch.name + "': " + c.error().message};
      out[ch.name] = std::make_unique<TicketChannel>(std::move(*c));
    } else {
      std::string password;
      if (!ch.email.password_env.empty()) {
        const char* p = std::getenv(ch.email.password_env.c_str());
        if (!p)
          return Error{"support channel '" + ch.name + "': environment variable " +
                       ch.email.password_env + " (the mailbox password) is not set"};
        password = p;
      }
      auto c = MailClient::Create(ch.email, password, timeout, targets);
      if (!c) return Error{"support channel '" + ch.name + "': " + c.error().message};
      out[ch.name] = std::make_unique<MailChannel>(std::move(*c));
    }
  }
  if (out.empty()) return Error{"the scenario declares no support channel"};
  return out;
}

}  // namespace pooltest
