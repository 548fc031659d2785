// The procedure's deadlines (procedure/deadlines.h) on the bundled
// calendars of data/calendars/kz, each case derived by hand in its comment.
// Reading under test: the registration day is not counted (APPK art. 10);
// a term of n working days ends on the n-th working day after it; the
// hearing notice is the 3rd working day before the service's deadline, the
// hearing the 2nd working day after the notice.
//
// Days off used (calendars 2026, confirmed): 7 Jan; 8-9 Mar; 21-25 Mar;
// 1, 7, 9, 11, 27 May; 6 Jul; 25-26 Oct; 16 Dec. 2027 (provisional):
// 1, 2, 4, 7 Jan; ... .
#include "procedure/deadlines.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

std::string CalendarDir() { return std::string(POOLTEST_SOURCE_DIR) + "/data/calendars/kz"; }

HolidayCalendar Bundled(int first, int last) {
  Result<HolidayCalendar> c = HolidayCalendar::LoadAvailable(CalendarDir(), first, last);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : HolidayCalendar{};
}

std::chrono::system_clock::time_point Local(const std::string& text) {
  Result<std::chrono::system_clock::time_point> t = ParseKazakhstanLocal(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : std::chrono::system_clock::time_point{};
}

std::map<std::string, const Deadline*> ById(const Schedule& s) {
  std::map<std::string, const Deadline*> m;
  for (const Deadline& d : s.deadlines) m[d.id] = &d;
  return m;
}

std::string DateOf(const Schedule& s, const std::string& id) {
  auto m = ById(s);
  return m.count(id) ? m[id]->date : "(no " + id + ")";
}

// Each deadline's date, by id.
void ExpectDates(const Schedule& s, const std::map<std::string, std::string>& want) {
  for (const auto& [id, date] : want) EXPECT_EQ(DateOf(s, id), date) << id;
}

Schedule Compute(const std::string& local, RequestKind kind, const HolidayCalendar& cal) {
  Result<Schedule> s = ComputeSchedule(Local(local), kind, cal);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? *s : Schedule{};
}

// Friday 4 Dec 2026, 19:10: after 18:30, so the next working day, Monday
// 7 Dec (Sat 5, Sun 6 off). Working days after it: Tue 8 (1), Wed 9 (2),
// Thu 10 (3), Fri 11 (4), Mon 14 (5), Tue 15 (6), [Wed 16 Independence
// Day], Thu 17 (7), Fri 18 (8), Mon 21 (9), Tue 22 (10). Refusal 9 Dec,
// review 14 Dec, service 22 Dec; notice: back from 22 Dec, Mon 21 (1), Fri
// 18 (2), Thu 17 (3); hearing: Fri 18 (1), Mon 21 (2). Valid until
// 22 Dec 2027. Counting the registration day: refusal Tue 8, service Mon 21.
TEST(Deadlines, FridayEveningAfterHoursCountsFromMonday) {
  const HolidayCalendar cal = Bundled(2026, 2027);
  const Schedule s = Compute("2026-12-04 19:10", RequestKind::kNew, cal);
  EXPECT_EQ(s.registration_date, "2026-12-07");
  EXPECT_EQ(s.registration_weekday, "Mon");
  EXPECT_EQ(s.registered_from, "09:00");
  EXPECT_NE(s.registration_reason.find("after office hours"), std::string::npos);
  ExpectDates(s, {{"refusal_incomplete", "2026-12-09"},
                  {"review_complete", "2026-12-14"},
                  {"hearing_notice", "2026-12-17"},
                  {"hearing", "2026-12-21"},
                  {"service", "2026-12-22"},
                  {"certificate_valid_until", "2027-12-22"}});
  auto m = ById(s);
  EXPECT_EQ(m["refusal_incomplete"]->date_if_registration_day_counted, "2026-12-08");
  EXPECT_EQ(m["service"]->date_if_registration_day_counted, "2026-12-21");
  EXPECT_EQ(m["service"]->until, "18:30");
  // Every date is in 2026, whose calendar is confirmed.
  EXPECT_EQ(WorstCalendar(s), CalendarStatus::kConfirmed);
  EXPECT_TRUE(s.calendar_warnings.empty());
  // The same instant as RFC 3339 with its offset is the same schedule.
  std::chrono::system_clock::time_point t;
  ASSERT_TRUE(ParseRfc3339("2026-12-04T14:10:00Z", &t));
  EXPECT_EQ(t, Local("2026-12-04 19:10"));
  ASSERT_TRUE(ParseRfc3339("2026-12-04T19:10:00+05:00", &t));
  EXPECT_EQ(t, Local("2026-12-04 19:10"));
}

// Tuesday 15 Dec 2026, 17:00, the eve of Independence Day (16 Dec): within
// hours, registered that day. After it: [Wed 16 off], Thu 17 (1), Fri 18
// (2), Mon 21 (3), Tue 22 (4), Wed 23 (5), Thu 24 (6), Fri 25 (7), Mon 28
// (8), Tue 29 (9), Wed 30 (10). Notice: Tue 29 (1), Mon 28 (2), Fri 25 (3);
// hearing: Mon 28 (1), Tue 29 (2).
TEST(Deadlines, EveOfAHolidaySkipsIt) {
  const HolidayCalendar cal = Bundled(2026, 2027);
  const Schedule s = Compute("2026-12-15 17:00", RequestKind::kNew, cal);
  EXPECT_EQ(s.registration_date, "2026-12-15");
  EXPECT_EQ(s.registered_from, "17:00");
  ExpectDates(s, {{"refusal_incomplete", "2026-12-18"},
                  {"review_complete", "2026-12-23"},
                  {"hearing_notice", "2026-12-25"},
                  {"hearing", "2026-12-29"},
                  {"service", "2026-12-30"}});
  EXPECT_EQ(WorstCalendar(s), CalendarStatus::kConfirmed);
}

// Friday 20 Mar 2026, 18:45, the eve of Nauryz after hours: Sat 21 - Wed 25
// are all off (weekend, Nauryz and its moves), so registered Thursday 26.
// After it: Fri 27 (1), Mon 30 (2), Tue 31 (3), Wed 1 Apr (4), Thu 2 (5),
// Fri 3 (6), Mon 6 (7), Tue 7 (8), Wed 8 (9), Thu 9 (10). Notice: Wed 8
// (1), Tue 7 (2), Mon 6 (3); hearing Tue 7 (1), Wed 8 (2).
TEST(Deadlines, EveOfNauryzAfterHoursCountsFromTheDayAfterTheHolidays) {
  const HolidayCalendar cal = Bundled(2026, 2027);
  const Schedule s = Compute("2026-03-20 18:45", RequestKind::kNew, cal);
  EXPECT_EQ(s.registration_date, "2026-03-26");
  EXPECT_EQ(s.registration_weekday, "Thu");
  ExpectDates(s, {{"refusal_incomplete", "2026-03-30"},
                  {"review_complete", "2026-04-02"},
                  {"hearing_notice", "2026-04-06"},
                  {"hearing", "2026-04-08"},
                  {"service", "2026-04-09"}});
}

// Wednesday 30 Dec 2026, 16:00: registered that day. After it: Thu 31 (1),
// [Fri 1 Jan 2027 New Year, Sat 2 New Year, Sun 3, Mon 4 New Year moved],
// Tue 5 (2), Wed 6 (3), [Thu 7 Christmas], Fri 8 (4), Mon 11 (5), Tue 12
// (6), Wed 13 (7), Thu 14 (8), Fri 15 (9), Mon 18 (10). Notice: Fri 15
// (1), Thu 14 (2), Wed 13 (3); hearing: Thu 14 (1), Fri 15 (2). The 2027
// calendar is provisional: every date in 2027 must say so.
TEST(Deadlines, AcrossNewYearTheProvisional2027CalendarIsSaid) {
  const HolidayCalendar cal = Bundled(2026, 2027);
  const Schedule s = Compute("2026-12-30 16:00", RequestKind::kNew, cal);
  EXPECT_EQ(s.registration_date, "2026-12-30");
  ExpectDates(s, {{"refusal_incomplete", "2027-01-05"},
                  {"review_complete", "2027-01-11"},
                  {"hearing_notice", "2027-01-13"},
                  {"hearing", "2027-01-15"},
                  {"service", "2027-01-18"},
                  {"certificate_valid_until", "2028-01-18"}});
  auto m = ById(s);
  EXPECT_EQ(m["service"]->calendar, CalendarStatus::kProvisional);
  EXPECT_EQ(m["refusal_incomplete"]->calendar, CalendarStatus::kProvisional);
  EXPECT_EQ(s.registration_calendar, CalendarStatus::kConfirmed);
  EXPECT_EQ(WorstCalendar(s), CalendarStatus::kProvisional);
  ASSERT_EQ(s.calendar_warnings.size(), 1u);
  EXPECT_NE(s.calendar_warnings[0].find("2027 is provisional"), std::string::npos);
  const nlohmann::json j = ToJson(s);
  EXPECT_EQ(j["calendar"], "provisional");
  EXPECT_EQ(j["deadlines"][0]["calendar"], "provisional");
}

// The same submission with no 2027 file: 2027 is counted Monday to Friday
// with no holidays, so Thu 31 (1), Fri 1 Jan (2) — too early, and the
// schedule must say the calendar is missing rather than pass it off.
TEST(Deadlines, AcrossNewYearAMissingCalendarIsSaidNotGuessed) {
  const fs::path dir = fs::temp_directory_path() / ("pooltest-cal-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(CalendarDir() + "/2026.json", dir / "2026.json",
                fs::copy_options::overwrite_existing);
  Result<HolidayCalendar> cal = HolidayCalendar::LoadAvailable(dir.string(), 2026, 2027);
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(cal->missing_years(), std::vector<int>{2027});
  const Schedule s = Compute("2026-12-30 16:00", RequestKind::kNew, *cal);
  fs::remove_all(dir);
  EXPECT_EQ(DateOf(s, "refusal_incomplete"), "2027-01-01");
  EXPECT_EQ(ById(s)["refusal_incomplete"]->calendar, CalendarStatus::kMissing);
  EXPECT_EQ(WorstCalendar(s), CalendarStatus::kMissing);
  ASSERT_EQ(s.calendar_warnings.size(), 1u);
  EXPECT_NE(s.calendar_warnings[0].find("no public-holiday calendar for 2027"), std::string::npos);
  EXPECT_EQ(ToJson(s)["calendar"], "missing");
}

// Thursday 3 Dec 2026, 13:30, during lunch: registered the same day from
// 14:30. After it: Fri 4 (1), Mon 7 (2), Tue 8 (3), Wed 9 (4), Thu 10 (5),
// Fri 11 (6), Mon 14 (7), Tue 15 (8), [Wed 16 off], Thu 17 (9), Fri 18
// (10). Notice: Thu 17 (1), Tue 15 (2), Mon 14 (3); hearing: Tue 15 (1),
// Thu 17 (2).
TEST(Deadlines, DuringLunchTheSameDayWhenTheOfficeReopens) {
  const HolidayCalendar cal = Bundled(2026, 2027);
  const Schedule s = Compute("2026-12-03 13:30", RequestKind::kNew, cal);
  EXPECT_EQ(s.registration_date, "2026-12-03");
  EXPECT_EQ(s.registered_from, "14:30");
  EXPECT_NE(s.registration_reason.find("lunch"), std::string::npos);
  ExpectDates(s, {{"refusal_incomplete", "2026-12-07"},
                  {"review_complete", "2026-12-10"},
                  {"hearing_notice", "2026-12-14"},
                  {"hearing", "2026-12-17"},
                  {"service", "2026-12-18"}});
  // Before 9:00 on a working day: that same day, from 9:00.
  const Schedule early = Compute("2026-12-03 07:15", RequestKind::kNew, cal);
  EXPECT_EQ(early.registration_date, "2026-12-03");
  EXPECT_EQ(early.registered_from, "09:00");
}

// A re-issue on Friday 22 May 2026 at 18:29, a minute before closing:
// registered that day. After it: Mon 25 (1), Tue 26 (2), [Wed 27 Kurban
// Ait], Thu 28 (3), Fri 29 (4), Mon 1 Jun (5). Documents checked (2) and
// incomplete refused (2) by Tue 26; service (5) Mon 1 Jun; notice: Fri 29
// (1), Thu 28 (2), Tue 26 (3); hearing: Thu 28 (1), Fri 29 (2). No review
// of para 8 and no validity date for a re-issue.
TEST(Deadlines, ReissueTakesFiveWorkingDays) {
  const HolidayCalendar cal = Bundled(2026, 2027);
  const Schedule s = Compute("2026-05-22 18:29", RequestKind::kReissue, cal);
  EXPECT_EQ(s.registration_date, "2026-05-22");
  ExpectDates(s, {{"refusal_incomplete", "2026-05-26"},
                  {"document_check", "2026-05-26"},
                  {"hearing_notice", "2026-05-26"},
                  {"hearing", "2026-05-29"},
                  {"service", "2026-06-01"}});
  auto m = ById(s);
  EXPECT_EQ(m.count("review_complete"), 0u);
  EXPECT_EQ(m.count("certificate_valid_until"), 0u);
  EXPECT_EQ(m["service"]->working_days, 5);
  // At 18:30 exactly the office has closed: Monday 25 May.
  EXPECT_EQ(Compute("2026-05-22 18:30", RequestKind::kReissue, cal).registration_date,
            "2026-05-25");
}

// A Saturday made a working day by a transfer (a synthetic 2030 calendar:
// Friday 4 Jan off, transferred from Saturday 5 Jan, which is worked). A
// submission on Saturday 5 Jan 10:00 is registered that day; after it [Sun
// 6], Mon 7 (1), Tue 8 (2). One on Friday 4 Jan (off) counts from Sat 5.
TEST(Deadlines, ASaturdayMadeAWorkingDayCounts) {
  const fs::path dir =
      fs::temp_directory_path() / ("pooltest-cal2030-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "2030.json") << R"({"country": "KZ", "year": 2030,
    "sources": [{"id": "test", "title": "a synthetic calendar"}],
    "days_off": [
      {"date": "2030-01-01", "name": "New Year", "kind": "holiday", "source": "test"},
      {"date": "2030-01-02", "name": "New Year", "kind": "holiday", "source": "test"},
      {"date": "2030-01-04", "name": "Day off transferred from Saturday 5 January",
       "kind": "transferred", "source": "test"}],
    "working_days": [
      {"date": "2030-01-05", "name": "Working day, its day off transferred to Friday 4 January",
       "source": "test"}]})";
  // A date both off and worked is a broken file, refused naming it.
  std::ofstream(dir / "2031.json") << R"({"year": 2031, "sources": [], "days_off": [
      {"date": "2031-01-04", "name": "x", "source": "test"}],
    "working_days": [{"date": "2031-01-04", "name": "y", "source": "test"}]})";
  Result<HolidayCalendar> broken = HolidayCalendar::LoadAvailable(dir.string(), 2031, 2031);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(
      broken.error().message.find("2031.json: 2031-01-04 is both a day off and a working day"),
      std::string::npos)
      << broken.error().message;
  fs::remove(dir / "2031.json");
  Result<HolidayCalendar> cal = HolidayCalendar::LoadAvailable(dir.string(), 2030, 2031);
  fs::remove_all(dir);
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  const Schedule sat = Compute("2030-01-05 10:00", RequestKind::kNew, *cal);
  EXPECT_EQ(sat.registration_date, "2030-01-05");
  EXPECT_EQ(sat.registration_weekday, "Sat");
  EXPECT_EQ(DateOf(sat, "refusal_incomplete"), "2030-01-08");
  const Schedule fri = Compute("2030-01-04 11:00", RequestKind::kNew, *cal);
  EXPECT_EQ(fri.registration_date, "2030-01-05");
  EXPECT_NE(fri.registration_reason.find("Day off transferred"), std::string::npos);
}

