#include "probes/support/mail_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <sstream>

#include "core/utf8.h"
#include "probes/http/curl_destination.h"

namespace pooltest {
namespace {

constexpr size_t kMaxResponse = 2 * 1024 * 1024;
constexpr size_t kMaxMessages = 20;
constexpr size_t kExcerpt = 300;

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxResponse) return 0;
  body->append(data, size * n);
  return size * n;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t Feed(char* buf, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t len = std::min(size * n, up->data->size() - up->pos);
  std::memcpy(buf, up->data->data() + up->pos, len);
  up->pos += len;
  return len;
}

std::string Rfc5322Date(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The bare address in "Name <a@b>" or "a@b", lowercased.
std::string BareAddress(const std::string& field) {
  const size_t lt = field.find('<');
  const size_t gt = field.find('>', lt);
  std::string a = lt != std::string::npos && gt != std::string::npos
                      ? field.substr(lt + 1, gt - lt - 1)
                      : field;
  a.erase(0, a.find_first_not_of(" \t"));
  a.erase(a.find_last_not_of(" \t") + 1);
  return Lower(a);
}

// The base imap://host:port part and the mailbox ("INBOX" by default).
void SplitImapUrl(const std::string& url, std::string* base, std::string* mailbox) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  *base = slash == std::string::npos ? url : url.substr(0, slash);
  *mailbox = slash == std::string::npos ? "" : url.substr(slash + 1);
  if (!mailbox->empty() && mailbox->back() == '/') mailbox->pop_back();
  if (mailbox->empty()) *mailbox = "INBOX";
}

}  // namespace

std::vector<long> ParseImapSearch(const std::string& response) {
  std::vector<long> out;
  std::istringstream in(response);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("* SEARCH", 0) != 0) continue;
    std::istringstream words(line.substr(8));
    long uid;
    while (words >> uid) out.push_back(uid);
  }
  return out;
}

void ParseMailMessage(const std::string& raw,
                      std::vector<std::pair<std::string, std::string>>* headers,
                      std::string* body) {
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t eol = raw.find('\n', pos);
    if (eol == std::string::npos) eol = raw.size();
    std::string line = raw.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = eol + 1;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !headers->empty()) {
      headers->back().second += " " + line.substr(line.find_first_not_of(" \t"));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    headers->emplace_back(Lower(line.substr(0, colon)), value);
  }
  *body = pos < raw.size() ? raw.substr(pos) : "";
}

