#include "reports/act_check_tables.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "core/markup_escape.h"
#include "reports/act_campaign_table.h"
#include "reports/act_heatmap.h"

namespace pooltest {
namespace {

struct Phrase {
  const char* text[3];
};

const Phrase kPagesByLanguage = {{"Беттер тілдер бойынша: беттегі мәтіннің сол тілдегі үлесі",
                                  "Страницы по языкам: доля текста страницы на её языке",
                                  "Pages by language: share of each page's text in its language"}};
const Phrase kPage = {{"Бет", "Страница", "Page"}};
const Phrase kLangNames[3] = {{{"Қазақша", "Казахский", "Kazakh"}},
                              {{"Орысша", "Русский", "Russian"}},
                              {{"Ағылшынша", "Английский", "English"}}};
const Phrase kFoundByCrawl = {{"сілтеме арқылы табылған", "найдена по ссылке", "found by a link"}};
const Phrase kNotFetched = {{"алынбады", "не получена", "not fetched"}};
const Phrase kPagesLegend = {
    {"Белгіленген ұяшықтар — талапқа сай емес (бет жоқ, үлес шектен төмен, <html lang> қате "
     "немесе ауыстырғыш басқа тілге апармайды); толығы — тексеру көрсеткіштерінде.",
     "Отмеченные ячейки не соответствуют требованию (страницы нет, доля ниже порога, неверный "
     "<html lang> или переключатель не ведёт на другой язык); подробности — в показателях "
     "проверки.",
     "Marked cells fail the requirement (page missing, share below the threshold, wrong "
     "<html lang> or a switcher that does not reach another language); details in the check's "
     "figures."}};
std::string E(const std::string& s) { return EscapeMarkup(s); }

std::string Str(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// One page in one language: the share of its text in that language, or why
// there is none; marked when the check listed a problem for it.
std::string PageCell(const nlohmann::json& row, int l) {
  if (row.is_null()) return "<td class=\"bad\">" + std::string(kNotFetched.text[l]) + "</td>";
  const bool bad =
      !row.contains("problems") || !row["problems"].is_array() || !row["problems"].empty();
  const nlohmann::json& st = row.contains("status") ? row["status"] : nlohmann::json();
  std::string text;
  if (!st.is_number() || st.get<int>() != 200) {
    text = st.is_number() && st.get<int>() != 0 ? "HTTP " + st.dump() : std::string("✗");
  } else {
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f%%", std::floor(row.value("share", 0.0) * 100));
    text = std::string(pct) + (bad ? " ✗" : "");
  }
  return std::string("<td class=\"") + (bad ? "bad" : "num") + "\">" + text + "</td>";
}

std::string PagesTable(const nlohmann::json& figures, int l) {
  const nlohmann::json& pages = figures["pages"];
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, nlohmann::json>> cells;
  std::map<std::string, bool> crawled;
  for (const nlohmann::json& row : pages) {
    const std::string page = Str(row, "page");
    if (!cells.count(page)) order.push_back(page);
    cells[page][Str(row, "lang")] = row;
    if (row.value("depth", 0) > 0) crawled[page] = true;
  }
  std::ostringstream h;
  h << "<p class=\"small tt\"><b>" << kPagesByLanguage.text[l] << "</b></p>\n"
    << "<table class=\"grid small\"><thead><tr><th>" << kPage.text[l] << "</th>";
  for (const Phrase& name : kLangNames) h << "<th>" << name.text[l] << "</th>";
  h << "</tr></thead><tbody>\n";
  for (const std::string& page : order) {
    h << "<tr><td class=\"mono\">" << E(page)
      << (crawled[page]
              ? " <span class=\"small\">(" + std::string(kFoundByCrawl.text[l]) + ")</span>"
              : "")
      << "</td>";
    for (const char* lang : {"kk", "ru", "en"}) {
      auto it = cells[page].find(lang);
      h << PageCell(it == cells[page].end() ? nlohmann::json() : it->second, l);
    }
    h << "</tr>\n";
  }
  h << "</tbody></table>\n<p class=\"small\">" << E(kPagesLegend.text[l]) << "</p>\n";
  return h.str();
}

}  // namespace

std::string CheckTablesHtml(const nlohmann::json& check, int lang) {
  const int l = lang < 0 || lang > 2 ? 2 : lang;
  if (!check.is_object() || !check.contains("figures") || !check["figures"].is_object()) return "";
  const nlohmann::json& f = check["figures"];
  const std::string clause = Str(check, "clause");
  if (clause == "R4.6" && f.contains("pages") && f["pages"].is_array() && !f["pages"].empty())
    return PagesTable(f, l);
  if (clause == "R4.5" && f.contains("campaign") && f["campaign"].is_object() &&
      f["campaign"].contains("grid") && f["campaign"]["grid"].is_object() &&
      f["campaign"]["grid"].contains("cells") && f["campaign"]["grid"]["cells"].is_array())
    // The week is drawn once, as the heat map: each cell carries its median
    // and why it failed (its <title>), so a second text table said nothing new.
    return CampaignTableHtml(f["campaign"], l) + SupportHeatmapHtml(f["campaign"], l);
  return "";
}

}  // namespace pooltest
