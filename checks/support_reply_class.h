// R4.5 asks for support by people: whether a support campaign's replies came
// from a person is judged here, over the whole campaign at once, from what
// the campaign recorded of each request and its first reply (not from one
// pattern a lab wrote). Each answered request gets a class with the reasons:
//   automatic  the same text as the reply to another ticket once case,
//              whitespace, punctuation, numbers, capitalised words (names,
//              signatures) and the ticket's own id and token are taken out:
//              one template, however it is signed;
//   doubtful   no reply text recorded; or, with a challenge question, the
//              reply lacks its answer; or, without one, it came faster than
//              `fast_ms` (a person has not read and answered yet), or it
//              shows no sign of having read the request (neither its
//              token, ticket id nor subject);
//   human      otherwise: a text of its own that answers the challenge, or
//              (no challenge) refers to the request and took a person's time.
// A challenge answered outweighs speed: only a reader knows the answer.
// Pure; the campaign report and the R4.5 check share it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pooltest {

struct ReplyClassOptions {
  long long fast_ms = 30000;  // thresholds.support_human_reply_min
};

// `requests`: the campaign's request objects (state, handle, token,
// subject, reply_text or reply_excerpt, response_ms, challenge_answer).
// Returns one object per request, in order: {class, reasons[]} for an
// answered request, null for the others.
nlohmann::json ClassifySupportReplies(const nlohmann::json& requests,
                                      const ReplyClassOptions& options);

// Per channel, how many answered requests were classed human, automatic
// and doubtful, with the first example of each (seq, weekday, hour, an
// excerpt of the reply, the reasons): {channel: {human, automatic,
// doubtful, examples: {class: {...}}}}. `requests` carry reply_class and
// reply_reasons (as the R4.5 check annotates them).
nlohmann::json SupportReplySummary(const nlohmann::json& requests);

// The classes as a finding part (R4.5.part.replies: counts and the first
// automatic and doubtful example with its deciding reason), and that part
// in English: "replies: 160 human, 8 automatic, 0 doubtful; automatic e.g.
// request 12 (Sat 03h): <reason>". `summary` as SupportReplySummary gives.
nlohmann::json SupportReplyPart(const nlohmann::json& summary);
std::string SupportReplyNote(const nlohmann::json& summary);

// The text as template detection compares it (exposed for tests).
std::string NormaliseReplyText(const std::string& text, const std::vector<std::string>& own_ids);

// Whether `text` holds `answer` as a whole number (not inside a longer one).
bool ContainsAnswer(const std::string& text, const std::string& answer);

}  // namespace pooltest
