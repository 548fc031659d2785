// CMS signing from PKCS#12 (RSA, ECDSA, legacy ciphers), checked by the
// openssl CLI and by VerifyDetached, which names the part at fault.
#include "reports/act_signature.h"

#include <gtest/gtest.h>

#include "tests/reports/test_pki.h"

namespace pooltest {
namespace {

using testing::ReadFile;
using testing::Sh;
using testing::WriteFile;

class Signature : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new testing::TestPki;
    setup_error_ = pki_->Make("sig");
  }
  static void TearDownTestSuite() { delete pki_; }
  void SetUp() override { ASSERT_EQ(setup_error_, ""); }

  // Signs `content` with the PKCS#12 file and checks it with openssl cms.
  void SignAndCheckWithOpenssl(const std::string& p12, const std::string& key_prefix) {
    auto id = LoadPkcs12((pki_->dir / p12).string(), pki_->password);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(id->KeyType().rfind(key_prefix, 0), 0u) << id->KeyType();
    std::string content = "{\"act\":\"Қазақстан\"}";
    auto sig = SignDetached(content, *id);
    ASSERT_TRUE(sig.ok()) << sig.error().message;
    std::string d = pki_->dir.string();
    WriteFile(pki_->dir / "act.json", content);
    WriteFile(pki_->dir / "act.json.p7s", *sig);
    EXPECT_EQ(Sh("openssl cms -verify -binary -inform DER -content " + d + "/act.json -in " + d +
                 "/act.json.p7s -CAfile " + d + "/ca.pem -out /dev/null 2>/dev/null"),
              0);
    auto ok = VerifyDetached(content, *sig, d + "/ca.pem", "act.json", "act.json.p7s");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_NE(ok->subject.find("Lab"), std::string::npos) << ok->subject;
  }

  static testing::TestPki* pki_;
  static std::string setup_error_;
};
testing::TestPki* Signature::pki_ = nullptr;
std::string Signature::setup_error_;

TEST_F(Signature, RsaFromPkcs12VerifiesWithOpensslCli) {
  SignAndCheckWithOpenssl("rsa.p12", "RSA-2048");
}

TEST_F(Signature, EcdsaFromLegacyPkcs12VerifiesWithOpensslCli) {
  SignAndCheckWithOpenssl("ec-legacy.p12", "EC-prime256v1");
}

TEST_F(Signature, WrongPasswordIsAnActionableErrorWithoutThePassword) {
  auto id = LoadPkcs12((pki_->dir / "rsa.p12").string(), "not-the-password");
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message.find("wrong password"), std::string::npos) << id.error().message;
  EXPECT_EQ(id.error().message.find("not-the-password"), std::string::npos);
}

TEST_F(Signature, VerifyNamesThePartThatChanged) {
  auto id = LoadPkcs12((pki_->dir / "rsa.p12").string(), pki_->password);
  ASSERT_TRUE(id.ok());
  std::string content = "{\"a\":1}";
  auto sig = SignDetached(content, *id);
  ASSERT_TRUE(sig.ok());
  ASSERT_TRUE(
      VerifyDetached(content, *sig, (pki_->dir / "ca.pem").string(), "act.json", "act.json.p7s")
          .ok());
  const std::string ca = (pki_->dir / "ca.pem").string();
  const std::string other_ca = (pki_->dir / "other-ca.pem").string();
  std::string header = *sig, value = *sig;
  header[0] ^= 0x01;                // the outer DER tag: no SignedData at all
  value[value.size() - 3] ^= 0x01;  // inside the signature value, the last field

  // Each change is a different fault, told apart by which file it names
  // and what it says; the phrase of every other fault must be absent, so
  // two changes handled alike (e.g. both "damaged") fail here.
  struct Position {
    const char* what;
    std::string content, signature, ca;
    std::string message;  // the whole message, or its start when it quotes OpenSSL
    bool exact;
  };
  const Position positions[] = {
      {"content changed", "{\"a\":2}", *sig, ca,
       "act.json: changed after signing: its digest differs from the one signed in act.json.p7s",
       true},
      {"signature header flipped", content, header, ca,
       "act.json.p7s: damaged: not a DER CMS SignedData structure", true},
      {"signature value flipped", content, value, ca,
       "act.json.p7s: the signature value does not verify: the signature file was changed or "
       "damaged",
       true},
      {"signed by another CA's lab", content, *sig, other_ca,
       "act.json.p7s: the signer's certificate does not chain to a CA in '" + other_ca + "' (",
       false},
  };
  const char* const phrases[] = {"changed after signing", "damaged: not a DER",
                                 "the signature value does not verify", "does not chain"};
  for (size_t i = 0; i < std::size(positions); ++i) {
    const Position& p = positions[i];
    SCOPED_TRACE(p.what);
    auto r = VerifyDetached(p.content, p.signature, p.ca, "act.json", "act.json.p7s");
    ASSERT_FALSE(r.ok());
    const std::string& m = r.error().message;
    if (p.exact) {
      EXPECT_EQ(m, p.message);
    } else {
      EXPECT_EQ(m.rfind(p.message, 0), 0u) << m;
    }
    for (size_t j = 0; j < std::size(phrases); ++j) {
      if (j == i) continue;
      EXPECT_EQ(m.find(phrases[j]), std::string::npos) << m << " says '" << phrases[j] << "'";
    }
  }
}

TEST(DemoPki, ThrowawayKeySignsAndVerifiesWithItsCa) {
  auto pki = MakeDemoPki("demo lab");
  ASSERT_TRUE(pki.ok()) << pki.error().message;
  EXPECT_TRUE(pki->lab.demonstration);
  auto sig = SignDetached("x", pki->lab);
  ASSERT_TRUE(sig.ok());
  auto dir =
      std::filesystem::temp_directory_path() / ("pooltest-demo-ca-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  WriteFile(dir / "ca.pem", pki->ca_pem);
  WriteFile(dir / "c", "x");
  WriteFile(dir / "c.p7s", *sig);
  auto ok = VerifyDetached("x", *sig, (dir / "ca.pem").string(), "c", "c.p7s");
  EXPECT_TRUE(ok.ok()) << (ok.ok() ? "" : ok.error().message);
  EXPECT_EQ(Sh("openssl cms -verify -binary -inform DER -content " + (dir / "c").string() +
               " -in " + (dir / "c.p7s").string() + " -CAfile " + (dir / "ca.pem").string() +
               " -out /dev/null 2>/dev/null"),
            0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pooltest
