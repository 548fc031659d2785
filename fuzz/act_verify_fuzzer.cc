// `pooltest verify` on a tampered act: the input is act.json's bytes and,
// after the separator "\0p7s\0", act.json.p7s's bytes. Its first byte picks
// the signature: even, act.json is signed afresh with a throwaway key made
// at start (so the checks after a valid signature are reached); odd, the
// bytes after the separator are the signature (absent: unsigned). Both go
// into a folder made at start that also holds a scenario copy and an
// evidence file, and VerifyActFolder checks it against the throwaway CA.
// Beyond "no crash, no hang": every problem names its part first
// ("file: ..."), what `verify --json` prints is valid JSON, and an act whose
// signature came from the input never verifies (no key but ours signs).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reports/act_document.h"
#include "reports/act_signature.h"
#include "reports/act_verify.h"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSeparator("\0p7s\0", 5);

struct Bench {
  pooltest::SigningIdentity lab;
  fs::path dir;  // the act's folder
  std::string ca_file;
};

void Write(const fs::path& p, std::string_view bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
}

// The folder and the key, once per process (never destroyed: the folder
// is removed at exit); the files match the seed acts' manifest in
// fuzz/corpus/act_verify.
const Bench& GetBench() {
  static const Bench* bench = [] {
    auto* b = new Bench;
    auto pki = pooltest::MakeDemoPki("pooltest fuzz lab");
    if (!pki) abort();
    b->lab = pki->lab;
    char tmpl[] = "/tmp/pooltest-fuzz-act-XXXXXX";
    if (!mkdtemp(tmpl)) abort();
    const fs::path root(tmpl);
    b->dir = root / "act";
    fs::create_directory(b->dir);
    b->ca_file = (root / "ca.pem").string();
    Write(b->ca_file, pki->ca_pem);
    Write(b->dir / "scenario.yaml", "version: 1\npool:\n  name: Fuzz Pool\n");
    Write(b->dir / "evidence.jsonl", "{\"id\":\"obs-0001\",\"probe\":\"tcp.connect\"}\n");
    Write(b->dir / "results.json", "{\"checks\":[]}\n");
    std::atexit([] { fs::remove_all(GetBench().dir.parent_path()); });
    return b;
  }();
  return *bench;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Bench& b = GetBench();
  const bool given_signature = data[0] & 1;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t sep = rest.find(kSeparator);
  const std::string act(rest.substr(0, sep));

  Write(b.dir / pooltest::kActJson, act);
  const fs::path sig = b.dir / pooltest::kActSignature;
  if (!given_signature) {
    auto der = pooltest::SignDetached(act, b.lab);
    if (!der) abort();
    Write(sig, *der);
  } else if (sep != std::string_view::npos) {
    Write(sig, rest.substr(sep + kSeparator.size()));
  } else {
    fs::remove(sig);
  }

  pooltest::VerifyOptions options;
  options.ca_file = b.ca_file;
  const pooltest::VerifyReport r = pooltest::VerifyActFolder(b.dir.string(), options);
  for (const std::string& p : r.problems) {
    const size_t colon = p.find(": ");
    if (colon == 0 || colon == std::string::npos) abort();
  }
  if (given_signature && r.ok()) abort();
  // As VerifyCommand prints it with --json; dump() throws on invalid UTF-8.
  (void)nlohmann::json({{"ok", r.ok()},
                        {"problems", r.problems},
                        {"checked", r.checked},
                        {"signer", r.signer.subject},
                        {"demonstration", r.demonstration}})
      .dump(2);
  return 0;
}
