#include "reports/dossier_writer.h"

#include <filesystem>
#include <fstream>

#include "core/sha256.h"
#include "reports/act_document.h"
#include "reports/bounded_process.h"
#include "reports/canonical_json.h"
#include "reports/dossier_annex1.h"
#include "reports/dossier_document_list.h"
#include "reports/dossier_letters.h"
#include "reports/pdf_printer.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

constexpr DossierLang kLangs[] = {DossierLang::kKk, DossierLang::kRu};

class Writer {
 public:
  Writer(const DossierOptions& o, DossierOutcome* out) : o_(o), out_(out) {}

  Status Text(const std::string& name, const std::string& bytes) {
    const fs::path p = fs::path(o_.out_dir) / name;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << bytes;
    f.close();
    if (!f) return Error{"cannot write " + p.string()};
    out_->files.push_back(name);
    return Ok{};
  }

  // <stem>.html, and its PDF and DOCX when asked for: both from that HTML.
  Status Page(const std::string& stem, const std::string& html, bool docx,
              std::vector<std::string>* names) {
    if (Status s = Text(stem + ".html", html); !s) return s;
    names->push_back(stem + ".html");
    const std::string in = (fs::path(o_.out_dir) / (stem + ".html")).string();
    if (o_.pdf) {
      const std::string pdf = (fs::path(o_.out_dir) / (stem + ".pdf")).string();
      if (Status s = PrintPdf(in, pdf, o_.tool_timeout); s) {
        out_->files.push_back(stem + ".pdf");
        names->push_back(stem + ".pdf");
      } else {
        out_->warnings.push_back(stem + ".pdf not printed: " + s.error().message);
      }
    }
    if (o_.docx && docx) {
      if (Status s = Docx(in, stem + ".docx"); s) {
        out_->files.push_back(stem + ".docx");
        names->push_back(stem + ".docx");
      } else {
        out_->warnings.push_back(s.error().message);
      }
    }
    return Ok{};
  }

 private:
  Status Docx(const std::string& html_path, const std::string& name) {
    const std::string pandoc = FindOnPath({"pandoc"});
    if (pandoc.empty())
      return Error{name +
                   " not written: no pandoc on PATH (install the Debian package "
                   "'pandoc'); the HTML and PDF hold the same text"};
    const std::string docx = fs::absolute(fs::path(o_.out_dir) / name).string();
    Result<int> rc = RunBounded(
        {pandoc, "--from=html", "--to=docx", "--output=" + docx, fs::absolute(html_path).string()},
        o_.tool_timeout);
    if (!rc) return Error{name + " not written: " + rc.error().message};
    std::error_code ec;
    if (*rc != 0 || !fs::exists(docx, ec))
      return Error{name + " not written: pandoc exited with status " + std::to_string(*rc)};
    return Ok{};
  }

  const DossierOptions& o_;
  DossierOutcome* out_;
};

// A file the act names, only when it is a regular file inside the act
// folder (an unverified act's names are not to be trusted).
std::optional<fs::path> InsideActDir(const std::string& act_dir, const std::string& name) {
  const fs::path rel = fs::path(name).lexically_normal();
  if (name.empty() || rel.is_absolute() || rel.empty() || *rel.begin() == "..") return std::nullopt;
  const fs::path p = fs::path(act_dir) / rel;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) return std::nullopt;
  return p;
}

// Copies `from` into attachments/ when its SHA-256 is `expected` (any
// digest when `expected` is empty).
Result<DossierAttachment> Attach(const fs::path& from, const std::string& expected,
                                 const std::string& source, const std::string& out_dir,
                                 DossierOutcome* out) {
  Result<std::string> digest = Sha256File(from.string());
  if (!digest) return digest.error();
  if (!expected.empty() && *digest != expected)
    return Error{source + " has SHA-256 " + *digest + ", not the " + expected +
                 " the act recorded: not attached"};
  const std::string name = "attachments/" + from.filename().string();
  std::error_code ec;
  fs::create_directories(fs::path(out_dir) / "attachments", ec);
  fs::copy_file(from, fs::path(out_dir) / name, fs::copy_options::overwrite_existing, ec);
  if (ec) return Error{"cannot copy " + source + " into the dossier: " + ec.message()};
  out->files.push_back(name);
  return DossierAttachment{name, source, *digest};
}

Status PrepareOutDir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    return Error{"the output folder " + dir + " is not empty; give a new one"};
  fs::create_directories(dir, ec);
  if (ec) return Error{"cannot create the output folder " + dir + ": " + ec.message()};
  return Ok{};
}

nlohmann::json SitesJson(const DossierModel& m) {
  nlohmann::json sites = nlohmann::json::array();
  for (const DossierSite& s : m.sites) {
    sites.push_back({{"id", s.id},
                     {"role", s.role},
                     {"settlement_id", s.settlement_id},
                     {"settlement", {{"kk", s.name_kk}, {"ru", s.name_ru}}},
                     {"kind", s.kind},
                     {"region",
                      {{"en", s.region_en},
                       {"kk", RegionName(s.region_en, DossierLang::kKk)},
                       {"ru", RegionName(s.region_en, DossierLang::kRu)}}},
                     {"addresses", s.addresses}});
  }
  return sites;
}

}  // namespace

