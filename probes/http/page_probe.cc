#include "probes/http/page_probe.h"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/sha256.h"
#include "core/utf8.h"
#include "probes/common/offload.h"
#include "probes/http/charset.h"
#include "probes/http/chromium_render.h"
#include "probes/http/http_fetch.h"
#include "probes/http/language_switch.h"
#include "probes/http/page_analysis.h"

namespace pooltest {
namespace {

constexpr size_t kMaxHeaderValue = 512;

// "kk /help" -> "kk_help": a file name for the rendered page's evidence.
std::string FileStem(const std::string& lang, const std::string& page) {
  std::string stem = lang + "_";
  for (char c : page) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (stem.size() > 100) stem = stem.substr(0, 100) + "_" + Sha256Hex(page).substr(0, 8);
  return stem;
}

// What the page's JavaScript language controls did (script_switch.h), each
// landed page read as ReadLanding reads a followed link's and, with an
// evidence folder, its DOM kept beside the page's as
// ui-render/<stem>.switch-<lang>.html (dom_file, relative to the folder).
nlohmann::json ScriptSwitchesJson(const std::vector<ScriptSwitch>& tried,
                                  const std::string& evidence_dir, const std::string& stem) {
  nlohmann::json out = nlohmann::json::array();
  for (const ScriptSwitch& sw : tried) {
    nlohmann::json j = {{"lang", sw.lang},          {"kind", "script"},
                        {"control", sw.control},    {"method", sw.action},
                        {"outcome", sw.outcome},    {"effect", sw.effect},
                        {"final_url", sw.final_url}};
    if (!sw.detail.empty()) j["detail"] = sw.detail;
    if (sw.status != 0) j["status"] = sw.status;
    if (sw.refused)
      j["refused"] = RefusalJson(
          {"navigation_refused", sw.refused->from, sw.refused->to, sw.refused->refusal});
    if (sw.outcome == "landed") {
      j.update(ReadLanding(sw.dom, sw.final_url, sw.lang));
      if (!evidence_dir.empty()) {
        const std::filesystem::path rel =
            std::filesystem::path("ui-render") / (stem + ".switch-" + sw.lang + ".html");
        std::ofstream f(std::filesystem::path(evidence_dir) / rel,
                        std::ios::binary | std::ios::trunc);
        f.write(sw.dom.data(), static_cast<std::streamsize>(sw.dom.size()));
        if (f) j["dom_file"] = rel.string();
      }
    }
    out.push_back(std::move(j));
  }
  return out;
}

// When work on the page was cut off: whose time ran out, for the status.
template <typename T>
bool Unfinished(const Offloaded<T>& done, const std::string& what, Observation& obs) {
  obs.data["analysis"] = {{"queued_ms", done.queued_ms}, {"work_ms", done.work_ms}};
  if (done.end == OffloadEnd::kDone) return false;
  if (done.end == OffloadEnd::kCancelled) {
    obs.status = ProbeStatus::kCancelled;
    obs.detail = what + ": cancelled with the run";
  } else if (done.work_ms == 0) {
    // It never got a thread: the harness was busy, the page is not to blame.
    obs.status = ProbeStatus::kError;
    obs.detail = what + ": the harness had no free thread before the probe's deadline";
  } else {
    obs.status = ProbeStatus::kTimeout;
    obs.data["too_large_to_check"] = what + " took longer than the probe's deadline";
    obs.detail = what + " did not finish by the probe's deadline";
  }
  obs.finished = std::chrono::system_clock::now();
  return true;
}

}  // namespace

boost::asio::awaitable<Observation> ProbeUiPage(ProbeContext ctx, PageTarget target) {
  Observation obs;
  obs.probe = "ui.page";
  obs.target = target.url;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data["page"] = target.page;
  obs.data["expected_lang"] = target.lang;
  obs.data["tls_verify"] = target.verify_tls;
  obs.data["rendered"] = false;

  HttpRequest req;
  req.url = target.url;
  req.verify_tls = target.verify_tls;
  req.ca_file = target.ca_file;
  for (const auto& [name, value] : target.headers) req.headers.emplace_back(name, value);
  // The page's cookies (a CSRF token a set-language form needs) are kept
  // for following its language links.
  req.cookie_engine = true;
  HttpFetch fetched = co_await FetchHttp(ctx, std::move(req));
  HttpResponse& res = fetched.response;
  obs.transcript = std::move(res.transcript);
  obs.status = ToProbeStatus(res.outcome);
  obs.data["hops"] = fetched.hops;
  obs.data["served_by"] = fetched.served_by;
  if (fetched.refused) {
    obs.data["refused"] = RefusalJson(*fetched.refused);
    if (fetched.refused->refusal.harness_fault) obs.status = ProbeStatus::kError;
  }

  obs.data["status"] = res.status;
  obs.data["final_url"] = res.final_url;
  obs.data["content_type"] = res.content_type;
  obs.data["redirects"] = res.redirects;
  obs.data["bytes"] = res.body.size();
  obs.data["body_sha256"] = Sha256Hex(res.body);
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : res.headers)
    headers[name] = Utf8Prefix(value, kMaxHeaderValue);  // last one wins, as for most headers
  obs.data["headers"] = headers;
  if (res.outcome == HttpOutcome::kTlsFailed) obs.data["tls_error"] = res.error;

