// A throwaway PKI for tests, made with the openssl CLI in a temp folder: a
// CA, RSA and ECDSA P-256 lab certificates signed by it, and PKCS#12 files
// (one with legacy ciphers). Never committed keys.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace pooltest::testing {

inline int Sh(const std::string& cmd) { return std::system(cmd.c_str()); }

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::filesystem::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}

inline void FlipByte(const std::filesystem::path& p, size_t at) {
  std::string s = ReadFile(p);
  s[at % s.size()] ^= 0x01;
  WriteFile(p, s);
}

struct TestPki {
  std::filesystem::path dir;
  std::string password = "test-password-1";

  // Returns "" on success, else what failed.
  std::string Make(const std::string& tag) {
    namespace fs = std::filesystem;
    dir = fs::temp_directory_path() / ("pooltest-pki-" + std::to_string(::getpid()) + "-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string d = dir.string();
    WriteFile(dir / "ca.ext",
              "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
    WriteFile(
        dir / "lab.ext",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n");
    WriteFile(dir / "pass", password + "\n");
    const char* q = " >/dev/null 2>&1";
    std::string steps[] = {
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/ca.key -out " + d +
            "/ca.pem -days 2 -subj '/C=KZ/O=Test Lab CA/CN=Test CA' -addext "
            "basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign",
        "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + d + "/rsa.key",
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + d + "/ec.key",
        "openssl req -new -key " + d + "/rsa.key -subj '/C=KZ/O=Test Lab/CN=Lab RSA' -out " + d +
            "/rsa.csr",
        "openssl req -new -key " + d + "/ec.key -subj '/C=KZ/O=Test Lab/CN=Lab EC' -out " + d +
            "/ec.csr",
        "openssl x509 -req -in " + d + "/rsa.csr -CA " + d + "/ca.pem -CAkey " + d +
            "/ca.key -CAcreateserial -days 2 -extfile " + d + "/lab.ext -out " + d + "/rsa.pem",
        "openssl x509 -req -in " + d + "/ec.csr -CA " + d + "/ca.pem -CAkey " + d +
            "/ca.key -CAcreateserial -days 2 -extfile " + d + "/lab.ext -out " + d + "/ec.pem",
        "openssl pkcs12 -export -inkey " + d + "/rsa.key -in " + d + "/rsa.pem -certfile " + d +
            "/ca.pem -passout file:" + d + "/pass -out " + d + "/rsa.p12",
        "openssl pkcs12 -export -legacy -inkey " + d + "/ec.key -in " + d +
            "/ec.pem -passout file:" + d + "/pass -out " + d + "/ec-legacy.p12",
        // A second, unrelated CA: the lab's signature must not chain to it.
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
            "/other.key -out " + d + "/other-ca.pem -days 2 -subj '/CN=Other CA'",
    };
    for (const std::string& s : steps) {
      if (Sh(s + q) != 0) return "failed: " + s;
    }
    return "";
  }
  ~TestPki() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace pooltest::testing
