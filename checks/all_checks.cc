#include "checks/all_checks.h"

#include "checks/backup_site_check.h"
#include "checks/channels_check.h"
#include "checks/documents_check.h"
#include "checks/location_check.h"
#include "checks/support_check.h"
#include "checks/ui_languages_check.h"

namespace pooltest {

std::vector<CheckResult> JudgeAll(const CheckInput& in) {
  std::vector<CheckResult> out;
  auto add = [&out](std::vector<CheckResult> rs) {
    for (CheckResult& r : rs) out.push_back(std::move(r));
  };
  std::vector<CheckResult> docs = CheckDocuments(in);  // R4.2, R4.7
  out.push_back(CheckLocation(in));                    // R4.1
  out.push_back(docs[0]);                              // R4.2
  add(CheckBackupSites(in));                           // R4.3
  add(CheckChannels(in));                              // R4.4
  out.push_back(CheckSupport(in));                     // R4.5
  out.push_back(CheckUiLanguages(in));                 // R4.6
  out.push_back(docs[1]);                              // R4.7
  return out;
}

}  // namespace pooltest