TEST(Deadlines, MalformedTimesAreRefused) {
  EXPECT_FALSE(ParseKazakhstanLocal("2026-02-30 10:00").ok());
  EXPECT_FALSE(ParseKazakhstanLocal("2026-12-04 24:00").ok());
  EXPECT_FALSE(ParseKazakhstanLocal("2026-12-04T10:00").ok());
  std::chrono::system_clock::time_point t;
  EXPECT_FALSE(ParseRfc3339("2026-12-04T10:00:00", &t));
  EXPECT_FALSE(ParseRfc3339("2026-12-04T10:00:00+5:00", &t));
  EXPECT_FALSE(ParseRfc3339("2026-12-04T10:00:00+25:00", &t));
  EXPECT_TRUE(ParseRfc3339("2026-12-04T10:00:00.250-03:30", &t));
}

// The CLI: the text says the reading and the provisional calendar, exit 2;
// --json carries the same; a confirmed year exits 0; a bad time is 64.
TEST(DeadlinesCli, SaysTheReadingAndTheProvisionalYear) {
  const std::string out =
      (fs::temp_directory_path() / ("pooltest-dl-" + std::to_string(::getpid()))).string();
  auto run = [&out](const std::string& args) {
    const int status = std::system(
        (std::string(POOLTEST_BINARY) + " deadlines " + args + " > " + out + " 2>&1").c_str());
    std::ifstream in(out);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return std::make_pair(WIFEXITED(status) ? WEXITSTATUS(status) : -1, text);
  };
  auto [rc, text] = run("--submitted '2026-12-30 16:00'");
  EXPECT_EQ(rc, 2) << text;
  EXPECT_NE(text.find("2027-01-18 Mon 18:30"), std::string::npos) << text;
  EXPECT_NE(text.find("PROVISIONAL CALENDAR"), std::string::npos) << text;
  EXPECT_NE(text.find("art. 10"), std::string::npos) << text;
  EXPECT_NE(text.find("the day of registration is not counted"), std::string::npos) << text;
  auto [rc_json, json_text] = run("--submitted 2026-12-30T11:00:00Z --json");
  EXPECT_EQ(rc_json, 2);
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  ASSERT_TRUE(j.is_object()) << json_text;
  EXPECT_EQ(j["calendar"], "provisional");
  EXPECT_EQ(j["registration"]["date"], "2026-12-30");
  EXPECT_FALSE(j["notes"].empty());
  auto [rc_ok, ok_text] = run("--submitted '2026-12-04 19:10' --request reissue");
  EXPECT_EQ(rc_ok, 0) << ok_text;
  EXPECT_EQ(ok_text.find("PROVISIONAL"), std::string::npos) << ok_text;
  EXPECT_EQ(run("--submitted 'next friday'").first, 64);
  auto [rc_typo, typo] = run("--submited '2026-12-04 19:10'");
  EXPECT_EQ(rc_typo, 64);
  EXPECT_NE(typo.find("did you mean '--submitted'?"), std::string::npos) << typo;
  fs::remove(out);
}

}  // namespace
}  // namespace pooltest
