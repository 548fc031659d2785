// The accreditation dossier (reports/dossier_*.h, `pooltest dossier`) of a
// signed act written by the act's writer: Annex 1 in Kazakh and Russian
// with the form's phrases, the BIN and the settlements filled in; the
// document list for each route x request; no letter for a failed
// condition, the list citing the act's finding; the manifest's hashes and
// its CMS signature (openssl cms -verify); a tampered or unsigned act
// refused unless --unverified, and then every page says so.
#include <sys/wait.h>

#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/dossier_document_list.h"
#include "reports/dossier_writer.h"
#include "tests/reports/dossier_fixture.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::Sh;

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

class Dossier : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    good_ = new testing::FixtureAct(testing::WriteFixtureAct("good", false));
    failing_ = new testing::FixtureAct(testing::WriteFixtureAct("failing", true));
  }
  static void TearDownTestSuite() {
    for (testing::FixtureAct* a : {good_, failing_}) {
      fs::remove_all(a->dir);
      fs::remove(a->ca);
      delete a;
    }
  }
  void SetUp() override {
    ASSERT_EQ(good_->error, "");
    ASSERT_EQ(failing_->error, "");
  }
  void TearDown() override {
    if (!HasFailure())
      for (const fs::path& d : outs_) fs::remove_all(d);
  }
  fs::path Out(const std::string& tag) {
    fs::path p =
        fs::temp_directory_path() / ("pooltest-dossier-" + std::to_string(::getpid()) + "-" + tag);
    fs::remove_all(p);
    outs_.push_back(p);
    return p;
  }
  // The dossier of `act` without PDF or DOCX (fast), verified.
  Result<DossierOutcome> Write(const testing::FixtureAct& act, const fs::path& out,
                               DossierRoute route = DossierRoute::kPortal,
                               DossierRequest request = DossierRequest::kNew) {
    DossierOptions o;
    o.act_dir = act.dir.string();
    o.out_dir = out.string();
    o.route = route;
    o.request = request;
    o.verify.ca_file = act.ca.string();
    o.pdf = false;
    o.docx = false;
    return WriteDossier(o);
  }
  static std::string Status(const DossierOutcome& r, const std::string& id) {
    for (const nlohmann::json& d : r.dossier["documents"])
      if (d["id"] == id) return d["status"];
    return "(not listed)";
  }

  static testing::FixtureAct* good_;
  static testing::FixtureAct* failing_;
  std::vector<fs::path> outs_;
};
testing::FixtureAct* Dossier::good_ = nullptr;
testing::FixtureAct* Dossier::failing_ = nullptr;

