// An HTTP/1.1 server for tests whose every answer a test scripts: it reads
// each request (head and Content-Length body) on a loopback address of the
// test's choosing, keeps it, and writes the raw response `script` returns.
// A paced script returns the response in timed pieces instead, each written
// `after` the one before (the first after the request was read): a slow,
// silent (one piece far in the future holds the connection open) or
// trickling server, all on the one io thread. One request per connection.
// Header-only; bounded: at most 100 requests are kept and the io thread
// stops after two minutes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

namespace pooltest::testing {

struct ScriptedRequest {
  std::string method, target, head, body;
  // The value of header `name` (case-insensitive), "" when absent.
  std::string Header(std::string name) const {
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    const std::string h = lower(head);
    const size_t at = h.find("\r\n" + lower(name) + ":");
    if (at == std::string::npos) return "";
    const size_t v = at + 3 + name.size();
    std::string value = head.substr(v, head.find("\r\n", v) - v);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    return value;
  }
};

struct ScriptedPiece {
  std::chrono::milliseconds after{0};
  std::string bytes;
};

class ScriptedHttpServer {
 public:
  using Script = std::function<std::string(const ScriptedRequest&)>;
  using PacedScript = std::function<std::vector<ScriptedPiece>(const ScriptedRequest&)>;

  ScriptedHttpServer(const std::string& address, Script script)
      : ScriptedHttpServer(
            address, PacedScript([script = std::move(script)](const ScriptedRequest& r) {
              return std::vector<ScriptedPiece>{{std::chrono::milliseconds(0), script(r)}};
            })) {}
  ScriptedHttpServer(const std::string& address, PacedScript script)
      : script_(std::move(script)),
        acceptor_(io_, {boost::asio::ip::make_address(address), 0}),
        host_(address.find(':') != std::string::npos ? "[" + address + "]" : address) {
    Accept();
    thread_ = std::thread([this] { io_.run_for(std::chrono::minutes(2)); });
  }
  ~ScriptedHttpServer() {
    io_.stop();
    thread_.join();
  }
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string origin() const { return "http://" + host_ + ":" + std::to_string(port()); }
  std::string url(const std::string& path) const { return origin() + path; }
  std::vector<ScriptedRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  static std::string Response(int status, const std::string& extra_headers = "",
                              const std::string& body = "",
                              const std::string& content_type = "text/plain") {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\n" + extra_headers +
           "Content-Type: " + content_type +
           "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
           body;
  }
  // A 200 HTML page in UTF-8: what most rendering tests serve.
  static std::string HtmlPage(const std::string& body) {
    return Response(200, "", body, "text/html; charset=utf-8");
  }

 private:
  struct Conn {
    explicit Conn(boost::asio::io_context& io) : socket(io), pause(io) {}
    boost::asio::ip::tcp::socket socket;
    boost::asio::steady_timer pause;
    boost::asio::streambuf buf;
    ScriptedRequest req;
    std::vector<ScriptedPiece> reply;
  };

  void Accept() {
    auto c = std::make_shared<Conn>(io_);
    acceptor_.async_accept(c->socket, [this, c](boost::system::error_code ec) {
      if (ec) return;
      Accept();
      boost::asio::async_read_until(
          c->socket, c->buf, "\r\n\r\n", [this, c](boost::system::error_code rec, size_t n) {
            if (rec) return;
            const std::string all(boost::asio::buffers_begin(c->buf.data()),
                                  boost::asio::buffers_end(c->buf.data()));
            c->req.head = all.substr(0, n);
            c->buf.consume(n);
            c->req.method = c->req.head.substr(0, c->req.head.find(' '));
            const size_t t = c->req.head.find(' ') + 1;
            c->req.target = c->req.head.substr(t, c->req.head.find(' ', t) - t);
            const std::string cl = c->req.Header("Content-Length");
            const size_t want = cl.empty() ? 0 : std::min<size_t>(std::stoul(cl), 1 << 20);
            ReadBody(c, want);
          });
    });
  }

  void ReadBody(std::shared_ptr<Conn> c, size_t want) {
    if (c->buf.size() >= want) {
      const std::string rest(boost::asio::buffers_begin(c->buf.data()),
                             boost::asio::buffers_end(c->buf.data()));
      c->req.body = rest.substr(0, want);
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (requests_.size() < 100) requests_.push_back(c->req);
      }
      c->reply = script_(c->req);
      Send(c, 0);
      return;
    }
    boost::asio::async_read(c->socket, c->buf, boost::asio::transfer_at_least(1),
                            [this, c, want](boost::system::error_code ec, size_t) {
                              if (!ec) ReadBody(c, want);
                            });
  }

  void Send(std::shared_ptr<Conn> c, size_t i) {
    if (i >= c->reply.size()) return;
    c->pause.expires_after(c->reply[i].after);
    c->pause.async_wait([this, c, i](boost::system::error_code ec) {
      if (ec) return;
      boost::asio::async_write(c->socket, boost::asio::buffer(c->reply[i].bytes),
                               [this, c, i](boost::system::error_code wec, size_t) {
                                 if (!wec) Send(c, i + 1);
                               });
    });
  }

  PacedScript script_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::string host_;
  std::mutex mu_;
  std::vector<ScriptedRequest> requests_;
  std::thread thread_;
};

}  // namespace pooltest::testing
