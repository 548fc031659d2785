#include "refpool/refpool.h"

#include <algorithm>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "refpool/stratum_server.h"
#include "refpool/web_server.h"

namespace pooltest {

struct Refpool::Impl {
  boost::asio::io_context io;
  std::unique_ptr<StratumServer> stratum;
  std::unique_ptr<WebServer> web;
  std::vector<std::string> listening;
  std::thread thread;
  bool stopped = false;
};

Refpool::Refpool() : impl_(std::make_unique<Impl>()) {}

Refpool::~Refpool() { Stop(); }

Result<std::unique_ptr<Refpool>> Refpool::Start(const RefpoolConfig& config) {
  std::unique_ptr<Refpool> pool(new Refpool());
  Impl& s = *pool->impl_;
  s.stratum = std::make_unique<StratumServer>(s.io, config.stratum);
  s.web = std::make_unique<WebServer>(s.io, config.ui, config.support);
  // Bind everything before the io thread starts, so a failure leaves nothing
  // running and the caller learns which address is taken.
  for (const RefpoolSiteConfig& site : config.sites) {
    for (const std::string& addr : site.addresses) {
      if (std::find(site.down_addresses.begin(), site.down_addresses.end(), addr) !=
          site.down_addresses.end()) {
        continue;  // a dead channel: nothing listens here
      }
      Result<uint16_t> port = s.stratum->Listen(addr, site.stratum_port);
      if (!port) return Error{"reference pool, site '" + site.id + "': " + port.error().message};
      s.listening.push_back("stratum " + addr + ":" + std::to_string(*port));
      if (site.http_port != 0) {
        Result<uint16_t> hport = s.web->Listen(addr, site.http_port);
        if (!hport) {
          return Error{"reference pool, site '" + site.id + "': " + hport.error().message};
        }
        s.listening.push_back("http " + addr + ":" + std::to_string(*hport));
      }
    }
  }
  s.thread = std::thread([&io = s.io] {
    auto guard = boost::asio::make_work_guard(io);
    io.run();
  });
  return pool;
}

void Refpool::Stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  if (s.thread.joinable()) {
    // Servers are touched only on their io thread once it runs.
    boost::asio::post(s.io, [&s] {
      s.stratum->Stop();
      s.web->Stop();
      s.io.stop();
    });
    s.thread.join();
  } else {
    if (s.stratum) s.stratum->Stop();
    if (s.web) s.web->Stop();
  }
}

std::vector<std::string> Refpool::listening() const { return impl_->listening; }

}  // namespace pooltest
