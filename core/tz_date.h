// Howard Hinnant's date library (date::make_zoned, date::format, parsing),
// reading the system time-zone database. Include this instead of
// <date/tz.h>: its parser trips a false -Wmaybe-uninitialized in g++ 12.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#include <date/tz.h>
#pragma GCC diagnostic pop
