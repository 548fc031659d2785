// Prints an HTML file to PDF with headless Chromium (Debian's `chromium`),
// as the act's printable form. Contract: bounded in time — the browser is
// killed when `timeout` passes; it runs with a fresh temporary profile that
// is removed afterwards; the error says what to install or what went wrong.
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"

namespace pooltest {

Status PrintPdf(const std::string& html_path, const std::string& pdf_path,
                std::chrono::seconds timeout);

}  // namespace pooltest
