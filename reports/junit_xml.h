// junit.xml: one test case per check, for pool operators who pre-check from
// CI. fail -> <failure>, error -> <error>, inconclusive -> <failure
// type="inconclusive"> (an unproven condition must never show green),
// pass and attested -> a passing case.
#pragma once

#include <string>

#include "core/result.h"
#include "reports/run_record.h"

namespace pooltest {

std::string JunitXml(const RunRecord& run);
Status WriteJunitXml(const RunRecord& run, const std::string& path);

}  // namespace pooltest
