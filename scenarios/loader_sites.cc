// Reads the pool's declaration: the applicant (BIN: 12 digits, valid check
// digit), the sites (unique valid ids, exactly one primary and at least one
// backup, a backup in another settlement, stratum URLs and their TLS knobs,
// two channels from different providers with valid addresses, unique channel
// ids, a failover step naming one of the site's channels) and the worker.
#include "scenarios/loader_sections.h"

#include <chrono>
#include <string>
#include <utility>

#include "scenarios/bin.h"
#include "scenarios/did_you_mean.h"
#include "scenarios/duration.h"

namespace pooltest::loader {

namespace {

void ReadChannel(const Loader& ld, const Located& v, size_t index, Channel& out) {
  out.id = "ch" + std::to_string(index + 1);
  out.where = ld.ctx.At(v.mark);
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto id = f.Get("id")) {
    if (auto s = ReadNonEmpty(ld.ctx, *id)) {
      if (IsIdentifier(*s))
        out.id = *s;
      else
        ld.ctx.Error(id->mark, Quote(id->path) + ": " + Quote(*s) + " is not a valid id",
                     "use letters, digits, '_', '-' and '.', e.g. ch1");
    }
  }
  ReadNonEmptyInto(ld.ctx, f, "provider", out.provider);
  auto a = f.Get("addresses");
  if (!a) return;
  auto items = ReadList(ld.ctx, *a, true);
  if (!items) return;
  for (const Located& item : *items) {
    if (auto s = ReadHost(ld.ctx, item,
                          "write an IPv4 or IPv6 address (e.g. 185.22.64.10) or a host name (e.g. "
                          "pool.example.kz), without a scheme or port"))
      out.addresses.push_back(*s);
  }
}

// A witnessed failover step; its channel must be one of the site's.
void ReadFailover(const Loader& ld, const Located& v, Site& site) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  FailoverStep step;
  step.where = ld.ctx.At(v.mark);
  if (auto c = f.Get("channel")) {
    if (auto s = ReadNonEmpty(ld.ctx, *c)) {
      bool known = false;
      std::vector<std::string> ids;
      for (const Channel& ch : site.channels) {
        known = known || ch.id == *s;
        ids.push_back(ch.id);
      }
      if (!known)
        ld.ctx.Error(c->mark, Quote(c->path) + ": site has no channel " + Quote(*s),
                     "name one of the site's channels: " + QuotedList(ids));
      step.channel = *s;
    }
  }
  for (auto [key, out] : {std::pair<const char*, std::string*>{"command", &step.command},
                          {"restore", &step.restore},
                          {"prompt", &step.prompt}}) {
    if (auto x = f.Get(key))
      if (auto s = ReadNonEmpty(ld.ctx, *x)) *out = *s;
  }
  if (auto d = f.Get("deadline")) {
    if (auto s = ReadNonEmpty(ld.ctx, *d)) {
      if (std::optional<std::chrono::milliseconds> ms = ParseDuration(*s); ms && ms->count() > 0)
        step.deadline = *ms;
      else
        ld.ctx.Error(d->mark, Quote(d->path) + ": bad duration " + Quote(*s),
                     "write a whole number and a unit, e.g. 30s or 2m");
    }
  }
  site.failover = std::move(step);
}

