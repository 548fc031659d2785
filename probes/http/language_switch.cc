#include "probes/http/language_switch.h"

#include <memory>

#include "probes/common/offload.h"
#include "probes/http/charset.h"
#include "probes/http/http_fetch.h"

namespace pooltest {
namespace {

std::string OutcomeOf(HttpOutcome o) {
  switch (o) {
    case HttpOutcome::kOk:
      return "landed";
    case HttpOutcome::kTimeout:
      return "timeout";
    case HttpOutcome::kCancelled:
      return "cancelled";
    case HttpOutcome::kTooLarge:
      return "too_large";
    case HttpOutcome::kRefused:
      return "refused";
    case HttpOutcome::kFailed:
    case HttpOutcome::kTlsFailed:
      return "failed";
  }
  return "failed";
}

// The work after the fetch, off the io thread: the body decoded and read.
struct Landing {
  std::string body;
  std::string content_type;
  std::string url;
  std::string lang;
};

}  // namespace

boost::asio::awaitable<LanguageLinkResult> FollowLanguageLink(ProbeContext ctx, nlohmann::json link,
                                                              LanguageLinkFetch fetch,
                                                              std::vector<std::string> cookies) {
  LanguageLinkResult out;
  HttpRequest req;
  req.method = link.value("method", "GET");
  req.url = link.value("url", "");
  req.body = link.value("body", "");
  req.verify_tls = fetch.verify_tls;
  req.ca_file = fetch.ca_file;
  req.headers = fetch.headers;
  req.headers.emplace_back("Referer", fetch.page_url);
  if (req.method == "POST")
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  req.cookie_engine = true;
  req.cookies = std::move(cookies);
  HttpFetch fetched = co_await FetchHttp(ctx, std::move(req));
  HttpResponse& res = fetched.response;
  out.cookies = res.cookies;
  out.transcript = std::move(res.transcript);
  link["hops"] = fetched.hops;
  link["status"] = res.status;
  link["final_url"] = res.final_url;
  link["outcome"] = OutcomeOf(res.outcome);
  if (fetched.refused) link["refused"] = RefusalJson(*fetched.refused);
  if (res.outcome != HttpOutcome::kOk) {
    link["detail"] = res.error;
    out.link = std::move(link);
    co_return out;
  }
  auto landing = std::make_shared<Landing>(
      Landing{std::move(res.body), res.content_type, res.final_url, link.value("lang", "")});
  std::function<nlohmann::json()> read = [landing, reader = fetch.read] {
    const DecodedText text = DecodeHtml(landing->body, landing->content_type);
    return reader(text.utf8, landing->url, landing->lang);
  };
  Offloaded<nlohmann::json> done = co_await Offload<nlohmann::json>(ctx, std::move(read));
  if (done.end != OffloadEnd::kDone) {
    link["outcome"] = done.end == OffloadEnd::kCancelled ? "cancelled" : "unfinished";
    link["detail"] = "reading the page it led to did not finish by the probe's deadline";
  } else {
    link.update(*done.value);
    if (link.contains("too_large_to_check")) link["outcome"] = "too_large";
  }
  out.link = std::move(link);
  co_return out;
}

}  // namespace pooltest