  if (res.outcome == HttpOutcome::kTooLarge) obs.data["too_large_to_check"] = res.error;
  if (res.outcome != HttpOutcome::kOk) {
    obs.detail = "GET " + target.url + ": " + res.error;
    obs.finished = std::chrono::system_clock::now();
    co_return obs;
  }

  auto body = std::make_shared<const std::string>(std::move(res.body));
  const std::string content_type = res.content_type;
  // Named, not a temporary in the co_await expression: GCC 12 destroys such
  // temporaries twice.
  std::function<DecodedText()> decode = [body, content_type] {
    return DecodeHtml(*body, content_type);
  };
  Offloaded<DecodedText> decoded = co_await Offload<DecodedText>(ctx, std::move(decode));
  if (Unfinished(decoded, "decoding the page's text", obs)) co_return obs;
  DecodedText& text = *decoded.value;
  obs.data["charset"] = {{"declared", text.declared},
                         {"source", text.source},
                         {"used", text.used},
                         {"converted", text.converted}};
  if (!text.error.empty()) obs.data["charset"]["error"] = text.error;
  const std::string page_url = res.final_url.empty() ? target.url : res.final_url;

  std::string html = std::move(text.utf8);  // up to 8 MiB: moved, not copied
  std::vector<ScriptSwitch> switches;
  if (target.render) {
    RenderRequest rr;
    rr.url = page_url;
    rr.verify_tls = target.verify_tls;
    rr.headers.assign(target.headers.begin(), target.headers.end());
    // Chromium goes to the address that served the page, never asking the
    // machine's resolver for the page's host.
    const std::string host = fetched.hops.back().value("host", std::string());
    if (!host.empty() && host != fetched.served_by && !fetched.served_by.empty())
      rr.host_rules.push_back("MAP " + host + " " + fetched.served_by);
    if (!ctx.evidence_dir.empty())
      rr.out_dir = (std::filesystem::path(ctx.evidence_dir) / "ui-render").string();
    rr.file_stem = FileStem(target.lang, target.page);
    rr.switch_from = target.lang;
    RenderResult rendered = co_await RenderWithChromium(ctx, rr);
    nlohmann::json rj = {{"argv", rendered.argv},
                         {"exit_code", rendered.exit_code},
                         // The run's one browser: the same pid on every
                         // variant unless it failed and was restarted.
                         {"browser_pid", rendered.pid},
                         {"browser_starts", rendered.browser_starts},
                         {"dom_bytes", rendered.dom.size()},
                         {"dom_sha256", Sha256Hex(rendered.dom)}};
    if (!rendered.dom_path.empty())
      rj["dom_file"] =
          std::filesystem::path(rendered.dom_path).lexically_relative(ctx.evidence_dir).string();
    if (!rendered.screenshot_path.empty())
      rj["screenshot_file"] = std::filesystem::path(rendered.screenshot_path)
                                  .lexically_relative(ctx.evidence_dir)
                                  .string();
    rj["protocol"] = rendered.protocol_log;
    rj["blocked_requests"] = nlohmann::json::array();
    for (const PageRequest& b : rendered.blocked_requests)
      rj["blocked_requests"].push_back({{"url", b.url}, {"host", b.host}, {"reason", b.reason}});
    rj["blocked_total"] = rendered.blocked_total;
    rj["allowed_requests"] = nlohmann::json::array();
    for (const PageRequest& a : rendered.allowed_requests)
      rj["allowed_requests"].push_back({{"url", a.url}, {"host", a.host}, {"via", a.reason}});
    rj["allowed_total"] = rendered.allowed_total;
    if (!rendered.warning.empty()) rj["warning"] = rendered.warning;
    if (!rendered.ok) rj["stderr_tail"] = rendered.stderr_tail;
    obs.data["render"] = rj;
    if (rendered.document_refused) {
      // As FetchHttp's refused redirect: the variant is not served by the
      // pool, the check names where it went.
      const DocumentRefusal& d = *rendered.document_refused;
      obs.data["refused"] = RefusalJson({"redirect_refused", d.from, d.to, d.refusal});
      obs.status = d.refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed;
      obs.detail = "render " + page_url + ": " + rendered.error;
      obs.finished = std::chrono::system_clock::now();
      co_return obs;
    }
    if (!rendered.ok) {
      obs.status = rendered.cancelled   ? ProbeStatus::kCancelled
                   : rendered.timed_out ? ProbeStatus::kTimeout
                                        : ProbeStatus::kError;
      obs.detail = "render " + page_url + ": " + rendered.error;
      obs.finished = std::chrono::system_clock::now();
      co_return obs;
    }
    obs.data["rendered"] = true;
    html = std::move(rendered.dom);
    switches = std::move(rendered.switches);
  }

