// The Kazakh and Russian templates of the finding catalogue
// (checks/finding_catalogue.h), for the kk and ru parts of the act. Each
// names exactly the arguments of the key's English template (tests assert
// it: tests/checks/finding_translations_test.cc) and may select a word form
// by a number ("{count|адрес|адреса|адресов}", see finding.h). A key a
// language lacks renders in English, visibly (reports/act_html_sections.cc).
#pragma once

#include <string_view>
#include <vector>

#include "checks/finding_catalogue.h"

namespace pooltest {

struct TranslatedTemplate {
  const char* key;
  const char* text;
};

// Data only (checks/finding_catalogue_kk.cc, checks/finding_catalogue_ru.cc).
const std::vector<TranslatedTemplate>& KazakhCatalogue();
const std::vector<TranslatedTemplate>& RussianCatalogue();

const char* KazakhTemplate(std::string_view key);
const char* RussianTemplate(std::string_view key);
// The templates of "kk", "ru" or "en"; English for any other code.
FindingTemplates TemplatesFor(std::string_view lang);

}  // namespace pooltest
