#include "reports/act_heatmap.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "core/data_fields.h"
#include "core/markup_escape.h"

namespace pooltest {
namespace {

struct Phrase {
  const char* text[3];
};

const Phrase kCaption = {
    {"Сурет. Қолдау қызметінің аптасы: алғашқы адам жауабына дейінгі медиана (ұяшықта — минут), "
     "сағат бойынша (Қазақстан уақыты) және апта күні бойынша.",
     "Рисунок. Неделя службы поддержки: медиана времени до первого ответа человека (в ячейке — "
     "минуты) по часам (время Казахстана) и дням недели.",
     "Figure. The support week: median time to the first human reply (minutes in each cell) by "
     "hour (Kazakhstan time) and weekday."}};
const Phrase kHour = {{"сағат", "час", "hour"}};
const Phrase kFail = {{"✗ SLA орындалмады", "✗ SLA не выполнено", "✗ SLA missed"}};
const Phrase kDoubtful = {
    {"~ адам жазғаны дәлелденбеді", "~ автор-человек не доказан", "~ not shown to be a person"}};
const Phrase kUncovered = {{"? сұраныс жетпеді", "? запрос не дошёл", "? no request reached"}};
const Phrase kMissed = {{"◤ жіберілмеген сұраныс", "◤ пропущенная отправка", "◤ a send missed"}};
const Phrase kHoliday = {{"★ мереке күні", "★ праздничный день", "★ public holiday"}};
const Phrase kHolidays = {{"Науқан кезеңіндегі мерекелер", "Праздники в период кампании",
                           "Public holidays in the window"}};
const Phrase kMinutes = {{"мин", "мин", "min"}};
const char* const kWeekdays[3][7] = {{"Дс", "Сс", "Ср", "Бс", "Жм", "Сн", "Жс"},
                                     {"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"},
                                     {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}};

// ColorBrewer "Blues", light to dark: lightness strictly decreasing, so the
// steps stay in order when printed in grey.
const char* const kShades[5] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"};
// Upper ends of the steps as fractions of the SLA.
const double kSteps[5] = {0.1, 0.25, 0.5, 0.75, 1.0};

constexpr double kLeft = 30, kTop = 16, kCell = 18.5, kRow = 17;

std::string E(const std::string& s) { return EscapeMarkup(s); }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int ShadeOf(double median_ms, double sla_ms) {
  for (int i = 0; i < 5; ++i)
    if (median_ms <= kSteps[i] * sla_ms) return i;
  return 4;
}

// Weekday (0 = Monday) of each holiday "YYYY-MM-DD name" in the window.
std::set<int> HolidayWeekdays(const nlohmann::json& holidays) {
  std::set<int> out;
  for (const nlohmann::json& h : holidays) {
    if (!h.is_string()) continue;
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(h.get<std::string>().c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) continue;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (!ymd.ok()) continue;
    out.insert(
        static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ymd}}.iso_encoding() - 1));
  }
  return out;
}

void Text(std::ostringstream& s, double x, double y, const std::string& text, const char* anchor,
          const char* fill = "#000", const char* cls = "t") {
  s << "<text class=\"" << cls << "\" x=\"" << Num(x) << "\" y=\"" << Num(y) << "\" text-anchor=\""
    << anchor << "\" fill=\"" << fill << "\" font-size=\"8\">" << E(text) << "</text>\n";
}

void Cell(std::ostringstream& s, const nlohmann::json& c, double sla_ms, double x, double y,
          int l) {
  const std::string status = StringField(c, "status");
  const std::optional<double> median = NumberField(c, "median_ms");
  int shade = -1;
  if (median && sla_ms > 0) shade = ShadeOf(*median, sla_ms);
  s << "<g class=\"cell cell-" << E(status) << "\" data-label=\"" << E(StringField(c, "label"))
    << "\"><title>" << E(StringField(c, "label")) << ": " << E(StringField(c, "why")) << "</title>";
  s << "<rect x=\"" << Num(x) << "\" y=\"" << Num(y) << "\" width=\"" << Num(kCell)
    << "\" height=\"" << Num(kRow) << "\" fill=\"" << (shade >= 0 ? kShades[shade] : "#fff")
    << "\" stroke=\"#666\" stroke-width=\"0.4\"/>";
  const char* pattern = status == "fail" ? "hm-hatch" : status == "uncovered" ? "hm-dots" : nullptr;
  if (pattern)
    s << "<rect x=\"" << Num(x) << "\" y=\"" << Num(y) << "\" width=\"" << Num(kCell)
      << "\" height=\"" << Num(kRow) << "\" fill=\"url(#" << pattern << "-" << l << ")\"/>";
  if (IntField(c, "missed") > 0)
    s << "<path class=\"missed\" d=\"M" << Num(x) << "," << Num(y) << "h6l-6,6z\" fill=\"#000\"/>";
  s << "\n";
  std::string text = median ? std::to_string(std::lround(*median / 60000.0)) : "";
  // A failing cell keeps its minutes before the mark when it has a median
  // (answered, but too slowly): the heat map is the act's only view of the week.
  if (status == "fail") text = median ? text + "✗" : "✗";
  if (status == "doubtful") text = "~";
  if (status == "uncovered") text = "?";
  // Dark steps take white text; a pattern keeps the text on a white pill.
  const bool dark = shade >= 3 && !pattern;
  if (pattern && !text.empty()) {
    const double pill = status == "fail" && median ? kCell - 2 : kCell - 5;
    s << "<rect x=\"" << Num(x + (kCell - pill) / 2) << "\" y=\"" << Num(y + 4) << "\" width=\""
      << Num(pill) << "\" height=\"10\" rx=\"2\" fill=\"#fff\"/>";
  }
  Text(s, x + kCell / 2, y + kRow / 2 + 3, text, "middle", dark ? "#fff" : "#000");
  s << "</g>\n";
}

}  // namespace

