// The sub-commands of the pooltest executable. Each returns a process exit
// code (exit_codes.h) and writes its own messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pooltest {

struct ValidateArgs {
  std::vector<std::string> files;
  bool json = false;
};

struct RunArgs {
  std::string scenario;
  std::string out_dir;  // empty: a fresh folder named after the scenario and time
  bool force = false;   // allow writing into a non-empty folder
  bool json = false;    // print results.json to stdout instead of the table
  bool quiet = false;   // no progress display
  // Signing the act: a PKCS#12 file and where its password is (never the
  // password itself on the command line).
  std::string sign_p12;
  std::string sign_password_env;
  std::string sign_password_file;
  std::string lab;  // the lab file (--lab); empty: the act names no lab
};

struct RefpoolArgs {
  std::string config;  // empty: the conforming default pool
  // The loopback block (127.0.X.0/24) the pool's 127.0.0.Y addresses move
  // to; empty: the first free one (refpool/loopback_block.h).
  std::string addresses;
  // The stratum log (one line per session event, share and new job),
  // appended to; empty: stderr.
  std::string log;
};

struct DemoArgs {
  std::string out_dir;
  std::string scenario;   // empty: the bundled scenarios/demo.yaml
  std::string lab;        // empty: the bundled throwaway scenarios/demo-lab.yaml
  std::string addresses;  // as RefpoolArgs::addresses; the scenario is rebased too
};

struct CampaignArgs {
  std::string action;  // start, resume, status, report
  std::string db;      // the campaign's SQLite database
  std::string scenario;
  std::string start;  // UTC, e.g. 2025-06-02T00:00:00Z; empty: now
  int days = 7;
  uint64_t seed = 1;
  int per_hour = 1;
  int min_gap_s = 600;
  int poll_s = 60;
  int reply_wait_s = 86400;
  int late_grace_s = 300;
  std::string calendar_dir;  // empty: the bundled data/calendars/kz
  std::string clock_file;    // virtual time in a file (tests); empty: the system clock
  bool plan_only = false;
  bool json = false;
  bool quiet = false;
  // Progress as Prometheus metrics while start/resume runs: served at
  // http://ADDRESS:PORT/metrics, and/or written to a node-exporter textfile.
  std::string metrics_listen;  // "127.0.0.1:9464", or a bare port (loopback)
  std::string metrics_textfile;
};

int ValidateCommand(const ValidateArgs& args);
int RunCommand(const RunArgs& args);
int RefpoolCommand(const RefpoolArgs& args);
int DemoCommand(const DemoArgs& args);

struct VerifyArgs {
  std::string dir;          // a run's output folder
  std::string ca_file;      // PEM CA certificate(s) the signer must chain to
  std::string tsa_ca_file;  // PEM CA certificate(s) of the time-stamping authority
  std::string at;           // verify as of this UTC time (YYYY-MM-DD[THH:MM:SSZ]); empty: now
  bool json = false;
};
int VerifyCommand(const VerifyArgs& args);

struct DiffArgs {
  std::string old_act;  // output folder or act.json
  std::string new_act;
  double tolerance = 0.10;        // relative, for figures
  double time_tolerance_ms = 50;  // absolute, for timing figures
  bool json = false;
};
int DiffCommand(const DiffArgs& args);
int CampaignCommand(const CampaignArgs& args);

// Latency probes only, from a named vantage point, into a measurements file.
struct MeasureArgs {
  std::string scenario;
  std::string vantage;
  std::string out;
};
int MeasureCommand(const MeasureArgs& args);

// The procedure's deadlines from a submission time (procedure/deadlines.h).
struct DeadlinesArgs {
  std::string submitted;        // RFC 3339 with offset, or "YYYY-MM-DD HH:MM" in Kazakhstan
  std::string request = "new";  // new | reissue
  std::string calendar_dir;     // empty: the bundled data/calendars/kz
  bool json = false;
};
int DeadlinesCommand(const DeadlinesArgs& args);

// The re-audit registry (harness/registry/registry_store.h).
struct RegistryArgs {
  std::string action;          // add, list, due, certificate, diff
  std::string db;              // empty: registry_store.h's default path
  std::string act_dir;         // add
  std::string ca_file;         // add: verify against this CA
  std::string tsa_ca_file;     // add: and this TSA CA
  bool unverified = false;     // add: keep an act that does not verify, marked so
  std::string bin;             // certificate, diff
  std::string date;            // certificate: YYYY-MM-DD of issue
  std::string within = "60d";  // due
  std::string now;             // due: YYYY-MM-DD (Kazakhstan); empty: today
  bool json = false;
};
int RegistryCommand(const RegistryArgs& args);
// The accreditation dossier of a verified act (reports/dossier_writer.h).
struct DossierArgs {
  std::string act_dir;
  std::string out_dir;
  std::string route = "portal";  // office | portal
  std::string request = "new";   // new | reissue
  std::string ca_file;
  std::string tsa_ca_file;
  bool unverified = false;
  std::string rental_contract;
  std::string sign_p12;
  std::string sign_password_env;
  std::string sign_password_file;
  bool json = false;
};
int DossierCommand(const DossierArgs& args);

}  // namespace pooltest
