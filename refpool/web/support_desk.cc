#include "refpool/web/support_desk.h"

#include <cstdio>

#include "core/tz_date.h"
#include "refpool/web/support_reply_writer.h"

namespace pooltest {
namespace {

using std::chrono::system_clock;
using namespace std::chrono_literals;

constexpr auto kOpen = 9h;
constexpr auto kClose = 18h + 30min;
// Kazakhstan has been UTC+5 everywhere since 2024-03-01; used only when the
// system time-zone database is unavailable.
constexpr auto kFallbackOffset = 5h;

// Converts between UTC and Kazakhstan local time.
struct AlmatyTime {
  const date::time_zone* zone = nullptr;
  AlmatyTime() {
    try {
      zone = date::locate_zone("Asia/Almaty");
    } catch (const std::exception&) {
      zone = nullptr;
    }
  }
  date::local_seconds ToLocal(system_clock::time_point t) const {
    auto secs = std::chrono::floor<std::chrono::seconds>(t);
    if (zone) return date::make_zoned(zone, secs).get_local_time();
    return date::local_seconds{secs.time_since_epoch() + kFallbackOffset};
  }
  system_clock::time_point ToSys(date::local_seconds l) const {
    if (zone) return zone->to_sys(l, date::choose::earliest);
    return system_clock::time_point{l.time_since_epoch() - kFallbackOffset};
  }
};

bool IsWorkday(date::weekday wd) { return wd != date::Saturday && wd != date::Sunday; }

}  // namespace

SupportDesk::SupportDesk(SupportBehaviour behaviour, Clock clock)
    : behaviour_(behaviour), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return system_clock::now(); };
}

Result<std::string> SupportDesk::Create(std::string subject, std::string message) {
  std::lock_guard lock(mu_);
  if (tickets_.size() >= kMaxTickets) {
    return Error{"support desk is full (" + std::to_string(kMaxTickets) +
                 " tickets); restart the reference pool"};
  }
  char id[32];
  std::snprintf(id, sizeof id, "T-%06llu", static_cast<unsigned long long>(next_id_++));
  tickets_.emplace(id, Ticket{std::move(subject), std::move(message), clock_(), next_id_ - 1});
  return std::string(id);
}

std::optional<SupportTicketView> SupportDesk::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = tickets_.find(id);
  if (it == tickets_.end()) return std::nullopt;
  const Ticket& t = it->second;
  const auto now = clock_();
  SupportTicketView v;
  v.id = id;
  v.subject = t.subject;
  if (behaviour_.auto_acknowledge) {
    v.replies.push_back(
        {"Your request has been received and registered as " + id +
             ". A support engineer will answer you soon. / Сіздің өтінішіңіз қабылданды. / "
             "Ваше обращение получено и зарегистрировано.",
         t.created, true});
  }
  if (!behaviour_.never_reply) {
    auto due = t.created + behaviour_.reply_delay;
    if (behaviour_.office_hours_only) due = NextOfficeOpening(due);
    if (now >= due) {
      std::string text;
      if (!behaviour_.reply_text.empty())
        text = behaviour_.reply_text;
      else if (behaviour_.template_reply)
        text = TemplateReply(t.number, id, t.subject);
      else
        text = EngineerReply(t.number, t.subject, t.message,
                             !behaviour_.challenge_office_hours_only || InOfficeHours(due));
      v.replies.push_back({std::move(text), due, false});
    }
  }
  return v;
}

std::vector<std::string> SupportDesk::FindBySubject(const std::string& text) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> ids;
  if (text.empty()) return ids;
  for (const auto& [id, t] : tickets_)
    if (t.subject.find(text) != std::string::npos) ids.push_back(id);
  return ids;
}

bool SupportDesk::InOfficeHours(system_clock::time_point t) {
  const AlmatyTime tz;
  const auto local = tz.ToLocal(t);
  const auto day = date::floor<date::days>(local);
  const auto time_of_day = local - day;
  return IsWorkday(date::weekday{day}) && time_of_day >= kOpen && time_of_day < kClose;
}

system_clock::time_point SupportDesk::NextOfficeOpening(system_clock::time_point t) {
  if (InOfficeHours(t)) return t;
  const AlmatyTime tz;
  const auto local = tz.ToLocal(t);
  auto day = date::floor<date::days>(local);
  // Today's opening if it is still ahead, else the next workday's; a week
  // always has one.
  if (!(IsWorkday(date::weekday{day}) && local - day < kOpen)) day += date::days{1};
  for (int i = 0; i < 8 && !IsWorkday(date::weekday{day}); ++i) day += date::days{1};
  return tz.ToSys(day + kOpen);
}

}  // namespace pooltest
