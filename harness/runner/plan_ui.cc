#include "harness/runner/plan_parts.h"
#include "harness/runner/ui_requests.h"
#include "probes/http/page_probe.h"

namespace pooltest {
namespace {

// Starting Chromium and rendering a page takes seconds, far longer than the
// run's default per-probe timeout meant for one HTTP exchange.
constexpr std::chrono::milliseconds kRenderTimeout{90000};

}  // namespace

void PlanUi(const WebUi& ui, const AddressBook& book, const RunResources& res, Plan& plan) {
  const std::vector<std::string> base_addresses = Resolve(UrlHost(ui.base_url), book);
  for (const std::string& ip : base_addresses) {
    PlanLookups("ui", "", ip, res, plan);
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
      PageTarget t;
      t.page = page;
      t.lang = v.lang;
      t.url = req->url;
      t.headers = req->headers;
      t.verify_tls = ui.verify_tls;
      t.render = ui.render;
      if (v.method == LanguageVariant::Method::kSubdomain)
        t.connect_to = ConnectToBaseAddress(req->url, base_addresses);
      // Recorded with each page so the evidence says how the variant was reached.
      const std::string method = ToString(v.method);
      plan.probes.push_back({"ui.page", v.lang + " " + req->url,
                             [t, method](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
                               Observation o = co_await ProbeUiPage(std::move(ctx), t);
                               // The check groups by declared page and language, whatever the URL.
                               o.data["page"] = t.page;
                               o.data["lang"] = t.lang;
                               o.data["method"] = method;
                               co_return o;
                             },
                             ui.render ? kRenderTimeout : std::chrono::milliseconds{0}});
    }
  }
}

}  // namespace pooltest