void ReadSite(const Loader& ld, const Located& v, Site& out, YAML::Mark& role_mark,
              YAML::Mark& id_mark) {
  out.where = ld.ctx.At(v.mark);
  out.role = static_cast<SiteRole>(-1);  // neither, until a valid role is read
  role_mark = id_mark = v.mark;
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto id = f.Get("id")) {
    id_mark = id->mark;
    if (auto s = ReadNonEmpty(ld.ctx, *id)) {
      if (IsIdentifier(*s))
        out.id = *s;
      else
        ld.ctx.Error(id->mark, Quote(id->path) + ": " + Quote(*s) + " is not a valid id",
                     "use letters, digits, '_', '-' and '.', e.g. primary or astana-1");
    }
  }
  if (auto r = f.Get("role")) {
    role_mark = r->mark;
    if (auto s = ReadEnum(ld.ctx, *r, {"primary", "backup"}))
      out.role = *s == "primary" ? SiteRole::kPrimary : SiteRole::kBackup;
  }
  ReadNonEmptyInto(ld.ctx, f, "settlement", out.settlement);
  if (auto st = f.Get("stratum")) {
    if (auto items = ReadList(ld.ctx, *st, true)) {
      for (const Located& item : *items) {
        Fields sf(ld.ctx, item);
        if (!sf.valid()) continue;
        auto url = sf.Get("url");
        if (!url) continue;
        auto u = ReadUrl(ld.ctx, *url, {"stratum+tcp", "stratum+ssl"}, true,
                         "stratum+tcp://pool.example.kz:3333");
        if (!u) continue;
        if (!u->rest.empty() && u->rest != "/") {
          ld.ctx.Error(url->mark,
                       Quote(url->path) + ": a stratum URL has no path (" + Quote(u->rest) + ")",
                       "write only scheme, host and port, e.g. stratum+tcp://pool.example.kz:3333");
          continue;
        }
        StratumEndpoint e;
        e.url = u->url;
        e.tls = u->scheme == "stratum+ssl";
        e.host = u->host;
        e.port = static_cast<uint16_t>(*u->port);
        e.where = ld.ctx.At(url->mark);
        for (const char* key : {"verify_tls", "tls_ca_file"}) {
          if (auto k = sf.Get(key); k && !e.tls) {
            ld.ctx.Error(k->mark, Quote(k->path) + " applies only to stratum+ssl endpoints",
                         "remove it, or write the URL as stratum+ssl://" + e.host + ":" +
                             std::to_string(e.port) + " if the pool serves TLS there");
          }
        }
        if (auto t = sf.Get("verify_tls"))
          if (auto b = ReadBool(ld.ctx, *t)) e.verify_tls = *b;
        if (auto c = sf.Get("tls_ca_file"))
          if (auto resolved = ReadExistingFile(ld, *c)) e.tls_ca_file = *resolved;
        out.stratum.push_back(std::move(e));
      }
    }
  }
  if (auto ch = f.Get("channels")) {
    if (auto items = ReadList(ld.ctx, *ch, false)) {
      std::vector<std::pair<std::string, YAML::Mark>> seen;
      for (size_t i = 0; i < items->size(); ++i) {
        Channel c;
        ReadChannel(ld, (*items)[i], i, c);
        for (const auto& [id, mark] : seen) {
          if (id == c.id) {
            ld.ctx.Error((*items)[i].mark,
                         "duplicate channel id " + Quote(c.id) + " in " + Quote(v.path),
                         "first used at line " + std::to_string(mark.line + 1) +
                             "; give each channel of a site its own id");
            break;
          }
        }
        seen.emplace_back(c.id, (*items)[i].mark);
        out.channels.push_back(std::move(c));
      }
    }
  }
  if (out.channels.size() < 2) {
    ld.ctx.Warning(v.mark,
                   "site " + Quote(out.id.empty() ? v.path : out.id) + " declares " +
                       std::to_string(out.channels.size()) + " communication channel(s)",
                   "R4.4 requires two channels from different providers per site: the check "
                   "will fail unless you declare the second one");
  } else {
    for (size_t i = 1; i < out.channels.size(); ++i) {
      if (Lower(out.channels[i].provider) == Lower(out.channels[0].provider) &&
          !out.channels[0].provider.empty()) {
        ld.ctx.Warning(v.mark,
                       "site " + Quote(out.id) + ": channels " + Quote(out.channels[0].id) +
                           " and " + Quote(out.channels[i].id) + " name the same provider " +
                           Quote(out.channels[0].provider),
                       "R4.4 requires channels from different providers");
      }
    }
  }
  if (auto fo = f.Get("failover")) ReadFailover(ld, *fo, out);
}

}  // namespace

// ---- applicant, worker ----

