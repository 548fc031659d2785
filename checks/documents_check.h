// R4.2 and R4.7: conditions shown by documents the lab attaches (the
// information-security test act; the authority's letter on integration with
// the personal-data access service). A document is never a probed PASS: it
// is `attested`, recorded by reference and SHA-256. Inconclusive when no
// document is attached or its file cannot be read; fail when the file no
// longer matches the digest declared in the scenario.
#pragma once

#include <vector>

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

std::vector<CheckResult> CheckDocuments(const CheckInput& in);

}  // namespace pooltest
