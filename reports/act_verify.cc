#include "reports/act_verify.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>

#include "core/data_fields.h"
#include "core/sha256.h"
#include "core/time_format.h"
#include "reports/act_document.h"
#include "reports/act_timestamp.h"
#include "reports/canonical_json.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

bool ReadAll(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// Names in act.json are the (possibly tampered) act's word: only a relative
// path that stays inside the folder is looked at.
bool InsideFolder(const std::string& name) {
  return !name.empty() && name.find("..") == std::string::npos && !fs::path(name).is_absolute();
}

// The SHA-256 of a file the act names. Only a regular file (or a symlink to
// one) is read: a device or FIFO in its place (/dev/zero, a pipe) would
// block the verifier forever.
Result<std::string> HashListed(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Error{"missing (the act lists it)"};
  if (!fs::is_regular_file(st)) return Error{"not a regular file (the act lists it as one)"};
  return Sha256File(path.string());
}

// A listed file (manifest or rendering) against its recorded digest.
void CheckListed(const fs::path& dir, const nlohmann::json& entry, VerifyReport* r) {
  std::string name = StringField(entry, "file");
  std::string want = StringField(entry, "sha256");
  if (!InsideFolder(name)) {
    r->problems.push_back("act.json: a manifest entry names no file inside the folder");
    return;
  }
  Result<std::string> got = HashListed(dir / name);
  if (!got) {
    r->problems.push_back(name + ": " + got.error().message);
  } else if (*got != want) {
    r->problems.push_back(name + ": changed: its SHA-256 is " + *got + ", the act records " + want);
  } else {
    r->checked.push_back(name + ": SHA-256 matches the act");
  }
}

// Whether `file` (when given) resolves to a place under `dir`.
bool IsInside(const std::string& file, const fs::path& dir) {
  if (file.empty()) return false;
  std::error_code ec;
  fs::path f = fs::weakly_canonical(fs::absolute(file), ec);
  fs::path d = fs::weakly_canonical(fs::absolute(dir), ec);
  if (ec) return false;
  auto mismatch = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  return mismatch.first == d.end();
}

// The signature over act.json, with trusted time when the signature carries
// a token: the signer's certificate is then validated at the token's time.
void CheckSignature(const std::string& act_bytes, const std::string& sig_bytes,
                    const VerifyOptions& options, VerifyReport* r) {
  const auto now = options.at.value_or(std::chrono::system_clock::now());
  std::optional<std::chrono::system_clock::time_point> signer_time = now;
  Result<std::optional<std::string>> token = SignatureTimestampToken(sig_bytes);
  const bool has_token = token && token->has_value();
  if (has_token && options.tsa_ca_file.empty()) {
    // A token nobody checked must not pass for trusted time, nor hide a
    // changed byte: checking it needs the TSA's CA.
    r->problems.push_back(std::string(kActSignature) +
                          ": carries an RFC 3161 time-stamp token that cannot be checked "
                          "without the TSA's CA certificate: give it with --tsa-ca");
  } else if (has_token) {
    Result<TimestampInfo> ts =
        VerifySignatureTimestamp(sig_bytes, options.tsa_ca_file, now, kActSignature);
    if (!ts) {
      r->problems.push_back(ts.error().message);
    } else if (ts->time > now) {
      r->problems.push_back(std::string(kActSignature) + ": its time-stamp (" +
                            FormatUtc(ts->time) + ") is later than the verification time " +
                            FormatUtc(now));
    } else {
      signer_time = ts->time;
      r->timestamp = FormatUtc(ts->time);
      r->checked.push_back(std::string(kActSignature) + ": RFC 3161 time-stamp of " + r->timestamp +
                           " by " + ts->tsa + " (serial " + ts->serial +
                           ") over the signature value, TSA chain to '" + options.tsa_ca_file +
                           "' verified at " + FormatUtc(now));
    }
  }
  Result<SignatureInfo> sig =
      VerifyDetached(act_bytes, sig_bytes, options.ca_file, kActJson, kActSignature, signer_time);
  if (sig) {
    r->signer = *sig;
    r->checked.push_back(std::string(kActSignature) + ": valid CMS signature over act.json by " +
                         sig->subject + ", chain to '" + options.ca_file + "' verified at " +
                         FormatUtc(*signer_time) +
                         (r->timestamp.empty() ? "" : " (the time-stamp's time)"));
    return;
  }
  std::string why = sig.error().message;
  if (why.find(": expired:") != std::string::npos && !has_token) {
    why +=
        "; the signature carries no time-stamp token (trusted time) at which to check it, "
        "so it can only be checked at " +
        FormatUtc(now);
  }
  r->problems.push_back(why);
}

}  // namespace

