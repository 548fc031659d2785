// `pooltest registry add ACT_DIR | list | due --within 60d | certificate BIN
// --date D | diff BIN [--db FILE]`: the re-audit registry
// (harness/registry/registry_store.h). `add` verifies the act first
// (reports/act_verify.h) and refuses one that does not verify unless
// --unverified, which records it marked so. Exit codes: 0 done (diff: the
// acts agree); 1 add refused, or diff found changes; 4 the registry or an
// act's folder cannot be read (the message names it); 64 a malformed
// argument.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/kz_calendar.h"
#include "core/sha256.h"
#include "core/time_format.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/registry/registry_store.h"
#include "procedure/deadlines.h"
#include "reports/act_diff.h"
#include "reports/act_verify.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

int Fail(const std::string& message, int code) {
  std::cerr << "pooltest registry: " << message << "\n";
  return code;
}

nlohmann::json ActJson(const RegisteredAct& a) {
  return {{"act_number", a.act_number}, {"date", a.act_date}, {"sha256", a.sha256},
          {"result", a.result},         {"signer", a.signer}, {"verified", a.verified},
          {"problems", a.problems},     {"folder", a.folder}, {"added_utc", a.added_utc}};
}

nlohmann::json PoolJson(const PoolRecord& p) {
  nlohmann::json acts = nlohmann::json::array();
  for (const RegisteredAct& a : p.acts) acts.push_back(ActJson(a));
  nlohmann::json cert = nullptr;
  if (p.certificate)
    cert = {{"issued", p.certificate->issued}, {"expires", p.certificate->expires}};
  return {{"bin", p.bin},        {"name", p.name},       {"acts", acts},
          {"certificate", cert}, {"reaudit", p.reaudit}, {"reaudit_basis", p.reaudit_basis}};
}

std::string ActLine(const RegisteredAct& a) {
  std::string s = (a.act_number.empty() ? "(no number)" : a.act_number) + " of " + a.act_date +
                  ", " + a.result + ", " +
                  (a.signer.empty() ? std::string("unsigned") : "signed by " + a.signer);
  if (!a.verified) s += ", UNVERIFIED";
  return s;
}

// Today's date in Kazakhstan, or --now.
Result<std::string> Today(const std::string& now) {
  if (!now.empty()) {
    Result<std::string> valid = CertificateExpiry(now);  // the same shape check
    if (!valid) return Error{"--now " + valid.error().message};
    return now;
  }
  Result<LocalCell> cell = KazakhstanCell(std::chrono::system_clock::now());
  if (!cell) return cell.error();
  return cell->date;
}

// "60d" or "60": days.
bool ParseWindow(const std::string& text, int* days) {
  std::string digits = text;
  if (!digits.empty() && digits.back() == 'd') digits.pop_back();
  if (digits.empty() || digits.size() > 5) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  *days = std::stoi(digits);
  return true;
}

std::string PlusDays(const std::string& iso, int days) {
  const date::year_month_day ymd{date::year{std::stoi(iso.substr(0, 4))},
                                 date::month(static_cast<unsigned>(std::stoi(iso.substr(5, 2)))),
                                 date::day(static_cast<unsigned>(std::stoi(iso.substr(8, 2))))};
  return IsoDate(date::sys_days{ymd} + date::days{days});
}

// Verifies before it opens the registry: an act refused leaves no file.
int Add(const std::string& path, const RegistryArgs& args) {
  Result<RegisteredAct> act = ReadRegisteredAct(args.act_dir);
  if (!act) return Fail(act.error().message, kExitHarnessError);
  if (args.ca_file.empty()) {
    act->problems.push_back("not verified: no --ca given");
  } else {
    VerifyOptions options;
    options.ca_file = args.ca_file;
    options.tsa_ca_file = args.tsa_ca_file;
    VerifyReport report = VerifyActFolder(args.act_dir, options);
    act->problems = report.problems;
  }
  act->verified = act->problems.empty();
  if (!act->verified && !args.unverified) {
    std::cerr << "pooltest registry: " << act->folder
              << " does not verify; not added (--unverified records it marked so):\n";
    for (const std::string& p : act->problems) std::cerr << "  FAIL  " << p << "\n";
    return kExitFailed;
  }
  Result<RegistryStore> store = RegistryStore::Open(path, true);
  if (!store) return Fail(store.error().message, kExitHarnessError);
  Result<bool> added = store->AddAct(*act);
  if (!added) return Fail(added.error().message, kExitHarnessError);
  if (args.json) {
    nlohmann::json j = ActJson(*act);
    j["bin"] = act->bin;
    j["name"] = act->pool_name;
    j["added"] = *added;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << (*added ? "added   " : "already ") << act->bin << " " << act->pool_name << ": "
              << ActLine(*act) << "\n";
  }
  return kExitPositive;
}

