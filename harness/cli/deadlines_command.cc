// `pooltest deadlines --submitted TIME [--request new|reissue] [--json]`:
// the registration day and every deadline of the procedure as dates, from
// procedure/deadlines.h (whose header states how days are counted and why).
// Exit 0 when every date rests on a confirmed calendar, 2 when one rests on
// a provisional or missing year, 3 when a calendar file is malformed, 64
// when the time cannot be read.
#include <iostream>

#include "core/kz_calendar.h"
#include "core/time_format.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/runner/install_paths.h"
#include "procedure/deadlines.h"

namespace pooltest {
namespace {

Result<std::chrono::system_clock::time_point> ParseSubmitted(const std::string& text) {
  std::chrono::system_clock::time_point t;
  if (text.size() > 16 && ParseRfc3339(text, &t)) return t;
  if (text.size() == 16) return ParseKazakhstanLocal(text);
  return Error{"'" + text +
               "' is neither RFC 3339 with an offset (2026-12-04T19:10:00+05:00) nor a "
               "Kazakhstan local time (2026-12-04 19:10)"};
}

const char* Flag(CalendarStatus s) {
  switch (s) {
    case CalendarStatus::kConfirmed:
      return "";
    case CalendarStatus::kProvisional:
      return "  [PROVISIONAL CALENDAR]";
    case CalendarStatus::kMissing:
      return "  [NO CALENDAR: holidays not known]";
  }
  return "";
}

void PrintText(const Schedule& s) {
  std::cout << "submitted   " << s.submitted_kz << " (Kazakhstan), " << s.submitted_utc << "\n"
            << "request     "
            << (s.kind == RequestKind::kNew ? "a new certificate" : "a re-issue of the certificate")
            << "\n"
            << "registered  " << s.registration_date << " " << s.registration_weekday << " from "
            << s.registered_from << ": " << s.registration_reason << Flag(s.registration_calendar)
            << "\n\n";
  for (const Deadline& d : s.deadlines) {
    std::cout << d.date << " " << d.weekday << (d.until.empty() ? "      " : " " + d.until) << "  "
              << d.what << " [" << d.basis;
    if (d.working_days > 0) std::cout << "; " << d.working_days << " working days";
    std::cout << "]" << Flag(d.calendar) << "\n";
    if (d.date_if_registration_day_counted != d.date)
      std::cout << "                  if the registration day counted: "
                << d.date_if_registration_day_counted << "\n";
  }
  if (!s.calendar_warnings.empty()) {
    std::cout << "\ncalendars:\n";
    for (const std::string& w : s.calendar_warnings) std::cout << "  WARN  " << w << "\n";
  }
  std::cout << "\nhow days are counted:\n";
  for (const std::string& n : s.notes) std::cout << "  - " << n << "\n";
}

}  // namespace

int DeadlinesCommand(const DeadlinesArgs& args) {
  Result<std::chrono::system_clock::time_point> submitted = ParseSubmitted(args.submitted);
  if (!submitted) {
    std::cerr << "pooltest deadlines: --submitted " << submitted.error().message << "\n";
    return kExitUsage;
  }
  Result<LocalCell> local = KazakhstanCell(*submitted);
  if (!local) {
    std::cerr << "pooltest deadlines: " << local.error().message << "\n";
    return kExitHarnessError;
  }
  // Ten working days never reach beyond the next year.
  const int year = std::stoi(local->date.substr(0, 4));
  const std::string dir =
      args.calendar_dir.empty() ? SourceDir() + "/data/calendars/kz" : args.calendar_dir;
  Result<HolidayCalendar> calendar = HolidayCalendar::LoadAvailable(dir, year, year + 1);
  if (!calendar) {
    std::cerr << "pooltest deadlines: " << calendar.error().message << "\n";
    return kExitScenarioError;
  }
  const RequestKind kind = args.request == "reissue" ? RequestKind::kReissue : RequestKind::kNew;
  Result<Schedule> schedule = ComputeSchedule(*submitted, kind, *calendar);
  if (!schedule) {
    std::cerr << "pooltest deadlines: " << schedule.error().message << "\n";
    return kExitScenarioError;
  }
  if (args.json) {
    nlohmann::json j = ToJson(*schedule);
    j["calendar_files"] = calendar->files();
    std::cout << j.dump(2) << "\n";
  } else {
    PrintText(*schedule);
  }
  return WorstCalendar(*schedule) == CalendarStatus::kConfirmed ? kExitPositive : kExitInconclusive;
}

}  // namespace pooltest
