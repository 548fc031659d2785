// The probing phase of a run: everything PlanProbes plans, then as many
// further waves as the UI needs (pages reached by following a page's own
// links, pages found by crawling), each planned from the evidence of the
// waves before it, then the crawl's record. Bounded: a wave per crawl depth
// level and follow step at most.
#pragma once

#include "harness/runner/evidence_store.h"
#include "harness/runner/plan.h"
#include "harness/runner/runner.h"

namespace pooltest {

// Returns false when the run was cut short (deadline or interrupt); the
// crawl record then says the crawl did not finish.
bool ExecuteProbing(Runner& runner, const EvidenceStore& store, const Scenario& sc,
                    const AddressBook& book, const RunResources& resources);

}  // namespace pooltest
