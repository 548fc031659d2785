#include "refpool/refpool.h"

#include <algorithm>
#include <map>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "refpool/refpool_control.h"
#include "refpool/stratum_server.h"
#include "refpool/web_server.h"

namespace pooltest {
namespace pool_control {

// One control request, on the io thread: switch a stratum address off or on.
std::pair<int, std::string> Handle(StratumServer* stratum,
                                   std::map<std::string, std::pair<uint16_t, bool>>& channels,
                                   const std::string& method, const std::string& path) {
  if (path == "/control/channels") {
    std::string body;
    for (const auto& [addr, st] : channels) body += addr + (st.second ? " up\n" : " down\n");
    return {200, body};
  }
  const std::string prefix = "/control/channel/";
  if (path.rfind(prefix, 0) != 0) return {404, "unknown control path " + path + "\n"};
  const std::string rest = path.substr(prefix.size());
  const size_t slash = rest.rfind('/');
  if (slash == std::string::npos) return {404, "expected /control/channel/<address>/down|up\n"};
  const std::string addr = rest.substr(0, slash);
  const std::string action = rest.substr(slash + 1);
  if (method != "POST") return {405, "use POST\n"};
  auto it = channels.find(addr);
  if (it == channels.end()) return {404, "no channel at " + addr + "\n"};
  if (action == "down") {
    stratum->CloseAddress(addr);
    it->second.second = false;
    return {200, "down " + addr + "\n"};
  }
  if (action == "up") {
    if (!it->second.second) {
      Result<uint16_t> port = stratum->Listen(addr, it->second.first);
      if (!port) return {500, port.error().message + "\n"};
      it->second.second = true;
    }
    return {200, "up " + addr + "\n"};
  }
  return {404, "unknown action " + action + " (down or up)\n"};
}

}  // namespace pool_control

struct Refpool::Impl {
  boost::asio::io_context io;
  std::unique_ptr<StratumServer> stratum;
  std::unique_ptr<WebServer> web;
  std::unique_ptr<RefpoolControl> control;
  uint16_t control_port = 0;
  // Stratum addresses the control port may switch, with their port and state.
  std::map<std::string, std::pair<uint16_t, bool>> channels;  // address -> (port, up)
  std::vector<std::string> listening;
  std::thread thread;
  bool stopped = false;
};

Refpool::Refpool() : impl_(std::make_unique<Impl>()) {}

Refpool::~Refpool() { Stop(); }

Result<std::unique_ptr<Refpool>> Refpool::Start(const RefpoolConfig& config,
                                                RefpoolLog stratum_log) {
  std::unique_ptr<Refpool> pool(new Refpool());
  Impl& s = *pool->impl_;
  s.stratum = std::make_unique<StratumServer>(s.io, config.stratum, std::move(stratum_log));
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
      if (site.stratum_tls_port) {
        if (config.stratum_tls.certificate.empty() || config.stratum_tls.key.empty()) {
          return Error{"reference pool, site '" + site.id +
                       "': stratum_tls_port needs stratum_tls.certificate and stratum_tls.key"};
        }
        Result<uint16_t> tport = s.stratum->ListenTls(
            addr, *site.stratum_tls_port, config.stratum_tls.certificate, config.stratum_tls.key);
        if (!tport) {
          return Error{"reference pool, site '" + site.id + "': " + tport.error().message};
        }
        s.listening.push_back("stratum+ssl " + addr + ":" + std::to_string(*tport));
      }
      if (site.http_port != 0) {
        Result<uint16_t> hport = s.web->Listen(addr, site.http_port);
        if (!hport) {
          return Error{"reference pool, site '" + site.id + "': " + hport.error().message};
        }
        s.listening.push_back("http " + addr + ":" + std::to_string(*hport));
      }
    }
  }
  for (const RefpoolSiteConfig& site : config.sites) {
    for (const std::string& addr : site.addresses) {
      const bool down = std::find(site.down_addresses.begin(), site.down_addresses.end(), addr) !=
                        site.down_addresses.end();
      s.channels[addr] = {site.stratum_port, !down};
    }
  }
  if (!config.control_address.empty()) {
    s.control = std::make_unique<RefpoolControl>(
        s.io, [&s](const std::string& method, const std::string& path) {
          return pool_control::Handle(s.stratum.get(), s.channels, method, path);
        });
    Result<uint16_t> cport = s.control->Listen(config.control_address, config.control_port);
    if (!cport) return Error{"reference pool: " + cport.error().message};
    s.control_port = *cport;
    s.listening.push_back("control " + config.control_address + ":" + std::to_string(*cport));
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
      if (s.control) s.control->Stop();
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

uint16_t Refpool::control_port() const { return impl_->control_port; }

}  // namespace pooltest