Result<DossierOutcome> WriteDossier(const DossierOptions& o) {
  std::string signer;
  if (!o.unverified) {
    if (o.verify.ca_file.empty())
      return Error{std::string(kDossierRefused) +
                   "the act must be verified first: give the lab's CA with --ca (and --tsa-ca "
                   "when its signature is time-stamped), or --unverified for a draft that every "
                   "page marks as made from an unverified act"};
    VerifyReport r = VerifyActFolder(o.act_dir, o.verify);
    if (!r.ok()) {
      std::string why;
      for (const std::string& p : r.problems) why += "\n  " + p;
      return Error{kDossierRefused + ("the act in " + o.act_dir) +
                   " does not verify; no dossier is made from it "
                   "(--unverified makes a draft marked as such):" +
                   why};
    }
    signer = r.signer.subject;
  }
  Result<DossierModel> model = DossierModelFromAct(o.act_dir);
  if (!model) return model.error();
  DossierModel& m = *model;
  m.verified = !o.unverified;
  m.signer = signer;
  if (Status s = PrepareOutDir(o.out_dir); !s) return s.error();

  DossierOutcome out;
  Writer w(o, &out);
  DocumentListInput in;
  in.route = o.route;
  in.request = o.request;

  std::vector<std::string> names;
  for (DossierLang l : kLangs) {
    if (Status s =
            w.Page(std::string("annex1-") + LangCode(l), Annex1Html(m, o.request, l), true, &names);
        !s)
      return s.error();
  }
  in.drafted_files.emplace_back("application", names);

  // A re-issue needs no letter: none is drafted for it.
  const std::vector<LetterDraft> letters =
      o.request == DossierRequest::kNew ? DraftLetters(m) : std::vector<LetterDraft>{};
  in.letters = &letters;
  for (const LetterDraft& d : letters) {
    if (!d.drafted) continue;
    names.clear();
    for (DossierLang l : kLangs) {
      if (Status s = w.Page("letter-" + d.id + "-" + LangCode(l), d.Html(l), true, &names); !s)
        return s.error();
    }
    in.drafted_files.emplace_back(d.id + "_letter", names);
  }

  if (o.request == DossierRequest::kNew) {
    for (const DossierDocument& d : m.documents) {
      if (d.clause != "R4.7" || d.sha256.empty() || d.status != "ok") continue;
      std::optional<fs::path> from = InsideActDir(o.act_dir, d.file);
      if (!from) {
        out.warnings.push_back("the act's R4.7 document " + d.file +
                               " is not a file in the act folder: not attached");
        continue;
      }
      Result<DossierAttachment> a = Attach(*from, d.sha256, d.file, o.out_dir, &out);
      if (a)
        in.integration_letter = *a;
      else
        out.warnings.push_back(a.error().message);
      break;
    }
  }
  if (!o.rental_contract.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(o.rental_contract, ec))
      return Error{"--rental-contract " + o.rental_contract + " is not a file"};
    Result<DossierAttachment> a = Attach(o.rental_contract, "", o.rental_contract, o.out_dir, &out);
    if (!a) return a.error();
    a->source = fs::path(o.rental_contract).filename().string();  // no path of this machine
    in.rental_contract = *a;
  }

  const std::vector<DossierItem> items = DocumentList(m, in);
  for (DossierLang l : kLangs) {
    names.clear();
    if (Status s = w.Page(std::string("documents-") + LangCode(l),
                          DocumentListHtml(m, in, items, l), false, &names);
        !s)
      return s.error();
  }
  out.complete = true;
  for (const DossierItem& i : items) out.complete = out.complete && i.status != "missing";

  nlohmann::json letters_json = nlohmann::json::array();
  for (const LetterDraft& d : letters)
    letters_json.push_back(
        {{"id", d.id}, {"clause", d.clause}, {"verdict", d.verdict}, {"drafted", d.drafted}});
  out.dossier = {
      {"format", "pooltest-dossier/1"},
      {"route", RouteName(o.route)},
      {"request", RequestName(o.request)},
      {"act",
       {{"number", m.act_number},
        {"date", m.act_date},
        {"sha256", m.act_sha256},
        {"verified", m.verified},
        {"signer", m.signer},
        {"demonstration", m.demonstration}}},
      {"applicant",
       {{"legal_name", m.legal_name}, {"bin", m.bin}, {"legal_address", m.legal_address}}},
      {"sites", SitesJson(m)},
      {"documents", DocumentListJson(items)},
      {"letters", letters_json},
      {"complete", out.complete},
      {"warnings", out.warnings},
  };
  if (Status s = w.Text("dossier.json", out.dossier.dump(2) + "\n"); !s) return s.error();

  // The manifest lists every file above (and nothing else: the folder was empty).
  Result<nlohmann::json> files = EvidenceManifest(o.out_dir);
  if (!files) return files.error();
  Result<std::string> manifest = CanonicalJson(
      {{"format", "pooltest-dossier-manifest/1"}, {"act_sha256", m.act_sha256}, {"files", *files}});
  if (!manifest) return manifest.error();
  if (Status s = w.Text(kDossierManifest, *manifest); !s) return s.error();
  if (o.signer) {
    Result<std::string> sig = SignDetached(*manifest, *o.signer);
    if (!sig) return Error{"cannot sign manifest.json: " + sig.error().message};
    if (Status s = w.Text(kDossierSignature, *sig); !s) return s.error();
  }
  return out;
}

}  // namespace pooltest
