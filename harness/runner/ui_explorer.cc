#include "harness/runner/ui_explorer.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "harness/runner/plan_parts.h"
#include "harness/runner/ui_requests.h"
#include "probes/http/page_probe.h"

namespace pooltest {
namespace {

// Starting Chromium and rendering a page takes seconds, far longer than the
// run's default per-probe timeout meant for one HTTP exchange.
constexpr std::chrono::milliseconds kRenderTimeout{90000};
// Bounds on what the crawl record lists (the counts stay exact).
constexpr size_t kMaxListed = 200;
constexpr size_t kMaxExamples = 10;

int DepthOf(const Observation& o) { return o.data.value("depth", 0); }

bool Fetched(const Observation& o) {
  return o.status == ProbeStatus::kOk && o.data.value("status", 0) == 200;
}

// The variant of `lang` a fetched page links to: hreflang alternates and/or
// switcher links, as the scenario's follow value says. `how` is set to the
// kind of link used.
std::string LinkTo(const nlohmann::json& d, const std::string& lang, const std::string& which,
                   std::string& how) {
  if (which != "switcher" && d.contains("hreflang") && d["hreflang"].is_object()) {
    for (const auto& [tag, href] : d["hreflang"].items()) {
      if (UiLangOf(tag) == lang && href.is_string() && !href.get<std::string>().empty()) {
        how = "hreflang";
        return href.get<std::string>();
      }
    }
  }
  if (which != "hreflang" && d.contains("switcher_links") && d["switcher_links"].is_object()) {
    const auto it = d["switcher_links"].find(lang);
    if (it != d["switcher_links"].end() && it->is_string() && !it->get<std::string>().empty()) {
      how = "switcher";
      return it->get<std::string>();
    }
  }
  return {};
}

// `url`'s host is the base URL's host or one of its sub-domains (any scheme
// or port: many sites send http to https).
bool SameSite(const std::string& url, const std::string& base_url) {
  std::string host = UrlHost(url), base = UrlHost(base_url);
  for (std::string* s : {&host, &base})
    for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.empty() || base.empty()) return false;
  if (host == base) return true;
  return !IsIpLiteral(base) && host.size() > base.size() + 1 &&
         host.compare(host.size() - base.size() - 1, std::string::npos, "." + base) == 0;
}

// A variant settled without a fetch, stamped when the wave records it.
PlannedProbe Recorded(const std::string& label, Observation o) {
  return Immediate("ui.page", label, [o] {
    Observation now = o;
    now.started = now.finished = std::chrono::system_clock::now();
    return now;
  });
}

}  // namespace

UiExplorer::UiExplorer(WebUi ui) : ui_(std::move(ui)) {
  LanguageVariant plain;
  plain.method = LanguageVariant::Method::kFollow;
  for (const std::string& p : ui_.pages) {
    Page page;
    page.key = p;
    page.declared = true;
    Result<UiRequest> req = BuildUiRequest(ui_, plain, p);
    if (req) page.entry_url = req->url;
    index_[p] = pages_.size();
    pages_.push_back(std::move(page));
  }
}

void UiExplorer::LearnLinks(const Observation& o, int depth) {
  if (!crawling() || depth >= ui_.crawl.depth || !Fetched(o) || !o.data.contains("links") ||
      !o.data["links"].is_array())
    return;
  const std::string here = o.data.value("final_url", o.target);
  for (const auto& l : o.data["links"]) {
    if (!l.is_string()) continue;
    const std::string link = l.get<std::string>();
    Result<std::string> key = UiPageKey(ui_, link);
    if (!key) {
      ++skipped_total_[key.error().message];
      auto& examples = skipped_[key.error().message];
      if (examples.size() < kMaxExamples) examples.insert(link);
      continue;
    }
    if (index_.count(*key)) continue;
    if (pages_.size() >= static_cast<size_t>(ui_.crawl.max_pages)) {
      left_out_.insert(*key);
      continue;
    }
    Page page;
    page.key = *key;
    page.entry_url = link.substr(0, link.find('#'));
    page.found_on = here;
    page.depth = depth + 1;
    index_[page.key] = pages_.size();
    pages_.push_back(std::move(page));
  }
}

void UiExplorer::Learn(const Observation& o) {
  const std::string key = o.data.value("page", "");
  if (o.probe == "ui.entry") entries_[key] = o;
  LearnLinks(o, DepthOf(o));
}

