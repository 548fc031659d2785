#include "procedure/deadlines.h"

#include <algorithm>
#include <cstdio>

#include "core/time_format.h"

namespace pooltest {
namespace {

// Office hours in minutes since local midnight (Annex 2 item 7).
constexpr int kOpens = 9 * 60;
constexpr int kLunch = 13 * 60;
constexpr int kReopens = 14 * 60 + 30;
constexpr int kCloses = 18 * 60 + 30;
constexpr const char* kEndOfDay = "18:30";

std::string Hhmm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

date::sys_days ParseIso(const std::string& iso) {
  const int y = std::stoi(iso.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  return date::sys_days{date::year{y} / m / d};
}

struct Registration {
  date::sys_days day;
  int from = kOpens;
  std::string reason;
};

// Para 6 and Annex 2 item 7: outside working hours, on a day off or a
// holiday, the next working day.
Result<Registration> Register(const WorkingDays& wd, date::sys_days day, int minute) {
  const std::string why_not = wd.WhyNotWorking(day);
  if (why_not.empty() && minute < kCloses) {
    if (minute < kOpens)
      return Registration{day, kOpens,
                          "before office hours (9:00): registered the same working day"};
    if (minute >= kLunch && minute < kReopens)
      return Registration{day, kReopens,
                          "during lunch (13:00-14:30): registered the same day when the office "
                          "reopens"};
    return Registration{day, minute, "within office hours: registered the same day"};
  }
  Result<date::sys_days> next = wd.Forward(day, 1);
  if (!next) return next.error();
  std::string reason = why_not.empty() ? "after office hours (18:30)"
                                       : "on a day off (" + IsoDate(day) + ", " + why_not + ")";
  return Registration{*next, kOpens, reason + ": counts from the next working day"};
}

date::sys_days PlusOneYear(date::sys_days d) {
  date::year_month_day ymd{d};
  date::year_month_day next = ymd + date::years{1};
  if (!next.ok()) next = date::year_month_day{next.year() / next.month() / date::last};
  return date::sys_days{next};
}

}  // namespace

const char* ToString(RequestKind k) { return k == RequestKind::kNew ? "new" : "reissue"; }

Result<Schedule> ComputeSchedule(std::chrono::system_clock::time_point submitted, RequestKind kind,
                                 const HolidayCalendar& calendar) {
  const WorkingDays wd(calendar);
  Result<LocalCell> local = KazakhstanCell(submitted);
  if (!local) return local.error();
  const date::sys_days submitted_day = ParseIso(local->date);
  Result<Registration> reg = Register(wd, submitted_day, local->hour * 60 + local->minute);
  if (!reg) return reg.error();

  Schedule s;
  s.kind = kind;
  s.submitted_kz = FormatKazakhstan(submitted);
  s.submitted_utc = FormatUtc(submitted);
  s.registration_date = IsoDate(reg->day);
  s.registration_weekday = WeekdayOf(reg->day);
  s.registered_from = Hhmm(reg->from);
  s.registration_reason = reg->reason;
  s.registration_calendar = wd.StatusBetween(submitted_day, reg->day);

  // The other reading counts the registration day as day 1: its base is the
  // working day before registration.
  Result<date::sys_days> base_if_counted = wd.Back(reg->day, 1);
  if (!base_if_counted) return base_if_counted.error();

  const int service_days = kind == RequestKind::kNew ? 10 : 5;
  const std::string service_basis = kind == RequestKind::kNew
                                        ? "Rules Annex 2 item 3 (P12)"
                                        : "Rules Annex 2 item 3, para 12 (P12)";
  std::string error;
  auto forward = [&](date::sys_days from, int n) {
    Result<date::sys_days> d = wd.Forward(from, n);
    if (!d && error.empty()) error = d.error().message;
    return d ? *d : from;
  };
  auto back = [&](date::sys_days from, int n) {
    Result<date::sys_days> d = wd.Back(from, n);
    if (!d && error.empty()) error = d.error().message;
    return d ? *d : from;
  };
  auto add = [&](const char* id, std::string what, std::string basis, int days, date::sys_days d,
                 date::sys_days d_if_counted) {
    Deadline x;
    x.id = id;
    x.what = std::move(what);
    x.basis = std::move(basis);
    x.working_days = days;
    x.date = IsoDate(d);
    x.weekday = WeekdayOf(d);
    x.until = kEndOfDay;
    x.date_if_registration_day_counted = IsoDate(d_if_counted);
    x.calendar = wd.StatusBetween(submitted_day, std::max(d, d_if_counted));
    s.deadlines.push_back(std::move(x));
  };

  add("refusal_incomplete",
      "an incomplete set, or one with expired documents, is refused (reasoned refusal) by",
      "Rules para 7 (P7)", 2, forward(reg->day, 2), forward(*base_if_counted, 2));
  if (kind == RequestKind::kNew) {
    add("review_complete", "a complete set is reviewed against the Rules by", "Rules para 8 (P8)",
        5, forward(reg->day, 5), forward(*base_if_counted, 5));
  } else {
    add("document_check", "the re-issue's documents are checked against the Rules by",
        "Rules para 12 (P12)", 2, forward(reg->day, 2), forward(*base_if_counted, 2));
  }
  const date::sys_days service = forward(reg->day, service_days);
  const date::sys_days service_if_counted = forward(*base_if_counted, service_days);
  const date::sys_days notice = back(service, 3);
  const date::sys_days notice_if_counted = back(service_if_counted, 3);
  add("hearing_notice",
      "if there are grounds to refuse: the notice of the preliminary decision and of the "
      "hearing is sent by",
      "Rules paras 9-10 (P9-10)", 3, notice, notice_if_counted);
  add("hearing", "the hearing is held, if the notice went out on the day above, by",
      "Rules para 10 (P9-10)", 2, forward(notice, 2), forward(notice_if_counted, 2));
  add("service",
      kind == RequestKind::kNew
          ? "the certificate (Annex 3) or a reasoned refusal (Annex 4) is issued by"
          : "the re-issued certificate or a reasoned refusal is issued by",
      service_basis, service_days, service, service_if_counted);
  if (!error.empty()) return Error{error};

  if (kind == RequestKind::kNew) {
    Deadline v;
    v.id = "certificate_valid_until";
    v.what = "a certificate issued on the service deadline is valid until";
    v.basis = "Rules para 3, Annex 3 (P3, P11)";
    const date::sys_days until = PlusOneYear(service);
    v.date = IsoDate(until);
    v.weekday = WeekdayOf(until);
    v.date_if_registration_day_counted = IsoDate(PlusOneYear(service_if_counted));
    // A calendar date a year on: no working days counted, no calendar needed.
    v.calendar = s.deadlines.back().calendar;
    s.deadlines.push_back(std::move(v));
  }

  // Every year a date rests on, from the submission to the last deadline.
  date::sys_days last = reg->day;
  for (const Deadline& d : s.deadlines)
    if (d.working_days > 0)
      last = std::max({last, ParseIso(d.date), ParseIso(d.date_if_registration_day_counted)});
  const int first_year = static_cast<int>(date::year_month_day{submitted_day}.year());
  const int last_year = static_cast<int>(date::year_month_day{last}.year());
  for (int y = first_year; y <= last_year; ++y) {
    const CalendarStatus st = wd.StatusOf(y);
    if (st == CalendarStatus::kMissing) {
      s.calendar_warnings.push_back(
          "no public-holiday calendar for " + std::to_string(y) +
          ": its days are counted as Monday to Friday with no holidays, so a date in " +
          std::to_string(y) + " may be too early; add data/calendars/kz/" + std::to_string(y) +
          ".json");
    } else if (st == CalendarStatus::kProvisional) {
      std::string line = "the public-holiday calendar for " + std::to_string(y) +
                         " is provisional: a date in " + std::to_string(y) + " may move";
      const std::string prefix = "public-holiday calendar " + std::to_string(y) + " ";
      for (const std::string& w : calendar.warnings())
        if (w.rfind(prefix, 0) == 0) line += " (" + w + ")";
      s.calendar_warnings.push_back(line);
    }
  }

  s.notes = {
      "the day of registration is not counted: an n-working-day term ends with office hours "
      "(18:30) on the n-th working day after it. The Rules count from the registration of the "
      "documents (paras 7, 8, 12); the Administrative Procedural and Process-related Code of "
      "the Republic of Kazakhstan (No. 350-VI of 29 June 2020), art. 10, starts a term counted "
      "in days on the day after the event that begins it and leaves non-working days out of a "
      "term in working days (check the article's current text: adilet.zan.kz, K2000000350)",
      "if the registration day were counted as day 1, each working-day deadline would be one "
      "working day earlier (date_if_registration_day_counted): plan on the earlier date",
      "working days: Monday to Friday 9:00-18:30, lunch 13:00-14:30, Kazakhstan time (Annex 2 "
      "item 7), without the days off of the public-holiday calendar, with any Saturday or "
      "Sunday made a working day by a transfer; the portal accepts at any hour, but an "
      "application outside working hours counts from the next working day (para 6)",
      "hearing: the notice at least 3 working days before the service's deadline, the hearing "
      "within 2 working days of the notice (para 10): counted back from the deadline, the "
      "latest possible dates",
  };
  if (kind == RequestKind::kReissue)
    s.notes.push_back(
        "a re-issue: the Rules do not say that it restarts the certificate's year, so no "
        "validity date is given");
  return s;
}

Result<std::string> CertificateExpiry(const std::string& issued) {
  const bool shaped = issued.size() == 10 && issued[4] == '-' && issued[7] == '-' &&
                      std::all_of(issued.begin(), issued.end(),
                                  [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shaped) return Error{"'" + issued + "' is not a date: write YYYY-MM-DD"};
  const date::year_month_day ymd{date::year{std::stoi(issued.substr(0, 4))},
                                 date::month(static_cast<unsigned>(std::stoi(issued.substr(5, 2)))),
                                 date::day(static_cast<unsigned>(std::stoi(issued.substr(8, 2))))};
  if (!ymd.ok()) return Error{"'" + issued + "' is not a date that exists"};
  return IsoDate(PlusOneYear(date::sys_days{ymd}));
}

CalendarStatus WorstCalendar(const Schedule& s) {
  CalendarStatus worst = s.registration_calendar;
  for (const Deadline& d : s.deadlines) worst = std::max(worst, d.calendar);
  return worst;
}

nlohmann::json ToJson(const Schedule& s) {
  nlohmann::json deadlines = nlohmann::json::array();
  for (const Deadline& d : s.deadlines) {
    deadlines.push_back({{"id", d.id},
                         {"what", d.what},
                         {"basis", d.basis},
                         {"working_days", d.working_days},
                         {"date", d.date},
                         {"weekday", d.weekday},
                         {"until", d.until.empty() ? nlohmann::json() : nlohmann::json(d.until)},
                         {"date_if_registration_day_counted", d.date_if_registration_day_counted},
                         {"calendar", ToString(d.calendar)}});
  }
  return {{"format", "pooltest-deadlines/1"},
          {"request", ToString(s.kind)},
          {"submitted_kz", s.submitted_kz},
          {"submitted_utc", s.submitted_utc},
          {"registration",
           {{"date", s.registration_date},
            {"weekday", s.registration_weekday},
            {"from", s.registered_from},
            {"reason", s.registration_reason},
            {"calendar", ToString(s.registration_calendar)}}},
          {"deadlines", deadlines},
          {"calendar", ToString(WorstCalendar(s))},
          {"calendar_warnings", s.calendar_warnings},
          {"notes", s.notes}};
}

}  // namespace pooltest
