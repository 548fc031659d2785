// The act's map of Kazakhstan (issue 12): the regions, each site's declared
// and observed settlement, the distance between the settlements R4.3 found
// for the primary and the backup (a line labelled in km), and each vantage
// point with the circle its RTT bound allows (R4.1's latency samples; dashed
// where the check did not use the sample). A renderer only: every point
// comes from act.json (pool.sites, pool.settlement_names with the
// gazetteer's coordinates, the checks' figures); the distance is the
// great-circle distance between those two points, drawn, never judged.
// Greyscale-legible (shapes and dash patterns, not colour, tell things
// apart); text at least 8 pt on A4. All text escaped. Empty when the act
// names no settlement with coordinates. `lang`: 0 Kazakh, 1 Russian,
// 2 English.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reports/map_projection.h"

namespace pooltest {

// An HTML <figure> holding the inline SVG and its caption (the data's
// source and date), or "".
std::string ActMapHtml(const nlohmann::json& act, int lang);

// The frame that fits the projected outlines of Kazakhstan's regions into
// `width` × `height` SVG units with a 6-unit margin: where ActMapHtml puts
// every point.
MapFrame KazakhstanMapFrame(double width, double height);

}  // namespace pooltest
