// Throwaway certificates for TLS tests, made with the openssl CLI in a
// temporary folder that is removed on destruction: one test CA and any
// number of server certificates it signs (chosen names, expired or not).
// Used by the HTTPS test server and the stratum+ssl tests.
#pragma once

#include <optional>
#include <string>

namespace pooltest::testing {

class TestCertificates {
 public:
  // Makes the folder and a CA named `ca_name` ("CN=<ca_name>"); check ok().
  explicit TestCertificates(const std::string& ca_name = "pooltest-test-ca");
  ~TestCertificates();
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }
  std::string ca_file() const { return dir_ + "/ca.pem"; }

  struct Issued {
    std::string certificate;  // PEM chain file: the server certificate
    std::string key;          // PEM private key
  };
  // A certificate for CN=`common_name` with `san` (openssl syntax, e.g.
  // "DNS:localhost,IP:127.0.0.1"), signed by the CA, valid `days` days from
  // now; a negative value gives one that has already expired. Files are
  // named after `name`. nullopt (and error() set) when openssl fails.
  std::optional<Issued> Issue(const std::string& name, const std::string& common_name,
                              const std::string& san, int days = 2);

 private:
  std::string dir_;
  std::string error_;
};

}  // namespace pooltest::testing
