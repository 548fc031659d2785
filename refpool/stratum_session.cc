#include "refpool/stratum_session.h"

#include <cstdint>
#include <cstdlib>
#include <utility>

namespace pooltest {
namespace {

using nlohmann::json;

// Bounds the duplicate-share memory of one session; a client past it is
// hammering the pool and loses duplicate detection, not the pool its memory.
constexpr size_t kMaxRememberedShares = 100000;
// How far a share's ntime may roll forward from the job's (seconds).
constexpr uint32_t kMaxNtimeRoll = 7200;

std::string Line(const json& j) {
  // Replace invalid UTF-8 from hostile input instead of throwing.
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

bool ParseUint32Hex(const std::string& hex, uint32_t* out) {
  auto raw = HexDecode(hex);
  if (!raw || raw->size() != 4) return false;
  uint32_t v = 0;
  for (unsigned char c : *raw) v = (v << 8) | c;
  *out = v;
  return true;
}

// Log text from a client (worker names, job ids) is cut short and kept to
// printable ASCII, so a hostile client cannot forge or flood log lines.
std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 64)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace

StratumSession::StratumSession(StratumBehaviour behaviour,
                               std::shared_ptr<const StratumJobBook> jobs, std::string extranonce1)
    : behaviour_(behaviour), jobs_(std::move(jobs)), extranonce1_(std::move(extranonce1)) {}

std::vector<std::string> StratumSession::TakeLog() { return std::exchange(log_, {}); }

std::vector<std::string> StratumSession::NewWork(std::shared_ptr<const StratumJobBook> jobs) {
  jobs_ = std::move(jobs);
  std::vector<std::string> out;
  if (work_sent_) out.push_back(NotifyLine(jobs_->clean));
  return out;
}

std::string StratumSession::NotifyLine(bool clean) const {
  const StratumJob& j = jobs_->current();
  return Line(json{{"id", nullptr},
                   {"method", "mining.notify"},
                   {"params", json::array({j.job_id, j.prevhash, j.coinb1, j.coinb2,
                                           j.merkle_branch, j.version, j.nbits, j.ntime, clean})}});
}

void StratumSession::Reply(std::vector<std::string>& out, const json& id, json result) {
  out.push_back(Line(json{{"id", id}, {"result", std::move(result)}, {"error", nullptr}}));
}

void StratumSession::ReplyError(std::vector<std::string>& out, const json& id, int code,
                                const std::string& message) {
  out.push_back(Line(
      json{{"id", id}, {"result", nullptr}, {"error", json::array({code, message, nullptr})}}));
}

std::vector<std::string> StratumSession::HandleLine(std::string_view line) {
  std::vector<std::string> out;
  json msg = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded() || !msg.is_object()) {
    ReplyError(out, nullptr, 20, "Invalid JSON-RPC request");
    return out;
  }
  json id = msg.contains("id") ? msg["id"] : json(nullptr);
  auto method_it = msg.find("method");
  if (method_it == msg.end()) {
    // A response to a request of ours; the pool sends none, so ignore it.
    if (msg.contains("result") || msg.contains("error")) return out;
    ReplyError(out, id, 20, "Missing method");
    return out;
  }
  if (!method_it->is_string()) {
    ReplyError(out, id, 20, "Method must be a string");
    return out;
  }
  const std::string method = method_it->get<std::string>();
  const json params = msg.contains("params") ? msg["params"] : json::array();

