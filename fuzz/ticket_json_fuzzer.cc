// A support desk's JSON as a hostile pool could answer: the input's first
// line is the scenario's JSON pointer (used as ticket_id_pointer and as
// reply_pointer), the rest the answer's body. It goes through what the
// ticket probe and the campaign's ticket client do with an answer: the
// bounded ParseTicketJson, TicketIdAt, TicketReplyTexts, and the id and texts back into a URL and a
// JSON template (ticket_json.h: none of these throw). Beyond "no crash":
// at most 50 replies are read, and what is read is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/utf8.h"
#include "probes/support/ticket_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pooltest;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nl = in.find('\n');
  const std::string pointer(nl == std::string_view::npos ? std::string_view() : in.substr(0, nl));
  const std::string body(nl == std::string_view::npos ? in : in.substr(nl + 1));

  const Result<nlohmann::json> parsed = ParseTicketJson(body);
  const nlohmann::json j = parsed ? *parsed : nlohmann::json();
  const std::string id = TicketIdAt(j, pointer);
  if (!IsValidUtf8(id)) abort();
  const std::string url =
      FillTemplate("http://127.0.0.1/t/{{ticket_id}}", "ticket_id", PercentEncode(id));
  if (url.find_first_of("/?#", sizeof "http://127.0.0.1/t/" - 1) != std::string::npos) abort();

  const std::vector<std::string> texts = TicketReplyTexts(j, pointer);
  if (texts.size() > 50) abort();
  for (const std::string& t : texts) {
    if (!IsValidUtf8(t)) abort();
  }
  // The template side, with the raw bytes as the value: a create body that
  // is JSON gets JSON-escaped values, any other one percent-encoded values.
  (void)FillTemplate(R"({"message": "{{message}}"})", "message", JsonStringInner(body));
  (void)FillTemplate("message={{message}}", "message", PercentEncode(body));
  (void)LooksLikeJson(body);
  return 0;
}