Result<MailClient> MailClient::Create(const EmailChannel& channel, std::string password,
                                      std::chrono::milliseconds timeout,
                                      std::shared_ptr<const TargetPolicy> targets) {
  MailClient c(channel, std::move(password), timeout, std::move(targets));
  try {
    if (!channel.auto_reply_pattern.empty())
      c.auto_ = std::regex(channel.auto_reply_pattern, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error& e) {
    return Error{"auto_reply_pattern is not a valid ECMAScript regex (" + std::string(e.what()) +
                 "); fix it in the scenario"};
  }
  if (channel.smtp_url.empty() || channel.imap_url.empty() || channel.from.empty() ||
      channel.to.empty())
    return Error{"e-mail channel '" + channel.smtp_url +
                 "' needs smtp, imap, from and to in the scenario"};
  return c;
}

SendOutcome MailClient::Send(const SupportMessage& m,
                             std::chrono::system_clock::time_point date) const {
  SendOutcome out;
  std::string msg;
  msg += "Date: " + Rfc5322Date(date) + "\r\n";
  msg += "From: <" + ch_.from + ">\r\n";
  msg += "To: <" + ch_.to + ">\r\n";
  msg += "Subject: " + m.subject + "\r\n";
  msg += "Message-ID: <" + m.token + "@pooltest.invalid>\r\n";
  msg += "X-Pooltest-Request: " + m.token + "\r\n";
  msg += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
  msg += m.body + "\r\n";

  CURL* c = curl_easy_init();
  if (!c) {
    out.detail = "libcurl could not start";
    return out;
  }
  char err[CURL_ERROR_SIZE] = {0};
  Upload up{&msg};
  curl_slist* rcpt = nullptr;
  rcpt = curl_slist_append(rcpt, ("<" + ch_.to + ">").c_str());
  // Our own copy: SMTP accepts the message for all recipients at once, so
  // finding it later in our mailbox proves this request was sent.
  rcpt = curl_slist_append(rcpt, ("<" + ch_.from + ">").c_str());
  CurlDestination destination;
  if (Status bound = destination.BindUrl(c, ch_.smtp_url, targets_.get()); !bound) {
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    out.kind = SendOutcome::Kind::kFailed;
    out.detail = "SMTP " + ch_.smtp_url + " not contacted: " + bound.error().message;
    return out;
  }
  curl_easy_setopt(c, CURLOPT_URL, ch_.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + ch_.from + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, Feed);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_INFILESIZE, static_cast<long>(msg.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  if (!password_.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, ch_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
  }
  const CURLcode code = curl_easy_perform(c);
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(c);
  if (code == CURLE_OK) {
    out.kind = SendOutcome::Kind::kSent;
    out.detail = "SMTP " + ch_.smtp_url + " accepted the message for " + ch_.to;
    return out;
  }
  const std::string why = err[0] ? err : curl_easy_strerror(code);
  // Refused before DATA finished: certainly not sent. A timeout or a broken
  // connection after DATA may have been accepted.
  const bool certain = code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
                       code == CURLE_LOGIN_DENIED || code == CURLE_URL_MALFORMAT ||
                       code == CURLE_UNSUPPORTED_PROTOCOL || (reply >= 400 && reply < 600);
  out.kind = certain ? SendOutcome::Kind::kFailed : SendOutcome::Kind::kUnknown;
  out.detail = "SMTP " + ch_.smtp_url + ": " + why +
               (reply ? " (server reply " + std::to_string(reply) + ")" : "");
  return out;
}

MailboxCheck MailClient::Check(const std::string& token) const {
  MailboxCheck mc;
  std::string base, mailbox;
  SplitImapUrl(ch_.imap_url, &base, &mailbox);
  auto transfer = [&](const std::string& url, const std::string& custom, std::string* body,
                      std::string* why) {
    CURL* c = curl_easy_init();
    if (!c) {
      *why = "libcurl could not start";
      return false;
    }
    char err[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    CurlDestination destination;
    if (Status bound = destination.BindUrl(c, url, targets_.get()); !bound) {
      curl_easy_cleanup(c);
      *why = "IMAP " + url + " not contacted: " + bound.error().message;
      return false;
    }
    if (!custom.empty()) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom.c_str());
    curl_easy_setopt(c, CURLOPT_USERNAME, ch_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    const CURLcode code = curl_easy_perform(c);
    curl_easy_cleanup(c);
    if (code != CURLE_OK) *why = "IMAP " + url + ": " + (err[0] ? err : curl_easy_strerror(code));
    return code == CURLE_OK;
  };
  // Tokens are [A-Za-z0-9-]: safe inside an IMAP quoted string.
  std::string search;
  std::string why;
  if (!transfer(base + "/" + mailbox, "UID SEARCH SUBJECT \"" + token + "\"", &search, &why)) {
    mc.replies.error = why;
    return mc;
  }
  std::vector<long> uids = ParseImapSearch(search);
  std::sort(uids.begin(), uids.end());
  if (uids.size() > kMaxMessages) uids.resize(kMaxMessages);
  const std::string self = Lower(ch_.from);
  for (long uid : uids) {
    std::string raw;
    if (!transfer(base + "/" + mailbox + "/;UID=" + std::to_string(uid), "", &raw, &why)) {
      mc.replies.error = why;
      return mc;
    }
    std::vector<std::pair<std::string, std::string>> headers;
    MailboxMessage m;
    m.uid = uid;
    ParseMailMessage(raw, &headers, &m.body);
    std::string marker, auto_submitted;
    for (const auto& [name, value] : headers) {
      if (name == "from") m.from = BareAddress(value);
      if (name == "subject") m.subject = value;
      if (name == "x-pooltest-request") marker = value;
      if (name == "auto-submitted") auto_submitted = Lower(value);
    }
    if (m.subject.find(token) == std::string::npos) continue;  // SEARCH is a substring match
    m.own_copy = m.from == self && marker == token;
    if (m.own_copy) {
      mc.own_copy = true;
    } else {
      const std::string text = m.subject + "\n" + m.body;
      m.automatic = (!auto_submitted.empty() && auto_submitted != "no") ||
                    (!ch_.auto_reply_pattern.empty() && std::regex_search(text, auto_));
      if (m.automatic) {
        ++mc.replies.auto_replies;
      } else if (!mc.replies.human) {
        mc.replies.human = true;
        mc.replies.human_excerpt = std::string(Utf8Prefix(m.body, kExcerpt));
        mc.replies.human_text = std::string(Utf8Prefix(m.body, kReplyTextBytes));
      }
    }
    mc.messages.push_back(std::move(m));
  }
  mc.replies.ok = true;
  return mc;
}

}  // namespace pooltest