  if (method == "mining.subscribe") {
    Subscribe(out, id);
  } else if (method == "mining.authorize") {
    Authorize(out, id, params);
  } else if (method == "mining.submit") {
    Submit(out, id, params);
  } else if (method == "mining.extranonce.subscribe") {
    Reply(out, id, true);
  } else {
    ReplyError(out, id, 20, "Unknown method");
  }
  return out;
}

void StratumSession::SendWork(std::vector<std::string>& out) {
  if (work_sent_ || !subscribed_ || workers_.empty()) return;
  work_sent_ = true;
  out.push_back(Line(json{{"id", nullptr},
                          {"method", "mining.set_difficulty"},
                          {"params", json::array({behaviour_.difficulty})}}));
  // A session's first work always starts clean.
  out.push_back(NotifyLine(true));
}

void StratumSession::Subscribe(std::vector<std::string>& out, const json& id) {
  // ckpool logs the repeat and answers nothing; a client waiting for this
  // reply waits forever, which is what the harness must survive.
  if (subscribed_ && behaviour_.ignore_repeated_subscribe) return;
  if (!subscribed_) log_.push_back("subscribe, extranonce1 " + extranonce1_);
  subscribed_ = true;
  const std::string subid = "ps" + extranonce1_;
  Reply(out, id,
        json::array({json::array({json::array({"mining.set_difficulty", subid}),
                                  json::array({"mining.notify", subid})}),
                     extranonce1_, behaviour_.extranonce2_size}));
  // A client that authorized first gets its work now.
  SendWork(out);
}

void StratumSession::Authorize(std::vector<std::string>& out, const json& id, const json& params) {
  if (!params.is_array() || params.empty() || !params[0].is_string() ||
      params[0].get<std::string>().empty()) {
    ReplyError(out, id, 20, "Invalid params: expected [user, password]");
    return;
  }
  const std::string worker = Printable(params[0].get<std::string>());
  if (behaviour_.reject_authorization) {
    log_.push_back("authorize " + worker + " refused (reject_authorization)");
    out.push_back(Line(json{{"id", id},
                            {"result", false},
                            {"error", json::array({24, "Unauthorized worker", nullptr})}}));
    return;
  }
  workers_.insert(params[0].get<std::string>());
  log_.push_back("authorize " + worker + " ok");
  if (behaviour_.notify_before_authorize_result) {
    SendWork(out);
    Reply(out, id, true);
  } else {
    Reply(out, id, true);
    SendWork(out);
  }
}

void StratumSession::Submit(std::vector<std::string>& out, const json& id, const json& params) {
  std::string job_id, worker;
  if (params.is_array() && params.size() >= 2 && params[0].is_string() && params[1].is_string()) {
    worker = params[0].get<std::string>();
    job_id = params[1].get<std::string>();
  }
  const ShareVerdict v = Judge(params);
  std::string what = "share ";
  what += v.code == 0 ? "accepted" : "rejected";
  what += " job " + (job_id.empty() ? std::string("-") : Printable(job_id)) + " worker " +
          (worker.empty() ? std::string("-") : Printable(worker));
  if (v.code != 0) what += ": " + v.message + " (" + std::to_string(v.code) + ")";
  log_.push_back(std::move(what));
  ++(v.code == 0 ? shares_accepted_ : shares_rejected_);
  if (v.code == 0) return Reply(out, id, true);
  // Shares are judged with result false (as ckpool does), not null.
  out.push_back(Line(
      json{{"id", id}, {"result", false}, {"error", json::array({v.code, v.message, nullptr})}}));
}

StratumSession::ShareVerdict StratumSession::Judge(const json& params) {
  if (!subscribed_) return {25, "Not subscribed"};
  // [worker, job_id, extranonce2, ntime, nonce] (+ version bits, unsupported here)
  if (!params.is_array() || params.size() < 5) return {20, "Invalid params: expected 5 strings"};
  for (size_t i = 0; i < 5; ++i) {
    if (!params[i].is_string()) return {20, "Invalid params: expected strings"};
  }
  const std::string worker = params[0].get<std::string>();
  const std::string job_id = params[1].get<std::string>();
  const std::string extranonce2 = params[2].get<std::string>();
  const std::string ntime = params[3].get<std::string>();
  const std::string nonce = params[4].get<std::string>();
  if (workers_.count(worker) == 0) return {24, "Unauthorized worker"};
  if (behaviour_.accept_any_share) return {};
  const StratumJob* job = jobs_->Find(job_id);
  // Error 21 both ways, as pools send it; the message tells a share on
  // replaced work from one on work this pool never sent.
  if (!job && jobs_->IsStale(job_id)) return {21, "Stale share: job replaced by a new block"};
  if (!job) return {21, "Job not found"};

  auto en2 = HexDecode(extranonce2);
  if (!en2 || en2->size() != static_cast<size_t>(behaviour_.extranonce2_size)) {
    return {20, "Invalid extranonce2 size"};
  }
  uint32_t share_time = 0, job_time = 0, nonce_value = 0;
  if (!ParseUint32Hex(ntime, &share_time) || !ParseUint32Hex(nonce, &nonce_value)) {
    return {20, "Invalid ntime or nonce: expected 8 hex digits"};
  }
  if (ParseUint32Hex(job->ntime, &job_time) &&
      (share_time < job_time || share_time - job_time > kMaxNtimeRoll)) {
    return {20, "Ntime out of range"};
  }
  // Normalise case so "ABCD" and "abcd" count as the same share.
  const std::string key = job_id + "/" + HexEncode(*en2) + "/" + HexEncode(*HexDecode(ntime)) +
                          "/" + HexEncode(*HexDecode(nonce));
  if (shares_.count(key) != 0) return {22, "Duplicate share"};

  auto header = BuildShareHeader(*job, extranonce1_, extranonce2, ntime, nonce);
  if (!header) return {20, "Invalid share: " + header.error().message};
  if (shares_.size() < kMaxRememberedShares) shares_.insert(key);
  if (HashDifficulty(Sha256d(*header)) < behaviour_.difficulty) {
    return {23, "Low difficulty share"};
  }
  return {};
}

}  // namespace pooltest
