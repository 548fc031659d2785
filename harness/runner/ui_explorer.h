// Decides which UI pages to fetch, wave by wave. The first wave is every
// declared page in every language. Later waves exist because some targets
// are only known from earlier results: a `follow` language's URL is read from
// the page's own hreflang links or language switcher (one "ui.entry" fetch of
// the unmarked page per page), and in crawl mode the same-site pages a
// fetched page links to join the list, breadth first, up to the scenario's
// depth and page limit. Every page found is fetched in every language, so a
// page that exists in one language only is seen missing in the others.
//
// Planning only: it reads observations, never the network, and never judges.
// Each ui.page it plans carries page, lang, method, depth, wave and, for a
// crawled page, found_on; for a followed variant, via {entry, link,
// entry_observation}. Deterministic for a given site: each wave's results are
// read in (depth, page, lang) order, not arrival order.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/observation.h"
#include "harness/runner/plan.h"
#include "scenarios/scenario.h"

namespace pooltest {

class UiExplorer {
 public:
  // Where the pages are fetched is the run's target policy's business
  // (declared_targets.h); the explorer only says which URLs.
  explicit UiExplorer(WebUi ui);

  // The probes still to run, given every observation of the run so far (it
  // reads those added since the previous call). Empty when nothing is left.
  Plan NextWave(const std::vector<Observation>& observations);

  bool crawling() const { return ui_.crawl.max_pages > 0; }

  // The crawl's own record ("ui.crawl"): every page found, where and at what
  // depth, how many more max_pages left out, the links not followed and why.
  // `finished`: the crawl ran to its end (not cut short by the run).
  Observation CrawlRecord(bool finished) const;

 private:
  struct Page {
    std::string key;        // as a declared page is written: "/help"
    std::string entry_url;  // where it was found (a follow language starts here)
    std::string found_on;   // the page that linked to it; empty when declared
    int depth = 0;
    bool declared = false;
  };

  void Learn(const Observation& o);
  void LearnLinks(const Observation& o, int depth);
  void PlanPage(const Page& page, Plan& plan);
  PlannedProbe FollowedProbe(const Page& page, const LanguageVariant& v, const Observation& entry);

  WebUi ui_;
  std::vector<Page> pages_;
  std::map<std::string, size_t> index_;                    // key -> pages_
  std::set<std::pair<std::string, std::string>> planned_;  // (key, lang)
  std::set<std::string> entry_planned_;
  std::map<std::string, Observation> entries_;  // key -> its ui.entry observation
  size_t consumed_ = 0;
  int wave_ = 0;
  // Keys max_pages kept out: at most 200 links per page times max_pages.
  std::set<std::string> left_out_;
  std::map<std::string, std::set<std::string>> skipped_;  // reason -> links (bounded)
  std::map<std::string, size_t> skipped_total_;
};

}  // namespace pooltest
