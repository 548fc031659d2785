// The finding catalogue's entries (see finding_catalogue.h). A template
// names each argument its finding is given; parts have no verdict.
#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

constexpr auto kPass = Verdict::kPass;
constexpr auto kFail = Verdict::kFail;
constexpr auto kInconclusive = Verdict::kInconclusive;
constexpr auto kError = Verdict::kError;
constexpr auto kAttested = Verdict::kAttested;
constexpr std::optional<Verdict> kPartOnly = std::nullopt;

}  // namespace

const std::vector<CatalogueEntry>& FindingCatalogue() {
  static const std::vector<CatalogueEntry> entries = {
      // The harness itself.
      {"check.internal_error", kError,
       "The check could not be completed ({what}); this is a fault of the harness, not of the "
       "pool: report it with the evidence file."},
      {"check.unknown_finding", kError,
       "The check reached an outcome the finding catalogue lacks ({finding}); this is a fault of "
       "the harness: report it."},

      // R4.1: located in Kazakhstan.
      {"R4.1.abroad", kFail,
       "Located outside Kazakhstan by every database that knows it: {first}; {count} "
       "address(es) abroad in all. Move the server to Kazakhstan or correct the declared "
       "addresses."},
      {"R4.1.no_database", kInconclusive,
       "No geolocation database is declared; add one under data_sources.geolocation."},
      {"R4.1.database_open_failed", kInconclusive,
       "A geolocation database could not be opened (see evidence {evidence}); fix its path or "
       "file and run again."},
      {"R4.1.host_unresolved", kInconclusive,
       "Host name {host} did not resolve, so its servers could not be located; check DNS."},
      {"R4.1.no_address", kInconclusive,
       "No address was looked up; declare the sites' channel addresses."},
      {"R4.1.latency_contradicts", kInconclusive,
       "Latency contradicts the geolocation database for {first}; one of them is wrong: "
       "re-measure from a vantage point near the claimed place or correct the database before "
       "relying on it."},
      {"R4.1.unsettled", kInconclusive,
       "Location not established for {first} ({count} address(es) unsettled); add or update a "
       "geolocation database, or gather latency evidence."},
      {"R4.1.pass_with_latency", kPass,
       "All {addresses} addresses are placed in Kazakhstan by {databases} database(s), "
       "consistent with {tests} latency bound test(s)."},
      {"R4.1.pass_without_latency", kPass,
       "All {addresses} addresses are placed in Kazakhstan by {databases} database(s); no "
       "physical latency evidence ({usable} usable RTT samples)."},
      {"R4.1.part.abroad", kPartOnly, "{address} ({site}) in {country}"},
      {"R4.1.part.contradicted", kPartOnly, "{address} ({site}): {arithmetic}"},
      {"R4.1.part.unsettled", kPartOnly, "{address} ({site}): {reason}"},
      {"R4.1.reason.country_disputed", kPartOnly, "databases disagree on the country"},
      {"R4.1.reason.lookup_failed", kPartOnly, "a lookup failed"},
      {"R4.1.reason.no_country", kPartOnly, "no database knows its country"},
      {"R4.1.reason.not_resolved", kPartOnly,
       "no DNS resolution was made for it, so its addresses are unknown"},
      {"R4.1.reason.not_looked_up", kPartOnly,
       "no geolocation lookup was made for it in {databases}"},
      {"R4.1.reason.resolved_not_looked_up", kPartOnly,
       "declared as {host}; no geolocation lookup was made for it in {databases}"},

      // Latency as evidence of distance (R4.1, R4.3).
      {"latency.arithmetic", kPartOnly,
       "RTT {rtt_ms} ms from {vantage} bounds {address} to {rtt_ms} x 100 = {bound_km} km "
       "(+{slack_km} km slack), but {claim} is {distance_km} km from {vantage}"},
      {"latency.loopback_note", kPartOnly,
       "Latency evidence includes {samples} RTT sample(s) to loopback or private addresses, "
       "counted only because vantage point(s) {vantages} declare loopback_evidence: true (for "
       "test worlds only)."},

      // R4.2 and R4.7: documents.
      {"R4.2.attested", kAttested,
       "Attested by {reference} of {date} issued by {issuer} (SHA-256 {sha256_prefix}…)."},
      {"R4.2.changed", kFail,
       "Document {document} does not match the SHA-256 declared in the scenario: the file "
       "changed."},
      {"R4.2.unreadable", kInconclusive,
       "Cannot read the information-security test act ({file}: {detail})."},
      {"R4.2.missing", kInconclusive,
       "No document attached for R4.2; attach the information-security test act under "
       "documents."},
      {"R4.7.attested", kAttested,
       "Attested by {reference} of {date} issued by {issuer} (SHA-256 {sha256_prefix}…)."},
      {"R4.7.changed", kFail,
       "Document {document} does not match the SHA-256 declared in the scenario: the file "
       "changed."},
      {"R4.7.unreadable", kInconclusive,
       "Cannot read the information-security authority's letter on integration ({file}: "
       "{detail})."},
      {"R4.7.missing", kInconclusive,
       "No document attached for R4.7; attach the information-security authority's letter on "
       "integration under documents."},

      // R4.3: a backup in another settlement.
      {"R4.3.no_primary", kError, "The scenario has no primary site to compare with."},
      {"R4.3.no_backup", kFail, "The scenario declares no backup site; a pool needs at least one."},
      {"R4.3.not_probed", kInconclusive,
       "Backup '{site}' was not probed for stratum service; declare its stratum endpoints."},
      {"R4.3.not_serving", kFail,
       "Backup '{site}' does not serve miners ({target}: {why}); a backup must accept miners."},
      {"R4.3.latency_contradicts", kInconclusive,
       "Latency contradicts the geolocation database ({first}), so the sites' settlements are "
       "not established; re-measure from a vantage point near the claimed place or correct the "
       "database."},
      {"R4.3.abroad", kFail, "Backup '{site}' is located in {country}, outside Kazakhstan."},
      {"R4.3.settlement_open", kInconclusive,
       "Backup '{site}''s settlement is not established ({reason}); resolve the disagreement or "
       "add a geolocation database with city data."},
      {"R4.3.primary_unsettled", kInconclusive,
       "The primary site's settlement is not established ({reason}), so the backup cannot be "
       "shown to be elsewhere; add city-level geolocation data."},
      {"R4.3.no_gazetteer", kInconclusive,
       "Settlement kinds cannot be checked: {problem}; fix data_sources.gazetteer or use the "
       "bundled gazetteer."},
      {"R4.3.backup_not_in_gazetteer", kInconclusive,
       "Backup '{site}' is placed in '{city}', which is not in the settlement gazetteer, so its "
       "legal kind is unknown; check the spelling or add the settlement (with its KATO kind) to "
       "the gazetteer."},
      {"R4.3.primary_not_in_gazetteer", kInconclusive,
       "The primary site is placed in '{city}', which is not in the settlement gazetteer; check "
       "the spelling or add it."},
      {"R4.3.same_settlement", kFail,
       "Backup '{site}' is in {settlement} (database: '{city}'), the same settlement as the "
       "primary site ('{primary_city}'); the backup must be in another settlement."},
      {"R4.3.declared_elsewhere", kInconclusive,
       "Backup '{site}' is declared in {declared} but the databases place it in {settlement}; "
       "correct the scenario or the database."},
      {"R4.3.pass", kPass,
       "Backup '{site}' serves miners from {settlement} ({kind}), Kazakhstan; the primary is in "
       "{primary} ({primary_kind})."},
      {"R4.3.backup_in_village", kFail,
       "Backup '{site}' is placed in '{city}', a populated place known to GeoNames ({place}, "
       "geonameid {geonameid}; CC BY 4.0) that is not the capital nor a city of republican, "
       "regional or district significance; the backup must be in a city of one of these kinds."},
      {"R4.3.backup_near_city", kInconclusive,
       "Backup '{site}' is placed in '{city}', a populated place {km} km from {settlement} that "
       "may lie within that city; establish which settlement it belongs to."},
      {"R4.3.shares_primary_settlement", kInconclusive,
       "Backup '{site}' is in {settlement}, one of the settlements the primary site's addresses "
       "are placed in ({primary_settlements}); show which complex serves from where."},
      {"R4.3.pass_primary_several", kPass,
       "Backup '{site}' serves miners from {settlement} ({kind}), Kazakhstan, which is none of "
       "the settlements the primary site's addresses are placed in ({primary_settlements})."},
      {"R4.3.part.contradicted", kPartOnly, "{address}: {arithmetic}"},
      {"R4.3.part.opinion", kPartOnly, "{database} says {city} {country}"},
      {"R4.3.part.no_city", kPartOnly, "(no city)"},
      {"R4.3.reason.databases_disagree", kPartOnly,
       "the databases disagree: {address}: {opinions}"},
      {"R4.3.reason.not_looked_up", kPartOnly,
       "{address}: no geolocation lookup was made for it in {databases}"},
      {"R4.3.reason.not_resolved", kPartOnly, "{host}: no DNS resolution was made for it"},
      {"R4.3.reason.did_not_resolve", kPartOnly, "{host}: did not resolve ({evidence})"},
      {"R4.3.reason.cities_differ", kPartOnly, "its addresses are placed in different cities"},
      {"R4.3.reason.no_city", kPartOnly, "no database gives a city"},
      {"settlement.kind.capital", kPartOnly, "the capital"},
      {"settlement.kind.republican", kPartOnly, "a city of republican significance"},
      {"settlement.kind.regional", kPartOnly, "a city of regional significance"},
      {"settlement.kind.district", kPartOnly, "a city of district significance"},

      // Stratum service, why an address does not serve miners (R4.3, R4.4).
      {"stratum.tls_failed", kPartOnly, "TLS failed ({error}): {detail}"},
      {"stratum.probe_status", kPartOnly, "{status}: {detail}"},
      {"stratum.tls_unverified", kPartOnly, "the TLS certificate was not verified"},
      {"stratum.subscribe_rejected", kPartOnly, "mining.subscribe was not accepted"},
      {"stratum.authorize_rejected", kPartOnly, "mining.authorize was rejected"},
      {"stratum.authorize_rejected_with", kPartOnly, "mining.authorize was rejected ({error})"},
      {"stratum.no_work", kPartOnly, "no work (mining.notify) was sent"},

      // R4.4: two channels from different providers.
      {"R4.4.too_few_channels", kFail,
       "Site '{site}' declares {channels} channel(s); two channels from different providers are "
       "required."},
      {"R4.4.channel_dead", kFail,
       "Site '{site}': channel {channel} ({provider}): {state}; each channel must serve miners "
       "on its own."},
      {"R4.4.failover_failed", kFail,
       "Site '{site}': {failure}; the remaining channel must carry miners on its own when one "
       "goes down."},
      {"R4.4.one_provider", kFail,
       "Site '{site}': all channels belong to one provider ({organisation}, {asns} AS); a "
       "second, independent provider is required."},
      {"R4.4.no_asn_data", kInconclusive,
       "Site '{site}': no IP-to-ASN data is declared, so providers cannot be verified; add one "
       "under data_sources.asn."},
      {"R4.4.asn_open_failed", kInconclusive,
       "Site '{site}': an ASN database could not be opened; fix it and run again."},
      {"R4.4.asn_disagree", kInconclusive,
       "Site '{site}': ASN sources disagree for channel {channel}; see the figures."},
      {"R4.4.not_looked_up", kInconclusive,
       "Site '{site}': no ASN lookup was made for {address} of channel {channel}, so its "
       "provider is not established; run again with the ASN data declared."},
      {"R4.4.asn_unknown", kInconclusive,
       "Site '{site}': no ASN is known for channel {channel}; use ASN data that covers its "
       "addresses."},
      {"R4.4.organisation_unknown", kInconclusive,
       "Site '{site}': the ASN data names no organisation for the AS of channel {channel}, so "
       "its provider cannot be told apart from the others; use ASN data that names the "
       "operator."},
      {"R4.4.failover_unproven", kInconclusive, "Site '{site}': {problem}."},
      {"R4.4.pass", kPass,
       "Site '{site}' has {channels} working channels through {providers} different providers "
       "(by ASN)."},
      {"R4.4.pass_with_failover", kPass,
       "Site '{site}' has {channels} working channels through {providers} different providers "
       "(by ASN); failover witnessed: with {channel} down, miners were served via {via} after "
       "{after_ms} ms."},
      {"R4.4.part.not_probed", kPartOnly, "not probed"},
      {"R4.4.part.tcp_only", kPartOnly, "TCP connects but {target}: {why}"},
      {"R4.4.part.not_serving", kPartOnly, "{target}: {why}"},
      {"R4.4.part.no_handshake_succeeded", kPartOnly, "no handshake succeeded"},
      {"R4.4.part.failover_failure", kPartOnly,
       "after channel {channel} was taken down, no other channel served miners within "
       "{deadline_ms} ms ({last_error})"},
      {"R4.4.part.failover_not_run", kPartOnly,
       "the declared failover step (channel {channel}) was not run"},
      {"R4.4.part.failover_not_carried_out", kPartOnly,
       "the failover step could not be carried out ({status}: {detail})"},
      {"R4.4.part.failover_not_witnessed", kPartOnly,
       "channel {channel} still served miners after it was to be taken down, so the failover "
       "was not witnessed; check the take-down command or the operator's action"},
      {"stratum.note.accepts_invalid_share", kPartOnly,
       "The pool accepted the harness's deliberately invalid share at {targets}: it does not "
       "check the work it is sent (the verdict stands)."},
      {"R4.4.note.provider_mismatch", kPartOnly,
       "Channel {channel} is declared as provided by {declared}, but its ASN data names "
       "{organisation}: a discrepancy to explain (the verdict rests on the ASN data)."},
      {"R4.4.note.tls_unverified", kPartOnly,
       "TLS certificates were not verified on channel(s) {channels} (verify_tls: false in the "
       "scenario)."},

      // R4.5: support around the clock.
      {"R4.5.cells_miss_sla", kFail,
       "{failing} of 168 hour x weekday cells miss the SLA of {sla_s} s ({cells}; campaign "
       "{campaign}{note}; {replies})"},
      {"R4.5.campaign_ok_run_failed", kFail,
       "The support campaign {campaign} met the SLA in all 168 hour x weekday cells, but {run}."},
      {"R4.5.cells_uncovered", kInconclusive,
       "{uncovered} of 168 hour x weekday cells have no request that reached the pool ({cells}); "
       "extend or re-run the campaign {campaign}{note}"},
      {"R4.5.pass", kPass,
       "All 168 hour x weekday cells answered by a person within the SLA of {sla_s} s (campaign "
       "{campaign}{note}; {replies})"},
      {"R4.5.cells_doubtful", kInconclusive,
       "{doubtful} of 168 hour x weekday cells were answered by replies not shown to come from a "
       "person ({cells}; campaign {campaign}; {replies}{note}); a challenge question "
       "(support.*.challenge) shows who read the request"},
      {"R4.5.campaign_unbound", kInconclusive,
       "The support campaign {campaign} is no evidence for this pool's support now: {problems}. "
       "Start a campaign with this scenario (pooltest campaign start --scenario <this scenario> "
       "--db <new file>) and name it in support_campaign.database{note}."},
      {"R4.5.campaign_unbound_run_failed", kFail,
       "The support campaign {campaign} is no evidence for this pool's support now: {problems}; "
       "and {run}."},
      {"R4.5.campaign_not_decisive", kInconclusive,
       "24/7 support is shown only by a finished support campaign, and {campaign_note}."
       "{answered}"},
      {"R4.5.no_channel", kInconclusive,
       "No support channel is declared; declare the pool's ticket API or e-mail."},
      {"R4.5.refused", kFail, "Support channel does not accept requests ({refused})."},
      {"R4.5.missed_sla", kFail,
       "Support channel {channel} gave no human answer within the SLA of {sla_s} s."},
      {"R4.5.works_now", kInconclusive,
       "Support works now ({channel} answered in {seconds} s); 24/7 service is shown only by a "
       "support campaign over every hour and weekday (pooltest campaign)."},
      {"R4.5.no_answer_in_window", kInconclusive,
       "No human answer within the probe window; run the support campaign (pooltest campaign) "
       "to measure against the SLA."},
      {"R4.5.not_tested", kInconclusive, "Support was not tested ({untested})."},
      {"R4.5.part.run_note", kPartOnly, "; {run}"},
      {"R4.5.part.run_refused", kPartOnly, "this run's request was refused ({refused})"},
      {"R4.5.part.run_missed", kPartOnly,
       "this run's request on {channel} got no human answer within the SLA"},
      {"R4.5.part.run_answered", kPartOnly,
       "this run's request: {channel} answered in {seconds} s"},
      {"R4.5.part.run_answered_aside", kPartOnly,
       " (This run's request: {channel} answered in {seconds} s.)"},
      {"R4.5.part.campaign_unreadable", kPartOnly,
       "the support campaign database {database} cannot be read ({detail}); start the campaign "
       "with `pooltest campaign start --scenario <this scenario> --db {database}` and run again "
       "when it has finished"},
      {"R4.5.part.campaign_unfinished", kPartOnly,
       "the support campaign {campaign} is not finished: {settled} of {total} requests settled "
       "(answered {answered}, unanswered {unanswered}, missed {missed}, {pending} "
       "pending){window}; continue it with `pooltest campaign resume --db {campaign}` and run "
       "again when it has finished"},
      {"R4.5.part.replies", kPartOnly,
       "replies: {human} human, {automatic} automatic, {doubtful} "
       "doubtful{automatic_example}{doubtful_example}"},
      {"R4.5.part.reply_example_automatic", kPartOnly,
       "; automatic e.g. request {seq}{cell}: {reason}"},
      {"R4.5.part.reply_example_doubtful", kPartOnly,
       "; doubtful e.g. request {seq}{cell}: {reason}"},
      {"R4.5.part.window", kPartOnly, " in the window from {start} over {days} days"},
      {"R4.5.part.example_cell", kPartOnly, " ({day} {hour}h)"},
      {"R4.5.part.problem", kPartOnly, "({n}) {problem}"},
      // Why a finished campaign is no evidence for the scenario judged
      // (checks/support_campaign_binding.h).
      {"R4.5.binding.no_fingerprint", kPartOnly,
       "the campaign recorded no fingerprint of the pool it tested (applicant, support endpoints, "
       "scenario); rerun the campaign with this pooltest"},
      {"R4.5.binding.bin", kPartOnly,
       "the campaign tested the applicant with BIN {was} but the scenario declares BIN {is}"},
      {"R4.5.binding.channel_gone", kPartOnly,
       "the campaign tested {kind} '{name}', which the scenario does not declare"},
      {"R4.5.binding.kind_changed", kPartOnly,
       "the campaign tested '{name}' as a {was} but the scenario declares it as a {is}"},
      {"R4.5.binding.field", kPartOnly,
       "the campaign tested {kind} '{name}' {field} {was} but the scenario declares {is}"},
      {"R4.5.binding.channel_new", kPartOnly,
       "the scenario declares {kind} '{name}', which the campaign did not test"},
      {"R4.5.binding.scenario", kPartOnly,
       "the campaign was started with a scenario whose SHA-256 is {was} but this scenario's is "
       "{is} (the scenario changed since the campaign started)"},
      {"R4.5.binding.no_window_end", kPartOnly,
       "the campaign recorded no window end; rerun the campaign with this pooltest"},
      {"R4.5.binding.ahead", kPartOnly,
       "the campaign's window ends {end}, after this run ({run}): it ran on a clock ahead of the "
       "run's"},
      {"R4.5.binding.too_old", kPartOnly,
       "the campaign's window ended {end}, more than {age} (support_campaign.max_age) before this "
       "run ({run})"},
      {"support.kind.ticket_api", kPartOnly, "ticket API"},
      {"support.kind.email", kPartOnly, "e-mail channel"},
      {"support.field.create_url", kPartOnly, "create URL"},
      {"support.field.create_method", kPartOnly, "create method"},
      {"support.field.poll_url", kPartOnly, "poll URL"},
      {"support.field.lookup_url", kPartOnly, "lookup URL"},
      {"support.field.smtp_url", kPartOnly, "SMTP server"},
      {"support.field.imap_url", kPartOnly, "IMAP mailbox"},
      {"support.field.to", kPartOnly, "desk address"},
      {"support.field.from", kPartOnly, "lab mailbox"},
      {"support.field.username", kPartOnly, "IMAP login"},
      {"value.none", kPartOnly, "none"},
      {"duration.days", kPartOnly, "{n} {n|day|days}"},
      {"duration.hours", kPartOnly, "{n} {n|hour|hours}"},
      {"duration.seconds", kPartOnly, "{n} s"},
      // Why a reply is taken for a person's, a template's or neither's
      // (checks/support_reply_class.h); the last reason given decides.
      {"R4.5.reply.no_text", kPartOnly,
       "no reply text was recorded, so nothing shows who wrote it"},
      {"R4.5.reply.same_template", kPartOnly,
       "the same text as the replies to {others} other {others|request|requests}, e.g. request "
       "{seq}, once case, numbers, names and the ticket's id are set aside: one template"},
      {"R4.5.reply.own_text", kPartOnly,
       "a text of its own (no other reply of the campaign is the same template)"},
      {"R4.5.reply.no_answer", kPartOnly,
       "it does not contain the answer ({answer}) to the request's challenge question, which any "
       "reader could give"},
      {"R4.5.reply.answers", kPartOnly, "it answers the request's challenge question ({answer})"},
      {"R4.5.reply.fast_but_answered", kPartOnly,
       "it came after {seconds} s, under {fast} s, but only a reader knows the answer"},
      {"R4.5.reply.too_fast", kPartOnly,
       "it came after {seconds} s, faster than a person reads and answers ({fast} s, "
       "thresholds.support_human_reply_min)"},
      {"R4.5.reply.unrelated", kPartOnly,
       "it shows no sign of having read the request (neither its subject, token nor ticket id)"},
      {"R4.5.reply.refers", kPartOnly,
       "it refers to the request (its subject, token or ticket id)"},
      {"R4.5.reply.after", kPartOnly, "it came after {seconds} s"},
      {"weekday.mon", kPartOnly, "Mon"},
      {"weekday.tue", kPartOnly, "Tue"},
      {"weekday.wed", kPartOnly, "Wed"},
      {"weekday.thu", kPartOnly, "Thu"},
      {"weekday.fri", kPartOnly, "Fri"},
      {"weekday.sat", kPartOnly, "Sat"},
      {"weekday.sun", kPartOnly, "Sun"},
      {"R4.5.note.besides", kPartOnly, "Besides, {campaign_note}."},
      {"R4.5.note.week_grid", kPartOnly,
       "\n      hour 000000000011111111112222\n           012345678901234567890123{rows}"},

      // R4.6: the UI in Kazakh, Russian and English.
      {"R4.6.no_ui", kInconclusive,
       "The scenario declares no web UI; add ui.base_url, pages and languages."},
      {"R4.6.page_problems", kFail, "{first} ({count} problem(s) in all; see figures)."},
      {"R4.6.error", kError, "The UI could not be checked as declared: {first}"},
      {"R4.6.unsettled", kInconclusive,
       "Not every page was fetched: {first}; check reachability and rerun."},
      {"R4.6.pass", kPass,
       "All {pages} pages exist in Kazakh, Russian and English with at least {threshold} of "
       "their text in the page's language."},
      {"R4.6.pass_crawled", kPass,
       "All {pages} pages ({declared} declared, {found} found by crawling links to depth "
       "{depth}) exist in Kazakh, Russian and English with at least {threshold} of their text "
       "in the page's language."},
      {"R4.6.problem.render_error", kPartOnly, "{detail}"},
      {"R4.6.problem.crawl_unfinished", kPartOnly,
       "the crawl did not finish ({detail}), so pages it would have found were not checked"},
      {"R4.6.problem.crawl_left_out", kPartOnly,
       "the crawl found {left_out} more pages than ui.crawl.max_pages={max_pages} lets it check "
       "(e.g. {examples}); raise max_pages so every page is checked"},
      {"R4.6.problem.too_large", kPartOnly, "{page} [{lang}]: too large to check: {what}"},
      {"R4.6.problem.not_fetched", kPartOnly, "{page} [{lang}]: not fetched: {reason}"},
      {"R4.6.problem.redirected", kPartOnly,
       "{page} [{lang}] is not served by the pool: it redirects to {to}, not followed "
       "({reason})"},
      {"R4.6.problem.not_served", kPartOnly, "{page} [{lang}] is not served by the pool: {reason}"},
      {"R4.6.problem.fetch_error", kPartOnly, "{page} [{lang}]: {detail}"},
      {"R4.6.problem.interrupted", kPartOnly, "{page} [{lang}]: {detail}"},
      {"R4.6.problem.tls", kPartOnly, "{page} [{lang}]: {error}"},
      {"R4.6.problem.missing_http", kPartOnly, "{page} [{lang}] is missing (HTTP {status})"},
      {"R4.6.problem.missing", kPartOnly, "{page} [{lang}] is missing ({detail})"},
      {"R4.6.problem.no_text", kPartOnly,
       "{page} [{lang}] shows almost no text ({words} words besides the title)"},
      {"R4.6.problem.no_text_not_rendered", kPartOnly,
       "{page} [{lang}] shows almost no text ({words} words besides the title); if the UI is "
       "built by JavaScript, set ui.render: true"},
      {"R4.6.problem.html_lang", kPartOnly, "{page} [{lang}] declares <html lang=\"{html_lang}\">"},
      {"R4.6.problem.low_share", kPartOnly,
       "{page} [{lang}] has {share} of its text in the expected language, below {threshold}"},
      {"R4.6.problem.low_share_examples", kPartOnly,
       "{page} [{lang}] has {share} of its text in the expected language, below {threshold}, "
       "e.g. {examples}"},
      {"R4.6.problem.switch_off_site", kPartOnly,
       "{page} [{lang}]: the switch to {to_lang} ({link}) leads to {to}, off the scenario's "
       "declared hosts: not followed ({reason})"},
      {"R4.6.problem.switch_unsettled", kPartOnly,
       "{page} [{lang}]: following the switch to {to_lang} ({link}) did not settle: {detail}"},
      {"R4.6.problem.switcher", kPartOnly,
       "{page} [{lang}]: the language switcher does not reach {missing}"},
      {"R4.6.problem.not_fetched_at_all", kPartOnly, "{page} [{lang}] not fetched"},
      {"R4.6.part.example", kPartOnly, "\"{text}\""},
      {"R4.6.part.example_in", kPartOnly, "\"{text}\" ({in})"},
  };
  return entries;
}

}  // namespace pooltest
