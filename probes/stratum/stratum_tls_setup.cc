// Split out of stratum_probe.cc: TLS settings and failure wording.
#include "probes/stratum/stratum_tls_setup.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <boost/asio/ip/address.hpp>

namespace pooltest {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;

// The host part of stratum+ssl://host:port ("[::1]" unbracketed).
std::string UrlHost(const std::string& url) {
  size_t b = url.find("://");
  if (b == std::string::npos) return {};
  b += 3;
  if (b < url.size() && url[b] == '[') {
    size_t e = url.find(']', b);
    return e == std::string::npos ? std::string() : url.substr(b + 1, e - b - 1);
  }
  size_t e = url.find_first_of(":/", b);
  return url.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

}  // namespace

std::string TlsServerName(const StratumTarget& target) {
  std::string server_name = !target.server_name.empty() ? target.server_name : UrlHost(target.url);
  if (server_name.empty()) server_name = target.address;
  return server_name;
}

std::optional<std::string> ConfigureTls(ssl::context& tls_ctx, const StratumTarget& target) {
  boost::system::error_code ec;
  if (target.tls_ca_file.empty()) {
    tls_ctx.set_default_verify_paths(ec);
    if (ec) return "cannot load the system trust store: " + ec.message();
  } else {
    tls_ctx.load_verify_file(target.tls_ca_file, ec);
    if (ec) {
      return "cannot read tls_ca_file '" + target.tls_ca_file + "' (" + ec.message() +
             "); give a readable PEM file with the CA certificate(s) to trust";
    }
  }
  return std::nullopt;
}

void ExpectServerName(SSL* ssl_handle, const std::string& server_name) {
  boost::system::error_code ip_ec;
  asio::ip::make_address(server_name, ip_ec);
  const bool name_is_ip = !ip_ec;
  // SNI carries host names only (RFC 6066); an IP literal is checked against
  // the IP SANs instead.
  if (!name_is_ip) SSL_set_tlsext_host_name(ssl_handle, server_name.c_str());
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  if (name_is_ip) {
    X509_VERIFY_PARAM_set1_ip_asc(param, server_name.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, server_name.c_str(), 0);
  }
}

std::string TlsFailure(const boost::system::error_code& ec, const std::string& where,
                       const std::string& url, std::string* reason) {
  *reason = ec.message();
  if (ec == asio::error::eof || ec == ssl::error::stream_truncated ||
      ec == asio::error::connection_reset) {
    *reason = "connection closed during the TLS handshake";
    return where + " closed the connection during the TLS handshake; is " + url +
           " really a TLS (stratum+ssl) port?";
  }
  if (ec.category() == asio::error::get_ssl_category() &&
      (ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_WRONG_VERSION_NUMBER ||
       ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_PACKET_LENGTH_TOO_LONG ||
       ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_HTTP_REQUEST)) {
    *reason = "the server did not answer in TLS (" + ec.message() + ")";
    return where + " did not answer the TLS handshake in TLS (" + ec.message() +
           "): it looks like a plain port; if the pool serves stratum without TLS there, "
           "declare it as stratum+tcp://";
  }
  return "TLS handshake with " + where + " failed: " + ec.message();
}

}  // namespace pooltest
