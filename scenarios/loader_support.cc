// Reads the support section: channels with unique names, each a ticket API
// (create, poll and lookup URLs, JSON pointers, {{ticket_id}} and {{token}}
// placeholders) or an e-mail desk (smtp/imap URLs, addresses, the name of the
// password's environment variable, warned about when unset), only the keys of
// its kind, and an auto-reply pattern that is a safe regular expression.
#include "scenarios/loader_sections.h"

#include <cstdlib>
#include <regex>
#include <string>
#include <utility>

#include "scenarios/did_you_mean.h"
#include "scenarios/host_name.h"

namespace pooltest::loader {

namespace {

bool IsJsonPointer(const std::string& s) { return !s.empty() && s[0] == '/'; }

bool IsEmailAddress(const std::string& s) {
  const size_t at = s.find('@');
  if (at == 0 || at == std::string::npos || at + 1 >= s.size()) return false;
  if (s.find('@', at + 1) != std::string::npos) return false;
  if (s.find_first_of(" \t<>,;") != std::string::npos) return false;
  return IsHostName(s.substr(at + 1)) || IsIpLiteral(s.substr(at + 1));
}

std::optional<std::string> ReadPointer(const Loader& ld, const Located& v) {
  std::optional<std::string> s = ReadNonEmpty(ld.ctx, v);
  if (s && !IsJsonPointer(*s)) {
    ld.ctx.Error(v.mark, Quote(v.path) + ": " + Quote(*s) + " is not a JSON pointer",
                 "a JSON pointer starts with '/', e.g. /id or /replies/0/text");
    return std::nullopt;
  }
  return s;
}

bool HasHugeRepeat(const std::string& re) {
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] != '{') continue;
    long n = 0;
    for (size_t j = i + 1; j < re.size() && n <= 100; ++j) {
      if (re[j] >= '0' && re[j] <= '9')
        n = n * 10 + (re[j] - '0');
      else if (re[j] == ',')
        n = 0;  // judge the upper bound too
      else
        break;
    }
    if (n > 100) return true;
  }
  return false;
}

void ReadPattern(const Loader& ld, const Fields& f, std::string& out) {
  auto p = f.Get("auto_reply_pattern");
  if (!p) return;
  std::optional<std::string> s = ReadNonEmpty(ld.ctx, *p);
  if (!s) return;
  std::string problem;
  if (s->size() > 512) {
    problem = "longer than 512 characters";
  } else if (HasHugeRepeat(*s)) {
    // std::regex builds one state per repetition: "a{99999999}" exhausts memory.
    problem = "a repetition count above 100";
  } else {
    try {
      std::regex re(*s, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      problem = e.what();
    }
  }
  if (!problem.empty()) {
    ld.ctx.Error(p->mark, Quote(p->path) + " is not a valid regular expression: " + problem,
                 "use ECMAScript syntax, alternatives with '|', e.g. received|автоматическ");
    return;
  }
  out = *s;
}

void ReadTicketApi(const Loader& ld, const Fields& f, TicketApi& out) {
  if (auto c = f.Get("create")) {
    Fields cf(ld.ctx, *c);
    if (cf.valid()) {
      if (auto u = cf.Get("url"))
        if (auto parsed = ReadUrl(ld.ctx, *u, {"http", "https"}, false,
                                  "https://pool.example.kz/api/tickets"))
          out.create_url = parsed->url;
      if (auto m = cf.Get("method"))
        if (auto s = ReadEnum(ld.ctx, *m, {"POST", "PUT", "PATCH", "GET"})) out.create_method = *s;
      if (auto b = cf.Get("body"))
        if (auto s = ReadString(ld.ctx, *b)) out.create_body = *s;
      if (auto t = cf.Get("ticket_id"))
        if (auto s = ReadPointer(ld, *t)) out.ticket_id_pointer = *s;
    }
  }
  if (auto p = f.Get("poll")) {
    Fields pf(ld.ctx, *p);
    if (pf.valid()) {
      if (auto u = pf.Get("url")) {
        if (auto parsed = ReadUrl(ld.ctx, *u, {"http", "https"}, false,
                                  "https://pool.example.kz/api/tickets/{{ticket_id}}")) {
          out.poll_url = parsed->url;
          if (out.poll_url.find("{{ticket_id}}") == std::string::npos)
            ld.ctx.Error(u->mark, Quote(u->path) + " does not contain {{ticket_id}}",
                         "the harness substitutes the created ticket's id there, e.g. "
                         "https://pool.example.kz/api/tickets/{{ticket_id}}");
        }
      }
      if (auto r = pf.Get("reply"))
        if (auto s = ReadPointer(ld, *r)) out.reply_pointer = *s;
    }
  }
  if (auto l = f.Get("lookup")) {
    Fields lf(ld.ctx, *l);
    if (lf.valid()) {
      if (auto u = lf.Get("url")) {
        if (auto parsed = ReadUrl(ld.ctx, *u, {"http", "https"}, false,
                                  "https://pool.example.kz/api/tickets?subject={{token}}")) {
          out.lookup_url = parsed->url;
          if (out.lookup_url.find("{{token}}") == std::string::npos)
            ld.ctx.Error(u->mark, Quote(u->path) + " does not contain {{token}}",
                         "the support campaign finds a ticket by the token in its subject, e.g. "
                         "https://pool.example.kz/api/tickets?subject={{token}}");
        }
      }
      if (auto t = lf.Get("ticket_id"))
        if (auto s = ReadPointer(ld, *t)) out.lookup_id_pointer = *s;
    }
  }
}

void ReadEmail(const Loader& ld, const Fields& f, EmailChannel& out) {
  if (auto s = f.Get("smtp"))
    if (auto u = ReadUrl(ld.ctx, *s, {"smtp", "smtps"}, false, "smtp://mail.example.kz:587"))
      out.smtp_url = u->url;
  if (auto i = f.Get("imap"))
    if (auto u = ReadUrl(ld.ctx, *i, {"imap", "imaps"}, false, "imaps://mail.example.kz:993/INBOX"))
      out.imap_url = u->url;
  for (const char* key : {"from", "to"}) {
    auto a = f.Get(key);
    if (!a) continue;
    std::optional<std::string> s = ReadNonEmpty(ld.ctx, *a);
    if (!s) continue;
    if (!IsEmailAddress(*s)) {
      ld.ctx.Error(a->mark, Quote(a->path) + ": " + Quote(*s) + " is not an e-mail address",
                   "write a bare address, e.g. lab-probe@example.kz");
      continue;
    }
    (std::string(key) == "from" ? out.from : out.to) = *s;
  }
  out.username = out.from;
  ReadNonEmptyInto(ld.ctx, f, "username", out.username);
  if (auto p = f.Get("password_env")) {
    if (auto s = ReadNonEmpty(ld.ctx, *p)) {
      bool ok = !((*s)[0] >= '0' && (*s)[0] <= '9');
      for (char c : *s)
        ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_');
      if (!ok) {
        ld.ctx.Error(p->mark, Quote(p->path) + ": " + Quote(*s) + " is not a variable name",
                     "name the environment variable that holds the password, e.g. "
                     "SUPPORT_MAIL_PASSWORD (never the password itself)");
      } else {
        out.password_env = *s;
        if (std::getenv(s->c_str()) == nullptr)
          ld.ctx.Warning(p->mark, "environment variable " + *s + " is not set",
                         "set it before `pooltest run`, or the e-mail probe cannot log in");
      }
    }
  }
}

}  // namespace

