#include "harness/runner/plan_parts.h"
#include "harness/runner/ui_requests.h"
#include "probes/http/page_probe.h"

namespace pooltest {

void PlanUi(const WebUi& ui, const AddressBook& book, const RunResources& res, Plan& plan) {
  for (const std::string& ip : Resolve(UrlHost(ui.base_url), book)) {
    PlanLookups("ui", "", ip, res, plan);
  }
  if (ui.render) {
    plan.probes.push_back(Immediate("ui.render", ui.base_url, [] {
      return Unsupported("ui.render", "chromium",
                         "rendering pages with headless Chromium is not available in this "
                         "version; pages were fetched without running JavaScript");
    }));
  }
  for (const std::string& page : ui.pages) {
    for (const LanguageVariant& v : ui.languages) {
      Result<UiRequest> req = BuildUiRequest(ui, v, page);
      if (!req) {
        std::string why = req.error().message;
        plan.probes.push_back(
            Immediate("ui.page", page, [why] { return Unsupported("ui.page", "", why); }));
        continue;
      }
      PageTarget t{page, v.lang, req->url, req->headers, ui.verify_tls};
      plan.probes.push_back({"ui.page", v.lang + " " + req->url,
                             [t](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
                               Observation o = co_await ProbeUiPage(std::move(ctx), t);
                               // The check groups by declared page and language, whatever the URL.
                               o.data["page"] = t.page;
                               o.data["lang"] = t.lang;
                               co_return o;
                             }});
    }
  }
}

}  // namespace pooltest
