// Split out of act_html.cc: the sections of one language part.
#include "reports/act_html_sections.h"

#include <string>
#include <utility>
#include <vector>

#include "core/markup_escape.h"
#include "reports/act_check_tables.h"
#include "reports/act_evidence_tables.h"
#include "reports/act_html_finding.h"
#include "reports/act_html_text.h"
#include "reports/act_map.h"

namespace pooltest::act_html {
namespace {

std::string E(const std::string& s) { return EscapeMarkup(s); }
// A value quoted as the act's sources gave it (the lab file, the scenario,
// a probe): never translated, and marked so (tests skip it when they look
// for English in the kk and ru parts).
std::string Q(const std::string& s) { return "<span class=\"q\">" + EscapeMarkup(s) + "</span>"; }

std::string Str(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// The member `key` of an object, or null. The act may be missing a section
// (an older or partial act.json); operator[] on a const json with a missing
// key is undefined behaviour.
const nlohmann::json& At(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

const Phrase kTestBasis = {{"Сынақ негіздемесі", "Основание испытаний", "Basis of the test"}};
const Phrase kApplication = {{"өтініш", "заявка", "application"}};
const Phrase kContract = {{"шарт", "договор", "contract"}};
const Phrase kDated = {{" күнгі", " от ", " of "}};

// The date leads in Kazakh ("2026-11-20 күнгі № 114 өтініш") and trails in
// Russian and English ("заявка № 114 от 2026-11-20").
std::string BasisText(const nlohmann::json& basis, Lang l) {
  const std::string date = Str(basis, "date");
  const char* what = Str(basis, "kind") == "contract" ? kContract[l] : kApplication[l];
  const std::string number = std::string(kNumberSign[l]) + Q(Str(basis, "number"));
  if (l == kKk) return (date.empty() ? "" : E(date) + kDated[l] + " ") + number + " " + what;
  return std::string(what) + " " + number + (date.empty() ? "" : kDated[l] + E(date));
}

std::string VerdictCell(const std::string& v, Lang l) {
  return "<span class=\"v v-" + E(v) + "\">" + VerdictPhrase(v)[l] + "</span>";
}

// The check's title in each language, from its stable id; a check this
// table does not know keeps its English title.
std::string CheckTitle(const nlohmann::json& check, Lang l) {
  std::string id = Str(check, "id");
  auto starts = [&id](const std::string& p) { return id.rfind(p, 0) == 0; };
  if (starts("R4.3.backup.")) {
    std::string site = id.substr(12);
    const char* f[] = {"«%s» резервтік кешені", "Резервный комплекс «%s»", "Backup complex “%s”"};
    std::string t = f[l];
    return t.replace(t.find("%s"), 2, site);
  }
  if (starts("R4.4.channels.")) {
    std::string site = id.substr(14);
    const char* f[] = {"«%s» кешенінің байланыс арналары", "Каналы связи комплекса «%s»",
                       "Communication channels of “%s”"};
    std::string t = f[l];
    return t.replace(t.find("%s"), 2, site);
  }
  struct Known {
    const char* id;
    Phrase title;
  };
  static const Known kKnown[] = {
      {"R4.1.location",
       {{"Кешендердің орналасқан жері", "Местонахождение комплексов",
         "Location of the complexes"}}},
      {"R4.2.security-act",
       {{"Ақпараттық қауіпсіздік сынақтарының актісі",
         "Акт испытаний на соответствие требованиям информационной безопасности",
         "Information-security test act"}}},
      {"R4.5.support",
       {{"Тәулік бойы техникалық қолдау", "Круглосуточная техническая поддержка",
         "Round-the-clock technical support"}}},
      {"R4.6.ui-languages",
       {{"Пайдаланушы интерфейсінің тілдері", "Языки пользовательского интерфейса",
         "User-interface languages"}}},
      {"R4.7.integration-letter",
       {{"Мемлекеттік сервиспен ықпалдастыру туралы хат",
         "Письмо об интеграции с государственным сервисом",
         "Letter on integration with the state service"}}},
  };
  for (const Known& k : kKnown) {
    if (id == k.id) return k.title[l];
  }
  return Str(check, "title");
}

// Figures as "path: value" rows, bounded so a long list of samples does not
// take over the printed act (act.json holds them all).
void FlattenFigures(const nlohmann::json& j, const std::string& path,
                    std::vector<std::pair<std::string, std::string>>* rows) {
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      FlattenFigures(it.value(), path.empty() ? it.key() : path + "." + it.key(), rows);
    }
  } else if (j.is_array() && !j.empty()) {
    for (size_t i = 0; i < j.size(); ++i) {
      FlattenFigures(j[i], path + "[" + std::to_string(i) + "]", rows);
    }
  } else {
    rows->emplace_back(path, j.is_string() ? j.get<std::string>() : j.dump());
  }
}

void Row(std::ostringstream& h, const std::string& label, const std::string& value_html) {
  h << "<tr><th>" << label << "</th><td>" << value_html << "</td></tr>\n";
}

// One check: title and verdict, the finding, its figures, its tables and
// the evidence it rests on.
void CheckDetail(std::ostringstream& h, const nlohmann::json& act, const nlohmann::json& c,
                 Lang l) {
  h << "<div class=\"check\">\n<h3><span class=\"mono\">" << E(Str(c, "id")) << "</span> — "
    << E(CheckTitle(c, l)) << " " << VerdictCell(Str(c, "verdict"), l) << "</h3>\n";
  // A matrix in the summary (R4.5's text grid) is shown as a table below.
  const std::string tables = CheckTablesHtml(c, l);
  h << "<p><b>" << kFinding[l] << ":</b> <span class=\"finding\">"
    << FindingHtml(c, At(act, "pool"), l, !tables.empty()) << "</span></p>\n";
  // A table of what decided the check; the complete figures stay in act.json.
  const std::string evidence_tables = EvidenceTablesHtml(c, l, At(act, "pool"));
  std::vector<std::pair<std::string, std::string>> rows;
  if (evidence_tables.empty() && tables.empty()) FlattenFigures(At(c, "figures"), "", &rows);
  h << evidence_tables;
  if (!evidence_tables.empty() || !tables.empty())
    h << "<p class=\"small\">" << kFigures[l] << ": " << kMore[l] << ".</p>\n";
  if (!rows.empty()) {
    h << "<details open><summary>" << kFigures[l] << "</summary><table class=\"figures\">\n";
    const size_t kMaxRows = 12;
    for (size_t i = 0; i < rows.size() && i < kMaxRows; ++i) {
      h << "<tr><td class=\"mono\">" << E(rows[i].first) << "</td><td>" << Q(rows[i].second)
        << "</td></tr>\n";
    }
    if (rows.size() > kMaxRows) {
      h << "<tr><td colspan=\"2\">… +" << rows.size() - kMaxRows << " (" << kMore[l]
        << ")</td></tr>\n";
    }
    h << "</table></details>\n";
  }
  h << tables;
  if (!At(c, "evidence").empty()) {
    h << "<p class=\"small\"><b>" << kEvidenceCited[l] << ":</b> ";
    bool first = true;
    for (const nlohmann::json& e : At(c, "evidence")) {
      h << (first ? "" : "; ") << "<span class=\"mono\">" << E(Str(e, "id")) << "</span> "
        << Q(Str(e, "probe")) << " " << Q(Str(e, "target"));
      first = false;
    }
    h << "</p>\n";
  }
  h << "</div>\n";
}

// The issuing lab as act.json records it from the lab file; nothing when the
// act names no lab.
void LabRows(std::ostringstream& h, const nlohmann::json& lab, Lang l) {
  if (!lab.is_object()) return;
  h << "<tr><td colspan=\"2\" class=\"group\">" << kLab[l] << "</td></tr>\n";
  Row(h, kActNumber[l], Q(Str(lab, "act_number")));
  Row(h, kLabName[l], Q(Str(lab, "name")));
  Row(h, kBin[l], Q(Str(lab, "bin")));
  Row(h, kAddress[l], Q(Str(lab, "address")));
  const nlohmann::json& acc = lab.value("accreditation", nlohmann::json::object());
  Row(h, kAccreditation[l], Q(Str(acc, "certificate")));
  Row(h, kAccreditationScope[l], Q(Str(acc, "scope")));
  std::string persons;
  for (const nlohmann::json& p : lab.value("responsible", nlohmann::json::array())) {
    if (!persons.empty()) persons += "<br>";
    persons += Q(Str(p, "position")) + ": " + Q(Str(p, "name"));
  }
  Row(h, kResponsible[l], persons);
}

}  // namespace

void PartHeading(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& sig = At(act, "signature");
  h << "<p class=\"lang\">" << kPart[l] << "</p>\n";
  if (sig.is_object() && sig.value("demonstration", false)) {
    h << "<p class=\"demo\">" << kDemo[l] << "</p>\n";
  }
  h << "<h1>" << kTitle[l] << "</h1>\n<p class=\"basis\">" << kBasis[l] << "</p>\n";
}

void ApplicantAndRun(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& app = At(act, "applicant");
  const nlohmann::json& run = At(act, "run");
  h << "<table class=\"kv\">\n";
  LabRows(h, At(act, "lab"), l);
  h << "<tr><td colspan=\"2\" class=\"group\">" << kApplicant[l] << "</td></tr>\n";
  Row(h, kLegalName[l], Q(Str(app, "legal_name")));
  Row(h, kBin[l], Q(Str(app, "bin")));
  Row(h, kLegalAddress[l], Q(Str(app, "legal_address")));
  if (At(app, "basis").is_object()) Row(h, kTestBasis[l], BasisText(At(app, "basis"), l));
  h << "<tr><td colspan=\"2\" class=\"group\">" << kTesting[l] << "</td></tr>\n";
  Row(h, kScenario[l],
      Q(Str(At(act, "scenario"), "name")) + " <span class=\"mono\">(" +
          E(Str(At(act, "scenario"), "file")) + ", SHA-256 " +
          E(Str(At(act, "scenario"), "sha256")) + ")</span>");
  Row(h, kHarness[l], "pooltest " + E(Str(At(act, "harness"), "version")));
  Row(h, kStarted[l],
      E(Str(run, "started_kz")) + " (" + kKzTime[l] + "); " + E(Str(run, "started_utc")) + " " +
          kUtc[l]);
  Row(h, kFinished[l],
      E(Str(run, "finished_kz")) + " (" + kKzTime[l] + "); " + E(Str(run, "finished_utc")) + " " +
          kUtc[l]);
  const nlohmann::json& v = At(run, "vantage");
  std::string where = Q(Str(v, "name"));
  if (v.contains("latitude")) {
    where += " (" + E(Str(v, "latitude")) + ", " + E(Str(v, "longitude")) + ")";
  }
  if (v.contains("host")) where += ", <span class=\"mono\">" + E(Str(v, "host")) + "</span>";
  Row(h, kVantage[l], where);
  Row(h, kObservations[l], E(Str(run, "observations")));
  h << "</table>\n";
}

void Conclusion(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& run = At(act, "run");
  bool positive = At(act, "result").is_object() && At(act, "result").value("positive", false);
  h << "<h2>" << kConclusion[l] << "</h2>\n<p class=\"conclusion "
    << (positive ? "positive" : "negative") << "\">" << (positive ? kPositive[l] : kNotPositive[l])
    << "</p>\n";
  if (run.is_object() && run.value("interrupted", false))
    h << "<p class=\"warn\">" << kInterrupted[l] << "</p>\n";
}

void ConditionsSummary(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h2>" << kSummary[l]
    << "</h2>\n<table class=\"grid\">\n<colgroup><col class=\"c-item\"><col class=\"c-text\"><col "
       "class=\"c-checks\"><col class=\"c-result\"></colgroup>\n<thead><tr><th>"
    << kClause[l] << "</th><th>" << kCondition[l] << "</th><th>" << kChecks[l] << "</th><th>"
    << kResult[l] << "</th></tr></thead>\n<tbody>\n";
  for (const ConditionText& c : kConditions) {
    std::string verdict = "inconclusive";
    std::string ids;
    for (const nlohmann::json& cond : At(act, "conditions")) {
      if (Str(cond, "clause") != c.clause) continue;
      verdict = Str(cond, "verdict");
      for (const nlohmann::json& id : At(cond, "checks")) {
        // A check id breaks at its dots, never inside a word.
        std::string breakable;
        for (char ch : E(id.get<std::string>()))
          breakable += ch == '.' ? ".<wbr>" : std::string(1, ch);
        ids += (ids.empty() ? "" : "<br>") + breakable;
      }
    }
    std::string item = std::string("4.") + (c.clause + 3);  // "R4.3" -> "4.3"
    h << "<tr><td class=\"nowrap\">" << E(item) << "<br><span class=\"mono small\">" << c.clause
      << "</span></td><td>" << c.text[l] << "</td><td class=\"mono small\">" << ids << "</td><td>"
      << VerdictCell(verdict, l) << "</td></tr>\n";
  }
  h << "</tbody></table>\n";
}

void Sites(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h2>" << kSites[l] << "</h2>\n<table class=\"grid\">\n<thead><tr><th>" << kSite[l]
    << "</th><th>" << kDeclaredSettlement[l] << "</th><th>" << kObservedSettlement[l] << "</th><th>"
    << kAddresses[l] << "</th><th>" << kProviders[l] << "</th></tr></thead>\n";
  const nlohmann::json& pool = At(act, "pool");
  // A settlement by its name in the part's language when the gazetteer
  // knows it; else as the scenario or the database spelled it (quoted).
  auto settlement = [&](const std::string& spelled, const std::string& id) {
    const std::string name = SettlementName(pool, id, l);
    return name.empty() ? "<code class=\"q\">" + E(spelled) + "</code>" : E(name);
  };
  auto list = [](const nlohmann::json& a) {
    std::string s;
    for (const nlohmann::json& e : a) s += (s.empty() ? "" : "<br>") + E(e.get<std::string>());
    return s;
  };
  for (const nlohmann::json& s : At(pool, "sites")) {
    const nlohmann::json& o = At(s, "observed");
    std::string observed;
    for (const nlohmann::json& name : At(o, "settlements")) {
      observed += (observed.empty() ? "" : "<br>") +
                  settlement(name.get<std::string>(),
                             Str(At(o, "settlement_ids"), name.get<std::string>().c_str()));
    }
    // The site's id is the scenario's identifier (quoted); its role in words.
    const std::string role = Str(s, "role") == "backup" ? kBackup[l] : kPrimary[l];
    const std::string id = Str(s, "id");
    const bool id_is_role = id == Str(s, "role");
    h << "<tr><td>"
      << (l == kEn && id_is_role ? role : "<code class=\"q\">" + E(id) + "</code> (" + role + ")")
      << "</td><td>" << settlement(Str(s, "declared_settlement"), Str(s, "declared_settlement_id"))
      << "</td><td>" << observed << "</td><td class=\"mono small\">" << list(At(o, "addresses"))
      << "</td><td class=\"small q\">" << list(At(o, "providers")) << "</td></tr>\n";
  }
  // The same sites on the map, with what R4.1 and R4.3 measured.
  h << "</table>\n" << ActMapHtml(act, l);
}

namespace {

// The refusal in the part's language; a kind the act does not know (or a
// probe's plain refusal) reads as a refused connection.
std::string RefusalWhy(const nlohmann::json& r, Lang l) {
  const auto fault = r.find("harness_fault");
  if (fault != r.end() && fault->is_boolean() && fault->get<bool>()) return kRefusedByLab[l];
  const std::string kind = Str(r, "kind");
  const Phrase& p = kind == "redirect_refused"     ? kRefusedRedirect
                    : kind == "target_refused"     ? kRefusedTarget
                    : kind == "redirect_scheme"    ? kRefusedScheme
                    : kind == "body_to_other_host" ? kRefusedBody
                    : kind == "redirect_loop"      ? kRefusedLoop
                    : kind == "too_many_redirects" ? kRefusedTooMany
                    : kind == "render_blocked"     ? kRefusedRender
                                                   : kRefusedConnection;
  return p[l];
}

}  // namespace

void RefusedRequests(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  constexpr size_t kMaxRows = 50;
  h << "<h2>" << kRefusedRequests[l] << "</h2>\n<p class=\"small\">" << kRefusedNote[l] << "</p>\n";
  const nlohmann::json rows = At(act, "refused_requests").is_array() ? At(act, "refused_requests")
                                                                     : nlohmann::json::array();
  if (rows.empty()) {
    h << "<p>" << kNoRefused[l] << "</p>\n";
    return;
  }
  h << "<table class=\"grid\"><thead><tr><th>" << kObservation[l] << "</th><th>" << kRequestedTo[l]
    << "</th><th>" << kReason[l] << "</th></tr></thead>\n";
  for (size_t i = 0; i < rows.size() && i < kMaxRows; ++i) {
    const nlohmann::json& r = rows[i];
    const std::string host = Str(r, "host");
    const std::string to = Str(r, "to").empty() ? Str(r, "target") : Str(r, "to");
    h << "<tr><td class=\"nowrap\">" << E(Str(r, "evidence")) << "<br><span class=\"small\">"
      << E(Str(r, "probe")) << "</span></td><td class=\"mono small\">" << E(to)
      << "</td><td class=\"small\">" << RefusalWhy(r, l)
      << (host.empty() ? "" : " (<span class=\"mono\">" + E(host) + "</span>)") << "</td></tr>\n";
  }
  h << "</table>\n";
  if (rows.size() > kMaxRows)
    h << "<p class=\"small\">+" << rows.size() - kMaxRows << " (" << kMoreInActJson[l] << ")</p>\n";
}

void CheckDetails(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h2>" << kDetails[l] << "</h2>\n";
  for (const nlohmann::json& c : At(act, "checks")) {
    CheckDetail(h, act, c, l);
  }
}

void Documents(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h2>" << kDocuments[l] << "</h2>\n";
  if (At(act, "documents").empty()) {
    h << "<p>" << kNoDocuments[l] << "</p>\n";
  } else {
    h << "<table class=\"grid\"><thead><tr><th>" << kClause[l] << "</th><th>" << kReference[l]
      << "</th><th>" << kDate[l] << "</th><th>" << kIssuer[l]
      << "</th><th>SHA-256</th></tr></thead>\n";
    for (const nlohmann::json& d : At(act, "documents")) {
      h << "<tr><td>" << E(Str(d, "clause")) << "</td><td>" << Q(Str(d, "reference"))
        << "</td><td class=\"nowrap\">" << E(Str(d, "date")) << "</td><td>" << Q(Str(d, "issuer"))
        << "</td><td class=\"mono hash\">" << E(Str(d, "sha256")) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
}

void EvidenceFiles(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<h2>" << kEvidenceFiles[l] << "</h2>\n<p class=\"small\">" << kEvidenceNote[l]
    << "</p>\n<table class=\"grid\"><thead><tr><th>" << kFile[l] << "</th><th>" << kBytes[l]
    << "</th><th>SHA-256</th></tr></thead>\n";
  for (const nlohmann::json& m : At(act, "manifest")) {
    h << "<tr><td class=\"mono\">" << E(Str(m, "file")) << "</td><td class=\"num\">"
      << E(Str(m, "bytes")) << "</td><td class=\"mono hash\">" << E(Str(m, "sha256"))
      << "</td></tr>\n";
  }
  h << "</table>\n";
}

void Signature(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  const nlohmann::json& sig = At(act, "signature");
  h << "<h2>" << kSignature[l] << "</h2>\n";
  if (sig.is_object()) {
    h << "<p>" << kSignedText[l] << "</p>\n<table class=\"kv\">\n";
    Row(h, kSigner[l], Q(Str(sig, "signer")));
    Row(h, kCertIssuer[l], Q(Str(sig, "issuer")));
    Row(h, kKey[l], Q(Str(sig, "key")) + ", " + kSerial[l] + " " + Q(Str(sig, "serial")));
    h << "</table>\n";
    if (sig.value("demonstration", false)) h << "<p class=\"demo\">" << kDemo[l] << "</p>\n";
    h << "<p class=\"small\">" << kVerifyHint[l]
      << " <span class=\"mono\">pooltest verify &lt;folder&gt; --ca &lt;CA.pem&gt;</span>; "
         "<span class=\"mono\">openssl cms -verify -binary -inform DER -content act.json -in "
         "act.json.p7s -CAfile &lt;CA.pem&gt;</span></p>\n";
  } else {
    h << "<p class=\"warn\">" << kUnsigned[l] << "</p>\n";
  }
}

}  // namespace pooltest::act_html
