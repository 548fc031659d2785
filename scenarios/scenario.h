// The in-memory form of a scenario file: the candidate pool as declared by
// whoever runs the harness (applicant, sites, channels, UI, support desk),
// plus how to test it (vantage points, data sources, thresholds, documents,
// output). Produced by LoadScenario (scenario_loader.h), which validates it;
// everything downstream may assume the invariants documented here hold.
// Relative paths in the file are already resolved against its folder.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pooltest {

// Where a value came from in the scenario file, for messages and evidence.
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

// What the test is done on the basis of: the applicant's application to the
// lab or the lab's contract with it. The act cites it; it judges nothing.
struct TestBasis {
  std::string kind;  // "application" or "contract"; empty: not stated
  std::string number;
  std::string date;  // YYYY-MM-DD, a real date, or empty
};

struct Applicant {
  std::string legal_name;
  std::string bin;  // 12 digits, check digit verified
  std::string legal_address;
  TestBasis basis;
};

// A stratum endpoint: stratum+tcp://host:port or stratum+ssl://host:port.
struct StratumEndpoint {
  std::string url;
  bool tls = false;
  std::string host;  // IP literal or DNS name
  uint16_t port = 0;
  // stratum+ssl only: refuse certificates that do not verify (false: probe
  // anyway, recorded in the evidence and the results), and a PEM CA bundle
  // trusted instead of the system store (resolved path; empty: system store).
  bool verify_tls = true;
  std::string tls_ca_file;
  SourceLocation where;
};

// One communication channel into a site: a provider and the addresses (IP
// literals or host names) through which the site is reached on that channel.
struct Channel {
  std::string id;        // unique within the site; defaults to "ch1", "ch2", ...
  std::string provider;  // declared provider name (verified by ASN data, not trusted)
  std::vector<std::string> addresses;
  SourceLocation where;
};

enum class SiteRole { kPrimary, kBackup };

// A witnessed failover step (R4.4): the harness takes one channel of a site
// down (runs `command`, or asks the operator when it is empty and stdin is a
// terminal), then checks miners are still served through the site's other
// channels within `deadline`, then runs `restore` if given.
struct FailoverStep {
  std::string channel;  // id of the channel taken down
  std::string command;  // run by /bin/sh -c; empty: prompt the operator
  std::string restore;  // run afterwards by /bin/sh -c; may be empty
  std::string prompt;   // what the operator is asked to do (default names the channel)
  std::chrono::milliseconds deadline{30000};
  SourceLocation where;
};

struct Site {
  std::string id;  // unique in the scenario
  SiteRole role = SiteRole::kPrimary;
  std::string settlement;  // declared settlement, e.g. "Astana"
  std::vector<StratumEndpoint> stratum;
  std::vector<Channel> channels;
  std::optional<FailoverStep> failover;
  SourceLocation where;
};

// Credentials the harness uses for mining.authorize.
struct Worker {
  std::string user;
  std::string password;
};

// How one language variant of a UI page is reached. Exactly one way is set.
struct LanguageVariant {
  // kFollow: the variant's URL is not known in advance; it is read from each
  // page's own hreflang links and/or language switcher.
  enum class Method { kPathPrefix, kQuery, kSubdomain, kAcceptLanguage, kCookie, kFollow };
  std::string lang;  // "kk", "ru" or "en"
  Method method = Method::kPathPrefix;
  // prefix "/kk", query "lang=kk", sub-domain "kk", cookie "lang=kk",
  // follow "hreflang", "switcher" or "any" (hreflang first, then the switcher)
  std::string value;
  SourceLocation where;
};

struct WebUi {
  std::string base_url;                    // http(s)://host[:port][/]
  std::vector<std::string> pages;          // absolute paths, e.g. "/", "/help"
  std::vector<LanguageVariant> languages;  // exactly kk, ru and en once each
  bool render = false;                     // render with headless Chromium
  bool verify_tls = true;
  // Page variants rendered at once, each in its own tab and browser context
  // of the run's one Chromium (probes/http/browser_pool.h).
  int render_concurrency = 4;
  // Hosts (names or addresses) a rendered page may load resources from,
  // e.g. a CDN: resolved through the scenario's DNS and fetched by Chromium,
  // but not part of the pool, so never a page or a redirect's target.
  std::vector<std::string> allowed_hosts;
  // Crawl mode: from each declared page, follow same-site links breadth
  // first; every page found is then checked in every language like a
  // declared one. Off when max_pages is 0.
  struct Crawl {
    int depth = 2;      // link hops from a declared page
    int max_pages = 0;  // pages discovered in all, declared ones included
  } crawl;
  SourceLocation where;
};

// A web ticket API, generic enough for a real pool's desk. {{subject}},
// {{message}}, {{token}} and {{ticket_id}} are substituted; JSON pointers say
// where the ticket id and the first reply are found.
struct TicketApi {
  std::string create_url;
  std::string create_method = "POST";
  std::string create_body;         // template
  std::string ticket_id_pointer;   // JSON pointer into the create response
  std::string poll_url;            // template with {{ticket_id}}
  std::string reply_pointer;       // JSON pointer to the first reply's text
  std::string auto_reply_pattern;  // ECMAScript regex: replies matching it are acknowledgements
  // Optional: GET this URL (template with {{token}}) to find a ticket by the
  // token in its subject; the support campaign uses it to settle a request
  // whose sending was interrupted, instead of opening a second ticket.
  std::string lookup_url;
  std::string lookup_id_pointer;  // JSON pointer to the found ticket's id
};

