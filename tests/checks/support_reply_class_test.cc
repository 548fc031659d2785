// Who wrote a support campaign's replies (checks/support_reply_class.h):
// templates across tickets are automatic however they are signed and in
// whichever script; speed, silence about the request and a missed challenge
// make a reply doubtful; a challenge answered makes it human.
#include "checks/support_reply_class.h"

#include "checks/finding_catalogue.h"
#include "checks/finding_translations.h"
#include "tests/checks/expect_finding.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

nlohmann::json Answered(int seq, const std::string& text, long long ms,
                        const std::string& answer = "") {
  return {{"seq", seq},
          {"channel", "desk"},
          {"state", "answered"},
          {"token", "PT-" + std::to_string(seq)},
          {"handle", "T-00" + std::to_string(seq)},
          {"subject", "pooltest support check PT-" + std::to_string(seq)},
          {"reply_text", text},
          {"response_ms", ms},
          {"challenge_answer", answer}};
}

std::string Class(const nlohmann::json& classes, size_t i) {
  return classes[i].is_object() ? classes[i]["class"].get<std::string>() : "none";
}

TEST(SupportReplyClass, NormalisingDropsCaseNumbersNamesAndTheTicketsOwnIds) {
  EXPECT_EQ(
      NormaliseReplyText("Dear customer,  ticket T-0012 is OPEN; regards, Aigerim 42", {"T-0012"}),
      "customer ticket is regards #");
  // Cyrillic and Kazakh capitals are names or sentence starts too.
  EXPECT_EQ(NormaliseReplyText("Сәлеметсіз бе! Өтінішіңіз қабылданды. Айгерім", {}),
            "бе қабылданды");
  EXPECT_EQ(NormaliseReplyText("ӘЛЕМ әлем Қ қ", {}), "әлем қ");
}

TEST(SupportReplyClass, OneSignedTemplateIsAutomaticWhateverTheNameAndTicket) {
  nlohmann::json reqs = nlohmann::json::array();
  reqs.push_back(Answered(1, "Dear customer, ticket T-001 is with an engineer. Aigerim", 600000));
  reqs.push_back(Answered(2, "Dear customer, ticket T-002 is with an engineer. Daniyar", 900000));
  reqs.push_back({{"seq", 3}, {"state", "unanswered"}});
  const nlohmann::json c = ClassifySupportReplies(reqs, {});
  EXPECT_EQ(Class(c, 0), "automatic");
  EXPECT_EQ(Class(c, 1), "automatic");
  EXPECT_TRUE(c[2].is_null());
  EXPECT_NE(RenderPart(c[0]["reasons"][0]).find("e.g. request 2"), std::string::npos);
  testing::ExpectPart(c[0]["reasons"], "R4.5.reply.same_template", {{"others", 1}, {"seq", 2}});
}