namespace {

void ReadBasis(const Loader& ld, const Located& v, TestBasis& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto k = f.Get("kind"))
    if (auto s = ReadEnum(ld.ctx, *k, {"application", "contract"})) out.kind = *s;
  ReadNonEmptyInto(ld.ctx, f, "number", out.number);
  if (auto d = f.Get("date")) {
    if (auto s = ReadNonEmpty(ld.ctx, *d)) {
      if (IsRealDate(*s))
        out.date = *s;
      else
        ld.ctx.Error(d->mark, Quote(d->path) + ": " + Quote(*s) + " is not a real date",
                     "write the date of the application or contract as YYYY-MM-DD, e.g. "
                     "\"2026-11-20\"");
    }
  }
}

}  // namespace

void ReadApplicant(const Loader& ld, const Located& v, Applicant& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  ReadNonEmptyInto(ld.ctx, f, "legal_name", out.legal_name);
  if (auto a = f.Get("legal_address"))
    if (auto s = ReadString(ld.ctx, *a)) out.legal_address = *s;
  if (auto b = f.Get("bin"))
    if (auto bin = ReadBin(ld.ctx, *b)) out.bin = *bin;
  if (auto b = f.Get("basis")) ReadBasis(ld, *b, out.basis);
}

void ReadWorker(const Loader& ld, const Located& v, Worker& out) {
  out.password = "x";
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  ReadNonEmptyInto(ld.ctx, f, "user", out.user);
  if (auto p = f.Get("password"))
    if (auto s = ReadString(ld.ctx, *p)) out.password = *s;
}

// ---- sites ----

void ReadSites(const Loader& ld, const Located& v, std::vector<Site>& out) {
  auto items = ReadList(ld.ctx, v, true);
  if (!items) return;
  std::vector<YAML::Mark> role_marks(items->size()), id_marks(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    Site s;
    ReadSite(ld, (*items)[i], s, role_marks[i], id_marks[i]);
    out.push_back(std::move(s));
  }
  const Site* primary = nullptr;
  const Site* backup = nullptr;
  for (size_t i = 0; i < out.size(); ++i) {
    const Site& s = out[i];
    for (size_t j = 0; j < i && !s.id.empty(); ++j) {
      if (out[j].id == s.id) {
        ld.ctx.Error(id_marks[i], "duplicate site id " + Quote(s.id),
                     "first used at line " + std::to_string(id_marks[j].line + 1) +
                         "; give each site its own id");
        break;
      }
    }
    if (s.role == SiteRole::kPrimary) {
      if (primary != nullptr) {
        ld.ctx.Error(
            role_marks[i],
            "more than one primary site (" + Quote(primary->id) + " and " + Quote(s.id) + ")",
            "exactly one site has role: primary; the others are role: backup");
      } else {
        primary = &s;
      }
    } else if (s.role == SiteRole::kBackup && backup == nullptr) {
      backup = &s;
    }
  }
  bool all_roles_known = true;
  for (const Site& s : out)
    all_roles_known =
        all_roles_known && (s.role == SiteRole::kPrimary || s.role == SiteRole::kBackup);
  if (!all_roles_known) return;  // the unknown role is already reported
  if (primary == nullptr)
    ld.ctx.Error(v.mark, "no primary site",
                 "mark the main complex with role: primary (exactly one site)");
  if (backup == nullptr)
    ld.ctx.Error(v.mark, "no backup site",
                 "R4.3 requires a backup complex in another settlement: add a site with "
                 "role: backup");
  if (primary != nullptr) {
    for (size_t i = 0; i < out.size(); ++i) {
      const Site& s = out[i];
      if (s.role == SiteRole::kBackup && !s.settlement.empty() &&
          Lower(s.settlement) == Lower(primary->settlement)) {
        ld.ctx.Warning(role_marks[i],
                       "backup site " + Quote(s.id) +
                           " is in the same settlement as the primary (" + s.settlement + ")",
                       "R4.3 requires the backup complex in another settlement: the check will "
                       "fail");
      }
    }
  }
}

}  // namespace pooltest::loader