struct EmailChannel {
  std::string smtp_url;  // smtp://host:port
  std::string imap_url;  // imap://host:port/INBOX
  std::string from;
  std::string to;
  std::string username;      // IMAP login
  std::string password_env;  // environment variable holding the password
  std::string auto_reply_pattern;
};

struct SupportChannel {
  enum class Kind { kTicketApi, kEmail };
  std::string name;
  Kind kind = Kind::kTicketApi;
  // Each campaign request carries a question only a reader can answer, in
  // Kazakh, Russian or English by turns; a reply is human only with its answer.
  bool challenge = false;
  TicketApi ticket;
  EmailChannel email;
  SourceLocation where;
};

struct VantagePoint {
  std::string name;
  double latitude = 0;
  double longitude = 0;
  bool local = false;   // the harness itself runs here
  int atlas_probe = 0;  // RIPE Atlas probe id whose imported results were taken here; 0: none
  // Test worlds only: RTTs from here to loopback/private addresses count as
  // physical evidence (the vantage shares the network of a loopback test pool).
  bool loopback_evidence = false;
};

// Latency measurements taken elsewhere and imported into the run.
struct MeasurementFile {
  enum class Format { kPooltest, kRipeAtlas };
  std::string path;  // resolved against the scenario's folder
  Format format = Format::kPooltest;
  SourceLocation where;
};

struct DataSource {
  enum class Kind { kGeolocation, kAsn, kGazetteer };
  enum class Format { kMaxMindDb, kCsv, kJson };
  std::string name;
  Kind kind = Kind::kGeolocation;
  Format format = Format::kMaxMindDb;
  std::string path;  // resolved against the scenario's folder
  SourceLocation where;
};

// How a stratum endpoint's address is probed: tcp.connect,
// stratum.handshake and latency.stratum on one connection (kShared), or each
// on connections of its own (kSeparate: rtt_samples connects, one handshake,
// one connection per round trip).
enum class StratumConnections { kShared, kSeparate };

struct Thresholds {
  std::chrono::milliseconds probe_timeout{5000};
  std::chrono::milliseconds run_timeout{120000};
  int concurrency = 16;
  int rtt_samples = 5;
  StratumConnections stratum_connections = StratumConnections::kShared;
  double ui_coverage = 0.9;                               // share of text in the expected language
  std::chrono::milliseconds support_sla{15 * 60 * 1000};  // time to first human reply
  std::chrono::milliseconds support_probe_window{30000};  // how long `run` waits for a reply
  // A campaign reply faster than this is no evidence of a person (R4.5).
  std::chrono::milliseconds support_human_reply_min{30000};
};

// A document the lab attaches (R4.2 information-security act, R4.7 letter).
struct AttestedDocument {
  std::string clause;  // "R4.2" or "R4.7"
  std::string reference;
  std::string date;  // YYYY-MM-DD
  std::string issuer;
  std::string file;    // resolved path
  std::string sha256;  // declared digest, optional; verified when present
  SourceLocation where;
};

// Which DNS servers resolve the scenario's host names, and how patiently.
// No servers: the system's configuration (resolv.conf, and /etc/hosts).
// Given servers are asked directly, and /etc/hosts is not consulted.
struct DnsServer {
  std::string address;  // IPv4 or IPv6 literal, no brackets
  uint16_t port = 53;
};

struct DnsSettings {
  std::vector<DnsServer> servers;
  std::chrono::milliseconds timeout{2000};  // per try, per server
  int tries = 2;
  SourceLocation where;
};

struct OutputOptions {
  std::vector<std::string> formats{"json"};  // json, junit, html, pdf
  // How junit.xml writes an inconclusive check: "skipped" (not proven, not
  // failed: a CI pre-check stays yellow, not red) or "failure". The ant
  // dialect has no skipped: there it is always "failure".
  std::string junit_inconclusive = "skipped";
  // Which reader's JUnit: "jenkins" (Jenkins, GitLab) or "ant" (Ant's
  // junitreport and the tools that validate against its schema).
  std::string junit_dialect = "jenkins";
};

struct Scenario {
  int version = 1;
  std::string name;
  std::string source_path;  // the file it was loaded from
  std::string sha256;       // of the file's bytes
  Applicant applicant;
  std::vector<Site> sites;
  Worker worker;
  std::optional<WebUi> ui;
  std::vector<SupportChannel> support;
  // The support campaign's database (pooltest campaign); `run` judges R4.5
  // from it when it holds a finished campaign. Empty: none.
  std::string support_campaign_db;
  // How long before the run the campaign's window may have ended: an older
  // campaign says nothing about the desk today (support_campaign.max_age).
  std::chrono::milliseconds support_campaign_max_age{30LL * 24 * 3600 * 1000};
  std::vector<VantagePoint> vantage_points;
  std::vector<DataSource> data_sources;  // geolocation and ASN databases
  // data_sources.gazetteer (the last entry); unset: the bundled gazetteer.
  // Kept apart so code that opens IP databases never sees it.
  std::optional<DataSource> gazetteer;
  std::vector<MeasurementFile> measurements;
  Thresholds thresholds;
  DnsSettings dns;
  std::vector<AttestedDocument> documents;
  OutputOptions output;

  const Site* FindSite(const std::string& id) const {
    for (const Site& s : sites)
      if (s.id == id) return &s;
    return nullptr;
  }
};

const char* ToString(SiteRole r);
const char* ToString(LanguageVariant::Method m);
// "geolocation", "asn" or "gazetteer", as data_sources' kind is written.
const char* ToString(DataSource::Kind k);

}  // namespace pooltest
