// R4.5's support week as a heat map: hour (0-23) across, weekday (Mon-Sun)
// down, one cell per campaign grid cell (checks/support_check.h), shaded
// by the median time to the first human reply on a single-hue scale whose
// lightness falls monotonically with the time (legible in greyscale), in
// five steps of the SLA. States are marked by pattern and symbol, never by
// colour alone: hatching and ✗ for a failing cell, ~ for a doubtful one,
// dots and ? for a cell no request reached, a corner triangle where the
// harness missed a planned send, ★ on the weekday rows of the window's
// public holidays. Each cell shows its median in minutes. A renderer of
// figures.campaign only; empty when it holds no grid. `lang`: 0 Kazakh,
// 1 Russian, 2 English. All text escaped.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

std::string SupportHeatmapHtml(const nlohmann::json& campaign, int lang);

}  // namespace pooltest
