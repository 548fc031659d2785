#include "refpool/web/support_reply_writer.h"

#include <regex>

namespace pooltest {
namespace {

const char* const kNames[] = {"Aigerim", "Daniyar", "Saule", "Yerlan", "Madina"};

// Every sentence starts with a capital word and varies in the lowercase
// words after it, which is what a template check compares.
const char* const kOpenings[] = {
    "Thanks for writing to us about",   "Thank you for your message about",
    "We received your question about",  "I have looked into your ticket about",
    "Many thanks for the ticket about", "This is my reply to your request about",
    "We have read your note about"};
const char* const kFindings[] = {
    "The pool sees your workers and their shares arrive normally.",
    "Your payouts are on schedule and nothing is stuck in the queue.",
    "Our stratum servers show your miners connected without errors.",
    "Our logs show no problem with your account this week.",
    "The last blocks were credited to your balance as expected.",
    "Your hashrate looks steady on our side, with no rejected shares."};
const char* const kClosings[] = {
    "Write again if anything else comes up.", "We are here around the clock if you need more help.",
    "Feel free to reply to this ticket with any other question.",
    "Let us know whether this solves it.", "Tell us if you see anything unusual again."};

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

}  // namespace

std::string EngineerReply(uint64_t number, const std::string& subject, const std::string& message,
                          bool answer_challenge) {
  const uint64_t n = number == 0 ? 0 : number - 1;
  const size_t o = n % Count(kOpenings);
  const size_t f = n / Count(kOpenings) % Count(kFindings);
  const size_t c = n / (Count(kOpenings) * Count(kFindings)) % Count(kClosings);
  std::string reply = "Hello! " + std::string(kOpenings[o]) + " \"" + subject + "\". ";
  static const std::regex kSum(R"((\d{1,4}) \+ (\d{1,4}))");
  std::smatch m;
  if (answer_challenge && std::regex_search(message, m, kSum))
    reply += "Your question: " + m[1].str() + " + " + m[2].str() + " = " +
             std::to_string(std::stol(m[1].str()) + std::stol(m[2].str())) + ". ";
  reply += std::string(kFindings[f]) + " " + kClosings[c] + " " + kNames[number % Count(kNames)] +
           ", Dala Pool support";
  return reply;
}

std::string TemplateReply(uint64_t number, const std::string& ticket_id,
                          const std::string& subject) {
  return "Dear customer, your ticket " + ticket_id + " \"" + subject +
         "\" is registered and assigned to an engineer. We are working on it and will contact you "
         "shortly. Best regards, " +
         kNames[number % Count(kNames)] + ", Dala Pool support";
}

}  // namespace pooltest
