// Trusted time on the act's signature against a real TSA (`openssl ts
// -reply` on loopback): the token is added as the signatureTimeStampToken
// attribute, `openssl ts -verify` accepts it and `openssl cms -verify` still
// accepts the signature; a wrong TSA CA, a foreign token, a TSA that does
// not answer in time and one that is not there are reported.
#include "reports/act_timestamp.h"

#include <gtest/gtest.h>
#include <openssl/cms.h>

#include <chrono>
#include <thread>

#include "core/hex.h"
#include "core/sha256.h"
#include "reports/act_signature.h"
#include "tests/reports/test_pki.h"
#include "tests/reports/test_tsa.h"

namespace pooltest {
namespace {

using testing::ReadFile;
using testing::Sh;
using testing::WriteFile;

class Timestamp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new testing::TestPki;
    tsa_ = new testing::TestTsa;
    setup_error_ = pki_->Make("ts");
    if (setup_error_.empty()) setup_error_ = tsa_->Start("ts");
  }
  static void TearDownTestSuite() {
    delete tsa_;
    delete pki_;
  }
  void SetUp() override {
    ASSERT_EQ(setup_error_, "");
    auto id = LoadPkcs12((pki_->dir / "rsa.p12").string(), pki_->password);
    ASSERT_TRUE(id.ok()) << id.error().message;
    auto sig = SignDetached(content_, *id);
    ASSERT_TRUE(sig.ok()) << sig.error().message;
    signature_ = *sig;
  }
  TsaSettings Tsa() const {
    return TsaSettings{tsa_->server->url(), tsa_->ca(), std::chrono::seconds(20)};
  }

  static testing::TestPki* pki_;
  static testing::TestTsa* tsa_;
  static std::string setup_error_;
  std::string content_ = "{\"act\":\"Қазақстан\"}";
  std::string signature_;
};
testing::TestPki* Timestamp::pki_ = nullptr;
testing::TestTsa* Timestamp::tsa_ = nullptr;
std::string Timestamp::setup_error_;

TEST_F(Timestamp, TokenFromARealTsaVerifiesHereAndWithOpenssl) {
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(2);
  auto stamped = AddSignatureTimestamp(signature_, Tsa());
  ASSERT_TRUE(stamped.ok()) << stamped.error().message;
  const auto after = std::chrono::system_clock::now() + std::chrono::seconds(2);
  EXPECT_GE(tsa_->server->served(), 1u);

  auto info = VerifySignatureTimestamp(*stamped, tsa_->ca(), std::chrono::system_clock::now(),
                                       "act.json.p7s");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_GE(info->time, before);
  EXPECT_LE(info->time, after);
  EXPECT_NE(info->tsa.find("Test TSA"), std::string::npos) << info->tsa;

  const std::string d = pki_->dir.string();
  WriteFile(pki_->dir / "act.json", content_);
  WriteFile(pki_->dir / "act.json.p7s", *stamped);
  EXPECT_EQ(Sh("openssl cms -verify -binary -inform DER -content " + d + "/act.json -in " + d +
               "/act.json.p7s -CAfile " + d + "/ca.pem -out /dev/null 2>/dev/null"),
            0)
      << "the unsigned attribute must leave the signature valid";
  auto token = SignatureTimestampToken(*stamped);
  ASSERT_TRUE(token.ok() && token->has_value());
  WriteFile(pki_->dir / "token.der", **token);
  EXPECT_EQ(Sh("openssl ts -verify -token_in -in " + d + "/token.der -digest " +
               testing::SignatureValueSha256(*stamped) + " -CAfile " + tsa_->ca() + " -untrusted " +
               tsa_->cert() + " 2>/dev/null | grep -q 'Verification: OK'"),
            0);
  // The imprint is over the signature value: another digest is refused.
  EXPECT_NE(Sh("openssl ts -verify -token_in -in " + d + "/token.der -digest " +
               Sha256Hex("other") + " -CAfile " + tsa_->ca() + " -untrusted " + tsa_->cert() +
               " 2>/dev/null | grep -q 'Verification: OK'"),
            0);
}

TEST_F(Timestamp, WrongTsaCaAndForeignTokenAreRefused) {
  auto stamped = AddSignatureTimestamp(signature_, Tsa());
  ASSERT_TRUE(stamped.ok()) << stamped.error().message;
  auto wrong = VerifySignatureTimestamp(*stamped, (pki_->dir / "other-ca.pem").string(),
                                        std::chrono::system_clock::now(), "act.json.p7s");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message.rfind("act.json.p7s: ", 0), 0u) << wrong.error().message;

  // The token of one signature moved onto another: its imprint no longer
  // matches that signature's value.
  auto id = LoadPkcs12((pki_->dir / "ec-legacy.p12").string(), pki_->password);
  ASSERT_TRUE(id.ok());
  auto other = SignDetached(content_, *id);
  ASSERT_TRUE(other.ok());
  auto token = SignatureTimestampToken(*stamped);
  ASSERT_TRUE(token.ok() && token->has_value());
  const unsigned char* p = reinterpret_cast<const unsigned char*>(other->data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(other->size()));
  ASSERT_NE(cms, nullptr);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
  ASSERT_EQ(CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                          (*token)->data(), static_cast<int>((*token)->size())),
            1);
  unsigned char* der = nullptr;
  int n = i2d_CMS_ContentInfo(cms, &der);
  std::string moved(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  CMS_ContentInfo_free(cms);
  auto foreign =
      VerifySignatureTimestamp(moved, tsa_->ca(), std::chrono::system_clock::now(), "act.json.p7s");
  EXPECT_FALSE(foreign.ok());
}

TEST_F(Timestamp, RemovingTheTokenLeavesTheSignature) {
  auto stamped = AddSignatureTimestamp(signature_, Tsa());
  ASSERT_TRUE(stamped.ok()) << stamped.error().message;
  auto bare = RemoveSignatureTimestamp(*stamped);
  ASSERT_TRUE(bare.ok());
  auto token = SignatureTimestampToken(*bare);
  ASSERT_TRUE(token.ok());
  EXPECT_FALSE(token->has_value());
  EXPECT_TRUE(VerifyDetached(content_, *bare, (pki_->dir / "ca.pem").string(), "a", "a.p7s").ok());
  EXPECT_FALSE(
      VerifySignatureTimestamp(*bare, tsa_->ca(), std::chrono::system_clock::now(), "act.json.p7s")
          .ok());
}

TEST_F(Timestamp, ASilentTsaIsCutAtTheDeadlineAndAMissingOneIsNamed) {
  auto silent = TimestampAuthority::Start([](const std::string&) -> Result<std::string> {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    return Error{"too late"};
  });
  ASSERT_TRUE(silent.ok());
  TsaSettings slow{(*silent)->url(), "", std::chrono::milliseconds(300)};
  const auto start = std::chrono::steady_clock::now();
  auto r = AddSignatureTimestamp(signature_, slow);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("tsa.timeout"), std::string::npos) << r.error().message;
  EXPECT_LT(took, std::chrono::milliseconds(2500)) << "the deadline must hold";
  (*silent)->Stop();

  TsaSettings gone{"http://127.0.0.1:9/tsp", "", std::chrono::seconds(5)};
  auto missing = AddSignatureTimestamp(signature_, gone);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot reach the TSA"), std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace pooltest
