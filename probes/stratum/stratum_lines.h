// Splits the bytes a pool sends into Stratum V1 lines, apart from the I/O:
// the probe appends what each read returned and takes complete lines out
// one at a time ("\n"-terminated, one trailing "\r" dropped, blank lines
// skipped). Rest() says early when the unfinished tail can never become a
// line worth waiting for: it does not start like a JSON object, or it has
// grown past the line limit (checked between reads, so the tail holds at
// most the limit plus one read). Pure: no I/O, no clock; fuzzed in fuzz/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pooltest {

class StratumLineReader {
 public:
  enum class Rest { kFine, kNotJson, kTooLong };

  explicit StratumLineReader(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  void Append(std::string_view bytes) { pending_.append(bytes); }
  // The next complete, non-blank line; nullopt when none is buffered.
  std::optional<std::string> Next();
  // What the bytes after the last complete line amount to so far.
  Rest CheckRest() const;
  // Those bytes, for the transcript and messages.
  const std::string& rest() const { return pending_; }

 private:
  size_t max_line_bytes_;
  std::string pending_;
};

}  // namespace pooltest
