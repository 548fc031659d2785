// The lab file (`--lab lab.yaml`): what the testing laboratory states about
// itself on every act it issues — name, BIN, address, accreditation
// certificate and scope, how acts are numbered, the persons responsible and
// their positions, and the time-stamping authority (RFC 3161) that gives the
// act's signature its trusted time. Kept by the lab, not by the scenario:
// one lab file serves every pool the lab tests. Read by lab_loader.h.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.h"

namespace pooltest {

// An act number is `pattern` with {n} (or {n:W}, zero-padded to W digits)
// replaced by `next` and {year} by the year of issue. "prefix: X" in the
// file is the pattern "X{n}".
struct ActNumbering {
  std::string pattern;
  long long next = 1;
};

struct ResponsiblePerson {
  std::string name;
  std::string position;
};

struct TsaSettings {
  std::string url;      // http(s), application/timestamp-query
  std::string ca_file;  // resolved path; empty: the reply is not checked when signing
  std::chrono::milliseconds timeout{30000};
};

struct LabFile {
  std::string source_path;
  std::string name;
  std::string bin;
  std::string address;
  std::string place;  // where acts are issued ("Астана"); optional
  std::string accreditation_certificate;
  std::string accreditation_scope;
  ActNumbering numbering;
  std::vector<ResponsiblePerson> responsible;
  std::optional<TsaSettings> tsa;  // none: the act's signature carries no trusted time
  SourceLocation where;
};

// The act number for an act issued in `year`.
std::string FormatActNumber(const ActNumbering& numbering, int year);

}  // namespace pooltest
