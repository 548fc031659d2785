#include "harness/campaign/campaign_challenges.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "probes/support/support_request.h"

namespace pooltest {

void AddChallenges(const Scenario& sc, uint64_t seed, std::vector<RequestRow>& rows) {
  std::set<std::string> asking;
  for (const SupportChannel& ch : sc.support)
    if (ch.challenge) asking.insert(ch.name);
  // 900 three-digit answers: unique for campaigns of up to 900 requests,
  // which a week at a few requests an hour stays under.
  std::vector<int> answers;
  for (int n = 100; n < 1000; ++n) answers.push_back(n);
  std::shuffle(answers.begin(), answers.end(), std::mt19937_64(seed));
  size_t next = 0;
  for (RequestRow& r : rows) {
    if (!asking.count(r.channel)) continue;
    const SupportChallenge c = MakeSupportChallenge(seed, r.seq, answers[next++ % answers.size()]);
    r.lang = c.lang;
    r.challenge_question = c.question;
    r.challenge_answer = c.answer;
  }
}

}  // namespace pooltest
