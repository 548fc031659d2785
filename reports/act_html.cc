#include "reports/act_html.h"

#include <sstream>

#include "core/markup_escape.h"
#include "reports/act_html_formal.h"
#include "reports/act_html_sections.h"
#include "reports/act_html_text.h"

namespace pooltest {
namespace act_html {
namespace {

void Part(std::ostringstream& h, const nlohmann::json& act, Lang l) {
  h << "<section class=\"part part-" << kLangCode[l] << "\" lang=\"" << kLangCode[l]
    << "\" id=\"part-" << kLangCode[l] << "\">\n";
  PartHeading(h, act, l);
  IssueLine(h, act, l);
  ApplicantAndRun(h, act, l);
  DataUsed(h, act, l);
  Conclusion(h, act, l);
  FormalConclusion(h, act, l);
  Limitations(h, act, l);
  ConditionsSummary(h, act, l);
  Sites(h, act, l);
  RefusedRequests(h, act, l);
  CheckDetails(h, act, l);
  Documents(h, act, l);
  EvidenceFiles(h, act, l);
  Annexes(h, act, l);
  SignatureLines(h, act, l);
  Signature(h, act, l);
  h << "</section>\n";
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 18mm 16mm 18mm 20mm;
  @top-left { font-size: 8pt; color: #333; vertical-align: bottom; }
  @top-right { font-size: 8pt; color: #333; vertical-align: bottom; }
  @bottom-center { font-size: 8.5pt; color: #000; vertical-align: top; } }
html { font-family: "DejaVu Serif", "Liberation Serif", "Times New Roman", serif; font-size: 10.5pt;
       color: #000; line-height: 1.35; }
body { margin: 0; max-width: 170mm; }
.part { page-break-after: always; break-after: page; }
.part:last-child { page-break-after: auto; break-after: auto; }
.lang { text-align: right; font-size: 9pt; color: #444; margin: 0; text-transform: uppercase; }
h1 { font-size: 15pt; text-align: center; margin: 6mm 0 2mm; }
.basis { text-align: center; font-size: 9.5pt; margin: 0 8mm 5mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 0.6pt solid #000; page-break-after: avoid;
     break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; page-break-after: avoid; break-after: avoid;
     page-break-inside: avoid; break-inside: avoid; }
.tt { page-break-after: avoid; break-after: avoid; margin-bottom: 0.5mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
table.grid, table.figures { table-layout: fixed; }
td { overflow-wrap: anywhere; }
table.grid th, table.grid td { border: 0.5pt solid #555; padding: 1mm 1.5mm; vertical-align: top;
     text-align: left; }
table.grid thead th { background: #e8e8e8; }
td.bad { background: #e0e0e0; font-weight: bold; }
td.num { text-align: right; }
span.finding { white-space: pre-line; }
code.q { font-family: inherit; font-size: inherit; }
.fallback { color: #8a5a00; }
table.grid tr { page-break-inside: avoid; break-inside: avoid; }
col.c-item { width: 17%; } col.c-text { width: 41%; } col.c-checks { width: 20%; } col.c-result { width: 22%; }
table.kv th { text-align: left; font-weight: normal; color: #333; width: 38%; padding: 0.6mm 2mm
     0.6mm 0; vertical-align: top; }
table.kv td { padding: 0.6mm 0; }
table.kv td.group { font-weight: bold; padding-top: 2mm; }
table.figures td { border-bottom: 0.3pt solid #ccc; padding: 0.3mm 1.5mm; font-size: 8.5pt; }
details > summary { font-weight: bold; list-style: none; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt; }
.small { font-size: 8.5pt; }
.hash { word-break: break-all; font-size: 7.5pt; }
.nowrap { white-space: nowrap; }
.num { text-align: right; }
.v { font-weight: bold; overflow-wrap: normal; }
.v-pass, .v-attested { color: #0a5d1a; }
.v-fail, .v-error { color: #a00000; }
.v-inconclusive { color: #8a5a00; }
.conclusion { font-weight: bold; font-size: 11.5pt; padding: 2mm; border: 1pt solid #000; }
.issue { text-align: center; font-size: 10pt; margin: 0 0 4mm; }
.formal { margin: 2mm 0; }
ul.limits, ol.annexes { margin: 1mm 0 2mm; padding-left: 6mm; }
table.signatures { margin-top: 6mm; page-break-inside: avoid; break-inside: avoid; }
table.signatures td { padding: 5mm 2mm 0 0; vertical-align: bottom; width: 33%; }
table.signatures td.line { border-bottom: 0.6pt solid #000; text-align: center; }
table.signatures td.line span { position: relative; top: 4mm; font-size: 7.5pt; color: #333; }
.seal { margin-top: 8mm; font-size: 9pt; }
figure { margin: 2mm 0 3mm; page-break-inside: avoid; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { margin-top: 1mm; }
.demo, .warn { font-weight: bold; color: #a00000; border: 1pt dashed #a00000; padding: 1.5mm; }
)";

std::string Css(const std::string& text) { return "\"" + EscapeCssString(text) + "\""; }

// Each part prints on pages of its own name, so that its running head and
// page numbers are in its language. Numbers count the whole document: the
// three parts are one act.
std::string PageRules(const nlohmann::json& act) {
  const nlohmann::json* lab = act.is_object() && act.contains("lab") ? &act["lab"] : nullptr;
  const std::string number =
      lab && lab->is_object() && lab->contains("act_number") && (*lab)["act_number"].is_string()
          ? (*lab)["act_number"].get<std::string>()
          : "";
  std::string css;
  for (Lang l : {kKk, kRu, kEn}) {
    const std::string name = std::string("part-") + kLangCode[l];
    css += "@page " + name + " {\n  @top-left { content: " + Css(kRunningTitle[l]) + "; }\n";
    if (!number.empty()) css += "  @top-right { content: " + Css(kNumberSign[l] + number) + "; }\n";
    css += "  @bottom-center { content: " + Css(kPageWord[l]) + " counter(page) " +
           Css(kPageOf[l]) + " counter(pages); }\n}\n";
    css += "." + name + " { page: " + name + "; }\n";
  }
  return css;
}

}  // namespace
}  // namespace act_html

std::string ActHtml(const nlohmann::json& act) {
  using act_html::kEn, act_html::kKk, act_html::kRu, act_html::kStyle, act_html::kTitle;
  using act_html::Lang, act_html::PageRules, act_html::Part;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"kk\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << kTitle[kKk] << " / " << kTitle[kRu] << " / " << kTitle[kEn] << "</title>\n<style>" << kStyle
    << PageRules(act) << "</style>\n</head>\n<body>\n";
  for (Lang l : {kKk, kRu, kEn}) Part(h, act, l);
  h << "</body>\n</html>\n";
  return h.str();
}

}  // namespace pooltest
