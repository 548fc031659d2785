// What the reference pool's support desk writes back to a ticket: an
// engineer's reply in a wording of its own for each ticket (a greeting, a
// finding and a closing chosen by the ticket's number so that the first 210
// tickets never share one), quoting the subject and giving the answer to a
// challenge question ("37 + 58") the request asks; or, for a desk posing as
// people, one signed template with the ticket's id, subject and a rotating
// signature filled in. Pure; the desk decides when a reply is due.
#pragma once

#include <cstdint>
#include <string>

namespace pooltest {

// `number`: the ticket's sequence number (1, 2, ...); `answer_challenge`:
// false to leave a question in `message` unanswered.
std::string EngineerReply(uint64_t number, const std::string& subject, const std::string& message,
                          bool answer_challenge);

std::string TemplateReply(uint64_t number, const std::string& ticket_id,
                          const std::string& subject);

}  // namespace pooltest
