#include "refpool/stratum_session.h"

#include <cstdint>
#include <cstdlib>

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

}  // namespace

StratumSession::StratumSession(StratumBehaviour behaviour, std::shared_ptr<const StratumJob> job,
                               std::string extranonce1)
    : behaviour_(behaviour), job_(std::move(job)), extranonce1_(std::move(extranonce1)) {}

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
  const StratumJob& j = *job_;
  out.push_back(Line(json{{"id", nullptr},
                          {"method", "mining.set_difficulty"},
                          {"params", json::array({behaviour_.difficulty})}}));
  out.push_back(
      Line(json{{"id", nullptr},
                {"method", "mining.notify"},
                {"params", json::array({j.job_id, j.prevhash, j.coinb1, j.coinb2, j.merkle_branch,
                                        j.version, j.nbits, j.ntime, true})}}));
}

void StratumSession::Subscribe(std::vector<std::string>& out, const json& id) {
  // ckpool logs the repeat and answers nothing; a client waiting for this
  // reply waits forever, which is what the harness must survive.
  if (subscribed_ && behaviour_.ignore_repeated_subscribe) return;
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
  if (behaviour_.reject_authorization) {
    out.push_back(Line(json{{"id", id},
                            {"result", false},
                            {"error", json::array({24, "Unauthorized worker", nullptr})}}));
    return;
  }
  workers_.insert(params[0].get<std::string>());
  if (behaviour_.notify_before_authorize_result) {
    SendWork(out);
    Reply(out, id, true);
  } else {
    Reply(out, id, true);
    SendWork(out);
  }
}

void StratumSession::Reject(std::vector<std::string>& out, const json& id, int code,
                            const std::string& message) {
  // Shares are judged with result false (as ckpool does), not null.
  out.push_back(
      Line(json{{"id", id}, {"result", false}, {"error", json::array({code, message, nullptr})}}));
}

void StratumSession::Submit(std::vector<std::string>& out, const json& id, const json& params) {
  if (!subscribed_) return Reject(out, id, 25, "Not subscribed");
  // [worker, job_id, extranonce2, ntime, nonce] (+ version bits, unsupported here)
  if (!params.is_array() || params.size() < 5) {
    return Reject(out, id, 20, "Invalid params: expected 5 strings");
  }
  for (size_t i = 0; i < 5; ++i) {
    if (!params[i].is_string()) return Reject(out, id, 20, "Invalid params: expected strings");
  }
  const std::string worker = params[0].get<std::string>();
  const std::string job_id = params[1].get<std::string>();
  const std::string extranonce2 = params[2].get<std::string>();
  const std::string ntime = params[3].get<std::string>();
  const std::string nonce = params[4].get<std::string>();
  if (workers_.count(worker) == 0) return Reject(out, id, 24, "Unauthorized worker");
  if (behaviour_.accept_any_share) return Reply(out, id, true);
  if (job_id != job_->job_id) return Reject(out, id, 21, "Job not found");

  auto en2 = HexDecode(extranonce2);
  if (!en2 || en2->size() != static_cast<size_t>(behaviour_.extranonce2_size)) {
    return Reject(out, id, 20, "Invalid extranonce2 size");
  }
  uint32_t share_time = 0, job_time = 0, nonce_value = 0;
  if (!ParseUint32Hex(ntime, &share_time) || !ParseUint32Hex(nonce, &nonce_value)) {
    return Reject(out, id, 20, "Invalid ntime or nonce: expected 8 hex digits");
  }
  if (ParseUint32Hex(job_->ntime, &job_time) &&
      (share_time < job_time || share_time - job_time > kMaxNtimeRoll)) {
    return Reject(out, id, 20, "Ntime out of range");
  }
  // Normalise case so "ABCD" and "abcd" count as the same share.
  const std::string key = job_id + "/" + HexEncode(*en2) + "/" + HexEncode(*HexDecode(ntime)) +
                          "/" + HexEncode(*HexDecode(nonce));
  if (shares_.count(key) != 0) return Reject(out, id, 22, "Duplicate share");

  auto header = BuildShareHeader(*job_, extranonce1_, extranonce2, ntime, nonce);
  if (!header) return Reject(out, id, 20, "Invalid share: " + header.error().message);
  if (shares_.size() < kMaxRememberedShares) shares_.insert(key);
  if (HashDifficulty(Sha256d(*header)) < behaviour_.difficulty) {
    return Reject(out, id, 23, "Low difficulty share");
  }
  Reply(out, id, true);
}

}  // namespace pooltest
