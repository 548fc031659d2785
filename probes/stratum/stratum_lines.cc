#include "probes/stratum/stratum_lines.h"

namespace pooltest {

std::optional<std::string> StratumLineReader::Next() {
  for (size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
    std::string line = pending_.substr(0, nl);
    pending_.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) return line;
  }
  return std::nullopt;
}

StratumLineReader::Rest StratumLineReader::CheckRest() const {
  const size_t first = pending_.find_first_not_of(" \t\r");
  if (first != std::string::npos && pending_[first] != '{') return Rest::kNotJson;
  if (pending_.size() > max_line_bytes_) return Rest::kTooLong;
  return Rest::kFine;
}

}  // namespace pooltest
