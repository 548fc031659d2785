// Latency measurements taken at other vantage points, read into the run as
// "latency.import" observations (one per measured address and vantage), and
// the pooltest measurements file format that `pooltest measure` writes.
//
// Formats:
//  - pooltest: {"format": "pooltest-measurements/1", "vantage": {"name",
//    "latitude", "longitude"}, "taken": RFC 3339, "measurements": [{"target"
//    (IP), "port", "kind" ("tcp.connect" | "latency.stratum"), "site",
//    "channel", "samples_ms" [answered..], "asked" (round trips tried),
//    "min_ms", "median_ms", "max_ms", "started", "finished"}]}
//  - ripe-atlas: RIPE Atlas ping results as downloaded from the API, a JSON
//    list of {"type": "ping", "prb_id", "dst_addr", "from", "timestamp",
//    "min", "avg", "max", "result": [{"rtt": ms} | {"x": "*"}]}. The probe's
//    place comes from the scenario: the vantage point with that atlas_probe.
//
// Observation data: format, file, address, samples_ms, asked (packets or
// round trips tried, answered or not), min_ms, median_ms, max_ms, and
// per format vantage_declared_at / prb_id, from, avg_ms. The vantage point
// name is in Observation::vantage; the check decides if it is usable.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "core/result.h"
#include "scenarios/scenario.h"

namespace pooltest {

inline constexpr char kMeasurementsFormat[] = "pooltest-measurements/1";

// Parses a document already read from `file` (named in errors and evidence).
Result<std::vector<Observation>> ParseMeasurements(const nlohmann::json& doc,
                                                   MeasurementFile::Format format,
                                                   const std::string& file,
                                                   const std::vector<VantagePoint>& vantages);

// Reads and parses the file; the error names the file and what is wrong.
Result<std::vector<Observation>> ImportMeasurements(const MeasurementFile& file,
                                                    const std::vector<VantagePoint>& vantages);

// One measurements-file entry from a tcp.connect or latency.stratum
// observation (as `pooltest measure` writes it).
nlohmann::json MeasurementEntry(const Observation& o);

}  // namespace pooltest
