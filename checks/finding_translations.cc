// Look-up of the kk and ru templates (declared in finding_translations.h).
#include "checks/finding_translations.h"

namespace pooltest {
namespace {

const char* Find(const std::vector<TranslatedTemplate>& entries, std::string_view key) {
  for (const TranslatedTemplate& e : entries)
    if (key == e.key) return e.text;
  return nullptr;
}

}  // namespace

const char* KazakhTemplate(std::string_view key) { return Find(KazakhCatalogue(), key); }
const char* RussianTemplate(std::string_view key) { return Find(RussianCatalogue(), key); }

FindingTemplates TemplatesFor(std::string_view lang) {
  if (lang == "kk") return KazakhTemplate;
  if (lang == "ru") return RussianTemplate;
  return EnglishTemplate;
}

}  // namespace pooltest
