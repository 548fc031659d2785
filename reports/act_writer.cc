#include "reports/act_writer.h"

#include <filesystem>
#include <fstream>

#include "core/sha256.h"
#include "core/utf8.h"
#include "reports/act_html.h"
#include "reports/act_timestamp.h"
#include "reports/canonical_json.h"
#include "reports/pdf_metadata.h"
#include "reports/pdf_printer.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Error{"cannot write '" + path.string() + "'"};
  return Ok{};
}

}  // namespace

Result<ActOutcome> WriteAct(ActInput in, const ActOptions& options) {
  ActOutcome out;
  const fs::path dir(in.out_dir);
  std::error_code ec;
  for (const char* f : {kActJson, kActSignature, kActHtml, kActPdf}) fs::remove(dir / f, ec);
  if (options.signer) {
    const SigningIdentity& id = *options.signer;
    in.signer = ActSigner{id.Subject(),           id.Issuer(),     id.SerialHex(), id.KeyType(),
                          id.CertificateSha256(), id.demonstration};
  }
  Result<nlohmann::json> built = BuildAct(in);
  if (!built) return built.error();
  nlohmann::json act = std::move(*built);
  // Figures quote what pools sent (page text cut at a byte limit, for
  // instance); the act must still be JSON, so bad bytes become U+FFFD.
  MakeValidUtf8(act);

  nlohmann::json renderings = nlohmann::json::array();
  if (options.html || options.pdf) {
    Status st = WriteFile(dir / kActHtml, ActHtml(act));
    if (!st) {
      out.warnings.push_back(st.error().message);
    } else {
      out.files.push_back(kActHtml);
      if (options.pdf) {
        const std::string html_path = (dir / kActHtml).string(),
                          pdf_path = (dir / kActPdf).string();
        Status pdf = options.print_pdf ? options.print_pdf(html_path, pdf_path, options.pdf_timeout)
                                       : PrintPdf(html_path, pdf_path, options.pdf_timeout);
        if (pdf) {
          out.files.push_back(kActPdf);
          // Without its metadata the PDF is still the act: a warning, not a failure.
          Status meta = WritePdfMetadata((dir / kActPdf).string(), ActPdfMetadata(act));
          if (!meta) out.warnings.push_back(meta.error().message);
        } else {
          out.warnings.push_back(pdf.error().message);
        }
      }
      for (const std::string& f : out.files) {
        Result<std::string> digest = Sha256File((dir / f).string());
        if (digest) renderings.push_back({{"file", f}, {"sha256", *digest}});
      }
    }
  }
  act["renderings"] = renderings;

  Result<std::string> canonical = CanonicalJson(act);
  if (!canonical) return Error{"cannot canonicalise the act: " + canonical.error().message};
  Status st = WriteFile(dir / kActJson, *canonical);
  if (!st) return st.error();
  out.files.push_back(kActJson);
  if (options.signer) {
    Result<std::string> sig = SignDetached(*canonical, *options.signer);
    if (!sig) return Error{"cannot sign act.json: " + sig.error().message};
    if (options.tsa) {
      Result<std::string> stamped = AddSignatureTimestamp(*sig, *options.tsa);
      if (stamped) {
        sig = std::move(stamped);
      } else {
        out.warnings.push_back("act.json.p7s carries no trusted time: " + stamped.error().message +
                               "; the act stops verifying when the signer's certificate expires");
      }
    }
    st = WriteFile(dir / kActSignature, *sig);
    if (!st) return st.error();
    out.files.push_back(kActSignature);
  }
  return out;
}

}  // namespace pooltest
