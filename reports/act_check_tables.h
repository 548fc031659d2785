// Tables the act shows for checks whose figures are a matrix a reader scans
// rather than a list: R4.6's pages by language (the share of each page's
// text in its language, or why it is missing) and R4.5's campaign: its
// channels and replies (act_campaign_table.h) and its week as a heat map
// (act_heatmap.h), the week's only rendering. Rendered
// from the check's figures in act.json only; empty when the figures hold no
// such matrix. `lang`: 0 Kazakh, 1 Russian, 2 English (the act's parts).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

std::string CheckTablesHtml(const nlohmann::json& check, int lang);

}  // namespace pooltest
