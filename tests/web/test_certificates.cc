#include "tests/web/test_certificates.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace pooltest::testing {
namespace {

namespace fs = std::filesystem;

// Runs the openssl CLI; false when it fails.
bool Openssl(const std::string& args) {
  const std::string cmd = "openssl " + args + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

TestCertificates::TestCertificates(const std::string& ca_name) {
  std::string tmpl = (fs::temp_directory_path() / "pooltest-tls-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    error_ = "cannot make a temporary folder for test certificates";
    return;
  }
  dir_ = tmpl;
  if (!Openssl("req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + ca_name + " -keyout " +
               dir_ + "/ca.key -out " + dir_ + "/ca.pem")) {
    error_ = "the openssl CLI could not make the test CA in " + dir_;
  }
}

TestCertificates::~TestCertificates() {
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::optional<TestCertificates::Issued> TestCertificates::Issue(const std::string& name,
                                                                const std::string& common_name,
                                                                const std::string& san, int days) {
  if (!ok()) return std::nullopt;
  const std::string base = dir_ + "/" + name;
  std::FILE* ext = std::fopen((base + ".cnf").c_str(), "w");
  if (!ext) {
    error_ = "cannot write " + base + ".cnf";
    return std::nullopt;
  }
  std::fprintf(ext, "subjectAltName=%s\nbasicConstraints=CA:FALSE\n", san.c_str());
  std::fclose(ext);
  // -days with a negative count puts notAfter before now: an expired certificate.
  if (!Openssl("req -newkey rsa:2048 -nodes -subj /CN=" + common_name + " -keyout " + base +
               ".key -out " + base + ".csr") ||
      !Openssl("x509 -req -in " + base + ".csr -CA " + dir_ + "/ca.pem -CAkey " + dir_ +
               "/ca.key -CAcreateserial -days " + std::to_string(days) + " -extfile " + base +
               ".cnf -out " + base + ".pem")) {
    error_ = "the openssl CLI could not issue the test certificate " + base + ".pem";
    return std::nullopt;
  }
  return Issued{base + ".pem", base + ".key"};
}

}  // namespace pooltest::testing
