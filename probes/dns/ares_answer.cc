// Split out of ares_resolve.cc: from c-ares answers to the evidence.
#include "probes/dns/ares_answer.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netdb.h>

namespace pooltest {

namespace {

using std::chrono::steady_clock;

constexpr int kMaxRecords = 64;  // per query; more than any pool publishes

double MsSince(steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(steady_clock::now() - t0).count();
}

const char* RcodeName(int rcode) {
  static const char* const kNames[] = {"NOERROR",  "FORMERR", "SERVFAIL",
                                       "NXDOMAIN", "NOTIMP",  "REFUSED"};
  return rcode >= 0 && rcode < 6 ? kNames[rcode] : nullptr;
}

// The rcode a c-ares status stands for when the response itself is not
// handed back (c-ares drops SERVFAIL/REFUSED answers to try the next server).
const char* RcodeOfStatus(int status) {
  switch (status) {
    case ARES_SUCCESS:
    case ARES_ENODATA:
      return "NOERROR";
    case ARES_EFORMERR:
      return "FORMERR";
    case ARES_ESERVFAIL:
      return "SERVFAIL";
    case ARES_ENOTFOUND:
      return "NXDOMAIN";
    case ARES_ENOTIMP:
      return "NOTIMP";
    case ARES_EREFUSED:
      return "REFUSED";
    default:
      return nullptr;
  }
}

const char* StatusName(int status) {
  switch (status) {
    case ARES_SUCCESS:
      return "ARES_SUCCESS";
    case ARES_ENODATA:
      return "ARES_ENODATA";
    case ARES_EFORMERR:
      return "ARES_EFORMERR";
    case ARES_ESERVFAIL:
      return "ARES_ESERVFAIL";
    case ARES_ENOTFOUND:
      return "ARES_ENOTFOUND";
    case ARES_ENOTIMP:
      return "ARES_ENOTIMP";
    case ARES_EREFUSED:
      return "ARES_EREFUSED";
    case ARES_EBADNAME:
      return "ARES_EBADNAME";
    case ARES_EBADRESP:
      return "ARES_EBADRESP";
    case ARES_ECONNREFUSED:
      return "ARES_ECONNREFUSED";
    case ARES_ETIMEOUT:
      return "ARES_ETIMEOUT";
    case ARES_ECANCELLED:
      return "ARES_ECANCELLED";
    case ARES_EDESTRUCTION:
      return "ARES_EDESTRUCTION";
    default:
      return "ARES_E?";
  }
}

// "A pool.kz from 127.0.0.1:53: ARES_SUCCESS rcode NOERROR; 10.0.0.1 ttl 60; raw ..."
std::string TranscriptLine(const AresQuery& q, const std::string& host,
                           const std::string& summary) {
  std::string text = std::string(q.type_name) + " " + host;
  if (!q.answered_by.empty()) text += " from " + q.answered_by;
  text += ": " + std::string(StatusName(q.status));
  if (!q.rcode.empty()) text += " rcode " + q.rcode;
  if (!summary.empty()) text += "; " + summary;
  if (!q.raw_hex.empty()) text += "; raw " + q.raw_hex;
  return text;
}

// Every UDP response as it arrived, those c-ares dropped included.
nlohmann::json ResponsesJson(const AresSocketLog& log) {
  nlohmann::json responses = nlohmann::json::array();
  for (const AresSocketLog::Response& r : log.responses) {
    const char* name = RcodeName(r.rcode);
    nlohmann::json response = nlohmann::json::object();
    response["from"] = r.peer;
    response["type"] = r.qtype == 1 ? "A" : r.qtype == 28 ? "AAAA" : "?";
    response["rcode"] = name != nullptr ? name : "RCODE" + std::to_string(r.rcode);
    responses.push_back(std::move(response));
  }
  return responses;
}

// The addresses (with TTLs) and canonical name of a successful answer.
void ParseAddresses(AresQuery* q, const unsigned char* abuf, int alen) {
  hostent* he = nullptr;
  char text[INET6_ADDRSTRLEN];
  int n = kMaxRecords;
  int parsed;
  if (q->type == 1) {
    ares_addrttl ttls[kMaxRecords];
    parsed = ares_parse_a_reply(abuf, alen, &he, ttls, &n);
    for (int i = 0; parsed == ARES_SUCCESS && i < n; ++i) {
      inet_ntop(AF_INET, &ttls[i].ipaddr, text, sizeof text);
      q->records.emplace_back(text, ttls[i].ttl);
    }
  } else {
    ares_addr6ttl ttls[kMaxRecords];
    parsed = ares_parse_aaaa_reply(abuf, alen, &he, ttls, &n);
    for (int i = 0; parsed == ARES_SUCCESS && i < n; ++i) {
      inet_ntop(AF_INET6, &ttls[i].ip6addr, text, sizeof text);
      q->records.emplace_back(text, ttls[i].ttl);
    }
  }
  if (he != nullptr) {
    if (he->h_name != nullptr) q->canonical_name = he->h_name;
    ares_free_hostent(he);
  }
  // An answer holding only a CNAME chain parses as "no data".
  if (parsed != ARES_SUCCESS) q->status = parsed;
}

}  // namespace

void OnAresAnswer(void* arg, int status, int timeouts, unsigned char* abuf, int alen) {
  auto* q = static_cast<AresQuery*>(arg);
  q->done = true;
  q->status = status;
  q->timeouts = timeouts;
  q->elapsed_ms = MsSince(q->t0);
  // The last response seen for this query: by message id when c-ares hands
  // the answer back, else by question type.
  const AresSocketLog::Response* seen = nullptr;
  for (const AresSocketLog::Response& r : q->log->responses) {
    if (abuf != nullptr && alen >= 2 ? r.id == ((abuf[0] << 8) | abuf[1]) : r.qtype == q->type)
      seen = &r;
  }
  if (seen != nullptr) q->answered_by = seen->peer;
  int rcode = -1;
  if (abuf != nullptr && alen >= 12) {
    rcode = abuf[3] & 0x0F;
    q->raw_hex = DnsMessageHex(abuf, static_cast<size_t>(alen));
  } else if (seen != nullptr) {
    rcode = seen->rcode;
    q->raw_hex = seen->hex;
  }
  const char* rc = rcode >= 0 ? RcodeName(rcode) : RcodeOfStatus(status);
  if (rc != nullptr) q->rcode = rc;
  if (rc == nullptr && rcode >= 0) q->rcode = "RCODE" + std::to_string(rcode);
  if (q->answered_by.empty() && q->log->answered_by.size() == 1)
    q->answered_by = q->log->answered_by[0];
  if (status != ARES_SUCCESS || abuf == nullptr) return;
  ParseAddresses(q, abuf, alen);
}

std::set<std::string> RecordAnswers(const AresQuery (&queries)[2], const std::string& host,
                                    const AresSocketLog& log, Observation& o) {
  std::set<std::string> addresses;
  nlohmann::json records = nlohmann::json::array();
  nlohmann::json qjson = nlohmann::json::array();
  for (const AresQuery& q : queries) {
    nlohmann::json recs = nlohmann::json::array();
    std::string summary;
    for (const auto& [addr, ttl] : q.records) {
      nlohmann::json rec = nlohmann::json::object();
      rec["address"] = addr;
      rec["ttl"] = ttl;
      recs.push_back(rec);
      rec["type"] = q.type_name;
      records.push_back(std::move(rec));
      addresses.insert(addr);
      summary += (summary.empty() ? "" : ", ") + addr + " ttl " + std::to_string(ttl);
    }
    nlohmann::json qj = nlohmann::json::object();
    qj["type"] = q.type_name;
    qj["status"] = StatusName(q.status);
    qj["rcode"] = q.rcode.empty() ? nlohmann::json() : nlohmann::json(q.rcode);
    qj["answered_by"] = q.answered_by.empty() ? nlohmann::json() : nlohmann::json(q.answered_by);
    qj["canonical_name"] =
        q.canonical_name.empty() ? nlohmann::json() : nlohmann::json(q.canonical_name);
    qj["timeouts"] = q.timeouts;
    qj["records"] = std::move(recs);
    qj["elapsed_ms"] = q.elapsed_ms;
    qjson.push_back(std::move(qj));
    AddTranscript(o, q.status == ARES_ECANCELLED ? "event" : "received",
                  TranscriptLine(q, host, summary));
  }
  o.data["queries"] = std::move(qjson);
  o.data["records"] = std::move(records);
  o.data["addresses"] = std::vector<std::string>(addresses.begin(), addresses.end());
  o.data["contacted"] = log.contacted;
  o.data["answered_by"] = log.answered_by;
  o.data["responses"] = ResponsesJson(log);
  return addresses;
}

}  // namespace pooltest
