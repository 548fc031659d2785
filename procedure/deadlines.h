// The accreditation procedure's deadlines as calendar dates (Kazakhstan
// time), from the moment an application is submitted: a pure function of
// (submission time, request kind, holiday calendars) -> schedule.
//
// The Rules (order No. 142/НҚ as amended; ../shared/REQUIREMENTS.md P3-P12):
// office hours Monday-Friday 9:00-18:30, lunch 13:00-14:30 (Annex 2 item 7);
// an application after working hours, on a day off or a holiday is taken in
// on the next working day (para 6, Annex 2 item 7 2)); an incomplete or
// expired set is refused within 2 working days of registration (para 7); a
// complete set is reviewed within 5 (para 8); a hearing notice goes out at
// least 3 working days before the service's deadline, the hearing within 2
// working days of the notice (para 10); the service takes 10 working days
// for a certificate, 5 for a re-issue (Annex 2 item 3), a re-issue's set is
// checked within 2 (para 12); the certificate is valid one year from issue
// (para 3, Annex 3).
//
// How days are counted (our reading): the day of registration is NOT
// counted. The Rules count each term "from the moment the documents are
// registered" (paras 7, 8, 12) and say nothing more; the general law on
// administrative procedures, the Administrative Procedural and
// Process-related Code of the Republic of Kazakhstan (No. 350-VI of 29 June
// 2020), art. 10, has a term counted in days begin on the day after the
// calendar date or event that starts it, and a term in working days skip
// non-working days. So the n-th working day after the registration day is
// the last day of an n-day term, and the term ends with that day's office
// hours (18:30). A submission before 9:00 on a working day is after the
// previous day's hours: it is registered that same day. One submitted during
// lunch is registered the same day, when the office reopens at 14:30 (lunch
// is not "after working hours"). The hearing dates count back from the
// service's deadline: the notice by the 3rd working day before it, the
// hearing by the 2nd working day after that notice. The certificate's year
// runs from the day of issue to the same date a year on (art. 10 again: a
// term in years ends on the corresponding date); for a service deadline D
// that is D + 1 year if it is issued on D. Under the other reading (the
// registration day counted as day 1) every working-day deadline is one
// working day earlier; each deadline carries that date too. The APPK's
// article number and wording are as the project cites them and were not
// checked against the official text (adilet.zan.kz, K2000000350).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/kz_calendar.h"
#include "core/result.h"
#include "procedure/working_days.h"

namespace pooltest {

enum class RequestKind { kNew, kReissue };
const char* ToString(RequestKind k);  // "new", "reissue"

struct Deadline {
  std::string id;        // refusal_incomplete, review_complete, document_check,
                         // hearing_notice, hearing, service, certificate_valid_until
  std::string what;      // one English sentence
  std::string basis;     // "Rules para 7 (P7)"
  int working_days = 0;  // the term; 0 for the certificate's year
  std::string date;      // YYYY-MM-DD, Kazakhstan
  std::string weekday;   // Mon..Sun
  std::string until;     // "18:30" (end of office hours); "" for the certificate
  // The same deadline if the registration day were counted as day 1.
  std::string date_if_registration_day_counted;
  CalendarStatus calendar = CalendarStatus::kConfirmed;  // worst year it crossed
};

struct Schedule {
  RequestKind kind = RequestKind::kNew;
  std::string submitted_kz;   // RFC 3339, +05:00
  std::string submitted_utc;  // RFC 3339, Z
  std::string registration_date;
  std::string registration_weekday;
  std::string registered_from;  // HH:MM the office takes it in
  std::string registration_reason;
  CalendarStatus registration_calendar = CalendarStatus::kConfirmed;
  std::vector<Deadline> deadlines;
  // Each missing or provisional year a date above rests on, in words.
  std::vector<std::string> calendar_warnings;
  std::vector<std::string> notes;  // the counting reading and its legal basis
};

Result<Schedule> ComputeSchedule(std::chrono::system_clock::time_point submitted, RequestKind kind,
                                 const HolidayCalendar& calendar);

// The last day of a certificate's year issued on `issued` (YYYY-MM-DD):
// the same date a year on, 28 February for 29 February (para 3; art. 10).
// An error naming the text if it is not a date that exists.
Result<std::string> CertificateExpiry(const std::string& issued);

// Schedule::calendar_warnings' worst status: what the output must flag.
CalendarStatus WorstCalendar(const Schedule& s);
nlohmann::json ToJson(const Schedule& s);

}  // namespace pooltest
