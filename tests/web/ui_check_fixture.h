// The R4.6 end-to-end fixture: a scenario's UI probes planned, run by the
// runner against the reference pool's web server on loopback (one server
// per Run, on a port of its own), and judged by the check. Shared by the
// tests of R4.6 that need the whole path (ui_check_test.cc,
// ui_switch_test.cc).
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "checks/ui_languages_check.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/plan.h"
#include "harness/runner/probing_phase.h"
#include "harness/runner/runner.h"
#include "tests/web/web_test_env.h"

namespace pooltest::ui_fixture {

namespace fs = std::filesystem;
using nlohmann::json;
using M = LanguageVariant::Method;

struct Variant {
  const char* lang;
  M method;
  const char* value;
};

const std::vector<Variant> kPrefix = {
    {"kk", M::kPathPrefix, "/kk"}, {"ru", M::kPathPrefix, "/ru"}, {"en", M::kPathPrefix, "/en"}};

struct Outcome {
  CheckResult result;
  std::vector<Observation> observations;
  fs::path dir;
};

class UiCheck : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    for (const fs::path& d : dirs_) fs::remove_all(d, ec);
  }

  Outcome Run(const UiBehaviour& behaviour, const std::vector<Variant>& variants,
              bool render = false, std::vector<std::string> pages = {"/", "/help"},
              const std::string& host = "127.0.0.1") {
    TestWebServer server(behaviour);
    EXPECT_TRUE(server.ok()) << server.error();
    Scenario sc;
    WebUi ui;
    ui.base_url = "http://" + host + ":" + std::to_string(server.port()) + "/";
    ui.pages = std::move(pages);
    ui.render = render;
    ui.crawl = crawl_;
    for (const Variant& v : variants) ui.languages.push_back({v.lang, v.method, v.value, {}});
    sc.ui = ui;
    std::string tmpl = (fs::temp_directory_path() / "pooltest-uicheck-XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    dirs_.push_back(tmpl);
    Outcome out;
    out.dir = tmpl;
    Result<EvidenceStore> store = EvidenceStore::Create(tmpl);
    EXPECT_TRUE(store.ok());
    RunOptions ro;
    ro.concurrency = 4;
    ro.probe_timeout = std::chrono::seconds(20);
    ro.run_deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
    ro.handle_signals = false;
    ro.evidence_dir = tmpl;
    {
      Runner runner(ro, *store);
      // The base host name resolves to loopback here; no DNS is asked.
      AddressBook book;
      if (host != "127.0.0.1") book[host] = {"127.0.0.1"};
      runner.SetTargets(TargetsFromAddressBook(sc, book));
      ExecuteProbing(runner, *store, sc, book, RunResources{});
    }
    out.observations = store->observations();
    out.result = CheckUiLanguages({sc, out.observations});
    return out;
  }

  static std::string Failures(const CheckResult& r) { return r.figures["failures"].dump(1); }

  static bool HasFailure(const CheckResult& r, const std::string& part) {
    for (const auto& f : r.figures["failures"])
      if (f.get<std::string>().find(part) != std::string::npos) return true;
    return false;
  }

  static const json* Row(const CheckResult& r, const std::string& page, const std::string& lang) {
    for (const auto& row : r.figures["pages"])
      if (row["page"] == page && row["lang"] == lang) return &row;
    return nullptr;
  }

  static int Count(const Outcome& o, const std::string& probe) {
    int n = 0;
    for (const Observation& ob : o.observations) n += ob.probe == probe;
    return n;
  }

  std::vector<fs::path> dirs_;
  WebUi::Crawl crawl_;  // off unless a test sets max_pages
};

}  // namespace pooltest::ui_fixture
