// Reads the documents the lab attaches (clause R4.2 or R4.7, a real date, a
// file that exists and, when given, matches its sha256) and the output
// formats (known ones, each listed once).
#include "scenarios/loader_sections.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/sha256.h"

namespace pooltest::loader {

namespace {

bool IsSha256Hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

}  // namespace

void ReadDocuments(const Loader& ld, const Located& v, std::vector<AttestedDocument>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    AttestedDocument doc;
    doc.where = ld.ctx.At(item.mark);
    if (auto c = f.Get("clause"))
      if (auto s = ReadEnum(ld.ctx, *c, {"R4.2", "R4.7"})) doc.clause = *s;
    ReadNonEmptyInto(ld.ctx, f, "reference", doc.reference);
    ReadNonEmptyInto(ld.ctx, f, "issuer", doc.issuer);
    if (auto d = f.Get("date")) {
      if (auto s = ReadNonEmpty(ld.ctx, *d)) {
        if (IsRealDate(*s))
          doc.date = *s;
        else
          ld.ctx.Error(d->mark, Quote(d->path) + ": " + Quote(*s) + " is not a real date",
                       "write the document's date as YYYY-MM-DD, e.g. \"2024-03-15\"");
      }
    }
    if (auto fl = f.Get("file"))
      if (auto resolved = ReadExistingFile(ld, *fl)) doc.file = *resolved;
    if (auto h = f.Get("sha256")) {
      if (auto s = ReadNonEmpty(ld.ctx, *h)) {
        if (!IsSha256Hex(*s)) {
          ld.ctx.Error(h->mark, Quote(h->path) + " is not 64 hexadecimal digits",
                       "compute it with `sha256sum FILE`, or leave sha256 out");
        } else {
          doc.sha256 = Lower(*s);
          if (!doc.file.empty()) {
            Result<std::string> actual = Sha256File(doc.file);
            if (!actual.ok()) {
              ld.ctx.Error(h->mark,
                           Quote(h->path) + ": cannot hash the file: " + actual.error().message,
                           "check that the file is readable");
            } else if (*actual != doc.sha256) {
              ld.ctx.Error(h->mark,
                           "sha256 of " + doc.file + " does not match " + Quote(h->path) +
                               ": the file has " + *actual,
                           "the file changed since the digest was written: attach the right "
                           "file or update sha256");
            }
          }
        }
      }
    }
    out.push_back(std::move(doc));
  }
}

void ReadOutput(const Loader& ld, const Located& v, OutputOptions& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto j = f.Get("junit")) {
    Fields jf(ld.ctx, *j);
    if (jf.valid()) {
      if (auto d = jf.Get("dialect")) {
        if (auto s = ReadEnum(ld.ctx, *d, {"jenkins", "ant"})) out.junit_dialect = *s;
      }
      if (auto inc = jf.Get("inconclusive")) {
        if (auto s = ReadEnum(ld.ctx, *inc, {"skipped", "failure"})) {
          out.junit_inconclusive = *s;
          // Ant's schema has no <skipped>: asking for one there would
          // give a file its readers reject, or a silent failure instead.
          if (*s == "skipped" && out.junit_dialect == "ant")
            ld.ctx.Error(inc->mark,
                         Quote(inc->path) +
                             ": the ant dialect has no skipped test (Ant's schema has no "
                             "<skipped>), so an inconclusive check is a failure there",
                         "remove it (ant writes inconclusive as a failure) or use dialect: "
                         "jenkins");
        }
      }
    }
  }
  auto fm = f.Get("formats");
  if (!fm) return;
  auto items = ReadList(ld.ctx, *fm, true);
  if (!items) return;
  out.formats.clear();
  for (const Located& item : *items) {
    auto s = ReadEnum(ld.ctx, item, {"json", "junit", "html", "pdf"});
    if (!s) continue;
    if (std::find(out.formats.begin(), out.formats.end(), *s) != out.formats.end()) {
      ld.ctx.Warning(item.mark, Quote(item.path) + ": format " + Quote(*s) + " is listed twice",
                     "remove the repeated entry");
      continue;
    }
    out.formats.push_back(*s);
  }
}

}  // namespace pooltest::loader
