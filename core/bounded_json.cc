#include "core/bounded_json.h"

#include <string>

#include "core/utf8.h"

namespace pooltest {
namespace {

using json = nlohmann::json;

// Counts as it reads and refuses the first value past a limit; builds nothing.
class LimitReader {
 public:
  explicit LimitReader(const JsonLimits& limits) : limits_(limits) {}

  bool null() { return Value(); }
  bool boolean(bool) { return Value(); }
  bool number_integer(json::number_integer_t) { return Value(); }
  bool number_unsigned(json::number_unsigned_t) { return Value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return Value(); }
  bool string(json::string_t&) { return Value(); }
  bool binary(json::binary_t&) { return Value(); }
  bool key(json::string_t&) { return true; }
  bool start_object(size_t) { return Open(); }
  bool end_object() { return Close(); }
  bool start_array(size_t) { return Open(); }
  bool end_array() { return Close(); }
  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // The parser's message quotes the bytes it last read: the pool's, and
    // not always UTF-8, while this text ends up in evidence.
    error_ = "not valid JSON at byte " + std::to_string(position) + ": " + ToValidUtf8(e.what());
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  bool Value() {
    if (++values_ <= limits_.max_values) return true;
    error_ = "more than " + std::to_string(limits_.max_values) + " JSON values";
    return false;
  }
  bool Open() {
    if (!Value()) return false;
    if (++depth_ <= limits_.max_depth) return true;
    error_ = "JSON nested deeper than " + std::to_string(limits_.max_depth) + " levels";
    return false;
  }
  bool Close() {
    --depth_;
    return true;
  }

  const JsonLimits& limits_;
  size_t values_ = 0;
  size_t depth_ = 0;
  std::string error_;
};

}  // namespace

Result<json> ParseBoundedJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{"JSON text of " + std::to_string(text.size()) + " bytes, over the limit of " +
                 std::to_string(limits.max_bytes)};
  }
  LimitReader reader(limits);
  if (!json::sax_parse(text.begin(), text.end(), &reader)) {
    return Error{reader.error().empty() ? "not valid JSON" : reader.error()};
  }
  // Within every limit: building it cannot cost more than the limits allow.
  json value = json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) return Error{"not valid JSON"};
  return value;
}

}  // namespace pooltest
