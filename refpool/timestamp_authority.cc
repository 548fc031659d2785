#include "refpool/timestamp_authority.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include <utility>  // before asio: Boost 1.74 uses std::exchange without it

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace pooltest {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kMaxQueryBytes = 64 * 1024;

std::string Reply(int status, const char* type, const std::string& body) {
  std::string head = "HTTP/1.1 " + std::to_string(status) +
                     (status == 200   ? " OK"
                      : status == 400 ? " Bad Request"
                                      : " Error") +
                     "\r\nContent-Type: " + type +
                     "\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n\r\n";
  return head + body;
}

// Content-Length of a request head, or -1.
long ContentLength(const std::string& head) {
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return -1;
  return std::strtol(lower.c_str() + at + 17, nullptr, 10);
}

}  // namespace

struct TimestampAuthority::Impl {
  Responder responder;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::atomic<size_t> served{0};
  std::once_flag stopped;

  // One request per connection, answered in full before the next accept.
  void Serve(tcp::socket& s) {
    timeval tv{5, 0};
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    boost::system::error_code ec;
    asio::streambuf buf(kMaxHeaderBytes + kMaxQueryBytes);
    size_t head_end = asio::read_until(s, buf, "\r\n\r\n", ec);
    if (ec) return;
    std::string data(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    std::string head = data.substr(0, head_end);
    long length = ContentLength(head);
    std::string response;
    if (head.rfind("POST ", 0) != 0 || length < 0 || length > static_cast<long>(kMaxQueryBytes)) {
      response = Reply(400, "text/plain", "POST an application/timestamp-query\n");
    } else {
      std::string body = data.substr(head_end);
      if (body.size() < static_cast<size_t>(length)) {
        std::string rest(static_cast<size_t>(length) - body.size(), '\0');
        asio::read(s, asio::buffer(rest), ec);
        if (ec) return;
        body += rest;
      }
      body.resize(static_cast<size_t>(length));
      Result<std::string> reply = responder(body);
      if (reply) {
        response = Reply(200, "application/timestamp-reply", *reply);
        ++served;
      } else {
        response = Reply(500, "text/plain", reply.error().message + "\n");
      }
    }
    asio::write(s, asio::buffer(response), ec);
  }

  void Accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;  // stopped
      Serve(s);
      Accept();
    });
  }
};

TimestampAuthority::TimestampAuthority(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TimestampAuthority::~TimestampAuthority() { Stop(); }

Result<std::unique_ptr<TimestampAuthority>> TimestampAuthority::Start(Responder responder,
                                                                      const std::string& address) {
  auto impl = std::make_unique<Impl>();
  impl->responder = std::move(responder);
  boost::system::error_code ec;
  tcp::endpoint ep(asio::ip::make_address(address, ec), 0);
  if (ec) return Error{"not an address: " + address};
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(16, ec);
  if (ec)
    return Error{"the time-stamping authority cannot listen on " + address + ": " + ec.message()};
  impl->Accept();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<TimestampAuthority>(new TimestampAuthority(std::move(impl)));
}

std::string TimestampAuthority::url() const {
  tcp::endpoint ep = impl_->acceptor.local_endpoint();
  return "http://" + ep.address().to_string() + ":" + std::to_string(ep.port()) + "/tsp";
}

size_t TimestampAuthority::served() const { return impl_->served.load(); }

void TimestampAuthority::Stop() {
  if (!impl_) return;
  std::call_once(impl_->stopped, [this] {
    asio::post(impl_->io, [this] {
      boost::system::error_code ec;
      impl_->acceptor.close(ec);
    });
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
  });
}

namespace {

// Serial numbers from a counter in the responder's state, so each token of
// a run has its own.
ASN1_INTEGER* NextSerial(TS_RESP_CTX*, void* data) {
  auto* counter = static_cast<std::atomic<long>*>(data);
  ASN1_INTEGER* serial = ASN1_INTEGER_new();
  if (serial != nullptr) ASN1_INTEGER_set(serial, ++*counter);
  return serial;
}

}  // namespace

TimestampAuthority::Responder TimestampAuthority::Signing(
    std::shared_ptr<EVP_PKEY> key, std::shared_ptr<X509> cert,
    std::vector<std::shared_ptr<X509>> chain) {
  auto counter = std::make_shared<std::atomic<long>>(0);
  return [key, cert, chain, counter](const std::string& query) -> Result<std::string> {
    std::unique_ptr<TS_RESP_CTX, void (*)(TS_RESP_CTX*)> ctx(TS_RESP_CTX_new(), TS_RESP_CTX_free);
    std::unique_ptr<ASN1_OBJECT, void (*)(ASN1_OBJECT*)> policy(
        OBJ_txt2obj("1.2.3.4.1", 1), ASN1_OBJECT_free);  // OpenSSL's example policy id
    if (!ctx || !policy || TS_RESP_CTX_set_signer_cert(ctx.get(), cert.get()) != 1 ||
        TS_RESP_CTX_set_signer_key(ctx.get(), key.get()) != 1 ||
        TS_RESP_CTX_set_signer_digest(ctx.get(), EVP_sha256()) != 1 ||
        TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()) != 1 ||
        TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()) != 1 ||
        TS_RESP_CTX_add_md(ctx.get(), EVP_sha256()) != 1) {
      ERR_clear_error();
      return Error{"cannot set up the time-stamp responder"};
    }
    STACK_OF(X509)* certs = sk_X509_new_null();
    for (const auto& c : chain) sk_X509_push(certs, c.get());
    const int certs_ok = TS_RESP_CTX_set_certs(ctx.get(), certs);  // copies the stack
    sk_X509_free(certs);
    if (certs_ok != 1) return Error{"cannot add the TSA's chain to the responder"};
    TS_RESP_CTX_set_serial_cb(ctx.get(), NextSerial, counter.get());
    std::unique_ptr<BIO, void (*)(BIO*)> in(
        BIO_new_mem_buf(query.data(), static_cast<int>(query.size())), BIO_free_all);
    std::unique_ptr<TS_RESP, void (*)(TS_RESP*)> resp(TS_RESP_create_response(ctx.get(), in.get()),
                                                      TS_RESP_free);
    if (!resp) {
      ERR_clear_error();
      return Error{"cannot make a time-stamp reply"};
    }
    unsigned char* der = nullptr;
    int n = i2d_TS_RESP(resp.get(), &der);
    if (n <= 0) return Error{"cannot encode the time-stamp reply"};
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
    OPENSSL_free(der);
    return out;
  };
}

}  // namespace pooltest
