// The printed act as a registry files it: the demo's act.pdf carries its
// metadata (title with the act number, the lab as author, the applicant in
// the subject, /Lang), every page has its running head and its number in
// the language of the part it belongs to, and every font is embedded. Reads
// the PDF back with poppler's tools, not with the code that wrote it.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/pdf_metadata.h"
#include "tests/command_output.h"
#include "tests/reports/test_pki.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using testing::CommandOutput;
using testing::ReadFile;
using testing::Sh;

class DemoPdf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("pooltest-pdf-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    status_ = Sh(std::string(POOLTEST_BINARY) + " demo --out " + dir_->string() + " > " +
                 dir_->string() + ".log 2>&1");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    for (const char* suffix : {".log", ".demo-ca.pem", ".demo-tsa-ca.pem"})
      fs::remove(dir_->string() + suffix);
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(WIFEXITED(status_) && WEXITSTATUS(status_) == 0)
        << ReadFile(dir_->string() + ".log");
    ASSERT_TRUE(fs::exists(Pdf())) << ReadFile(dir_->string() + ".log");
  }
  static fs::path Pdf() { return *dir_ / "act.pdf"; }
  static nlohmann::json Act() { return nlohmann::json::parse(ReadFile(*dir_ / "act.json")); }
  static int Pages() {
    std::smatch m;
    const std::string info = CommandOutput("pdfinfo " + Pdf().string());
    return std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : 0;
  }

  static fs::path* dir_;
  static int status_;
};
fs::path* DemoPdf::dir_ = nullptr;
int DemoPdf::status_ = -1;

TEST_F(DemoPdf, InformationDictionaryAndLanguage) {
  const nlohmann::json act = Act();
  // poppler's reading of the information dictionary, field by field.
  const std::string info = CommandOutput("pdfinfo " + Pdf().string());
  auto field = [&info](const std::string& name) {
    std::smatch m;
    return std::regex_search(info, m, std::regex("(^|\n)" + name + ":\\s+([^\n]*)"))
               ? m[2].str()
               : std::string("(absent)");
  };
  const std::string number = act["lab"]["act_number"];
  EXPECT_EQ(field("Title"), "Сынау актісі / Акт испытаний / Test act № " + number) << info;
  EXPECT_EQ(field("Author"), act["lab"]["name"].get<std::string>());
  const std::string subject = field("Subject");
  EXPECT_NE(subject.find(act["applicant"]["legal_name"].get<std::string>()), std::string::npos)
      << subject;
  EXPECT_NE(subject.find(act["applicant"]["bin"].get<std::string>()), std::string::npos);
  EXPECT_NE(subject.find("Цифрлық майнингтік пулдарды аккредиттеу"), std::string::npos);
  EXPECT_EQ(field("Creator"), "pooltest " + act["harness"]["version"].get<std::string>());
  // The catalogue's entries, as the file holds them (Chromium's PDF has no
  // object streams, so the catalogue is plain text).
  const std::string bytes = ReadFile(Pdf());
  EXPECT_TRUE(std::regex_search(bytes, std::regex("/Lang\\s*\\(kk\\)")));
  EXPECT_TRUE(std::regex_search(bytes, std::regex("/DisplayDocTitle\\s+true")));
}

// Pages run kk, then ru, then en; each page says which page of how many it
// is in its part's words, and carries the act number.
TEST_F(DemoPdf, EveryPageIsNumberedInItsPartsLanguage) {
  const int pages = Pages();
  ASSERT_GE(pages, 3);
  const std::string total = std::to_string(pages);
  const std::string number = Act()["lab"]["act_number"];
  int part = 0, seen[3] = {0, 0, 0};
  for (int p = 1; p <= pages; ++p) {
    const std::string n = std::to_string(p);
    const std::string text =
        CommandOutput("pdftotext -layout -f " + n + " -l " + n + " " + Pdf().string() + " -");
    const std::string foot[3] = {"бет " + n + " / " + total, "стр. " + n + " из " + total,
                                 "page " + n + " of " + total};
    const std::string head[3] = {"Сынау актісі", "Акт испытаний", "Test act"};
    int lang = -1;
    for (int l = 0; l < 3; ++l)
      if (text.find(foot[l]) != std::string::npos) lang = l;
    ASSERT_NE(lang, -1) << "page " << p << " has no page number:\n" << text;
    EXPECT_GE(lang, part) << "page " << p << " goes back to an earlier part";
    part = lang;
    ++seen[lang];
    EXPECT_NE(text.find(head[lang]), std::string::npos) << "page " << p;
    EXPECT_TRUE(text.find((lang == 2 ? "No. " : "№ ") + number) != std::string::npos)
        << "page " << p << " lacks the act number";
  }
  for (int l = 0; l < 3; ++l) EXPECT_GT(seen[l], 0) << "part " << l << " has no page";
}

