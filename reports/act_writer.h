// Writes the act into a run's output folder, in this order so that every
// byte in the folder ends up covered by the signature: act.html (rendered
// from the act), act.pdf (printed from act.html), then act.json (canonical,
// RFC 8785, with the manifest of the evidence files and the SHA-256 of the
// renderings), then act.json.p7s (detached CMS over act.json). Call it last,
// once every other file of the run is in the folder. With a TSA the
// signature then gets its RFC 3161 token; when the TSA cannot give one the
// signature is kept without it and a warning says so.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "reports/act_document.h"
#include "reports/act_signature.h"

namespace pooltest {

struct ActOptions {
  bool html = false;
  bool pdf = false;  // implies act.html, which it is printed from
  std::optional<SigningIdentity> signer;
  // Trusted time on the signature (act_timestamp.h) when set with a signer.
  std::optional<TsaSettings> tsa;
  std::chrono::seconds pdf_timeout{90};
  // Prints act.pdf from act.html within the timeout; PrintPdf (a Chromium
  // of its own) when empty. The runner passes a browser it started early.
  std::function<Status(const std::string& html_path, const std::string& pdf_path,
                       std::chrono::seconds timeout)>
      print_pdf;
};

struct ActOutcome {
  std::vector<std::string> files;     // written into the folder
  std::vector<std::string> warnings;  // e.g. act.pdf not printed
};

// `in.signer` is filled from options.signer. Fails only when act.json (or
// its signature, when a signer is given) cannot be written.
Result<ActOutcome> WriteAct(ActInput in, const ActOptions& options);

}  // namespace pooltest
