#include "reports/act_verify.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>

#include "core/sha256.h"
#include "reports/act_document.h"
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

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// A listed file (manifest or rendering) against its recorded digest.
void CheckListed(const fs::path& dir, const nlohmann::json& entry, VerifyReport* r) {
  std::string name = Str(entry, "file");
  std::string want = Str(entry, "sha256");
  if (name.empty() || name.find("..") != std::string::npos || fs::path(name).is_absolute()) {
    r->problems.push_back("act.json: a manifest entry names no file inside the folder");
    return;
  }
  std::error_code ec;
  if (!fs::exists(dir / name, ec)) {
    r->problems.push_back(name + ": missing (the act lists it)");
    return;
  }
  Result<std::string> got = Sha256File((dir / name).string());
  if (!got) {
    r->problems.push_back(name + ": " + got.error().message);
  } else if (*got != want) {
    r->problems.push_back(name + ": changed: its SHA-256 is " + *got + ", the act records " + want);
  } else {
    r->checked.push_back(name + ": SHA-256 matches the act");
  }
}

}  // namespace

VerifyReport VerifyActFolder(const std::string& dir_name, const std::string& ca_file) {
  VerifyReport r;
  const fs::path dir(dir_name);
  std::string act_bytes, sig_bytes;
  if (!ReadAll(dir / kActJson, &act_bytes)) {
    r.problems.push_back(std::string(kActJson) + ": missing in '" + dir_name +
                         "' (is this a pooltest output folder?)");
    return r;
  }
  if (!ReadAll(dir / kActSignature, &sig_bytes)) {
    r.problems.push_back(std::string(kActSignature) + ": missing: the act is not signed");
  } else {
    Result<SignatureInfo> sig =
        VerifyDetached(act_bytes, sig_bytes, ca_file, kActJson, kActSignature);
    if (sig) {
      r.signer = *sig;
      r.checked.push_back(std::string(kActSignature) + ": valid CMS signature over act.json by " +
                          sig->subject + ", chain to '" + ca_file + "' verified");
    } else {
      r.problems.push_back(sig.error().message);
    }
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
      listed.insert(Str(e, "file"));
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
      if (!listed.count(Str(e, "file"))) {
        r.problems.push_back(Str(e, "file") +
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
  std::string copy = Str(scenario, "file");
  if (copy.empty()) {
    r.problems.push_back(std::string(kActJson) + ": names no scenario copy to check");
  } else {
    Result<std::string> got = Sha256File((dir / copy).string());
    if (!got) {
      r.problems.push_back(copy + ": " + got.error().message);
    } else if (*got != Str(scenario, "sha256")) {
      r.problems.push_back(copy + ": changed: the scenario's SHA-256 is " + *got +
                           ", the act records " + Str(scenario, "sha256"));
    } else {
      r.checked.push_back(copy + ": the scenario hash matches");
    }
  }
  return r;
}

}  // namespace pooltest
