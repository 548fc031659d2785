#include "probes/location/measurement_import.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/time_format.h"
#include "probes/location/rtt_summary.h"

namespace pooltest {
namespace {

Observation Base(const std::string& file, const std::string& format, const std::string& address,
                 const std::string& vantage) {
  Observation o;
  o.probe = "latency.import";
  o.target = address;
  o.vantage = vantage;
  o.status = ProbeStatus::kOk;
  o.data = {{"format", format}, {"file", file}, {"address", address}};
  return o;
}

// `asked`: how many round trips were tried, answered or not, so the check can
// tell a measurement with a few replies from one whose replies were few.
void Summarise(Observation& o, const std::vector<double>& samples, int asked) {
  o.data["samples_ms"] = samples;
  o.data["asked"] = std::max(asked, static_cast<int>(samples.size()));
  if (samples.empty()) o.status = ProbeStatus::kFailed;
  PutRttSummary(o.data, samples);
}

std::chrono::system_clock::time_point FromEpoch(long long s) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(s));
}

Result<std::vector<Observation>> ParsePooltest(const nlohmann::json& doc, const std::string& file) {
  if (!doc.is_object() || doc.value("format", std::string()) != kMeasurementsFormat)
    return Error{file + ": not a pooltest measurements file (expected \"format\": \"" +
                 std::string(kMeasurementsFormat) + "\"); write it with `pooltest measure`"};
  const nlohmann::json vantage = doc.value("vantage", nlohmann::json::object());
  const std::string name = vantage.is_object() ? vantage.value("name", std::string()) : "";
  if (name.empty()) return Error{file + ": \"vantage.name\" is missing"};
  auto list = doc.find("measurements");
  if (list == doc.end() || !list->is_array())
    return Error{file + ": \"measurements\" must be a list"};
  std::vector<Observation> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& m = (*list)[i];
    const std::string where = file + ": measurements[" + std::to_string(i) + "]";
    if (!m.is_object() || !m.value("target", nlohmann::json()).is_string())
      return Error{where + ": needs a \"target\" address"};
    Observation o = Base(file, "pooltest", m["target"].get<std::string>(), name);
    o.site = m.value("site", std::string());
    o.channel = m.value("channel", std::string());
    o.data["kind"] = m.value("kind", std::string("tcp.connect"));
    o.data["port"] = m.value("port", 0);
    o.data["vantage_declared_at"] = vantage;
    std::vector<double> samples;
    for (const auto& s : m.value("samples_ms", nlohmann::json::array())) {
      if (s.is_number() && s.get<double>() >= 0) samples.push_back(s.get<double>());
    }
    const nlohmann::json asked = m.value("asked", nlohmann::json());
    Summarise(o, samples, asked.is_number_integer() ? asked.get<int>() : 0);
    std::chrono::system_clock::time_point t{};
    if (ParseUtc(m.value("started", std::string()), &t)) o.started = t;
    if (ParseUtc(m.value("finished", std::string()), &t)) o.finished = t;
    o.detail =
        "imported from " + file + ": " + std::to_string(samples.size()) + " samples from " + name;
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<Observation>> ParseAtlas(const nlohmann::json& doc, const std::string& file,
                                            const std::vector<VantagePoint>& vantages) {
  if (!doc.is_array())
    return Error{file + ": RIPE Atlas results are a JSON list of result objects"};
  std::vector<Observation> out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const nlohmann::json& r = doc[i];
    const std::string where = file + ": result " + std::to_string(i);
    if (!r.is_object()) return Error{where + " is not an object"};
    if (r.value("type", std::string()) != "ping")
      return Error{where + ": type is not \"ping\" (only ping results carry RTTs)"};
    if (!r.value("prb_id", nlohmann::json()).is_number_integer() ||
        !r.value("dst_addr", nlohmann::json()).is_string())
      return Error{where + ": needs prb_id and dst_addr"};
    const int prb = r["prb_id"].get<int>();
    std::string vantage = "atlas-probe-" + std::to_string(prb);
    for (const VantagePoint& v : vantages)
      if (v.atlas_probe == prb) vantage = v.name;
    Observation o = Base(file, "ripe-atlas", r["dst_addr"].get<std::string>(), vantage);
    o.data["prb_id"] = prb;
    o.data["from"] = r.value("from", std::string());
    o.data["msm_id"] = r.value("msm_id", nlohmann::json());
    o.data["avg_ms"] = r.value("avg", nlohmann::json());
    std::vector<double> samples;
    const nlohmann::json results = r.value("result", nlohmann::json::array());
    for (const auto& x : results) {
      if (!x.is_object()) continue;
      auto rtt = x.find("rtt");
      if (rtt != x.end() && rtt->is_number()) samples.push_back(rtt->get<double>());
    }
    // Each result entry is one packet sent: {"rtt"} answered, {"x": "*"} lost.
    Summarise(o, samples, results.is_array() ? static_cast<int>(results.size()) : 0);
    if (r.value("timestamp", nlohmann::json()).is_number_integer()) {
      o.started = FromEpoch(r["timestamp"].get<long long>());
      o.finished = r.value("endtime", nlohmann::json()).is_number_integer()
                       ? FromEpoch(r["endtime"].get<long long>())
                       : o.started;
    }
    o.detail = "RIPE Atlas probe " + std::to_string(prb) + " (" + vantage +
               "): " + std::to_string(samples.size()) + " replies from " + o.target;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Result<std::vector<Observation>> ParseMeasurements(const nlohmann::json& doc,
                                                   MeasurementFile::Format format,
                                                   const std::string& file,
                                                   const std::vector<VantagePoint>& vantages) {
  return format == MeasurementFile::Format::kRipeAtlas ? ParseAtlas(doc, file, vantages)
                                                       : ParsePooltest(doc, file);
}

Result<std::vector<Observation>> ImportMeasurements(const MeasurementFile& file,
                                                    const std::vector<VantagePoint>& vantages) {
  std::ifstream in(file.path, std::ios::binary);
  if (!in) return Error{file.path + ": cannot be read; check the measurements path"};
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded()) return Error{file.path + ": not valid JSON"};
  return ParseMeasurements(doc, file.format, file.path, vantages);
}

nlohmann::json MeasurementEntry(const Observation& o) {
  nlohmann::json m = {{"target", o.data.value("address", std::string())},
                      {"kind", o.probe},
                      {"site", o.site},
                      {"channel", o.channel},
                      {"status", ToString(o.status)},
                      {"samples_ms", o.data.value("samples_ms", nlohmann::json::array())},
                      {"asked", o.data.value("asked", o.data.value("attempts", nlohmann::json()))},
                      {"min_ms", o.data.value("min_ms", nlohmann::json())},
                      {"median_ms", o.data.value("median_ms", nlohmann::json())},
                      {"max_ms", o.data.value("max_ms", nlohmann::json())},
                      {"started", FormatUtc(o.started)},
                      {"finished", FormatUtc(o.finished)}};
  // tcp.connect targets are "a.b.c.d:port" or "[v6]:port".
  const size_t colon = o.target.rfind(':');
  const bool has_port =
      colon != std::string::npos && (o.target.find(':') == colon || o.target.front() == '[');
  if (m["target"].get<std::string>().empty()) {
    std::string t = has_port ? o.target.substr(0, colon) : o.target;
    if (!t.empty() && t.front() == '[') t = t.substr(1, t.size() - 2);
    m["target"] = t;
  }
  int port = o.data.value("port", 0);
  if (port == 0 && has_port) port = std::atoi(o.target.c_str() + colon + 1);
  m["port"] = port;
  return m;
}

}  // namespace pooltest
