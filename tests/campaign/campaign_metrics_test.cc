// The campaign's progress as Prometheus metrics: the exposition text
// (checked by Prometheus's own promtool), the /metrics endpoint, the
// textfile of a finished campaign against its database, and a real
// Prometheus server on loopback scraping a running `pooltest campaign` and
// answering a query through its HTTP API with the campaign's state.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "harness/campaign/campaign_clock.h"
#include "harness/campaign/campaign_metrics.h"
#include "harness/campaign/campaign_store.h"
#include "harness/campaign/metrics_endpoint.h"
#include "tests/campaign/campaign_test_env.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct Http {
  long status = 0;
  std::string body, content_type;
};

size_t Collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

// A blocking GET (or another method) with a 5 s limit; status 0 on failure.
Http Fetch(const std::string& url, const char* method = nullptr) {
  Http r;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  if (method) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  if (curl_easy_perform(c) == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    if (type) r.content_type = type;
  }
  curl_easy_cleanup(c);
  return r;
}

std::string Escape(const std::string& s) {
  CURL* c = curl_easy_init();
  char* e = curl_easy_escape(c, s.c_str(), static_cast<int>(s.size()));
  std::string out(e);
  curl_free(e);
  curl_easy_cleanup(c);
  return out;
}

// Sample lines of the exposition: "name{labels}" -> value.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t sp = line.rfind(' ');
    out[line.substr(0, sp)] = std::stod(line.substr(sp + 1));
  }
  return out;
}

RequestRow Row(int seq, const std::string& channel, const std::string& state, long long intent_ms,
               long long response_ms = -1) {
  RequestRow r;
  r.seq = seq;
  r.channel = channel;
  r.state = state;
  r.intent_ms = intent_ms;
  r.sent_ms = intent_ms;
  r.response_ms = response_ms;
  return r;
}

