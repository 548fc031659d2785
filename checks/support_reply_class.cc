#include "checks/support_reply_class.h"

#include <map>

#include "core/data_fields.h"
#include "checks/finding_catalogue.h"
#include "core/utf8.h"

namespace pooltest {
namespace {

// Every read of a request row goes through data_fields.h: the rows come
// from the campaign database, so a field of the wrong type is absent.
std::string Text(const nlohmann::json& j, const char* key) { return StringField(j, key); }

bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  // Latin-1 signs, general punctuation and symbols are not letters.
  return !(c <= 0xBF || (c >= 0x2000 && c <= 0x2BFF) || c == 0xD7 || c == 0xF7 || c == 0xFFFD);
}

std::string RemoveAll(std::string s, const std::string& what) {
  if (what.empty()) return s;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at))
    s.erase(at, what.size());
  return s;
}

bool Contains(const std::string& hay, const std::string& needle) {
  return !needle.empty() && hay.find(needle) != std::string::npos;
}

int64_t Seconds(int64_t ms) { return ms / 1000; }

}  // namespace

std::string NormaliseReplyText(const std::string& text, const std::vector<std::string>& own_ids) {
  std::string s = ToValidUtf8(text);
  for (const std::string& id : own_ids) s = RemoveAll(s, id);
  std::string out, word;
  bool capital = false, digits = false;
  auto flush = [&] {
    if (!word.empty() && !capital) out += (out.empty() ? "" : " ") + (digits ? "#" : word);
    word.clear();
    capital = digits = false;
  };
  for (size_t i = 0; i < s.size();) {
    const char32_t c = NextCodePoint(s, i);
    if (!IsWordChar(c)) {
      flush();
      continue;
    }
    if (word.empty()) capital = IsUpperLetter(c);
    digits = digits || (c >= '0' && c <= '9');
    AppendUtf8(word, LowerLetter(c));
  }
  flush();
  return out;
}

bool ContainsAnswer(const std::string& text, const std::string& answer) {
  if (answer.empty()) return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t at = text.find(answer); at != std::string::npos; at = text.find(answer, at + 1)) {
    const bool before = at > 0 && digit(text[at - 1]);
    const size_t end = at + answer.size();
    const bool after = end < text.size() && digit(text[end]);
    if (!before && !after) return true;
  }
  return false;
}

nlohmann::json ClassifySupportReplies(const nlohmann::json& requests,
                                      const ReplyClassOptions& options) {
  struct Reply {
    size_t index;
    std::string text, normal;
  };
  std::vector<Reply> replies;
  std::map<std::string, std::vector<size_t>> by_text;  // normalised text -> replies
  if (!requests.is_array()) return nlohmann::json::array();
  for (size_t i = 0; i < requests.size(); ++i) {
    const nlohmann::json& r = requests[i];
    if (!r.is_object() || Text(r, "state") != "answered") continue;
    std::string text = Text(r, "reply_text");
    if (text.empty()) text = Text(r, "reply_excerpt");
    Reply rep{i, text, NormaliseReplyText(text, {Text(r, "handle"), Text(r, "token")})};
    if (!rep.normal.empty()) by_text[rep.normal].push_back(replies.size());
    replies.push_back(std::move(rep));
  }
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < requests.size(); ++i) out.push_back(nullptr);
  for (const Reply& rep : replies) {
    const nlohmann::json& r = requests[rep.index];
    std::vector<nlohmann::json> reasons;
    auto set = [&](const char* cls) { out[rep.index] = {{"class", cls}, {"reasons", reasons}}; };
    if (rep.normal.empty()) {
      reasons.push_back(Part("R4.5.reply.no_text"));
      set("doubtful");
      continue;
    }
    const std::vector<size_t>& same = by_text[rep.normal];
    if (same.size() > 1) {
      const Reply& other =
          replies[same[0] == static_cast<size_t>(&rep - replies.data()) ? same[1] : same[0]];
      const nlohmann::json& o = requests[other.index];
      reasons.push_back(Part("R4.5.reply.same_template",
                             {{"others", same.size() - 1}, {"seq", IntField(o, "seq")}}));
      set("automatic");
      continue;
    }
    reasons.push_back(Part("R4.5.reply.own_text"));
    const int64_t ms = IntField(r, "response_ms", -1, -1);
    const bool fast = ms >= 0 && ms < options.fast_ms;
    const std::string answer = Text(r, "challenge_answer");
    if (!answer.empty()) {
      if (!ContainsAnswer(rep.text, answer)) {
        reasons.push_back(Part("R4.5.reply.no_answer", {{"answer", answer}}));
        set("doubtful");
        continue;
      }
      reasons.push_back(Part("R4.5.reply.answers", {{"answer", answer}}));
      if (fast)
        reasons.push_back(Part("R4.5.reply.fast_but_answered",
                               {{"seconds", Seconds(ms)}, {"fast", Seconds(options.fast_ms)}}));
      set("human");
      continue;
    }
    if (fast) {
      reasons.push_back(Part("R4.5.reply.too_fast",
                             {{"seconds", Seconds(ms)}, {"fast", Seconds(options.fast_ms)}}));
      set("doubtful");
      continue;
    }
    const std::string token = Text(r, "token"), handle = Text(r, "handle");
    const std::string subject = NormaliseReplyText(RemoveAll(Text(r, "subject"), token), {});
    const bool refers =
        Contains(rep.text, token) || Contains(rep.text, handle) || Contains(rep.normal, subject);
    if (!refers) {
      reasons.push_back(Part("R4.5.reply.unrelated"));
      set("doubtful");
      continue;
    }
    reasons.push_back(Part("R4.5.reply.refers"));
    if (ms >= 0) reasons.push_back(Part("R4.5.reply.after", {{"seconds", Seconds(ms)}}));
    set("human");
  }
  return out;
}

