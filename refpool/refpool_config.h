// Configuration of the bundled reference pool: which loopback addresses each
// site listens on, and every way its behaviour can be broken on purpose so
// tests can prove each check fails when it should. Defaults describe a good,
// conforming pool. Loaded from YAML by LoadRefpoolConfig (refpool_config.cc).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace pooltest {

struct RefpoolSiteConfig {
  std::string id;                      // "primary", "backup", ...
  std::vector<std::string> addresses;  // loopback IPs, one per channel
  uint16_t stratum_port = 3333;
  uint16_t http_port = 8080;  // 0: this site serves no web UI
  // Addresses of this site where nothing listens (a dead channel).
  std::vector<std::string> down_addresses;
  // Stratum inside TLS (stratum+ssl) on every address of the site, with
  // RefpoolConfig::stratum_tls's certificate; none when unset, 0 picks a
  // free port.
  std::optional<uint16_t> stratum_tls_port;
};

// The certificate (PEM chain, server certificate first) and key of the
// stratum TLS listeners.
struct StratumTlsFiles {
  std::string certificate;
  std::string key;
};

struct StratumBehaviour {
  bool reject_authorization = false;  // mining.authorize answers false, error 24
  bool silent = false;                // accepts connections but never answers
  bool garbage = false;               // answers with bytes that are not JSON
  // As ckpool does (stratifier.c, "trying to subscribe twice"): a second
  // mining.subscribe on one connection gets no reply at all, not an error.
  // false: every subscribe is answered (a lenient pool).
  bool ignore_repeated_subscribe = true;
  // Every Nth connection (N >= 1) is accepted and never answered, as behind
  // a load balancer with one dead backend out of N. 0: none.
  int silent_every = 0;
  // Send set_difficulty and notify before the authorize result, as many real
  // pools do, so clients must match responses by id.
  bool notify_before_authorize_result = true;
  double difficulty = 1024;
  int extranonce2_size = 4;
  // Answers true to every well-formed mining.submit of an authorized worker,
  // as a pool that does not check the work it is sent.
  bool accept_any_share = false;
  // YAML job_interval_s: a new job (mining.notify, new job id, current
  // ntime) this often, so miners keep mining (cpuminer stops 120 s after its
  // last job) and ntime stays current. 0: one job for the pool's life.
  std::chrono::milliseconds job_interval{30000};
  // Every Nth job (N >= 1) is on a new previous block, sent with clean_jobs
  // true, and every earlier job is stale from then on; the jobs in between
  // keep the block (clean_jobs false) and the earlier jobs of the block stay
  // valid. Default 10: a block every 5 minutes at the default interval.
  int new_block_every = 10;
};

struct UiBehaviour {
  std::vector<std::string> missing_languages;  // "en": every English page is 404
  std::vector<std::string> half_translated;    // "kk": half its strings left in Russian
  std::vector<std::string> russian_as;         // "kk": the body is Russian, heading Kazakh
  std::vector<std::string> wrong_html_lang;    // "kk": <html lang> says "ru" on kk pages
  std::vector<std::string> switcher_drops;     // "en": switcher offers no link to English
  std::vector<std::string> missing_pages;      // "/en/status": that one page is 404
  std::vector<std::string> foreign_hreflang;   // "en": hreflang=en points to another host
  bool spa_only = false;                       // text only appears after JavaScript runs
  std::vector<std::string> legacy_charset;     // "ru": pages encoded in windows-1251
  // "http://127.0.0.2:8080": every UI page answers 302 to this origin plus
  // its own path and query, as a pool sending the harness elsewhere would.
  std::string redirect_to;
  bool redirect_loop = false;  // every UI page answers 302 to itself
  // How the switcher switches languages. "": it links each page's variant
  // (/ru/help). The others keep the language in a cookie and serve every
  // page at its unprefixed path in the cookie's language (a cookie UI):
  // "set_language": links /lang/ru?next=/help, which set the lang cookie
  // and redirect to next; "cookie": links /switch-language?lang=ru, which
  // set it and send the browser back to its Referer; "django_form": a
  // Django set_language form (csrfmiddlewaretoken checked against the
  // csrftoken cookie the page sets) POSTed to /i18n/setlang/, which sets
  // django_language and redirects to next. Two work only in JavaScript:
  // "js_cookie": a <select> whose change handler sets the lang cookie and
  // reloads; "js_inplace": "Қаз"/"Рус"/"Eng" spans whose click handler
  // rewrites the page, its title and <html lang> in place from text the
  // page's script carries (and keeps the choice in localStorage).
  std::string language_switch;
  // "http://127.0.0.99:8080": the switch answers 302 to this origin plus
  // next instead (a hostile pool steering the harness off its hosts); with
  // js_cookie, the <select> sends the page there.
  std::string switch_redirect_to;
};

struct SupportBehaviour {
  std::chrono::milliseconds reply_delay{1500};  // time to the first human reply
  bool auto_acknowledge = true;                 // an automatic "received" reply comes first
  bool office_hours_only = false;  // humans reply only Mon–Fri 9:00–18:30 Kazakhstan time
  bool never_reply = false;
  // The human reply's text, the same for every ticket; empty: a support
  // engineer's answer of its own for each ticket (a different wording per
  // ticket, quoting its subject, and giving the answer to a challenge
  // question the request asks).
  std::string reply_text;
  // Instead, one signed template for every ticket (the ticket id, subject
  // and signing name filled in): an auto-responder posing as a person.
  bool template_reply = false;
  // The engineer answers a challenge question only in office hours
  // (Mon–Fri 9:00–18:30 Kazakhstan time); at other times the reply reads
  // like a person's but does not answer it (a night bot).
  bool challenge_office_hours_only = false;
  // An origin ("http://127.0.0.2:8080"): opening a ticket answers 307 to it
  // (the client would re-send its POST there), reading one answers 302.
  std::string create_redirect_to;
  std::string poll_redirect_to;
};

struct RefpoolConfig {
  std::vector<RefpoolSiteConfig> sites;
  // Control port (refpool_control.h) for taking channels down at runtime;
  // off when the address is empty. Loopback only; port 0 picks a free one.
  std::string control_address;
  uint16_t control_port = 0;
  StratumBehaviour stratum;
  StratumTlsFiles stratum_tls;  // needed when a site has a stratum_tls_port
  UiBehaviour ui;
  SupportBehaviour support;
};

// The conforming pool used by `pooltest demo`: primary on 127.0.0.11/.12,
// backup on 127.0.0.21/.22 (the canonical block: refpool_block.h moves it to
// whichever 127.0.X.0/24 is free).
RefpoolConfig DefaultRefpoolConfig();

// YAML; the error names the file, line and key.
Result<RefpoolConfig> LoadRefpoolConfig(const std::string& path);

}  // namespace pooltest