PlannedProbe UiExplorer::FollowedProbe(const Page& page, const LanguageVariant& v,
                                       const Observation& entry) {
  const nlohmann::json via_base = {{"entry", entry.target}, {"entry_observation", entry.id}};
  auto tag = [page, v, wave = wave_](Observation o, const nlohmann::json& via) {
    o.data["page"] = page.key;
    o.data["lang"] = v.lang;
    o.data["method"] = ToString(v.method);
    o.data["depth"] = page.depth;
    o.data["wave"] = wave;
    o.data["via"] = via;
    if (!page.found_on.empty()) o.data["found_on"] = page.found_on;
    return o;
  };
  const std::string label = v.lang + " " + page.key + " (followed)";
  if (!Fetched(entry)) {
    // Nothing to follow: the variant shares the entry's fate, except that an
    // answered non-200 page is a missing page, not an error of the harness.
    Observation o;
    o.probe = "ui.page";
    o.target = entry.target;
    o.status = entry.status == ProbeStatus::kOk ? ProbeStatus::kFailed : entry.status;
    o.detail = "the " + v.lang + " variant cannot be followed: the page " + entry.target +
               " itself " +
               (entry.status == ProbeStatus::kOk
                    ? "answered HTTP " + std::to_string(entry.data.value("status", 0))
                    : "failed (" + entry.detail + ")");
    o = tag(std::move(o), via_base);
    return Recorded(label, std::move(o));
  }
  const nlohmann::json& d = entry.data;
  const std::string here = d.value("final_url", entry.target);
  std::string how;
  std::string href = LinkTo(d, v.lang, v.value, how);
  if (href.empty() && UiLangOf(d.value("html_lang", "")) == v.lang) {
    href = here;  // the unmarked page is itself this language
    how = "self";
  }
  if (href.empty()) {
    Observation o;
    o.probe = "ui.page";
    o.target = here;
    o.status = ProbeStatus::kFailed;
    const std::string what = v.value == "hreflang"   ? "hreflang link"
                             : v.value == "switcher" ? "language-switcher link"
                                                     : "hreflang or language-switcher link";
    o.detail = "the page " + here + " offers no " + what + " to " + v.lang +
               " (and is itself <html lang=\"" + d.value("html_lang", "") + "\">)";
    o = tag(std::move(o), via_base);
    return Recorded(label, std::move(o));
  }
  const std::string url = ResolveUrl(here, href);
  if (!SameSite(url, ui_.base_url)) {
    // A hostile page must not steer the harness to other hosts (a lab's
    // internal network, say) and into the act's evidence.
    Observation o;
    o.probe = "ui.page";
    o.target = url.empty() ? href : url;
    o.status = ProbeStatus::kError;
    o.detail = "the page " + here + " links its " + v.lang + " variant to " + o.target +
               ", outside the site of ui.base_url; pooltest follows links only within it: "
               "declare this language another way (path_prefix, subdomain, query, cookie)";
    o = tag(std::move(o), via_base);
    return Recorded(label, std::move(o));
  }
  nlohmann::json via = via_base;
  via["link"] = how;
  via["href"] = href;
  PageTarget t;
  t.page = page.key;
  t.lang = v.lang;
  t.url = url.empty() ? href : url;
  t.verify_tls = ui_.verify_tls;
  t.render = ui_.render;
  auto tagged = [t, tag, via](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
    Observation o = co_await ProbeUiPage(std::move(ctx), t);
    co_return tag(std::move(o), via);
  };
  return {"ui.page", v.lang + " " + t.url, tagged,
          ui_.render ? kRenderTimeout : std::chrono::milliseconds{0}};
}