TEST(CampaignMetrics, TextFormatWithEscapedLabelsAndNoEmptySamples) {
  CampaignMeta m;
  m.window_start_ms = 1'748'804'400'000;  // 2025-06-01T19:00:00Z
  m.days = 7;
  const std::string desk = "desk \"A\"\\\nB";
  std::vector<RequestRow> rows = {
      Row(1, desk, "answered", 1'748'804'500'000, 60'000),
      Row(2, desk, "answered", 1'748'808'000'000, 300'000),
      Row(3, desk, "answered", 1'748'811'600'000, 120'000),
      Row(4, desk, "unanswered", 1'748'815'200'000),
      Row(5, desk, "missed", 0),
      Row(6, desk, "planned", 0),
      Row(7, "mail", "sent", 1'748'816'000'000),
      Row(8, "mail", "failed", 1'748'815'000'000),
  };
  const std::string text = CampaignMetricsText(m, rows);
  const auto s = Samples(text);
  EXPECT_EQ(s.at("pooltest_campaign_cells{state=\"settled\"}"),
            5);  // 3 answered, unanswered, failed
  EXPECT_EQ(s.at("pooltest_campaign_cells{state=\"pending\"}"), 2);
  EXPECT_EQ(s.at("pooltest_campaign_cells{state=\"missed\"}"), 1);
  EXPECT_EQ(s.at("pooltest_campaign_requests{state=\"sending\"}"), 0);  // every state, even at 0
  const std::string label = "{channel=\"desk \\\"A\\\"\\\\\\nB\"}";
  EXPECT_EQ(s.at("pooltest_campaign_first_reply_median_seconds" + label), 120);
  EXPECT_EQ(s.at("pooltest_campaign_answered" + label), 3);
  EXPECT_EQ(s.at("pooltest_campaign_answered{channel=\"mail\"}"), 0);
  // No reply on mail yet: no median sample rather than NaN.
  EXPECT_EQ(s.count("pooltest_campaign_first_reply_median_seconds{channel=\"mail\"}"), 0u);
  EXPECT_DOUBLE_EQ(s.at("pooltest_campaign_last_send_timestamp_seconds{channel=\"mail\"}"),
                   1'748'816'000.0);
  EXPECT_DOUBLE_EQ(s.at("pooltest_campaign_last_send_timestamp_seconds" + label), 1'748'815'200.0);
  EXPECT_EQ(s.at("pooltest_campaign_finished"), 0);
  EXPECT_DOUBLE_EQ(s.at("pooltest_campaign_window_end_timestamp_seconds"),
                   1'748'804'400.0 + 7 * 86400);
  // An even count's median is the mean of the middle two.
  rows.push_back(Row(9, desk, "answered", 1'748'817'000'000, 200'000));
  EXPECT_EQ(Samples(CampaignMetricsText(m, rows))
                .at("pooltest_campaign_first_reply_median_seconds" + label),
            160);

  // Prometheus's own linter accepts it (naming, HELP/TYPE, units, syntax).
  const std::string dir = MakeTempDir("campaign-metrics-lint");
  std::ofstream(dir + "/m.prom") << text;
  const std::string cmd = "promtool check metrics < " + dir + "/m.prom > " + dir + "/lint.txt 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << ReadTextFile(dir + "/lint.txt") << text;
  std::filesystem::remove_all(dir);
}

TEST(CampaignMetrics, ListenAddresses) {
  auto a = ParseListenAddress("127.0.0.1:9464");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 9464);
  auto bare = ParseListenAddress("9464");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->first, "127.0.0.1");  // loopback by default
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->first, "::1");
  for (const char* bad :
       {"", "localhost:9464", "127.0.0.1:", "127.0.0.1:70000", "[::1]9464", "127.0.0.1:12ab"})
    EXPECT_FALSE(ParseListenAddress(bad)) << bad;
}

TEST(CampaignMetrics, EndpointServesMetricsOnlyAndBoundsRequests) {
  auto e = MetricsEndpoint::Start("127.0.0.1", 0);
  ASSERT_TRUE(e) << e.error().message;
  (*e)->Publish("# HELP x y\n# TYPE x gauge\nx 1\n");
  const std::string base = "http://127.0.0.1:" + std::to_string((*e)->port());
  Http ok = Fetch(base + "/metrics");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "# HELP x y\n# TYPE x gauge\nx 1\n");
  EXPECT_EQ(ok.content_type, kPrometheusTextType);
  (*e)->Publish("x 2\n");
  EXPECT_EQ(Fetch(base + "/metrics?debug=1").body, "x 2\n");
  EXPECT_EQ(Fetch(base + "/").status, 404);
  EXPECT_EQ(Fetch(base + "/metrics", "POST").status, 405);
  // A request head over 8 KiB gets no metrics.
  std::string header = "X-Big: " + std::string(16 * 1024, 'a');
  CURL* c = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, header.c_str());
  std::string body;
  curl_easy_setopt(c, CURLOPT_URL, (base + "/metrics").c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  EXPECT_NE(status, 200);
  EXPECT_EQ(body.find("x 2"), std::string::npos);
  // Still serving others.
  EXPECT_EQ(Fetch(base + "/metrics").status, 200);
}

std::vector<RequestRow> DbRows(const std::string& db) {
  auto store = CampaignStore::Open(db);
  if (!store) return {};
  auto rows = store->Requests();
  return rows ? *rows : std::vector<RequestRow>{};
}

// A day's campaign on a virtual clock to its end: the textfile's last
// state is the database's.
TEST(CampaignMetrics, TextfileOfAFinishedCampaignMatchesItsDatabase) {
  const std::string dir = MakeTempDir("campaign-metrics-textfile");
  const std::string clock = dir + "/clock", db = dir + "/c.db", prom = dir + "/campaign.prom";
  SupportBehaviour b;
  b.reply_delay = 4min;
  TestDesk desk(b, [&] {
    auto t = FileCampaignClock::Read(clock);
    return t ? *t : MondayMidnight();
  });
  ASSERT_NE(desk.port(), 0);
  const std::string scenario = dir + "/scenario.yaml";
  std::ofstream(scenario) << DeskScenarioYaml(desk.base());
  bool killed = false;
  const int rc = RunProcess({POOLTEST_BINARY,
                             "campaign",
                             "start",
                             "--db",
                             db,
                             "--clock-file",
                             clock,
                             "-q",
                             "--scenario",
                             scenario,
                             "--start",
                             "2025-06-01T19:00:00Z",
                             "--days",
                             "1",
                             "--seed",
                             "99",
                             "--calendar-dir",
                             CalendarDir(),
                             "--metrics-textfile",
                             prom},
                            0ms, dir + "/out.txt", &killed);
  ASSERT_EQ(rc, 0) << ReadTextFile(dir + "/out.txt");
  const auto rows = DbRows(db);
  ASSERT_EQ(rows.size(), 24u);
  std::vector<long long> replies;
  long long last_send = 0;
  for (const RequestRow& r : rows) {
    ASSERT_EQ(r.state, "answered") << r.seq;
    replies.push_back(r.response_ms);
    last_send = std::max(last_send, r.intent_ms);
  }
  std::sort(replies.begin(), replies.end());
  const double median_s = (replies[11] + replies[12]) / 2000.0;
  const auto s = Samples(ReadTextFile(prom));
  EXPECT_EQ(s.at("pooltest_campaign_cells{state=\"settled\"}"), 24);
  EXPECT_EQ(s.at("pooltest_campaign_cells{state=\"pending\"}"), 0);
  EXPECT_EQ(s.at("pooltest_campaign_cells{state=\"missed\"}"), 0);
  EXPECT_EQ(s.at("pooltest_campaign_finished"), 1);
  EXPECT_DOUBLE_EQ(s.at("pooltest_campaign_first_reply_median_seconds{channel=\"desk\"}"),
                   median_s);
  EXPECT_GE(median_s, 240);  // the desk answers after 4 minutes
  EXPECT_DOUBLE_EQ(s.at("pooltest_campaign_last_send_timestamp_seconds{channel=\"desk\"}"),
                   last_send / 1000.0);
  // Written atomically: no temporary file is left beside it.
  for (const auto& f : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(f.path().string().find(".tmp"), std::string::npos) << f.path();
  std::filesystem::remove_all(dir);
}

uint16_t FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  ::close(fd);
  return ntohs(sa.sin_port);
}

// The value of an instant query's single result, or nullopt (no sample yet).
std::optional<double> Query(const std::string& prometheus, const std::string& promql) {
  Http r = Fetch(prometheus + "/api/v1/query?query=" + Escape(promql));
  if (r.status != 200) return std::nullopt;
  json j = json::parse(r.body, nullptr, false);
  if (!j.is_object() || j.value("status", "") != "success") return std::nullopt;
  const json& result = j["data"]["result"];
  if (!result.is_array() || result.size() != 1) return std::nullopt;
  return std::stod(result[0]["value"][1].get<std::string>());
}

// `pooltest campaign` on the system clock, a day into a two-day window: the
// first day's requests are missed, the second day's wait for their hour
// (the desk never answers one that is sent), so the state is steady while
// Prometheus scrapes.
TEST(CampaignMetrics, PrometheusScrapesARunningCampaign) {
  const std::string dir = MakeTempDir("campaign-metrics-prometheus");
  SupportBehaviour b;
  b.never_reply = true;
  TestDesk desk(b, {});
  ASSERT_NE(desk.port(), 0);
  const std::string scenario = dir + "/scenario.yaml", db = dir + "/c.db";
  std::ofstream(scenario) << DeskScenarioYaml(desk.base());
  const std::string start = FormatUtc(std::chrono::system_clock::now() - 24h);
  const std::string out = dir + "/campaign.out";

  std::atomic<bool> done{false};
  std::string failure;
  double prometheus_missed = -1, prometheus_pending = -1, prometheus_up = -1;
  int db_missed = -2, db_pending = -2;
  std::thread observer([&] {
    auto finish = [&](std::string why) {
      failure = std::move(why);
      done = true;
    };
    // The campaign says where its metrics are (port 0 picked one).
    std::string url;
    for (int i = 0; i < 200 && url.empty(); ++i) {
      const std::string text = ReadTextFile(out);
      const size_t at = text.find("metrics: http://");
      const size_t nl = at == std::string::npos ? at : text.find('\n', at);
      if (nl != std::string::npos) url = text.substr(at + 9, nl - at - 9);
      if (url.empty()) std::this_thread::sleep_for(50ms);
    }
    if (url.empty()) return finish("the campaign printed no metrics URL: " + ReadTextFile(out));
    const std::string target = url.substr(7, url.find("/metrics") - 7);
    const uint16_t port = FreeLoopbackPort();
    std::ofstream(dir + "/prometheus.yml")
        << "global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}\n"
           "scrape_configs:\n"
           "  - job_name: campaign\n"
           "    static_configs: [{targets: ['"
        << target << "']}]\n";
    const std::string web = "127.0.0.1:" + std::to_string(port);
    pid_t prom = fork();
    if (prom == 0) {
      FILE* f = std::freopen((dir + "/prometheus.log").c_str(), "w", stderr);
      (void)f;
      execlp("prometheus", "prometheus", ("--config.file=" + dir + "/prometheus.yml").c_str(),
             ("--storage.tsdb.path=" + dir + "/tsdb").c_str(),
             ("--web.listen-address=" + web).c_str(), "--log.level=warn", (char*)nullptr);
      _exit(127);
    }
    // Until Prometheus has scraped the campaign's steady state (bounded).
    const std::string api = "http://" + web;
    for (int i = 0; i < 120 && !done; ++i) {
      std::this_thread::sleep_for(500ms);
      auto missed = Query(api, "pooltest_campaign_cells{state=\"missed\",job=\"campaign\"}");
      auto pending = Query(api, "pooltest_campaign_cells{state=\"pending\",job=\"campaign\"}");
      auto up = Query(api, "up{job=\"campaign\"}");
      if (!missed || !pending || !up) continue;
      int m = 0, p = 0;
      for (const RequestRow& r : DbRows(db)) {
        m += r.state == "missed";
        p += r.state == "planned" || r.state == "sending" || r.state == "sent";
      }
      prometheus_missed = *missed;
      prometheus_pending = *pending;
      prometheus_up = *up;
      db_missed = m;
      db_pending = p;
      if (*missed == m && *pending == p && m + p == 48) break;
    }
    kill(prom, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(prom, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(100ms);
    if (waitpid(prom, &status, WNOHANG) == 0) {
      kill(prom, SIGKILL);
      waitpid(prom, &status, 0);
    }
    done = true;
  });
  bool killed = false;
  const int rc =
      RunProcess({POOLTEST_BINARY, "campaign", "start", "--db", db, "--scenario", scenario,
                  "--start", start, "--days", "2", "--seed", "5", "--late-grace", "1",
                  "--calendar-dir", CalendarDir(), "--metrics-listen", "127.0.0.1:0"},
                 0ms, out, &killed, [&] { return done.load() ? SIGTERM : 0; });
  done = true;
  observer.join();
  ASSERT_TRUE(failure.empty()) << failure;
  RecordProperty("prometheus_missed", std::to_string(prometheus_missed));
  RecordProperty("prometheus_pending", std::to_string(prometheus_pending));
  EXPECT_EQ(rc, 5) << "stopped by SIGTERM: " << ReadTextFile(out);  // kExitInterrupted
  EXPECT_EQ(prometheus_up, 1) << ReadTextFile(dir + "/prometheus.log");
  EXPECT_EQ(prometheus_missed, db_missed) << ReadTextFile(dir + "/prometheus.log");
  EXPECT_EQ(prometheus_pending, db_pending);
  EXPECT_EQ(db_missed + db_pending, 48);
  EXPECT_GE(db_missed, 24);   // the first day lies in the past
  EXPECT_GE(db_pending, 23);  // the second day's later hours are to come
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pooltest
