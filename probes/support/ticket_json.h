// Helpers shared by the ticket probe and the campaign's ticket client: the
// {{key}} templates of a scenario's ticket API, and reading ticket ids and
// reply texts from its JSON with JSON pointers. Never throw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pooltest {

// Replaces every {{key}} in s with value.
std::string FillTemplate(std::string s, const std::string& key, const std::string& value);
// A string as it goes between the quotes of a JSON string.
std::string JsonStringInner(const std::string& s);
// Every byte but A-Z a-z 0-9 - . _ ~ as %XX (libcurl's curl_easy_escape), for
// a value put into a URL; "" if libcurl refuses (inputs over 8 MB).
std::string PercentEncode(const std::string& s);
bool LooksLikeJson(const std::string& body);
// A ticket API's answer as JSON, within the bounds a desk's answer needs
// (1 MiB, 64 levels, 100,000 values): a pool cannot make the harness build a
// huge document. The error says which bound was passed, or where the text
// stops being JSON.
Result<nlohmann::json> ParseTicketJson(std::string_view body);
// The value at a JSON pointer; nullptr when absent or the pointer is malformed.
const nlohmann::json* JsonAt(const nlohmann::json& j, const std::string& pointer);
// The ticket id at a JSON pointer of an answer: a string as is, a number as
// JSON writes it; "" when absent or of another kind.
std::string TicketIdAt(const nlohmann::json& j, const std::string& pointer);
// All reply texts, oldest first (see the reply pointer rules in the .cc).
std::vector<std::string> TicketReplyTexts(const nlohmann::json& j, std::string pointer);

}  // namespace pooltest