void ReadSupport(const Loader& ld, const Located& v, std::vector<SupportChannel>& out) {
  auto items = ReadList(ld.ctx, v, true);
  if (!items) return;
  static const std::vector<std::string> kTicketKeys = {"create", "poll", "lookup"};
  static const std::vector<std::string> kEmailKeys = {"smtp", "imap",     "from",
                                                      "to",   "username", "password_env"};
  std::vector<std::pair<std::string, YAML::Mark>> names;
  for (const Located& item : *items) {
    SupportChannel sc;
    sc.where = ld.ctx.At(item.mark);
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    if (auto n = f.Get("name")) {
      if (auto s = ReadNonEmpty(ld.ctx, *n)) {
        sc.name = *s;
        for (const auto& [seen, mark] : names)
          if (seen == *s)
            ld.ctx.Error(n->mark, "duplicate support channel name " + Quote(*s),
                         "first used at line " + std::to_string(mark.line + 1));
        names.emplace_back(*s, n->mark);
      }
    }
    std::optional<std::string> kind;
    if (auto k = f.Get("kind")) kind = ReadEnum(ld.ctx, *k, {"ticket_api", "email"});
    if (kind) {
      const bool ticket = *kind == "ticket_api";
      sc.kind = ticket ? SupportChannel::Kind::kTicketApi : SupportChannel::Kind::kEmail;
      const std::vector<std::string>& own = ticket ? kTicketKeys : kEmailKeys;
      const std::vector<std::string>& other = ticket ? kEmailKeys : kTicketKeys;
      for (const std::string& key : other) {
        if (auto m = f.KeyMark(key))
          ld.ctx.Error(
              *m, "key " + Quote(key) + " in " + item.path + " does not apply to kind " + *kind,
              "remove it, or set kind: " + std::string(ticket ? "email" : "ticket_api"));
      }
      const std::vector<std::string> required =
          ticket ? std::vector<std::string>{"create", "poll"}
                 : std::vector<std::string>{"smtp", "imap", "from", "to"};
      for (const std::string& key : required)
        if (!f.Get(key))
          ld.ctx.Error(
              item.mark,
              "missing required key " + Quote(key) + " in " + item.path + " (kind " + *kind + ")",
              "a " + *kind + " support channel needs " + QuotedList(required));
      (void)own;
      if (ticket)
        ReadTicketApi(ld, f, sc.ticket);
      else
        ReadEmail(ld, f, sc.email);
    }
    if (auto c = f.Get("challenge"))
      if (auto b = ReadBool(ld.ctx, *c)) sc.challenge = *b;
    ReadPattern(ld, f,
                sc.kind == SupportChannel::Kind::kTicketApi ? sc.ticket.auto_reply_pattern
                                                            : sc.email.auto_reply_pattern);
    out.push_back(std::move(sc));
  }
}

}  // namespace pooltest::loader