TEST_F(Dossier, Annex1InKazakhAndRussianIsPrefilled) {
  const fs::path out = Out("annex");
  Result<DossierOutcome> r = Write(*good_, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::string kk = ReadFile(out / "annex1-kk.html");
  const std::string ru = ReadFile(out / "annex1-ru.html");
  // The form's own words (Annex 1).
  for (const char* phrase :
       {"<h1>Өтініш</h1>", "аккредиттеуді сұраймын.",
        "(заңды тұлғаның толық атауы, бизнес-сәйкестендіру нөмірі)",
        "Орналасқан жері:", "заңмен қорғалатын құпияны құрайтын мәліметтерді пайдалануға келісемін",
        "сенімді және жарамды болып табылады",
        "«Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының Заңына сәйкес",
        "Өтініш берушінің электрондық цифрлық қолтаңбасы",
        "(тегі, аты, әкесінің аты (бар болған жағдайда))", "Толтыру күні: 20__ жылғы"})
    EXPECT_NE(kk.find(phrase), std::string::npos) << phrase;
  for (const char* phrase :
       {"<h1>Заявление</h1>", "Прошу аккредитовать",
        "(полное наименование юридического лица, бизнес-идентификационный номер)",
        "Местонахождение:", "Согласен на использование сведений, составляющих охраняемую законом",
        "являются достоверными и действительными", "«О персональных данных и их защите»",
        "Электронная цифровая подпись заявителя", "(фамилия, имя, отчество (при его наличии))",
        "Дата заполнения:"})
    EXPECT_NE(ru.find(phrase), std::string::npos) << phrase;
  // Filled in: name, BIN, each complex's settlement in the page's language
  // with its region, the addresses.
  for (const std::string& page : {kk, ru}) {
    EXPECT_NE(page.find("ТОО «Демо Пул»"), std::string::npos);
    EXPECT_NE(page.find("230740012345"), std::string::npos);
    EXPECT_NE(page.find("10.2.0.1, 10.2.1.1"), std::string::npos);
  }
  EXPECT_NE(kk.find("БСН 230740012345"), std::string::npos);
  EXPECT_NE(ru.find("БИН 230740012345"), std::string::npos);
  EXPECT_NE(kk.find("Өскемен\u00a0қ., Шығыс Қазақстан облысы"), std::string::npos);
  EXPECT_NE(ru.find("г.\u00a0Усть-Каменогорск, Восточно-Казахстанская область"), std::string::npos);
  EXPECT_NE(kk.find("Астана\u00a0қ."), std::string::npos);
  EXPECT_NE(ru.find("г.\u00a0Астана"), std::string::npos);
  EXPECT_EQ(kk.find("Ust-Kamenogorsk"), std::string::npos) << "the database's spelling";
  EXPECT_EQ(kk.find("НЕПРОВЕРЕН"), std::string::npos);
  EXPECT_EQ(kk.find("ТЕКСЕРІЛМЕГЕН"), std::string::npos);
  EXPECT_EQ(r->dossier["act"]["verified"], true);

  const fs::path again = Out("annex-reissue");
  ASSERT_TRUE(Write(*good_, again, DossierRoute::kOffice, DossierRequest::kReissue).ok());
  EXPECT_NE(ReadFile(again / "annex1-kk.html").find("қайта ресімдеуді сұраймын."),
            std::string::npos);
  EXPECT_EQ(ReadFile(again / "annex1-kk.html").find("аккредиттеуді сұраймын."), std::string::npos);
  EXPECT_NE(ReadFile(again / "annex1-ru.html").find("Прошу переоформить"), std::string::npos);
}

TEST_F(Dossier, DocumentListForEveryRouteAndRequest) {
  struct Case {
    DossierRoute route;
    DossierRequest request;
    std::vector<std::string> ids;
    const char* kk_phrase;
  };
  const std::vector<std::string> all = {"application",    "backup_letter", "rental_contract",
                                        "support_letter", "ui_letter",     "integration_letter"};
  const Case cases[] = {
      {DossierRoute::kOffice, DossierRequest::kNew, all, "нысандағы өтініш"},
      {DossierRoute::kPortal, DossierRequest::kNew, all, "электрондық құжат нысанындағы өтініш"},
      {DossierRoute::kOffice,
       DossierRequest::kReissue,
       {"application", "rental_contract"},
       "кеңсе арқылы куәлікті қайта ресімдеу"},
      {DossierRoute::kPortal,
       DossierRequest::kReissue,
       {"application", "rental_contract"},
       "портал арқылы куәлікті қайта ресімдеу"},
  };
  for (const Case& c : cases) {
    const std::string tag = std::string(RouteName(c.route)) + "-" + RequestName(c.request);
    SCOPED_TRACE(tag);
    const fs::path out = Out("list-" + tag);
    Result<DossierOutcome> r = Write(*good_, out, c.route, c.request);
    ASSERT_TRUE(r.ok()) << r.error().message;
    std::vector<std::string> ids;
    for (const nlohmann::json& d : r->dossier["documents"]) ids.push_back(d["id"]);
    EXPECT_EQ(ids, c.ids);
    EXPECT_EQ(Status(*r, "application"), "drafted");
    EXPECT_EQ(Status(*r, "rental_contract"), "missing");
    EXPECT_FALSE(r->complete);
    if (c.request == DossierRequest::kNew) {
      EXPECT_EQ(Status(*r, "backup_letter"), "drafted");
      EXPECT_EQ(Status(*r, "support_letter"), "drafted");
      EXPECT_EQ(Status(*r, "ui_letter"), "drafted");
      EXPECT_EQ(Status(*r, "integration_letter"), "attached");
      const nlohmann::json& d = r->dossier["documents"][5];
      EXPECT_EQ(d["files"][0], "attachments/integration-letter.txt");
      EXPECT_EQ(d["sha256"], Sha256Hex(ReadFile(good_->dir / "documents/integration-letter.txt")));
      EXPECT_TRUE(fs::exists(out / "letter-backup-kk.html"));
      EXPECT_TRUE(fs::exists(out / "letter-ui-ru.html"));
    } else {
      EXPECT_FALSE(fs::exists(out / "letter-backup-kk.html")) << "a re-issue needs no letter";
      EXPECT_FALSE(fs::exists(out / "attachments"));
    }
    const std::string kk = ReadFile(out / "documents-kk.html");
    const std::string ru = ReadFile(out / "documents-ru.html");
    EXPECT_NE(kk.find(c.kk_phrase), std::string::npos);
    EXPECT_NE(kk.find("дайындалды"), std::string::npos);
    EXPECT_NE(kk.find("--rental-contract"), std::string::npos);
    EXPECT_NE(ru.find("подготовлен"), std::string::npos);
    EXPECT_NE(ru.find(c.route == DossierRoute::kPortal ? "через портал" : "через канцелярию"),
              std::string::npos);
  }
}

TEST_F(Dossier, GivenRentalContractMakesTheReissueSetComplete) {
  const fs::path contract = fs::path(Out("contract-src")) / "rental-contract.pdf";
  fs::create_directories(contract.parent_path());
  testing::WriteFile(contract, "%PDF-1.4 fictitious contract\n");
  DossierOptions o;
  o.act_dir = good_->dir.string();
  o.out_dir = Out("contract").string();
  o.request = DossierRequest::kReissue;
  o.verify.ca_file = good_->ca.string();
  o.rental_contract = contract.string();
  o.pdf = o.docx = false;
  Result<DossierOutcome> r = WriteDossier(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(Status(*r, "rental_contract"), "attached");
  EXPECT_EQ(r->dossier["documents"][1]["source"], "rental-contract.pdf") << "no local path";
}

TEST_F(Dossier, LettersCiteTheActsEvidence) {
  const fs::path out = Out("letters");
  ASSERT_TRUE(Write(*good_, out).ok());
  const std::string act_sha = Sha256Hex(ReadFile(good_->dir / "act.json"));
  const std::string backup_kk = ReadFile(out / "letter-backup-kk.html");
  const std::string backup_ru = ReadFile(out / "letter-backup-ru.html");
  EXPECT_NE(backup_kk.find("Өскемен\u00a0қ., Шығыс Қазақстан облысы (облыстық маңызы бар қала)"),
            std::string::npos);
  EXPECT_NE(backup_ru.find("г.\u00a0Усть-Каменогорск, Восточно-Казахстанская область (город "
                           "областного значения)"),
            std::string::npos);
  const std::string support_ru = ReadFile(out / "letter-support-ru.html");
  EXPECT_NE(support_ru.find("2026-11-02T00:00:00+05:00 – 2026-11-09T00:00:00+05:00"),
            std::string::npos);
  EXPECT_NE(support_ru.find("все 168 ячеек"), std::string::npos);
  EXPECT_NE(support_ru.find("900</span> с"), std::string::npos);
  const std::string ui_kk = ReadFile(out / "letter-ui-kk.html");
  EXPECT_NE(ui_kk.find("<code>/help</code>"), std::string::npos);
  EXPECT_NE(ui_kk.find("қазақ (kk), орыс (ru), ағылшын (en)"), std::string::npos);
  for (const char* f : {"letter-backup-kk.html", "letter-backup-ru.html", "letter-support-kk.html",
                        "letter-support-ru.html", "letter-ui-kk.html", "letter-ui-ru.html"}) {
    const std::string page = ReadFile(out / f);
    EXPECT_NE(page.find(act_sha), std::string::npos) << f;
    EXPECT_NE(page.find("FX-"), std::string::npos) << f << ": the act's number";
  }
}

TEST_F(Dossier, FailedBackupConditionGetsNoLetterAndTheListSaysWhy) {
  const fs::path out = Out("failing");
  Result<DossierOutcome> r = Write(*failing_, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Status(*r, "backup_letter"), "missing");
  EXPECT_EQ(Status(*r, "support_letter"), "drafted");
  EXPECT_FALSE(fs::exists(out / "letter-backup-kk.html"));
  EXPECT_FALSE(fs::exists(out / "letter-backup-ru.html"));
  const nlohmann::json& d = r->dossier["documents"][1];
  EXPECT_EQ(d["blocked_by"]["check"], "R4.3.backup.east");
  EXPECT_EQ(d["blocked_by"]["verdict"], "fail");
  EXPECT_EQ(d["blocked_by"]["finding"]["key"], "R4.3.same_settlement");
  const std::string kk = ReadFile(out / "documents-kk.html");
  const std::string ru = ReadFile(out / "documents-ru.html");
  EXPECT_NE(kk.find("Хат дайындалмады"), std::string::npos);
  EXPECT_NE(kk.find("R4.3.backup.east"), std::string::npos);
  EXPECT_NE(ru.find("Письмо не подготовлено: в акте испытаний вывод по условию R4.3 — «Не "
                    "выполнено»"),
            std::string::npos);
  // The act's finding, rendered in the page's language: the same settlement.
  EXPECT_NE(ru.find("R4.3.backup.east"), std::string::npos);
  EXPECT_NE(ru.find("Астана"), std::string::npos);
  EXPECT_FALSE(r->complete);
  if (const char* keep = std::getenv("POOLTEST_DOSSIER_KEEP"))
    fs::copy(out, fs::path(keep) / "failing", fs::copy_options::recursive);
}

// A single run's R4.5 (support answered now) is no ground for the 24/7
// letter: only a campaign is.
TEST_F(Dossier, SupportAnsweredOnceGetsNoLetterTheListAsksForACampaign) {
  testing::FixtureAct act = testing::WriteFixtureAct("no-campaign", false, false);
  ASSERT_EQ(act.error, "");
  outs_.push_back(act.dir);
  outs_.push_back(act.ca);
  const fs::path out = Out("no-campaign");
  Result<DossierOutcome> r = Write(act, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Status(*r, "support_letter"), "missing");
  EXPECT_EQ(Status(*r, "backup_letter"), "drafted");
  EXPECT_FALSE(fs::exists(out / "letter-support-kk.html"));
  EXPECT_EQ(r->dossier["documents"][3]["blocked_by"]["finding"]["key"], "R4.5.works_now");
  const std::string ru = ReadFile(out / "documents-ru.html");
  EXPECT_NE(ru.find("«Не установлено»"), std::string::npos);
  EXPECT_NE(ru.find("pooltest campaign"), std::string::npos);
}

// An unverified act's file names are its own word: a document named
// outside the folder is not read, and the list says the letter is missing.
TEST_F(Dossier, UnverifiedActNamingAFileOutsideItsFolderAttachesNothing) {
  const fs::path act = Out("outside-act");
  fs::copy(good_->dir, act, fs::copy_options::recursive);
  for (const char* name : {"/etc/hostname", "../outside.txt", "documents/../../outside.txt"}) {
    SCOPED_TRACE(name);
    nlohmann::json j = nlohmann::json::parse(ReadFile(act / "act.json"));
    ASSERT_EQ(j["documents"].size(), 1u);
    j["documents"][0]["file"] = name;
    testing::WriteFile(act / "act.json", j.dump());
    DossierOptions o;
    o.act_dir = act.string();
    o.out_dir = Out(std::string("outside-") + std::to_string(outs_.size())).string();
    o.unverified = true;
    o.pdf = o.docx = false;
    Result<DossierOutcome> r = WriteDossier(o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(Status(*r, "integration_letter"), "missing");
    EXPECT_FALSE(fs::exists(fs::path(o.out_dir) / "attachments"));
    ASSERT_EQ(r->warnings.size(), 1u);
    EXPECT_NE(r->warnings[0].find("not a file in the act folder"), std::string::npos);
  }
}

TEST_F(Dossier, ManifestCoversEveryFileAndItsSignatureVerifiesWithOpenssl) {
  const fs::path out = Out("manifest");
  Result<DemoPki> pki = MakeDemoPki("Dossier signer");
  ASSERT_TRUE(pki.ok()) << pki.error().message;
  const fs::path ca = out.string() + ".ca.pem";
  outs_.push_back(ca);
  testing::WriteFile(ca, pki->ca_pem);
  DossierOptions o;
  o.act_dir = good_->dir.string();
  o.out_dir = out.string();
  o.verify.ca_file = good_->ca.string();
  o.pdf = o.docx = false;
  o.signer = pki->lab;
  Result<DossierOutcome> r = WriteDossier(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const nlohmann::json manifest = nlohmann::json::parse(ReadFile(out / kDossierManifest));
  std::set<std::string> listed;
  for (const nlohmann::json& f : manifest["files"]) {
    listed.insert(f["file"]);
    EXPECT_EQ(Sha256Hex(ReadFile(out / f["file"].get<std::string>())), f["sha256"]) << f["file"];
  }
  std::set<std::string> on_disk;
  for (const auto& e : fs::recursive_directory_iterator(out))
    if (e.is_regular_file()) on_disk.insert(fs::relative(e.path(), out).generic_string());
  on_disk.erase(kDossierManifest);
  on_disk.erase(kDossierSignature);
  EXPECT_EQ(listed, on_disk);
  EXPECT_TRUE(listed.count("dossier.json"));
  EXPECT_TRUE(listed.count("attachments/integration-letter.txt"));
  EXPECT_EQ(manifest["act_sha256"], Sha256Hex(ReadFile(good_->dir / "act.json")));
  const std::string verify = "openssl cms -verify -binary -inform DER -content " +
                             (out / kDossierManifest).string() + " -in " +
                             (out / kDossierSignature).string() + " -CAfile " + ca.string() +
                             " -out /dev/null 2>/dev/null";
  EXPECT_EQ(ExitCode(Sh(verify)), 0);
  testing::FlipByte(out / kDossierManifest, 40);
  EXPECT_NE(ExitCode(Sh(verify)), 0) << "a changed manifest must not verify";
}

TEST_F(Dossier, TamperedActIsRefusedUnlessUnverifiedAndThenEveryPageSaysSo) {
  const fs::path act = Out("tampered-act");
  fs::copy(good_->dir, act, fs::copy_options::recursive);
  testing::FlipByte(act / "evidence.jsonl", 10);
  const fs::path out = Out("tampered");
  const std::string cmd = std::string(POOLTEST_BINARY) + " dossier " + act.string() + " --out " +
                          out.string() + " --ca " + good_->ca.string();
  EXPECT_EQ(ExitCode(Sh(cmd + " > " + out.string() + ".log 2>&1")), 1);
  outs_.push_back(out.string() + ".log");
  const std::string log = ReadFile(out.string() + ".log");
  EXPECT_NE(log.find("does not verify"), std::string::npos) << log;
  EXPECT_NE(log.find("evidence.jsonl"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(out)) << "nothing written for a refused act";
  // No trust anchor at all: refused too, saying what to give.
  EXPECT_EQ(ExitCode(Sh(std::string(POOLTEST_BINARY) + " dossier " + good_->dir.string() +
                        " --out " + out.string() + " > /dev/null 2>&1")),
            1);

  DossierOptions o;
  o.act_dir = act.string();
  o.out_dir = out.string();
  o.unverified = true;
  o.pdf = o.docx = false;
  Result<DossierOutcome> r = WriteDossier(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->dossier["act"]["verified"], false);
  int pages = 0;
  for (const std::string& f : r->files) {
    if (f.size() < 5 || f.compare(f.size() - 5, 5, ".html") != 0) continue;
    ++pages;
    const std::string page = ReadFile(out / f);
    const bool kk = f.find("-kk.") != std::string::npos;
    EXPECT_NE(page.find(kk ? "ТЕКСЕРІЛМЕГЕН АКТІ" : "НЕПРОВЕРЕННЫЙ АКТ"), std::string::npos) << f;
  }
  EXPECT_EQ(pages, 10);  // annex, three letters, the list: kk and ru
}

// The command as the operator runs it: every page printed to PDF by
// Chromium and converted to DOCX by pandoc from the same HTML. With
// POOLTEST_DOSSIER_KEEP=DIR the dossier is copied there to look at.
TEST_F(Dossier, CommandPrintsEveryPageToPdfAndDocx) {
  const fs::path out = Out("cli");
  const std::string log = out.string() + ".log";
  outs_.push_back(log);
  const int rc = ExitCode(Sh(std::string(POOLTEST_BINARY) + " dossier " + good_->dir.string() +
                             " --out " + out.string() + " --route office --ca " +
                             good_->ca.string() + " > " + log + " 2>&1"));
  EXPECT_EQ(rc, 2) << ReadFile(log) << "(complete but for the rental contract)";
  EXPECT_EQ(ReadFile(log).find("warning"), std::string::npos) << ReadFile(log);
  for (const char* stem :
       {"annex1-kk", "annex1-ru", "letter-backup-kk", "letter-backup-ru", "letter-support-kk",
        "letter-support-ru", "letter-ui-kk", "letter-ui-ru"}) {
    SCOPED_TRACE(stem);
    EXPECT_GT(fs::file_size(out / (std::string(stem) + ".pdf")), 1000u);
    EXPECT_GT(fs::file_size(out / (std::string(stem) + ".docx")), 1000u);
  }
  EXPECT_TRUE(fs::exists(out / "documents-kk.pdf"));
  // The text of the PDF and of the DOCX is the form's.
  const fs::path text = out.string() + ".txt";
  outs_.push_back(text);
  ASSERT_EQ(ExitCode(Sh("pdftotext " + (out / "annex1-kk.pdf").string() + " " + text.string())), 0);
  EXPECT_NE(ReadFile(text).find("Өтініш берушінің электрондық цифрлық"), std::string::npos);
  EXPECT_NE(ReadFile(text).find("Өскемен"), std::string::npos);
  ASSERT_EQ(
      ExitCode(Sh("python3 -c \"import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1])"
                  ".read('word/document.xml').decode())\" " +
                  (out / "annex1-ru.docx").string() + " > " + text.string())),
      0);
  EXPECT_NE(ReadFile(text).find("Электронная цифровая подпись заявителя"), std::string::npos);
  EXPECT_NE(ReadFile(text).find("Усть-Каменогорск"), std::string::npos);
  if (const char* keep = std::getenv("POOLTEST_DOSSIER_KEEP"))
    fs::copy(out, keep, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace pooltest
