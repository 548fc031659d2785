#include "reports/pdf_printer.h"

#include "core/headless_chromium.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "reports/bounded_process.h"

namespace pooltest {

Status PrintPdf(const std::string& html_path, const std::string& pdf_path,
                std::chrono::seconds timeout) {
  namespace fs = std::filesystem;
  std::string chromium = FindOnPath({"chromium", "chromium-browser", "google-chrome"});
  if (chromium.empty()) {
    return Error{
        "cannot print act.pdf: no chromium on PATH (install the Debian package "
        "'chromium'); act.html holds the same act"};
  }
  std::string profile_template = (fs::temp_directory_path() / "pooltest-chromium-XXXXXX").string();
  std::vector<char> buf(profile_template.begin(), profile_template.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) return Error{"cannot create a temporary browser profile"};
  std::string profile(buf.data());
  std::error_code ec;
  fs::remove(pdf_path, ec);
  std::vector<std::string> args = HeadlessChromiumArgs(chromium);
  args.insert(args.end(), {"--no-pdf-header-footer", "--user-data-dir=" + profile,
                           "--print-to-pdf=" + fs::absolute(pdf_path).string(),
                           "file://" + fs::absolute(html_path).string()});
  Result<int> status = RunBounded(std::move(args), timeout);
  fs::remove_all(profile, ec);
  if (!status) {
    return Error{"chromium did not print act.pdf: " + status.error().message +
                 " (act.html holds the same act)"};
  }
  if (*status != 0) {
    return Error{"chromium failed to print act.pdf (exit status " + std::to_string(*status) + ")"};
  }
  if (!fs::exists(pdf_path, ec) || fs::file_size(pdf_path, ec) == 0) {
    return Error{"chromium ran but wrote no act.pdf"};
  }
  return Ok{};
}

}  // namespace pooltest
