// junit.xml: one test case per check, for pool operators who pre-check from
// CI. fail -> <failure type="fail">, error -> <error>, inconclusive ->
// <skipped> by default (not proven, not failed: a pre-check shows it
// yellow) or <failure type="inconclusive"> with output.junit.inconclusive:
// failure; pass and attested pass, told apart by the testcase's status.
// Each case's time is the span of the probes it cites; the suite carries
// the hostname and <properties> (pooltest version, scenario and evidence
// SHA-256, vantage, data builds, interrupted/deadline). Valid against
// Jenkins' JUnit schema (tests/data/jenkins-junit.xsd).
// output.junit.dialect: ant writes what Ant's junit task writes instead,
// valid against the Ant schema (tests/data/ant-junit.xsd): a <testsuite>
// root, no <skipped> (inconclusive is always <failure type="inconclusive">),
// each verdict a suite property "verdict.<check id>".
#pragma once

#include <string>

#include "core/result.h"
#include "reports/run_record.h"

namespace pooltest {

std::string JunitXml(const RunRecord& run);
Status WriteJunitXml(const RunRecord& run, const std::string& path);

}  // namespace pooltest
