// The verdict table printed at the end of a run: one line per check with
// its clause, verdict and the actionable sentence, and the overall result.
// Colour only when the stream is a terminal.
#pragma once

#include <ostream>

#include "reports/run_record.h"

namespace pooltest {

void PrintSummary(const RunRecord& run, std::ostream& out, bool colour);

}  // namespace pooltest