TEST(SupportReplyClass, FastSilentOrUnansweredChallengeIsDoubtfulElseHuman) {
  nlohmann::json reqs = nlohmann::json::array();
  reqs.push_back(Answered(1, "about PT-1: your workers look fine", 10000));          // fast
  reqs.push_back(Answered(2, "everything is in order on our side", 300000));         // no reference
  reqs.push_back(Answered(3, "about PT-3: payouts are on schedule", 300000, "95"));  // no answer
  reqs.push_back(Answered(4, "about PT-4: it is 195, and shares arrive", 300000, "95"));  // not 95
  reqs.push_back(Answered(5, "the result is 95; your hashrate is steady", 5000, "95"));
  reqs.push_back(Answered(6, "about PT-6: we restarted the proxy for you", 300000));
  reqs.push_back(Answered(7, "", 300000));
  const nlohmann::json c = ClassifySupportReplies(reqs, {});
  EXPECT_EQ(Class(c, 0), "doubtful");
  EXPECT_NE(RenderPart(c[0]["reasons"].back()).find("faster than a person"), std::string::npos);
  EXPECT_EQ(Class(c, 1), "doubtful");
  EXPECT_NE(RenderPart(c[1]["reasons"].back()).find("no sign of having read"), std::string::npos);
  EXPECT_EQ(Class(c, 2), "doubtful");
  EXPECT_EQ(Class(c, 3), "doubtful");  // 195 holds "95" only inside a longer number
  EXPECT_EQ(Class(c, 4), "human");     // fast, but only a reader knows the answer
  EXPECT_EQ(Class(c, 5), "human");
  EXPECT_EQ(Class(c, 6), "doubtful");
  // Each reason is a catalogue part that reads in all three languages.
  testing::ExpectPart(c[0]["reasons"], "R4.5.reply.too_fast", {{"seconds", 10}, {"fast", 30}});
  testing::ExpectPart(c[1]["reasons"], "R4.5.reply.unrelated");
  testing::ExpectPart(c[2]["reasons"], "R4.5.reply.no_answer", {{"answer", "95"}});
  testing::ExpectPart(c[4]["reasons"], "R4.5.reply.answers", {{"answer", "95"}});
  testing::ExpectPart(c[4]["reasons"], "R4.5.reply.fast_but_answered", {{"seconds", 5}});
  testing::ExpectPart(c[5]["reasons"], "R4.5.reply.own_text");
  testing::ExpectPart(c[5]["reasons"], "R4.5.reply.refers");
  testing::ExpectPart(c[5]["reasons"], "R4.5.reply.after", {{"seconds", 300}});
  testing::ExpectPart(c[6]["reasons"], "R4.5.reply.no_text");
  ReplyClassOptions slow_threshold;
  slow_threshold.fast_ms = 5000;  // configurable: 10 s is then a person's time
  EXPECT_EQ(Class(ClassifySupportReplies(reqs, slow_threshold), 0), "human");
}

TEST(SupportReplyClass, TheSummaryCountsPerChannelWithAnExampleOfEach) {
  nlohmann::json reqs = nlohmann::json::array();
  reqs.push_back(Answered(1, "about PT-1: your workers look fine", 300000));
  reqs.push_back(Answered(2, "about PT-2: fast", 1000));
  const nlohmann::json c = ClassifySupportReplies(reqs, {});
  for (size_t i = 0; i < reqs.size(); ++i) {
    reqs[i]["reply_class"] = c[i]["class"];
    reqs[i]["reply_reasons"] = c[i]["reasons"];
  }
  const nlohmann::json s = SupportReplySummary(reqs);
  EXPECT_EQ(s["desk"]["human"], 1);
  EXPECT_EQ(s["desk"]["doubtful"], 1);
  EXPECT_EQ(s["desk"]["automatic"], 0);
  EXPECT_EQ(s["desk"]["examples"]["doubtful"]["seq"], 2);
  EXPECT_NE(SupportReplyNote(s).find("replies: 1 human, 0 automatic, 1 doubtful; doubtful e.g. "
                                     "request 2"),
            std::string::npos)
      << SupportReplyNote(s);
}

// The reasons are catalogue parts, said in each part's language of the act.
TEST(SupportReplyClass, ReasonsAreCatalogueParts) {
  nlohmann::json reqs = nlohmann::json::array();
  reqs.push_back(Answered(1, "about PT-1: your workers look fine", 10000));
  const nlohmann::json c = ClassifySupportReplies(reqs, {});
  Finding f;
  ASSERT_TRUE(FindingFromJson(c[0]["reasons"].back(), &f)) << c[0];
  EXPECT_EQ(f.key, "R4.5.reply.too_fast");
  EXPECT_EQ(RenderFinding(f, nullptr, TemplatesFor("ru")),
            "он пришёл через 10 с — быстрее, чем человек успевает прочитать запрос и ответить "
            "(30 с, thresholds.support_human_reply_min)");
  EXPECT_EQ(RenderFinding(f, nullptr),
            "it came after 10 s, faster than a person reads and answers "
            "(30 s, thresholds.support_human_reply_min)");
}

}  // namespace
}  // namespace pooltest