// The map of Kazakhstan is printed in each part, with its caption (the
// boundaries' source and date), and draws a circle per RTT bound of R4.1.
TEST_F(DemoPdf, TheMapIsPrintedInEveryPart) {
  std::string text = CommandOutput("pdftotext " + Pdf().string() + " -");
  text = std::regex_replace(text, std::regex("\\s+"), " ");  // captions wrap
  const std::string caption[3] = {"Сурет. Кешендердің елді мекендері",
                                  "Рисунок. Населённые пункты комплексов",
                                  "Figure. The sites' settlements"};
  for (const std::string& c : caption) EXPECT_NE(text.find(c), std::string::npos) << c;
  size_t sources = 0;
  for (size_t p = text.find("kazakhstan2023Low (2023)"); p != std::string::npos;
       p = text.find("kazakhstan2023Low (2023)", p + 1))
    ++sources;
  EXPECT_EQ(sources, 3u) << text;
  const std::string html = ReadFile(*dir_ / "act.html");
  size_t bounds = 0, samples = 0;
  for (size_t p = html.find("class=\"bound\""); p != std::string::npos;
       p = html.find("class=\"bound\"", p + 1))
    ++bounds;
  const nlohmann::json act = Act();
  for (const nlohmann::json& c : act["checks"])
    if (c["clause"] == "R4.1")
      for (const nlohmann::json& s : c["figures"]["latency"]["samples"])
        if (s.contains("vantage_at") && s["bound_km"].is_number()) ++samples;
  EXPECT_GT(samples, 0u);
  EXPECT_EQ(bounds, 3 * samples);
}

TEST_F(DemoPdf, EveryFontIsEmbedded) {
  std::istringstream fonts(CommandOutput("pdffonts " + Pdf().string()));
  std::string line;
  int rows = 0;
  std::getline(fonts, line);  // header
  std::getline(fonts, line);  // ----
  while (std::getline(fonts, line)) {
    if (line.empty()) continue;
    ++rows;
    // name type encoding emb sub uni object ID: "emb" is the 4th column from the right.
    std::istringstream cols(line);
    std::vector<std::string> c;
    for (std::string w; cols >> w;) c.push_back(w);
    ASSERT_GE(c.size(), 6u) << line;
    EXPECT_EQ(c[c.size() - 5], "yes") << "not embedded: " << line;
  }
  EXPECT_GT(rows, 0);
}

TEST(PdfMetadata, ANonPdfIsAnErrorAndStaysAsItWas) {
  const fs::path f = fs::temp_directory_path() / ("pooltest-notpdf-" + std::to_string(::getpid()));
  testing::WriteFile(f, "this is not a PDF");
  PdfMetadata m;
  m.title = "t";
  Status st = WritePdfMetadata(f.string(), m);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find(f.string()), std::string::npos) << st.error().message;
  EXPECT_EQ(ReadFile(f), "this is not a PDF");
  fs::remove(f);
}

// A PDF with a cross-reference table, as Chromium writes them, offsets
// computed here.
std::string TinyPdf() {
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", "<< /Producer (tiny) >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 5\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    pdf += line;
  }
  return pdf + "trailer\n<< /Size 5 /Root 1 0 R /Info 4 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
}

// The metadata is an incremental update: every byte Chromium printed stays
// as it was, in front; readers see the new entries.
TEST(PdfMetadata, IsAppendedAsAnIncrementalUpdate) {
  const fs::path f = fs::temp_directory_path() / ("pooltest-tiny-" + std::to_string(::getpid()));
  const std::string printed = TinyPdf();
  testing::WriteFile(f, printed);
  PdfMetadata m;
  m.title = "Сынау актісі";
  m.author = "Lab";
  m.lang = "kk";
  Status st = WritePdfMetadata(f.string(), m);
  ASSERT_TRUE(st) << st.error().message;
  const std::string bytes = ReadFile(f);
  ASSERT_GT(bytes.size(), printed.size());
  EXPECT_EQ(bytes.substr(0, printed.size()), printed);
  const std::string info = CommandOutput("pdfinfo " + f.string() + " 2>&1");
  EXPECT_NE(info.find("Title:           Сынау актісі"), std::string::npos) << info;
  EXPECT_NE(info.find("Author:          Lab"), std::string::npos) << info;
  EXPECT_NE(info.find("Producer:        tiny"), std::string::npos) << info;
  EXPECT_EQ(info.find("rror"), std::string::npos) << info;
  EXPECT_TRUE(std::regex_search(bytes, std::regex("/Lang\\s*\\(kk\\)")));
  fs::remove(f);
}

TEST(PdfMetadata, AnActWithoutALabIsAuthoredByTheHarness) {
  const nlohmann::json act = {{"harness", {{"name", "pooltest"}, {"version", "9.9"}}},
                              {"applicant", {{"legal_name", "TOO X"}, {"bin", "123456789012"}}}};
  PdfMetadata m = ActPdfMetadata(act);
  EXPECT_EQ(m.author, "pooltest 9.9");
  EXPECT_EQ(m.title, "Сынау актісі / Акт испытаний / Test act");
  EXPECT_NE(m.subject.find("TOO X (БСН/БИН 123456789012)"), std::string::npos) << m.subject;
  EXPECT_EQ(ActPdfMetadata(nlohmann::json("not an act")).lang, "kk");
}

}  // namespace
}  // namespace pooltest
