#include "reports/act_html_finding.h"

#include "checks/finding_catalogue.h"

#include "checks/finding_translations.h"
#include "core/markup_escape.h"

namespace pooltest::act_html {
namespace {

// Every "<k>" argument with a "<k>_id" the act names in language `l`
// replaced by that name, nested parts included.
void LocaliseSettlements(nlohmann::json* finding, const nlohmann::json& pool, Lang l) {
  if (!finding->is_object() || !finding->contains("args")) return;
  nlohmann::json& args = (*finding)["args"];
  if (!args.is_object()) return;
  for (auto it = args.begin(); it != args.end(); ++it) {
    if (it->is_object()) {
      LocaliseSettlements(&it.value(), pool, l);
      continue;
    }
    auto id = args.find(it.key() + "_id");
    if (!it->is_string() || id == args.end() || !id->is_string()) continue;
    const std::string name = SettlementName(pool, id->get<std::string>(), l);
    if (!name.empty()) it.value() = name;
  }
}

// Whether every key in `f` (nested parts included) has a template in `t`.
bool Covered(const Finding& f, const FindingTemplates& t, int depth = 0) {
  if (depth > 8 || t(f.key) == nullptr) return false;
  for (const auto& [name, v] : f.args.items()) {
    Finding nested;
    if (v.is_object() && FindingFromJson(v, &nested) && !Covered(nested, t, depth + 1))
      return false;
    if (v.is_array()) {
      for (const nlohmann::json& x : v)
        if (FindingFromJson(x, &nested) && !Covered(nested, t, depth + 1)) return false;
    }
  }
  return true;
}

std::string InEnglish(const std::string& html) {
  return "<span lang=\"en\" class=\"fallback\">[EN] " + html + "</span>";
}

const FindingMarkup& Markup() {
  static const FindingMarkup kMarkup = {
      [](const std::string& s) { return EscapeMarkup(s); },
      [](const std::string& s) { return "<code class=\"q\">" + EscapeMarkup(s) + "</code>"; }};
  return kMarkup;
}

// `f` in the part's language when every key in it has a template there,
// else in English, marked.
std::string Piece(const Finding& f, Lang l) {
  const FindingTemplates lang = TemplatesFor(kLangCode[l]);
  const bool own = Covered(f, lang);
  const std::string html = RenderFinding(f, nullptr, own ? lang : EnglishTemplate, &Markup());
  return own ? html : InEnglish(html);
}

}  // namespace

std::string SettlementName(const nlohmann::json& pool, const std::string& id, Lang l) {
  if (!pool.is_object()) return "";
  auto names = pool.find("settlement_names");
  if (names == pool.end() || !names->is_object()) return "";
  auto entry = names->find(id);
  if (entry == names->end() || !entry->is_object()) return "";
  auto name = entry->find(kLangCode[l]);
  return name != entry->end() && name->is_string() ? name->get<std::string>() : "";
}

std::string FindingHtml(const nlohmann::json& check, const nlohmann::json& pool, Lang l,
                        bool without_blocks) {
  Finding finding;
  if (!check.is_object()) return "";
  nlohmann::json fj = check.contains("finding") ? check["finding"] : nlohmann::json();
  LocaliseSettlements(&fj, pool, l);
  // No finding, or one whose key this pooltest's catalogue lacks (an act of
  // a newer version): the act's own English sentence, marked as English.
  if (!FindingFromJson(fj, &finding) || CatalogueEntryOf(finding.key) == nullptr) {
    auto s = check.find("summary");
    std::string summary = s != check.end() && s->is_string() ? s->get<std::string>() : "";
    if (without_blocks) summary = summary.substr(0, summary.find('\n'));
    const std::string html = EscapeMarkup(summary);
    return l == kEn ? html : InEnglish(html);
  }
  const FindingTemplates lang = TemplatesFor(kLangCode[l]);
  std::string out = Piece(finding, l);
  auto notes = check.find("notes");
  if (notes == check.end() || !notes->is_array()) return out;
  for (const nlohmann::json& nj : *notes) {
    nlohmann::json local = nj;
    LocaliseSettlements(&local, pool, l);
    Finding note;
    if (!FindingFromJson(local, &note)) continue;
    const char* t = lang(note.key) ? lang(note.key) : EnglishTemplate(note.key);
    const bool block = t != nullptr && t[0] == '\n';
    if (block && without_blocks) continue;
    out += (block ? "" : " ") + Piece(note, l);
  }
  return out;
}

std::string PartHtml(const nlohmann::json& part, Lang l) {
  Finding f;
  if (FindingFromJson(part, &f) && CatalogueEntryOf(f.key) != nullptr) return Piece(f, l);
  if (!part.is_string()) return "";
  const std::string html = EscapeMarkup(part.get<std::string>());
  return l == kEn ? html : InEnglish(html);
}

}  // namespace pooltest::act_html