void UiExplorer::PlanPage(const Page& page, Plan& plan) {
  const std::chrono::milliseconds timeout =
      ui_.render ? kRenderTimeout : std::chrono::milliseconds{0};
  for (const LanguageVariant& v : ui_.languages) {
    if (planned_.count({page.key, v.lang})) continue;
    if (v.method == LanguageVariant::Method::kFollow) {
      if (!entry_planned_.count(page.key)) {
        entry_planned_.insert(page.key);
        PageTarget t;
        t.page = page.key;
        t.url = page.entry_url;
        t.verify_tls = ui_.verify_tls;
        t.render = ui_.render;
        plan.probes.push_back(
            {"ui.entry", page.key + " " + t.url,
             [t, page, wave = wave_](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
               Observation o = co_await ProbeUiPage(std::move(ctx), t);
               // Not a language variant: the page the variants are read from.
               o.probe = "ui.entry";
               o.data["page"] = page.key;
               o.data["depth"] = page.depth;
               o.data["wave"] = wave;
               if (!page.found_on.empty()) o.data["found_on"] = page.found_on;
               co_return o;
             },
             timeout});
      }
      auto entry = entries_.find(page.key);
      if (entry == entries_.end()) continue;  // next wave, once the entry is read
      planned_.insert({page.key, v.lang});
      plan.probes.push_back(FollowedProbe(page, v, entry->second));
      continue;
    }
    planned_.insert({page.key, v.lang});
    Result<UiRequest> req = BuildUiRequest(ui_, v, page.key);
    if (!req) {
      std::string why = req.error().message;
      plan.probes.push_back(Immediate("ui.page", page.key, [why, page, v] {
        Observation o = Unsupported("ui.page", "", why);
        o.data["page"] = page.key;
        o.data["lang"] = v.lang;
        return o;
      }));
      continue;
    }
    PageTarget t;
    t.page = page.key;
    t.lang = v.lang;
    t.url = req->url;
    t.headers = req->headers;
    t.verify_tls = ui_.verify_tls;
    t.render = ui_.render;
    // Recorded with each page so the evidence says how the variant was
    // reached and how the crawl got there.
    const std::string method = ToString(v.method);
    plan.probes.push_back(
        {"ui.page", v.lang + " " + req->url,
         [t, method, page, wave = wave_](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
           Observation o = co_await ProbeUiPage(std::move(ctx), t);
           // The check groups by page and language, whatever the URL.
           o.data["page"] = t.page;
           o.data["lang"] = t.lang;
           o.data["method"] = method;
           o.data["depth"] = page.depth;
           o.data["wave"] = wave;
           if (!page.found_on.empty()) o.data["found_on"] = page.found_on;
           co_return o;
         },
         timeout});
  }
}

Plan UiExplorer::NextWave(const std::vector<Observation>& observations) {
  std::vector<const Observation*> fresh;
  for (size_t i = consumed_; i < observations.size(); ++i) {
    const Observation& o = observations[i];
    if ((o.probe == "ui.page" || o.probe == "ui.entry") && o.data.contains("wave"))
      fresh.push_back(&o);
  }
  consumed_ = observations.size();
  // Arrival order depends on timing; the pages found must not.
  std::sort(fresh.begin(), fresh.end(), [](const Observation* a, const Observation* b) {
    return std::make_tuple(DepthOf(*a), a->data.value("page", ""), a->probe,
                           a->data.value("lang", "")) <
           std::make_tuple(DepthOf(*b), b->data.value("page", ""), b->probe,
                           b->data.value("lang", ""));
  });
  for (const Observation* o : fresh) Learn(*o);

  Plan plan;
  for (const Page& page : pages_) PlanPage(page, plan);
  ++wave_;
  return plan;
}

Observation UiExplorer::CrawlRecord(bool finished) const {
  Observation o;
  o.probe = "ui.crawl";
  o.target = ui_.base_url;
  o.status = ProbeStatus::kOk;
  nlohmann::json pages = nlohmann::json::array();
  size_t found = 0;
  for (const Page& p : pages_) {
    if (!p.declared) ++found;
    nlohmann::json row = {{"page", p.key}, {"depth", p.depth}, {"declared", p.declared}};
    if (!p.found_on.empty()) row["found_on"] = p.found_on;
    if (!p.declared) row["url"] = p.entry_url;
    pages.push_back(row);
  }
  nlohmann::json left_out_examples = nlohmann::json::array();
  for (const std::string& key : left_out_) {
    if (left_out_examples.size() >= kMaxListed) break;
    left_out_examples.push_back(key);
  }
  nlohmann::json skipped = nlohmann::json::object();
  for (const auto& [reason, links] : skipped_)
    skipped[reason] = {{"links", skipped_total_.at(reason)}, {"examples", links}};
  o.data = {{"depth_limit", ui_.crawl.depth},
            {"max_pages", ui_.crawl.max_pages},
            {"pages", pages},
            {"declared", ui_.pages.size()},
            {"found", found},
            {"left_out", left_out_.size()},
            {"left_out_examples", left_out_examples},
            {"skipped_links", skipped},
            {"waves", wave_},
            {"finished", finished}};
  o.detail =
      std::to_string(pages_.size()) + " pages (" + std::to_string(ui_.pages.size()) +
      " declared, " + std::to_string(found) + " found by following links up to depth " +
      std::to_string(ui_.crawl.depth) + ")" +
      (!left_out_.empty()
           ? "; " + std::to_string(left_out_.size()) +
                 " more found but left out by max_pages=" + std::to_string(ui_.crawl.max_pages)
           : "") +
      (finished ? "" : "; the run ended before the crawl finished");
  return o;
}

}  // namespace pooltest
