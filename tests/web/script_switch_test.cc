// JavaScript language controls tried in a rendered page (script_switch.h)
// against hostile pages on loopback: a control that does nothing, one that
// reloads forever, one whose handler never returns, one that opens a popup
// to an undeclared host, one that grows the DOM past its bound. Each yields
// an outcome saying what happened, the page's own render stays good, and no
// packet reaches an undeclared host; only a control that led to a page in
// its language is "landed" with that page's DOM.
#include <gtest/gtest.h>

#include "probes/http/chromium_render.h"
#include "tests/web/canary_listener.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using testing::CanaryListener;
using testing::ScriptedHttpServer;
using testing::ScriptedRequest;

// A Kazakh page whose only way to Russian is `control`.
std::string KazakhPage(const std::string& control) {
  return ScriptedHttpServer::HtmlPage(
      "<!DOCTYPE html><html lang=\"kk\"><body><h1>Пул туралы</h1>"
      "<p>Біздің пул Қазақстандағы деректер орталығында орналасқан.</p>" +
      control + "</body></html>");
}

RenderResult Render(const std::string& url) {
  RenderRequest req;
  req.url = url;
  req.load_wait = std::chrono::seconds(5);
  req.switch_from = "kk";
  std::optional<RenderResult> r = RunProbe<RenderResult>(
      [req](ProbeContext ctx) { return RenderWithChromium(ctx, req); }, std::chrono::seconds(30));
  EXPECT_TRUE(r) << "the render did not end";
  return r ? *r : RenderResult{};
}

// The Kazakh page with `control`, served on loopback and rendered.
RenderResult RenderPageWith(const std::string& control) {
  ScriptedHttpServer pool("127.0.0.1",
                          [&control](const ScriptedRequest&) { return KazakhPage(control); });
  return Render(pool.url("/"));
}

const ScriptSwitch* To(const RenderResult& r, const std::string& lang) {
  for (const ScriptSwitch& s : r.switches)
    if (s.lang == lang) return &s;
  ADD_FAILURE() << "no control for " << lang << " tried (" << r.switches.size() << " tried)";
  return nullptr;
}

TEST(ScriptSwitch, AControlThatChangesNothingLeavesThePageAsItWas) {
  RenderResult r = RenderPageWith(
      "<select><option value=\"kk\" selected>Қазақша</option>"
      "<option value=\"ru\">Русский</option><option value=\"en\">English</option></select>");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.switches.size(), 2u);
  const ScriptSwitch* ru = To(r, "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->action, "select");
  EXPECT_EQ(ru->outcome, "landed") << ru->detail;
  EXPECT_EQ(ru->effect, "none");
  EXPECT_NE(ru->dom.find("lang=\"kk\""), std::string::npos);
}

TEST(ScriptSwitch, AReloadLoopOrAHandlerThatNeverReturnsIsBounded) {
  ScriptedHttpServer pool("127.0.0.1", [](const ScriptedRequest& q) {
    if (q.Header("Cookie").find("loop=1") != std::string::npos)
      return ScriptedHttpServer::HtmlPage(
          "<!DOCTYPE html><html lang=\"ru\"><head><script>location.reload()</script>"
          "</head><body></body></html>");
    return KazakhPage(
        "<button onclick=\"document.cookie='loop=1; path=/';location.reload()\">Русский</button>"
        "<span role=\"button\" onclick=\"for(;;){}\">English</span>");
  });
  RenderResult r = Render(pool.url("/"));
  // The page itself was read; its controls only made evidence.
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NE(r.dom.find("Пул туралы"), std::string::npos);
  ASSERT_EQ(r.switches.size(), 2u);
  // Each had its whole slice and did not settle: the page's doing, not
  // the harness running out of time (which would leave R4.6 unsettled).
  for (const ScriptSwitch& s : r.switches) {
    EXPECT_EQ(s.outcome, "failed") << s.control << ": " << s.detail;
    EXPECT_NE(s.detail.find("did not settle"), std::string::npos) << s.detail;
  }
  const ScriptSwitch* en = To(r, "en");
  ASSERT_NE(en, nullptr);
  // Its handler was stopped; the page never changed.
  EXPECT_NE(en->effect, "changed_in_place") << en->outcome << " " << en->detail;
}

TEST(ScriptSwitch, APopupToAnUndeclaredHostNeverConnects) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  const std::string to = canary.origin();
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest&) {
    return KazakhPage("<a href=\"#\" onclick=\"window.open('" + to +
                      "/ru');return false\">Русский</a>"
                      "<button onclick=\"location.href='" +
                      to + "/en'\">EN</button>");
  });
  RenderResult r = Render(pool.url("/"));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(canary.accepted(), 0) << "Chromium connected to the undeclared host";
  const ScriptSwitch* en = To(r, "en");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en->outcome, "refused") << en->detail;
  ASSERT_TRUE(en->refused);
  EXPECT_EQ(en->refused->to, to + "/en");
  // The page's own render is not taken for a page that left.
  EXPECT_FALSE(r.document_refused);
  const ScriptSwitch* ru = To(r, "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->effect, "none") << ru->outcome << " " << ru->detail;
}

TEST(ScriptSwitch, ADomGrownPastTheBoundIsNotRead) {
  RenderResult r = RenderPageWith(
      "<span tabindex=\"0\" onclick=\"var p=document.createElement('p');"
      "p.textContent='Русский текст '.repeat(400000);document.body.appendChild(p)\">Рус</span>");
  ASSERT_TRUE(r.ok) << r.error;
  const ScriptSwitch* ru = To(r, "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->effect, "changed_in_place");
  EXPECT_EQ(ru->outcome, "too_large") << ru->detail;
  EXPECT_TRUE(ru->dom.empty());
}

}  // namespace
}  // namespace pooltest