nlohmann::json SupportReplySummary(const nlohmann::json& requests) {
  nlohmann::json out = nlohmann::json::object();
  if (!requests.is_array()) return out;
  for (const nlohmann::json& r : requests) {
    if (!r.is_object()) continue;
    const std::string cls = Text(r, "reply_class");
    if (cls != "human" && cls != "automatic" && cls != "doubtful") continue;
    std::string channel = Text(r, "channel");
    if (!out.contains(channel))
      out[channel] = {
          {"human", 0}, {"automatic", 0}, {"doubtful", 0}, {"examples", nlohmann::json::object()}};
    nlohmann::json& c = out[channel];
    c[cls] = c[cls].get<int>() + 1;
    if (c["examples"].contains(cls)) continue;
    std::string text = Text(r, "reply_text");
    if (text.empty()) text = Text(r, "reply_excerpt");
    c["examples"][cls] = {{"seq", IntField(r, "seq")},
                          {"weekday", IntField(r, "weekday", -1)},
                          {"hour", IntField(r, "hour", -1)},
                          {"excerpt", std::string(Utf8Prefix(text, 200))},
                          {"reasons", ArrayField(r, "reply_reasons")}};
  }
  return out;
}

nlohmann::json SupportReplyPart(const nlohmann::json& summary) {
  static const char* const kDays[] = {"weekday.mon", "weekday.tue", "weekday.wed", "weekday.thu",
                                      "weekday.fri", "weekday.sat", "weekday.sun"};
  int64_t n[3] = {0, 0, 0};
  const char* const kClasses[] = {"human", "automatic", "doubtful"};
  const nlohmann::json* example[3] = {nullptr, nullptr, nullptr};
  if (summary.is_object())
    for (const auto& item : summary.items()) {
      const nlohmann::json& c = item.value();
      const nlohmann::json& examples = ObjectField(c, "examples");
      for (int k = 0; k < 3; ++k) {
        n[k] += IntField(c, kClasses[k]);
        if (!example[k]) example[k] = FieldOf(examples, kClasses[k]);
      }
    }
  nlohmann::json examples[3] = {"", "", ""};
  for (int k = 1; k < 3; ++k) {
    if (!example[k]) continue;
    const nlohmann::json& e = *example[k];
    const int64_t d = IntField(e, "weekday", -1), h = IntField(e, "hour", -1);
    nlohmann::json cell = "";
    if (d >= 0 && d < 7 && h >= 0 && h < 24) {
      char hour[4];
      std::snprintf(hour, sizeof hour, "%02d", static_cast<int>(h));
      cell = Part("R4.5.part.example_cell", {{"day", Part(kDays[d])}, {"hour", hour}});
    }
    const nlohmann::json& why = ArrayField(e, "reasons");
    // The deciding reason is the last one given (a part; older campaign
    // copies recorded English sentences, quoted as they are).
    const nlohmann::json reason = why.empty() ? nlohmann::json("") : why.back();
    examples[k] =
        Part(k == 1 ? "R4.5.part.reply_example_automatic" : "R4.5.part.reply_example_doubtful",
             {{"seq", IntField(e, "seq")}, {"cell", cell}, {"reason", reason}});
  }
  return Part("R4.5.part.replies", {{"human", n[0]},
                                    {"automatic", n[1]},
                                    {"doubtful", n[2]},
                                    {"automatic_example", examples[1]},
                                    {"doubtful_example", examples[2]}});
}

std::string SupportReplyNote(const nlohmann::json& summary) {
  return RenderPart(SupportReplyPart(summary));
}

}  // namespace pooltest
