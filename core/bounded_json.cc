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

// Builds the value while LimitReader counts, in one pass: every event goes
// to the reader first, so nothing past a limit is built. The builder is the
// one json::parse itself uses, so the value is the same.
class BoundedBuilder {
 public:
  BoundedBuilder(const JsonLimits& limits, json& out) : reader_(limits), dom_(out, false) {}

  bool null() { return reader_.null() && dom_.null(); }
  bool boolean(bool v) { return reader_.boolean(v) && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) {
    return reader_.number_integer(v) && dom_.number_integer(v);
  }
  bool number_unsigned(json::number_unsigned_t v) {
    return reader_.number_unsigned(v) && dom_.number_unsigned(v);
  }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return reader_.number_float(v, s) && dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return reader_.string(v) && dom_.string(v); }
  bool binary(json::binary_t& v) { return reader_.binary(v) && dom_.binary(v); }
  bool key(json::string_t& v) { return reader_.key(v) && dom_.key(v); }
  bool start_object(size_t n) { return reader_.start_object(n) && dom_.start_object(n); }
  bool end_object() { return reader_.end_object() && dom_.end_object(); }
  bool start_array(size_t n) { return reader_.start_array(n) && dom_.start_array(n); }
  bool end_array() { return reader_.end_array() && dom_.end_array(); }
  bool parse_error(size_t position, const std::string& last, const nlohmann::detail::exception& e) {
    return reader_.parse_error(position, last, e);
  }

  const std::string& error() const { return reader_.error(); }

 private:
  LimitReader reader_;
  nlohmann::detail::json_sax_dom_parser<json> dom_;
};

}  // namespace

Result<json> ParseBoundedJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{"JSON text of " + std::to_string(text.size()) + " bytes, over the limit of " +
                 std::to_string(limits.max_bytes)};
  }
  json value;
  BoundedBuilder builder(limits, value);
  if (!json::sax_parse(text.begin(), text.end(), &builder)) {
    return Error{builder.error().empty() ? "not valid JSON" : builder.error()};
  }
  return value;
}

}  // namespace pooltest
