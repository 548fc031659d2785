#include "checks/ui_languages_check.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/data_fields.h"
#include "checks/finding_catalogue.h"
#include "core/utf8.h"

namespace pooltest {
namespace {

// Fewer words than this outside the <title> is an empty page, not a UI.
constexpr int kMinVisibleWords = 5;

std::string PrimarySubtag(std::string tag) {
  for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto dash = tag.find_first_of("-_");
  return dash == std::string::npos ? tag : tag.substr(0, dash);
}

// At most `max_bytes` of `s` at a character boundary, "…" marking a cut.
std::string Shortened(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  return std::string(Utf8Prefix(s, max_bytes)) + "…";
}

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

// A problem of one page variant, as a finding part with the page and
// language first.
nlohmann::json Problem(const std::string& key, const std::string& page, const std::string& lang,
                       nlohmann::json more = nlohmann::json::object()) {
  more["page"] = page;
  more["lang"] = lang;
  return Part("R4.6.problem." + key, std::move(more));
}

// Segment texts of one fetched variant with the language each was found in.
using Texts = std::vector<std::pair<std::string, std::string>>;

Texts TextsOf(const nlohmann::json& d) {
  Texts out;
  for (const auto& t : ArrayField(d, "texts"))
    if (t.is_array() && t.size() == 2 && t[0].is_string() && t[1].is_string())
      out.emplace_back(t[0].get<std::string>(), t[1].get<std::string>());
  return out;
}

// Strings of `mine` (the `lang` variant) that appear word for word in another
// language variant of the same page and are not in `lang`: text nobody
// translated. Neutral strings (numbers, tickers) are the same everywhere by
// design and are skipped.
std::vector<std::string> Untranslated(const std::string& lang, const Texts& mine,
                                      const std::map<std::string, Texts>& variants) {
  std::set<std::string> elsewhere;
  for (const auto& [other, texts] : variants) {
    if (other == lang) continue;
    for (const auto& [t, l] : texts) elsewhere.insert(t);
  }
  std::vector<std::string> out;
  std::set<std::string> listed;
  for (const auto& [t, l] : mine) {
    if (l == lang || l == "neutral") continue;
    if (elsewhere.count(t) && listed.insert(t).second) out.push_back(t);
  }
  return out;
}

// What the variant's language links and forms (page_probe.h's
// language_links) and its JavaScript language controls (script_switches)
// did: one counts for its language when following or activating it
// landed, HTTP 200, on this same page (its path without a language prefix)
// in that language by its text and its <html lang>; a control that changed
// nothing leaves the page in its own language and so never counts. A link the target
// policy stopped (it led off the declared hosts) is the pool's failure; one
// whose following did not finish leaves its language unsettled.
struct LinkOutcomes {
  std::set<std::string> reached, unsettled;
  std::vector<nlohmann::json> failures, doubts;  // finding parts
  nlohmann::json rows = nlohmann::json::array();
};

LinkOutcomes JudgeLanguageLinks(const nlohmann::json& d, const std::string& page,
                                const std::string& lang) {
  LinkOutcomes out;
  const std::string page_path = StringField(d, "page_path", "/");
  nlohmann::json tried = ArrayField(d, "language_links");  // a copy: an array
  for (const nlohmann::json& sw : ArrayField(d, "script_switches")) tried.push_back(sw);
  for (const nlohmann::json& link : tried) {
    if (!link.is_object()) continue;
    const std::string to = StringField(link, "lang");
    const std::string outcome = StringField(link, "outcome");
    // A JavaScript control (script_switches) is named by how it reads.
    const bool script = StringField(link, "kind") == "script";
    const std::string url = script ? StringField(link, "control") : StringField(link, "url");
    nlohmann::json row = {{"lang", to},
                          {"kind", StringField(link, "kind")},
                          {"method", StringField(link, "method")},
                          {"url", url},
                          {"outcome", outcome},
                          {"final_url", StringField(link, "final_url")},
                          {"hops", ArrayField(link, "hops")}};
    if (script) {
      row["control"] = url;
      row["effect"] = StringField(link, "effect");
      if (FieldOf(link, "dom_file") != nullptr) row["dom_file"] = StringField(link, "dom_file");
    }
    if (FieldOf(link, "title") != nullptr) row["title"] = StringField(link, "title");
    std::string why;
    const nlohmann::json* refused = FieldOf(link, "refused");
    if (outcome == "landed") {
      const std::string landed = StringField(link, "landed_page");
      const std::string detected = StringField(link, "detected_lang");
      const std::string html_lang = StringField(link, "html_lang");
      row["landed_page"] = landed;
      row["detected_lang"] = detected;
      row["html_lang"] = html_lang;
      if (IntField(link, "status") != 200)
        why = "HTTP " + std::to_string(IntField(link, "status"));
      else if (landed != page_path)
        why = "landed on " + landed + ", not " + page_path;
      else if (detected != to)
        why = "the page it led to is in " + (detected.empty() ? "no language" : detected);
      else if (PrimarySubtag(html_lang) != to)
        why = "the page it led to says <html lang=\"" + html_lang + "\">";
    } else if (refused && refused->is_object() && !BoolField(*refused, "harness_fault")) {
      why = "not followed: " + StringField(*refused, "reason");
      out.failures.push_back(Problem("switch_off_site", page, lang,
                                     {{"to_lang", to},
                                      {"link", url},
                                      {"to", StringField(*refused, "to", "?")},
                                      {"reason", StringField(*refused, "reason")}}));
    } else if (outcome == "failed") {
      why = StringField(link, "detail", outcome);  // the pool did not answer it
    } else {
      // Cut short (deadline, cancellation, a bound, the lab's resolver):
      // neither a way to the language nor proof there is none.
      why = StringField(link, "detail", outcome.empty() ? "not followed" : outcome);
      out.unsettled.insert(to);
      out.doubts.push_back(Problem("switch_unsettled", page, lang,
                                   {{"to_lang", to}, {"link", url}, {"detail", why}}));
    }
    row["counts"] = why.empty();
    if (!why.empty()) row["why_not"] = why;
    if (why.empty()) out.reached.insert(to);
    out.rows.push_back(std::move(row));
  }
  // A language another link reached is settled whatever the others did.
  for (const std::string& l : out.reached) out.unsettled.erase(l);
  return out;
}

}  // namespace

CheckResult CheckUiLanguages(const CheckInput& in) {
  CheckResult r;
  r.id = "R4.6.ui-languages";
  r.clause = "R4.6";
  r.title = "User interface in Kazakh, Russian and English";
  if (!in.scenario.ui) {
    Decide(r, "R4.6.no_ui");
    return r;
  }
  const WebUi& ui = *in.scenario.ui;
  const double threshold = in.scenario.thresholds.ui_coverage;
  std::vector<nlohmann::json> failures, doubts, errors;  // finding parts
  nlohmann::json pages = nlohmann::json::array();
  std::map<std::string, int> seen;  // "page|lang" -> observations

  // page -> lang -> texts of the variant that was fetched, for comparing
  // variants with each other.
  std::map<std::string, std::map<std::string, Texts>> variants;
  for (const Observation* o : in.Select("ui.page")) {
    if (o->status == ProbeStatus::kOk && IntField(o->data, "status") == 200)
      variants[StringField(o->data, "page")][StringField(o->data, "lang")] = TextsOf(o->data);
  }
  for (const Observation* o : in.Select("ui.render")) {
    r.evidence.push_back(o->id);
    errors.push_back(Part("R4.6.problem.render_error", {{"detail", o->detail}}));
  }
  // The pages every language must have: the declared ones, and in crawl mode
  // every page the crawl found. A crawl that did not finish, or that found
  // more pages than max_pages let it check, leaves the UI partly unseen.
  std::vector<std::string> expected = ui.pages;
  nlohmann::json crawl;
  if (ui.crawl.max_pages > 0) {
    const std::vector<const Observation*> records = in.Select("ui.crawl");
    const Observation* rec = records.empty() ? nullptr : records.back();
    if (rec) r.evidence.push_back(rec->id);
    if (!rec || rec->status != ProbeStatus::kOk || !BoolField(rec->data, "finished")) {
      doubts.push_back(Part("R4.6.problem.crawl_unfinished",
                            {{"detail", rec ? rec->detail : std::string("no crawl record")}}));
    }
    if (rec && rec->status == ProbeStatus::kOk) {
      for (const auto& p : ArrayField(rec->data, "pages")) {
        const std::string found = StringField(p, "page");
        if (!found.empty() && std::find(expected.begin(), expected.end(), found) == expected.end())
          expected.push_back(found);
      }
      const size_t left_out = static_cast<size_t>(IntField(rec->data, "left_out", 0, 0));
      if (left_out > 0) {
        std::string examples;
        for (const auto& e : ArrayField(rec->data, "left_out_examples")) {
          if (examples.size() > 80) break;
          if (e.is_string()) examples += (examples.empty() ? "" : ", ") + e.get<std::string>();
        }
        doubts.push_back(Part(
            "R4.6.problem.crawl_left_out",
            {{"left_out", left_out}, {"max_pages", ui.crawl.max_pages}, {"examples", examples}}));
      }
      crawl = {{"pages", expected.size()},
               {"declared", ui.pages.size()},
               {"found", IntField(rec->data, "found")},
               {"depth_limit", ui.crawl.depth},
               {"max_pages", ui.crawl.max_pages},
               {"left_out", left_out},
               {"skipped_links", ObjectField(rec->data, "skipped_links")},
               {"observation", rec->id}};
    }
  }
  // Pages variants were followed from (hreflang, switcher): the evidence of
  // where each followed URL came from.
  for (const Observation* o : in.Select("ui.entry")) r.evidence.push_back(o->id);
  for (const Observation* o : in.Select("ui.page")) {
    r.evidence.push_back(o->id);
    // What this row adds to failures, errors and doubts is its own verdict,
    // listed with it so reports never judge a page again.
    const size_t failures_before = failures.size(), errors_before = errors.size(),
                 doubts_before = doubts.size();
    const nlohmann::json& d = o->data;
    std::string page = StringField(d, "page");
    std::string lang = StringField(d, "lang");
    ++seen[page + "|" + lang];
    nlohmann::json row = {{"page", page},
                          {"lang", lang},
                          {"url", o->target},
                          {"status", RawField(d, "status")},
                          {"observation", o->id}};
    if (NumberField(d, "depth")) row["depth"] = RawField(d, "depth");
    if (FieldOf(d, "found_on") != nullptr) row["found_on"] = RawField(d, "found_on");
    if (FieldOf(d, "via") != nullptr && FieldOf(d, "via")->is_object())
      row["via"] = StringField(ObjectField(d, "via"), "link", "none");
    const nlohmann::json* refused = FieldOf(d, "refused");
    if (refused != nullptr && !refused->is_object()) refused = nullptr;
    const std::optional<std::string> too_large = OptionalString(d, "too_large_to_check");
    if (too_large && o->status != ProbeStatus::kError && o->status != ProbeStatus::kCancelled) {
      // Over a bound on what the harness reads (a body, its decoding, its
      // elements or depth, the time to read it): what the page says is
      // unknown, so it cannot count for the pool, nor against it.
      doubts.push_back(Problem("too_large", page, lang, {{"what", *too_large}}));
    } else if (refused) {
      // The target policy stopped the request (http_fetch.h): the page as
      // served is off-limits or unreachable, whoever is to blame.
      const std::string reason = StringField(*refused, "reason", "refused");
      const std::string kind = StringField(*refused, "kind");
      if (BoolField(*refused, "harness_fault")) {
        doubts.push_back(Problem("not_fetched", page, lang, {{"reason", reason}}));
      } else if (kind == "redirect_refused" || kind == "redirect_scheme") {
        failures.push_back(Problem("redirected", page, lang,
                                   {{"to", StringField(*refused, "to", "?")}, {"reason", reason}}));
      } else {
        failures.push_back(Problem("not_served", page, lang, {{"reason", reason}}));
      }
    } else if (o->status == ProbeStatus::kError) {
      errors.push_back(Problem("fetch_error", page, lang, {{"detail", o->detail}}));
    } else if (o->status == ProbeStatus::kTimeout || o->status == ProbeStatus::kCancelled) {
      doubts.push_back(Problem("interrupted", page, lang, {{"detail", o->detail}}));
    } else if (FieldOf(d, "tls_error") != nullptr) {
      failures.push_back(Problem("tls", page, lang, {{"error", StringField(d, "tls_error")}}));
    } else if (o->status == ProbeStatus::kFailed || IntField(d, "status") != 200) {
      const int64_t status = IntField(d, "status");
      failures.push_back(status != 0 ? Problem("missing_http", page, lang, {{"status", status}})
                                     : Problem("missing", page, lang, {{"detail", o->detail}}));
    } else {
      std::string html_lang = StringField(d, "html_lang");
      double share = NumberField(ObjectField(d, "share"), lang.c_str()).value_or(0.0);
      std::vector<std::string> switcher;
      for (const auto& s : ArrayField(d, "switcher_langs")) {
        if (s.is_string()) switcher.push_back(s.get<std::string>());
      }
      LinkOutcomes links = JudgeLanguageLinks(d, page, lang);
      std::vector<std::string> unreachable;
      for (const char* other : {"kk", "ru", "en"}) {
        if (other == lang || links.reached.count(other) || links.unsettled.count(other)) continue;
        if (std::find(switcher.begin(), switcher.end(), other) == switcher.end()) {
          unreachable.push_back(other);
        }
      }
      failures.insert(failures.end(), links.failures.begin(), links.failures.end());
      doubts.insert(doubts.end(), links.doubts.begin(), links.doubts.end());
      if (!links.rows.empty()) row["language_links"] = links.rows;
      std::vector<std::string> reached_by_links(links.reached.begin(), links.reached.end());
      row["switcher_langs_followed"] = reached_by_links;
      row["html_lang"] = html_lang;
      row["share"] = share;
      row["switcher_langs"] = switcher;
      row["offending"] = ArrayField(d, "offending");
      row["words"] = ObjectField(d, "words");
      row["rendered"] = BoolField(d, "rendered");
      if (FieldOf(d, "charset") != nullptr) row["charset"] = RawField(d, "charset");
      if (FieldOf(d, "render") != nullptr) row["render"] = RawField(d, "render");
      std::vector<std::string> hreflangs;
      for (const auto& [l, url] : ObjectField(d, "hreflang").items()) hreflangs.push_back(l);
      row["hreflang_langs"] = hreflangs;
      if (lang == "kk") row["russian_words_on_kazakh_page"] = IntField(row["words"], "ru");
      const std::vector<std::string> untranslated = Untranslated(lang, TextsOf(d), variants[page]);
      row["untranslated_count"] = untranslated.size();
      row["untranslated"] = std::vector<std::string>(
          untranslated.begin(),
          untranslated.begin() + static_cast<long>(std::min<size_t>(untranslated.size(), 10)));
      const std::optional<double> visible_words = NumberField(d, "words_outside_title");
      if (visible_words && *visible_words < kMinVisibleWords) {
        failures.push_back(Problem(ui.render ? "no_text" : "no_text_not_rendered", page, lang,
                                   {{"words", IntField(d, "words_outside_title")}}));
      }
      if (PrimarySubtag(html_lang) != lang) {
        failures.push_back(Problem("html_lang", page, lang, {{"html_lang", html_lang}}));
      }
      if (share < threshold) {
        nlohmann::json worst = nlohmann::json::array();  // parts R4.6.part.example
        if (row["offending"].is_array()) {
          int shown = 0;
          for (const nlohmann::json& off : row["offending"]) {
            if (shown == 3) break;
            std::string text = off.is_string() ? off.get<std::string>() : StringField(off, "text");
            std::string in_lang = StringField(off, "lang");
            if (text.empty()) continue;
            ++shown;
            worst.push_back(in_lang.empty()
                                ? Part("R4.6.part.example", {{"text", Shortened(text, 60)}})
                                : Part("R4.6.part.example_in",
                                       {{"text", Shortened(text, 60)}, {"in", in_lang}}));
          }
        }
        nlohmann::json args = {{"share", Percent(share)}, {"threshold", Percent(threshold)}};
        if (!worst.empty()) args["examples"] = worst;
        failures.push_back(
            Problem(worst.empty() ? "low_share" : "low_share_examples", page, lang, args));
      }
      if (!unreachable.empty()) {
        failures.push_back(Problem("switcher", page, lang, {{"missing", unreachable}}));
      }
    }
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& [list, from] :
         {std::pair{&failures, failures_before}, std::pair{&errors, errors_before},
          std::pair{&doubts, doubts_before}})
      for (size_t i = from; i < list->size(); ++i) problems.push_back(RenderPart((*list)[i]));
    row["problems"] = problems;
    pages.push_back(row);
  }
  for (const std::string& page : expected) {
    for (const LanguageVariant& v : ui.languages) {
      if (seen[page + "|" + v.lang] == 0)
        doubts.push_back(Problem("not_fetched_at_all", page, v.lang));
    }
  }
  r.figures = {{"pages", pages},
               {"threshold", threshold},
               {"failures", RenderParts(failures)},
               {"unsettled", RenderParts(doubts)},
               {"rendered_with_chromium", ui.render},
               {"tls_verification", ui.verify_tls}};
  if (!crawl.is_null()) r.figures["crawl"] = crawl;
  if (!failures.empty()) {
    Decide(r, "R4.6.page_problems", {{"first", failures[0]}, {"count", failures.size()}});
  } else if (!errors.empty()) {
    Decide(r, "R4.6.error", {{"first", errors[0]}});
  } else if (!doubts.empty()) {
    Decide(r, "R4.6.unsettled", {{"first", doubts[0]}});
  } else if (crawl.is_null()) {
    Decide(r, "R4.6.pass", {{"pages", expected.size()}, {"threshold", Percent(threshold)}});
  } else {
    Decide(r, "R4.6.pass_crawled",
           {{"pages", expected.size()},
            {"declared", ui.pages.size()},
            {"found", expected.size() - ui.pages.size()},
            {"depth", ui.crawl.depth},
            {"threshold", Percent(threshold)}});
  }
  return r;
}

}  // namespace pooltest