  auto page = std::make_shared<const std::string>(std::move(html));
  std::function<nlohmann::json()> analyse = [page, target, page_url] {
    return AnalyzePageHtml(*page, target, page_url);
  };
  Offloaded<nlohmann::json> analysed = co_await Offload<nlohmann::json>(ctx, std::move(analyse));
  if (Unfinished(analysed, "reading the page's text", obs)) co_return obs;
  obs.data.update(*analysed.value);
  if (obs.data.contains("too_large_to_check")) {
    obs.detail = "HTTP " + std::to_string(res.status) +
                 ", too large to check: " + obs.data["too_large_to_check"].get<std::string>();
    obs.finished = std::chrono::system_clock::now();
    co_return obs;
  }
  if (obs.data.contains("language_links")) {
    LanguageLinkFetch how;
    how.page_url = page_url;
    for (const auto& [name, value] : target.headers)
      if (strcasecmp(name.c_str(), "cookie") != 0) how.headers.emplace_back(name, value);
    how.verify_tls = target.verify_tls;
    how.ca_file = target.ca_file;
    how.read = ReadLanding;
    std::vector<std::string> cookies = fetched.response.cookies;
    nlohmann::json followed = nlohmann::json::array();
    for (const nlohmann::json& link : obs.data["language_links"]) {
      if (followed.size() >= kMaxLanguageLinks) break;
      LanguageLinkResult r = co_await FollowLanguageLink(ctx, link, how, cookies);
      cookies = std::move(r.cookies);
      for (auto& t : r.transcript) obs.transcript.push_back(std::move(t));
      followed.push_back(std::move(r.link));
    }
    obs.data["language_links"] = std::move(followed);
  }
  if (!switches.empty()) {
    auto tried = std::make_shared<std::vector<ScriptSwitch>>(std::move(switches));
    std::function<nlohmann::json()> read = [tried, dir = ctx.evidence_dir,
                                            stem = FileStem(target.lang, target.page)] {
      return ScriptSwitchesJson(*tried, dir, stem);
    };
    Offloaded<nlohmann::json> read_switches =
        co_await Offload<nlohmann::json>(ctx, std::move(read));
    if (read_switches.end == OffloadEnd::kDone) {
      obs.data["script_switches"] = std::move(*read_switches.value);
    } else {
      // Neither a way to the languages nor proof there is none.
      nlohmann::json unread = nlohmann::json::array();
      for (const ScriptSwitch& sw : *tried)
        unread.push_back({{"lang", sw.lang},
                          {"kind", "script"},
                          {"control", sw.control},
                          {"outcome", "unfinished"},
                          {"detail", "reading the page it led to did not finish"}});
      obs.data["script_switches"] = std::move(unread);
    }
  }
  const nlohmann::json& share = obs.data["share"];
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.0f%%",
                100.0 * (share.contains(target.lang) ? share[target.lang].get<double>() : 0.0));
  obs.detail = "HTTP " + std::to_string(res.status) + ", " +
               std::to_string(obs.data["counted_words"].get<int>()) + " words of " +
               (target.render ? "rendered " : "") + "text, " + pct + " in " + target.lang +
               (text.converted ? " (converted from " + text.used + ")" : "");
  obs.finished = std::chrono::system_clock::now();
  co_return obs;
}

}  // namespace pooltest
