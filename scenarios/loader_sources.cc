// Reads where the harness measures from and what it looks addresses up in:
// vantage points (unique names, coordinates in range, a RIPE Atlas probe id,
// at most one local), data sources (geolocation, ASN and gazetteer files that
// exist, in a format each kind allows) and measurement files.
#include "scenarios/loader_sections.h"

#include <sstream>
#include <string>
#include <utility>

namespace pooltest::loader {

namespace {

void ReadDataSourceList(const Loader& ld, const Located& v, DataSource::Kind kind,
                        const std::vector<std::string>& formats, std::vector<DataSource>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    DataSource ds;
    ds.kind = kind;
    if (kind == DataSource::Kind::kGazetteer) ds.format = DataSource::Format::kJson;
    ds.where = ld.ctx.At(item.mark);
    ReadNonEmptyInto(ld.ctx, f, "name", ds.name);
    if (auto fm = f.Get("format"))
      if (auto s = ReadEnum(ld.ctx, *fm, formats))
        ds.format = *s == "csv"    ? DataSource::Format::kCsv
                    : *s == "json" ? DataSource::Format::kJson
                                   : DataSource::Format::kMaxMindDb;
    if (auto p = f.Get("path"))
      if (auto resolved = ReadExistingFile(ld, *p)) ds.path = *resolved;
    out.push_back(std::move(ds));
  }
}

}  // namespace

void ReadVantagePoints(const Loader& ld, const Located& v, std::vector<VantagePoint>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  int locals = 0;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    VantagePoint vp;
    if (auto n = f.Get("name")) {
      if (auto s = ReadNonEmpty(ld.ctx, *n)) {
        vp.name = *s;
        for (const VantagePoint& other : out)
          if (other.name == *s)
            ld.ctx.Error(n->mark, "duplicate vantage point name " + Quote(*s),
                         "give each vantage point its own name");
      }
    }
    struct Coord {
      const char* key;
      double limit;
      double* out;
    };
    for (const Coord& c :
         {Coord{"latitude", 90, &vp.latitude}, Coord{"longitude", 180, &vp.longitude}}) {
      auto x = f.Get(c.key);
      if (!x) continue;
      std::optional<double> d = ReadNumber(ld.ctx, *x);
      if (!d) continue;
      if (*d < -c.limit || *d > c.limit) {
        std::ostringstream msg;
        msg << Quote(x->path) << ": " << x->node.Scalar() << " is out of range";
        std::ostringstream hint;
        hint << c.key << " is in degrees from " << -c.limit << " to " << c.limit
             << " (Astana is 51.17, 71.45)";
        ld.ctx.Error(x->mark, msg.str(), hint.str());
        continue;
      }
      *c.out = *d;
    }
    if (auto l = f.Get("local"))
      if (auto b = ReadBool(ld.ctx, *l)) vp.local = *b;
    if (auto a = f.Get("atlas_probe")) {
      if (std::optional<long long> n = ReadInteger(ld.ctx, *a)) {
        if (*n < 1 || *n > 100000000)
          ld.ctx.Error(a->mark,
                       Quote(a->path) + ": " + std::to_string(*n) + " is not a RIPE Atlas probe id",
                       "write the probe's numeric id as shown on atlas.ripe.net");
        else
          vp.atlas_probe = static_cast<int>(*n);
      }
    }
    if (auto l = f.Get("loopback_evidence")) {
      if (auto b = ReadBool(ld.ctx, *l)) vp.loopback_evidence = *b;
      // Loopback RTTs say where the harness is, not where a pool is: this is
      // for test worlds, and an act that relies on it must say so.
      if (vp.loopback_evidence)
        ld.ctx.Warning(l->mark,
                       Quote(l->path) +
                           ": loopback_evidence: true counts RTTs to loopback and private "
                           "addresses as distance evidence",
                       "for test worlds only; the results and the act name every verdict "
                       "that used it");
    }
    if (vp.local && ++locals == 2)
      ld.ctx.Warning(item.mark, "more than one vantage point is marked local: true",
                     "the harness runs in one place; mark only that one local");
    out.push_back(std::move(vp));
  }
}

void ReadDataSources(const Loader& ld, const Located& v, std::vector<DataSource>& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto g = f.Get("geolocation"))
    ReadDataSourceList(ld, *g, DataSource::Kind::kGeolocation, {"mmdb"}, out);
  if (auto a = f.Get("asn"))
    ReadDataSourceList(ld, *a, DataSource::Kind::kAsn, {"mmdb", "csv"}, out);
  if (auto z = f.Get("gazetteer"))
    ReadDataSourceList(ld, *z, DataSource::Kind::kGazetteer, {"json"}, out);
}

void ReadMeasurements(const Loader& ld, const Located& v, std::vector<MeasurementFile>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    MeasurementFile m;
    m.where = ld.ctx.At(item.mark);
    if (auto fm = f.Get("format"))
      if (auto s = ReadEnum(ld.ctx, *fm, {"pooltest", "ripe-atlas"}))
        m.format = *s == "ripe-atlas" ? MeasurementFile::Format::kRipeAtlas
                                      : MeasurementFile::Format::kPooltest;
    if (auto p = f.Get("path"))
      if (auto resolved = ReadExistingFile(ld, *p)) m.path = *resolved;
    out.push_back(std::move(m));
  }
}

}  // namespace pooltest::loader
