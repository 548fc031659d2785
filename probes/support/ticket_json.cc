#include "probes/support/ticket_json.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>

#include <curl/curl.h>

#include "core/bounded_json.h"

namespace pooltest {

namespace {
constexpr size_t kMaxReplies = 50;
constexpr JsonLimits kTicketJson{.max_bytes = 1024 * 1024, .max_depth = 64, .max_values = 100000};
}  // namespace

Result<nlohmann::json> ParseTicketJson(std::string_view body) {
  return ParseBoundedJson(body, kTicketJson);
}

std::string FillTemplate(std::string s, const std::string& key, const std::string& value) {
  const std::string pattern = "{{" + key + "}}";
  for (size_t pos = 0; (pos = s.find(pattern, pos)) != std::string::npos; pos += value.size())
    s.replace(pos, pattern.size(), value);
  return s;
}

// A string as it goes between the quotes of a JSON string; bytes that are
// not UTF-8 become U+FFFD (dump() would throw on them).
std::string JsonStringInner(const std::string& s) {
  const std::string quoted =
      nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string PercentEncode(const std::string& s) {
  if (s.empty()) return {};  // curl_easy_escape reads a length of 0 as "use strlen"
  if (s.size() > static_cast<size_t>(std::numeric_limits<int>::max())) return {};
  // The handle argument is ignored since libcurl 7.82.
  std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size())), curl_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

bool LooksLikeJson(const std::string& body) {
  const size_t p = body.find_first_not_of(" \t\r\n");
  return p != std::string::npos && (body[p] == '{' || body[p] == '[');
}

// Reads the value at a JSON pointer; nullptr when absent or the pointer is
// malformed.
const nlohmann::json* JsonAt(const nlohmann::json& j, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer p(pointer);
    if (!j.contains(p)) return nullptr;
    return &j.at(p);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string TicketIdAt(const nlohmann::json& j, const std::string& pointer) {
  const nlohmann::json* id = JsonAt(j, pointer);
  if (id && id->is_string()) return id->get<std::string>();
  if (id && id->is_number()) return id->dump();
  return "";
}

// All reply texts, oldest first. reply_pointer names either the first
// reply's text ("/replies/0/text": its last numeric step is the index into
// the list of replies, so the rest says where the list is and where each
// text sits) or the list of replies itself ("/replies").
std::vector<std::string> TicketReplyTexts(const nlohmann::json& j, std::string pointer) {
  if (pointer.empty()) pointer = "/replies/0/text";
  std::vector<std::string> steps;
  for (size_t pos = 1; pos <= pointer.size();) {
    const size_t next = pointer.find('/', pos);
    steps.push_back(
        pointer.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  int index_step = -1;
  for (int i = static_cast<int>(steps.size()) - 1; i >= 0; --i) {
    if (!steps[i].empty() && std::all_of(steps[i].begin(), steps[i].end(),
                                         [](unsigned char c) { return std::isdigit(c); })) {
      index_step = i;
      break;
    }
  }
  std::vector<std::string> out;
  if (index_step < 0) {
    const nlohmann::json* v = JsonAt(j, pointer);
    if (v && v->is_string() && !v->get<std::string>().empty()) out.push_back(v->get<std::string>());
    // The pointer may name the list of replies itself: each item is the text,
    // or an object whose text sits under one of the usual names.
    if (v && v->is_array()) {
      for (const nlohmann::json& item : *v) {
        if (item.is_string()) {
          out.push_back(item.get<std::string>());
        } else if (item.is_object()) {
          for (const char* key : {"text", "body", "message"}) {
            auto it = item.find(key);
            if (it != item.end() && it->is_string()) {
              out.push_back(it->get<std::string>());
              break;
            }
          }
        }
        if (out.size() >= kMaxReplies) break;
      }
    }
    return out;
  }
  std::string list_ptr, item_ptr;
  for (int i = 0; i < static_cast<int>(steps.size()); ++i) {
    if (i < index_step) list_ptr += "/" + steps[i];
    if (i > index_step) item_ptr += "/" + steps[i];
  }
  const nlohmann::json* list = JsonAt(j, list_ptr);
  if (!list || !list->is_array()) return out;
  for (const nlohmann::json& item : *list) {
    const nlohmann::json* v = item_ptr.empty() ? &item : JsonAt(item, item_ptr);
    if (v && v->is_string()) out.push_back(v->get<std::string>());
    if (out.size() >= kMaxReplies) break;
  }
  return out;
}

}  // namespace pooltest