std::string SupportHeatmapHtml(const nlohmann::json& campaign, int lang) {
  const int l = lang < 0 || lang > 2 ? 2 : lang;
  const nlohmann::json& grid = ObjectField(campaign, "grid");
  const nlohmann::json& cells = ArrayField(grid, "cells");
  if (cells.empty()) return "";
  const double sla_ms = NumberField(grid, "sla_ms").value_or(0);
  std::map<std::pair<int64_t, int64_t>, const nlohmann::json*> at;
  for (const nlohmann::json& c : cells)
    if (c.is_object()) at[{IntField(c, "weekday", -1), IntField(c, "hour", -1)}] = &c;
  const std::set<int> holidays = HolidayWeekdays(ArrayField(campaign, "holidays_in_window"));
  const double grid_bottom = kTop + 7 * kRow;
  const double height = grid_bottom + 62;
  std::ostringstream s;
  s << "<figure class=\"heatmap\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" "
       "width=\"170mm\" viewBox=\"0 0 482 "
    << Num(height) << "\" font-family=\"DejaVu Sans, sans-serif\">\n<defs>"
    << "<pattern id=\"hm-hatch-" << l
    << "\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
       "patternTransform=\"rotate(45)\"><rect width=\"1.6\" height=\"5\" fill=\"#000\"/></pattern>"
    << "<pattern id=\"hm-dots-" << l
    << "\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><circle cx=\"2\" cy=\"2\" "
       "r=\"0.7\" fill=\"#555\"/></pattern></defs>\n";
  Text(s, kLeft - 4, kTop - 5, kHour.text[l], "end");
  for (int h = 0; h < 24; ++h)
    Text(s, kLeft + (h + 0.5) * kCell, kTop - 5, std::to_string(h), "middle");
  for (int d = 0; d < 7; ++d) {
    const double y = kTop + d * kRow;
    Text(s, kLeft - 4, y + kRow / 2 + 3,
         std::string(holidays.count(d) ? "★ " : "") + kWeekdays[l][d], "end", "#000",
         holidays.count(d) ? "t holiday" : "t");
    for (int h = 0; h < 24; ++h) {
      auto it = at.find({d, h});
      if (it != at.end()) Cell(s, *it->second, sla_ms, kLeft + h * kCell, y, l);
    }
  }
  // Legend: the five steps with their ranges in minutes, then the marks.
  double y = grid_bottom + 8;
  double lower = 0;
  for (int i = 0; i < 5; ++i) {
    const double x = kLeft + i * 62;
    const double upper = kSteps[i] * sla_ms / 60000.0;
    char range[48];
    std::snprintf(range, sizeof range, "%.0f–%.0f %s", lower, upper, kMinutes.text[l]);
    lower = upper;
    s << "<rect class=\"legend-step\" x=\"" << Num(x) << "\" y=\"" << Num(y) << "\" width=\"14\" "
      << "height=\"10\" fill=\"" << kShades[i] << "\" stroke=\"#666\" stroke-width=\"0.4\"/>\n";
    Text(s, x + 17, y + 8, range, "start", "#000", "t legend");
  }
  y += 16;
  const struct {
    const Phrase* text;
    const char* pattern;
  } marks[] = {{&kFail, "hm-hatch"},
               {&kUncovered, "hm-dots"},
               {&kDoubtful, nullptr},
               {&kMissed, nullptr},
               {&kHoliday, nullptr}};
  for (int i = 0; i < 5; ++i) {
    const double x = kLeft + (i % 3) * 150, yy = y + (i / 3) * 14;
    if (marks[i].pattern)
      s << "<rect x=\"" << Num(x) << "\" y=\"" << Num(yy) << "\" width=\"14\" height=\"10\" "
        << "fill=\"url(#" << marks[i].pattern << "-" << l
        << ")\" stroke=\"#666\" stroke-width=\"0.4\"/>\n";
    Text(s, x + (marks[i].pattern ? 17 : 0), yy + 8, marks[i].text->text[l], "start", "#000",
         "t legend");
  }
  s << "</svg>\n<figcaption class=\"small\">" << E(kCaption.text[l]);
  const nlohmann::json& listed = ArrayField(campaign, "holidays_in_window");
  if (!listed.empty()) {
    s << " " << kHolidays.text[l] << ":";
    for (const nlohmann::json& h : listed)
      if (h.is_string()) s << " " << E(h.get<std::string>()) << ";";
  }
  s << "</figcaption>\n</figure>\n";
  return s.str();
}

}  // namespace pooltest
