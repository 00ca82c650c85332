#pragma once
// Deadlines as Russian orders write them («сентябрь 2021», «не позднее
// 1 декабря», «Август-сентябрь 2021 г., далее – ежегодно до 1 февраля 2024
// года») read into dates a build can compare with today.
//
// What each kind means (dates are inclusive days):
//   date        one day; start == end.
//   range       a period: a month is its first..last day, a year 1 Jan..31 Dec,
//               an academic year 1 Sep..31 Aug (or as DeadlineContext says).
//               «с X» / «с X и далее» is a range from X to the program end.
//   before      «до / не позднее / в срок до / к / по X»: start is null (the
//               text names no start), end is the last day of X. «до 1 декабря»
//               ends ON 1 December: methodists read the named day as the last
//               day allowed, and the registry shows that day; marking an item
//               overdue a day early would be worse than a day late. «до
//               сентября 2022» ends 30 September, «до 2024 года» 31 Dec 2024.
//   throughout  the whole program period (start/end = the context period, or
//               null when the context has none): «постоянно», «регулярно»,
//               «в течение всего периода реализации программы».
//   recurring   start/end of the first occurrence, repeat, and until (the
//               last day an occurrence may start: the date written, else the
//               program end). A deadline-like occurrence («ежегодно, до 25
//               декабря») has start == end == that day. repeat == kNone means
//               «first occurrence, then continuously with no fixed rhythm»
//               («Сентябрь 2021 г., далее – регулярное обновление»).
//               With no date at all («ежегодно», «2 раза в год») the first
//               occurrence is the calendar month / quarter / half-year / year
//               / two years containing the program start; without a program
//               period it has no dates. «Далее – ежегодно до 1 февраля 2024
//               года» after a first occurrence sets until; headless «ежегодно
//               до 1 февраля 2024 года» means each 1 February up to 2024.
//   unspecified parsed on purpose without dates: «по отдельному графику»,
//               «по запросу», «по мере необходимости».
// Text it cannot read gives parsed == false, kind unspecified and no dates —
// never a guess. Dates without a year take the first one whose occurrence
// ends on or after the program start («не позднее 1 декабря» in a program
// from 1 Sep 2021 is 1 Dec 2021); without a program period they do not parse.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.h"

namespace nastavnik {

enum class DeadlineKind { kDate, kRange, kBefore, kThroughout, kRecurring, kUnspecified };
enum class Repeat { kNone, kMonthly, kQuarterly, kSemiannual, kYearly, kBiennial };

struct DeadlineContext {
  Date period_start;  // the program (roadmap) period; year 0 when unknown
  Date period_end;
  int academic_year_start_month = 9;
  int academic_year_start_day = 1;
};

struct Deadline {
  std::string text;
  bool parsed = false;
  DeadlineKind kind = DeadlineKind::kUnspecified;
  std::optional<Date> start, end;
  Repeat repeat = Repeat::kNone;
  std::optional<Date> until;
};

Deadline ParseDeadline(std::string_view text, const DeadlineContext& ctx);

std::string_view KindName(DeadlineKind kind);  // "date", "range", "before", ...
std::string_view RepeatName(Repeat repeat);    // "none", "monthly", ...

// Months between two occurrences (0 for kNone).
int RepeatMonths(Repeat repeat);
// `d` moved by `months` calendar months; the day is clamped to the month's
// length, and the last day of a month stays the last day.
Date AddMonths(Date d, int months);

struct Occurrence {
  Date start;
  Date end;
};
// The dated occurrences of a deadline in order: one for date/range/
// throughout, every repetition up to `until` for a recurring one (at most
// `limit`), none when it has no start and end (before, unspecified, unparsed).
// A recurring deadline with repeat kNone gives its first occurrence only.
std::vector<Occurrence> Occurrences(const Deadline& d, size_t limit = 200);

}  // namespace nastavnik
