#include "checks/all_checks.h"

#include "checks/backup_site_check.h"
#include "checks/channels_check.h"
#include "checks/documents_check.h"
#include "checks/guarded_check.h"
#include "checks/location_check.h"
#include "checks/support_check.h"
#include "checks/ui_languages_check.h"

namespace pooltest {
namespace {

std::vector<CheckSlot> BackupCheckSlots(const Scenario& sc) {
  std::vector<CheckSlot> out;
  for (const Site& s : sc.sites) {
    if (s.role == SiteRole::kBackup)
      out.push_back({"R4.3.backup." + s.id, "R4.3",
                     "Backup complex '" + s.id + "' in another settlement of Kazakhstan"});
  }
  if (out.empty())
    out.push_back({"R4.3.backup", "R4.3", "Backup complex in another settlement of Kazakhstan"});
  return out;
}

std::vector<CheckSlot> ChannelCheckSlots(const Scenario& sc) {
  std::vector<CheckSlot> out;
  for (const Site& s : sc.sites)
    out.push_back({"R4.4.channels." + s.id, "R4.4",
                   "Two channels from different providers at site '" + s.id + "'"});
  return out;
}

}  // namespace

std::vector<CheckResult> JudgeAll(const CheckInput& in) {
  const CheckSlot location{"R4.1.location", "R4.1",
                           "Hardware-software complex located in Kazakhstan"};
  const CheckSlot security{"R4.2.security-act", "R4.2", "Positive information-security test act"};
  const CheckSlot letter{"R4.7.integration-letter", "R4.7",
                         "Integration with the personal-data access service"};
  const CheckSlot support{"R4.5.support", "R4.5", "Technical support works 24/7"};
  const CheckSlot ui{"R4.6.ui-languages", "R4.6", "User interface in Kazakh, Russian and English"};
  auto one = [&in](CheckResult (*check)(const CheckInput&)) {
    return [&in, check] { return std::vector<CheckResult>{check(in)}; };
  };
  std::vector<CheckResult> docs =
      GuardedCheck([&in] { return CheckDocuments(in); }, {security, letter});  // R4.2, R4.7

  std::vector<CheckResult> out;
  auto add = [&out](std::vector<CheckResult> rs) {
    for (CheckResult& r : rs) out.push_back(std::move(r));
  };
  add(GuardedCheck(one(CheckLocation), {location}));                                         // R4.1
  out.push_back(docs[0]);                                                                    // R4.2
  add(GuardedCheck([&in] { return CheckBackupSites(in); }, BackupCheckSlots(in.scenario)));  // R4.3
  add(GuardedCheck([&in] { return CheckChannels(in); }, ChannelCheckSlots(in.scenario)));    // R4.4
  add(GuardedCheck(one(CheckSupport), {support}));                                           // R4.5
  add(GuardedCheck(one(CheckUiLanguages), {ui}));                                            // R4.6
  out.push_back(docs[1]);                                                                    // R4.7
  return out;
}

}  // namespace pooltest
