// Megabytes of HTML per second through the UI probe's text pipeline
// (gumbo-based extraction of visible text, then language identification of
// every segment), against gumbo parsing alone as the baseline in the same
// run. The corpus is the reference pool's pages in all three languages.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <gumbo.h>

#include "probes/http/html_text.h"
#include "probes/http/language_id.h"
#include "refpool/web/ui_pages.h"

namespace {

std::vector<std::string> Corpus() {
  std::vector<std::string> pages;
  for (const char* lang : {"kk", "ru", "en"})
    for (const char* page : {"/", "/pricing", "/help"})
      pages.push_back(pooltest::RenderUiPage(pooltest::UiBehaviour{},
                                             std::string("/") + lang + (page[1] ? page : "/"))
                          .body);
  return pages;
}

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = Corpus();
  return pages;
}

size_t CorpusBytes() {
  size_t n = 0;
  for (const auto& p : Pages()) n += p.size();
  return n;
}

void BM_GumboParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& html : Pages()) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
      benchmark::DoNotOptimize(out);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_GumboParseOnly);

void BM_ExtractOnly(benchmark::State& state) {
  for (auto _ : state)
    for (const std::string& html : Pages())
      benchmark::DoNotOptimize(pooltest::ExtractHtmlText(html));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_ExtractOnly);

void BM_ExtractAndIdentify(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& html : Pages()) {
      const pooltest::HtmlFacts facts = pooltest::ExtractHtmlText(html);
      int words = 0;
      for (const std::string& seg : facts.segments) words += pooltest::IdentifySegment(seg).words;
      benchmark::DoNotOptimize(words);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_ExtractAndIdentify);

// Prints as usual, then MB/s of each and the pipeline's ratio to the baseline.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      auto it = r.counters.find("bytes_per_second");
      if (it != r.counters.end()) mbps_[r.benchmark_name()] = it->second.value / 1e6;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const double base = mbps_["BM_GumboParseOnly"];
    std::printf("\nUI text pipeline over %zu bytes of HTML (%zu pages):\n", CorpusBytes(),
                Pages().size());
    for (const auto& [name, mbps] : mbps_)
      std::printf("  %-24s %8.2f MB/s  (%.2fx of gumbo parse alone)\n", name.c_str(), mbps,
                  base > 0 ? mbps / base : 0.0);
  }

 private:
  std::map<std::string, double> mbps_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