VerifyReport VerifyActFolder(const std::string& dir_name, const VerifyOptions& options) {
  VerifyReport r;
  const fs::path dir(dir_name);
  for (const std::string* trust : {&options.ca_file, &options.tsa_ca_file}) {
    if (IsInside(*trust, dir)) {
      r.warnings.push_back("'" + *trust + "' lies inside the act folder it checks: whoever " +
                           "changed the act could have changed it too; take the CA " +
                           "certificate from outside the act (the lab, the CA's publication)");
    }
  }
  std::string act_bytes, sig_bytes;
  if (!ReadAll(dir / kActJson, &act_bytes)) {
    r.problems.push_back(std::string(kActJson) + ": missing in '" + dir_name +
                         "' (is this a pooltest output folder?)");
    return r;
  }
  if (!ReadAll(dir / kActSignature, &sig_bytes)) {
    r.problems.push_back(std::string(kActSignature) + ": missing: the act is not signed");
  } else {
    CheckSignature(act_bytes, sig_bytes, options, &r);
  }

  nlohmann::json act = nlohmann::json::parse(act_bytes, nullptr, false);
  if (!act.is_object()) {
    r.problems.push_back(std::string(kActJson) + ": changed: it is no longer valid JSON");
    return r;
  }
  Result<std::string> canonical = CanonicalJson(act);
  if (!canonical || *canonical != act_bytes) {
    r.problems.push_back(std::string(kActJson) +
                         ": changed: not in the canonical (RFC 8785) form it was written in");
  }
  const nlohmann::json& sig = act.value("signature", nlohmann::json());
  r.demonstration = sig.is_object() && sig.value("demonstration", false);

  std::set<std::string> listed;
  const nlohmann::json manifest = act.value("manifest", nlohmann::json::array());
  const nlohmann::json renderings = act.value("renderings", nlohmann::json::array());
  for (const nlohmann::json* group : {&manifest, &renderings}) {
    if (!group->is_array()) {
      r.problems.push_back(std::string(kActJson) + ": its manifest is malformed");
      continue;
    }
    for (const nlohmann::json& e : *group) {
      if (!e.is_object()) continue;
      listed.insert(StringField(e, "file"));
      CheckListed(dir, e, &r);
    }
  }
  // Files added after the act was made.
  // A folder that cannot be listed in full may hide such a file: that is a
  // problem of the verification, never a silent pass.
  Result<nlohmann::json> now = EvidenceManifest(dir_name);
  if (!now) {
    r.problems.push_back(dir_name +
                         ": cannot be listed, so a file added after the act was made cannot be "
                         "ruled out (" +
                         now.error().message + ")");
  } else {
    for (const nlohmann::json& e : *now) {
      if (!listed.count(StringField(e, "file"))) {
        r.problems.push_back(StringField(e, "file") +
                             ": not listed in the act's manifest (added after the act was made)");
      }
    }
  }
  for (const char* rendering : {kActHtml, kActPdf}) {
    std::error_code ec;
    if (fs::exists(dir / rendering, ec) && !listed.count(rendering)) {
      r.problems.push_back(std::string(rendering) + ": not listed in act.json's renderings");
    }
  }

  // The scenario as run: its copy against the hash the act cites.
  const nlohmann::json scenario = act.value("scenario", nlohmann::json::object());
  std::string copy = StringField(scenario, "file");
  if (copy.empty()) {
    r.problems.push_back(std::string(kActJson) + ": names no scenario copy to check");
  } else if (!InsideFolder(copy)) {
    r.problems.push_back(std::string(kActJson) +
                         ": its scenario copy is not a file inside the folder");
  } else {
    Result<std::string> got = HashListed(dir / copy);
    if (!got) {
      r.problems.push_back(copy + ": " + got.error().message);
    } else if (*got != StringField(scenario, "sha256")) {
      r.problems.push_back(copy + ": changed: the scenario's SHA-256 is " + *got +
                           ", the act records " + StringField(scenario, "sha256"));
    } else {
      r.checked.push_back(copy + ": the scenario hash matches");
    }
  }
  return r;
}

}  // namespace pooltest
