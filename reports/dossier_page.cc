#include "reports/dossier_page.h"

#include "checks/finding_translations.h"
#include "core/markup_escape.h"

namespace pooltest {
namespace {

constexpr const char* kStyle = R"(
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
html { font-family: "DejaVu Serif", "Liberation Serif", "Times New Roman", serif; font-size: 12pt;
       color: #000; line-height: 1.4; }
body { margin: 0; }
.warning { border: 1.5pt solid #000; padding: 2mm 3mm; margin-bottom: 6mm; font-weight: bold;
           font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
.annex-head { margin-left: 55%; font-size: 11pt; }
h1 { font-size: 14pt; text-align: center; margin: 8mm 0 4mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2.5mm; text-align: left; }
ol.where { margin: 0 0 2mm; padding-left: 7mm; }
ol.where li { margin-bottom: 1mm; }
.caption { text-align: center; font-size: 9.5pt; margin-top: -1.5mm; }
.filled { font-weight: bold; }
.line { display: inline-block; min-width: 45mm; border-bottom: 0.6pt solid #000; }
.sign { margin-top: 10mm; }
.from { margin-left: 55%; }
.to { margin-left: 55%; margin-bottom: 6mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 10.5pt; }
th, td { border: 0.5pt solid #555; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
table.list { table-layout: fixed; }
table.list col.n { width: 7mm; }
table.list col.doc { width: 46%; }
table.list col.status { width: 31mm; }
td.status { white-space: nowrap; font-weight: bold; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
.note { margin-top: 10mm; border-top: 0.5pt solid #777; padding-top: 2mm; font-size: 8.5pt;
        color: #333; font-family: "DejaVu Sans", sans-serif; text-align: left; }
)";

}  // namespace

std::string KindName(const std::string& kind, DossierLang l) {
  if (kind.empty()) return "";
  const std::string key = "settlement.kind." + kind;
  const char* t = l == DossierLang::kKk ? KazakhTemplate(key) : RussianTemplate(key);
  return t == nullptr ? "" : t;
}

std::string SettlementText(const DossierSite& site, DossierLang l) {
  if (site.Name(l).empty())
    return Pick(l, "________ (елді мекенді сынау актісі анықтамады: толтырыңыз)",
                "________ (населённый пункт актом испытаний не установлен: заполните)");
  // A no-break space keeps "г." with its name.
  std::string s = l == DossierLang::kKk ? site.Name(l) + "\u00a0қ." : "г.\u00a0" + site.Name(l);
  const std::string region = RegionName(site.region_en, l);
  if (!region.empty()) s += ", " + region;
  return s;
}

std::string RoleName(const DossierSite& site, DossierLang l) {
  return site.role == "backup" ? Pick(l, "резервтік", "резервный") : Pick(l, "негізгі", "основной");
}

std::string Filled(const std::string& text) {
  return "<span class=\"filled\">" + EscapeMarkup(text) + "</span>";
}

std::string ActReference(const DossierModel& m, DossierLang l) {
  std::string s = "<span class=\"filled\">";
  if (!m.act_number.empty()) s += "№\u00a0" + EscapeMarkup(m.act_number) + ", ";
  s += m.act_date.empty() ? Pick(l, "күні көрсетілмеген", "дата не указана")
                          : EscapeMarkup(m.act_date);
  return s + "</span>, act.json SHA-256 <code>" + EscapeMarkup(m.act_sha256) + "</code>";
}

std::string DossierPage(const DossierModel& m, DossierLang l, const std::string& title,
                        const std::string& body) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"" + std::string(LangCode(l)) +
                  "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + EscapeMarkup(title) +
                  "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  if (!m.verified) {
    h += std::string("<p class=\"warning\">") +
         Pick(l,
              "ТЕКСЕРІЛМЕГЕН АКТІ: бұл құжат қолтаңбасы тексерілмеген сынау актісінен "
              "(--unverified) дайындалды; оны ұсынуға болмайды.",
              "НЕПРОВЕРЕННЫЙ АКТ: этот документ подготовлен по акту испытаний, подпись которого "
              "не проверена (--unverified); подавать его нельзя.") +
         "</p>\n";
  }
  if (m.demonstration) {
    h += std::string("<p class=\"warning\">") +
         Pick(l,
              "ДЕМОНСТРАЦИЯ: сынау актісіне бір реттік демонстрациялық кілтпен қол қойылған; "
              "аккредиттеу үшін жарамсыз.",
              "ДЕМОНСТРАЦИЯ: акт испытаний подписан одноразовым демонстрационным ключом; для "
              "аккредитации недействителен.") +
         "</p>\n";
  }
  h += body;
  h += std::string("<p class=\"note\">") +
       Pick(l,
            "Жоба: pooltest сынау актісінің деректерімен толтырды, өтініш беруші тексеріп, "
            "қол қоюы тиіс. Сынау актісі: ",
            "Проект: заполнен pooltest по данным акта испытаний; заявитель проверяет и "
            "подписывает. Акт испытаний: ") +
       ActReference(m, l) + ".</p>\n</body>\n</html>\n";
  return h;
}

}  // namespace pooltest