int List(RegistryStore& store, const RegistryArgs& args) {
  Result<std::vector<PoolRecord>> pools = store.Pools();
  if (!pools) return Fail(pools.error().message, kExitHarnessError);
  if (args.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const PoolRecord& p : *pools) j.push_back(PoolJson(p));
    std::cout << nlohmann::json{{"registry", store.path()}, {"pools", j}}.dump(2) << "\n";
    return kExitPositive;
  }
  for (const PoolRecord& p : *pools) {
    std::cout << p.bin << "  " << p.name << "\n";
    for (const RegisteredAct& a : p.acts) std::cout << "  act  " << ActLine(a) << "\n";
    if (p.certificate)
      std::cout << "  certificate of " << p.certificate->issued << ", expires "
                << p.certificate->expires << "\n";
    std::cout << "  re-audit by " << p.reaudit << " (" << p.reaudit_basis << ")\n";
  }
  if (pools->empty()) std::cout << "no pools in " << store.path() << "\n";
  return kExitPositive;
}

int Due(RegistryStore& store, const RegistryArgs& args) {
  int days = 0;
  if (!ParseWindow(args.within, &days))
    return Fail("--within '" + args.within + "' is not a number of days like 60d", kExitUsage);
  Result<std::string> today = Today(args.now);
  if (!today) return Fail(today.error().message, kExitUsage);
  const std::string until = PlusDays(*today, days);
  Result<std::vector<PoolRecord>> pools = store.Pools();
  if (!pools) return Fail(pools.error().message, kExitHarnessError);
  nlohmann::json due = nlohmann::json::array();
  for (const PoolRecord& p : *pools) {
    // ISO dates compare as strings; an overdue re-audit is due too.
    if (p.reaudit.empty() || p.reaudit > until) continue;
    nlohmann::json j = PoolJson(p);
    j["overdue"] = p.reaudit < *today;
    due.push_back(j);
    if (!args.json)
      std::cout << p.reaudit << "  " << p.bin << "  " << p.name << "  (" << p.reaudit_basis
                << (p.reaudit < *today ? ", OVERDUE" : "") << ")\n";
  }
  if (args.json) {
    std::cout << nlohmann::json{{"today", *today}, {"until", until}, {"due", due}}.dump(2) << "\n";
  } else if (due.empty()) {
    std::cout << "no re-audit due by " << until << "\n";
  }
  return kExitPositive;
}

int AddCertificate(RegistryStore& store, const RegistryArgs& args) {
  Result<std::string> expires = CertificateExpiry(args.date);
  if (!expires) return Fail("--date " + expires.error().message, kExitUsage);
  Status s = store.AddCertificate(args.bin, Certificate{args.date, *expires});
  if (!s) return Fail(s.error().message, kExitHarnessError);
  std::cout << args.bin << ": certificate of " << args.date << ", expires " << *expires << "\n";
  return kExitPositive;
}

int Diff(RegistryStore& store, const RegistryArgs& args) {
  Result<std::optional<PoolRecord>> pool = store.Pool(args.bin);
  if (!pool) return Fail(pool.error().message, kExitHarnessError);
  if (!*pool)
    return Fail("no pool with BIN " + args.bin + " in " + store.path(), kExitHarnessError);
  const std::vector<RegisteredAct>& acts = (*pool)->acts;
  if (acts.size() < 2)
    return Fail(args.bin + " has " + std::to_string(acts.size()) +
                    " act(s) in the registry; diff needs two",
                kExitHarnessError);
  nlohmann::json pair[2];
  for (int i = 0; i < 2; ++i) {
    const RegisteredAct& a = acts[acts.size() - 2 + i];
    const fs::path file = fs::path(a.folder) / "act.json";
    std::ifstream in(file, std::ios::binary);
    if (!in)
      return Fail("act " + (a.act_number.empty() ? a.sha256 : a.act_number) + " of " + a.act_date +
                      ": its folder " + a.folder + " has gone (no act.json there)",
                  kExitHarnessError);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (Sha256Hex(bytes) != a.sha256)
      return Fail(file.string() + ": changed since it was registered (SHA-256 " + Sha256Hex(bytes) +
                      ", registered " + a.sha256 + ")",
                  kExitHarnessError);
    pair[i] = nlohmann::json::parse(bytes, nullptr, false);
  }
  std::vector<ActChange> changes = DiffActs(pair[0], pair[1], DiffOptions{});
  const RegisteredAct& before = acts[acts.size() - 2];
  const RegisteredAct& after = acts.back();
  if (args.json) {
    nlohmann::json j = DiffJson(changes);
    j["old"] = ActJson(before);
    j["new"] = ActJson(after);
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << args.bin << ": " << ActLine(before) << " -> " << ActLine(after) << "\n"
              << DiffTable(changes);
  }
  return changes.empty() ? kExitPositive : kExitFailed;
}

}  // namespace

int RegistryCommand(const RegistryArgs& args) {
  const std::string path = args.db.empty() ? DefaultRegistryPath() : args.db;
  if (args.action == "add") return Add(path, args);
  Result<RegistryStore> store = RegistryStore::Open(path, false);
  if (!store) return Fail(store.error().message, kExitHarnessError);
  if (args.action == "list") return List(*store, args);
  if (args.action == "due") return Due(*store, args);
  if (args.action == "certificate") return AddCertificate(*store, args);
  if (args.action == "diff") return Diff(*store, args);
  return Fail("unknown action '" + args.action + "'", kExitUsage);
}

}  // namespace pooltest
