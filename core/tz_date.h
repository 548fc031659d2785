// Howard Hinnant's date library (date::make_zoned, date::format, parsing),
// reading the system time-zone database. Include this instead of
// <date/tz.h>: its parser trips a false -Wmaybe-uninitialized in g++ 12.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <date/date.h>
#include <date/tz.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
