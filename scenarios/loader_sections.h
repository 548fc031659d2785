// The section readers of the scenario loader (internal to scenarios/), one
// per top-level key; ReadScenario in scenario_loader.cc calls them. Each reads
// the section `v` into `out`, records every problem it finds (errors, and
// warnings for checks that will fail or be inconclusive) in ld.ctx, and
// leaves what it could not read at its default. None of them throws.
#pragma once

#include <vector>

#include "scenarios/loader_context.h"
#include "scenarios/scenario.h"

namespace pooltest::loader {

// loader_sites.cc: the applicant (its BIN and check digit), the sites with
// their stratum endpoints, channels and failover step, and the worker.
void ReadApplicant(const Loader& ld, const Located& v, Applicant& out);
void ReadSites(const Loader& ld, const Located& v, std::vector<Site>& out);
void ReadWorker(const Loader& ld, const Located& v, Worker& out);

// loader_ui.cc: the web UI, its pages, language variants and crawl limits.
void ReadUi(const Loader& ld, const Located& v, WebUi& out);

// loader_support.cc: the support channels (ticket API and e-mail).
void ReadSupport(const Loader& ld, const Located& v, std::vector<SupportChannel>& out);

// loader_sources.cc: vantage points, data sources and measurement files.
void ReadVantagePoints(const Loader& ld, const Located& v, std::vector<VantagePoint>& out);
void ReadDataSources(const Loader& ld, const Located& v, std::vector<DataSource>& out);
void ReadMeasurements(const Loader& ld, const Located& v, std::vector<MeasurementFile>& out);

// loader_dns_thresholds.cc: the DNS resolvers to ask, and the thresholds.
void ReadDns(const Loader& ld, const Located& v, DnsSettings& out);
void ReadThresholds(const Loader& ld, const Located& v, Thresholds& out);

// loader_documents.cc: the attested documents and the output formats.
void ReadDocuments(const Loader& ld, const Located& v, std::vector<AttestedDocument>& out);
void ReadOutput(const Loader& ld, const Located& v, OutputOptions& out);

}  // namespace pooltest::loader
