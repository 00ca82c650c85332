#pragma once
// A calendar date without time zone, and the date formats Russian documents use.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace nastavnik {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  auto operator<=>(const Date&) const = default;

  // Days since 1970-01-01 (may be negative).
  long DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(long days);
  Date AddDays(long n) const { return FromDaysSinceEpoch(DaysSinceEpoch() + n); }

  std::string Iso() const;      // 2021-09-01
  std::string Russian() const;  // 01.09.2021
  void AppendRussian(std::string& out) const;  // out += Russian(), without a temporary
  std::string Words() const;    // 1 сентября 2021 г.
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);

// Parses "2021-09-01", "01.09.2021", "1.9.2021" and "01.09.21" (two-digit
// years are 20yy). Surrounding white space is allowed, nothing else.
std::optional<Date> ParseDate(std::string_view text);

// Russian month names: nominative («сентябрь») and genitive («сентября»),
// 1-based. MonthFromWord accepts either form in any letter case, and the
// common abbreviations («сент.», «янв»); 0 when it is not a month.
std::string_view MonthNominative(int month);
std::string_view MonthGenitive(int month);
int MonthFromWord(std::string_view word);

// The date a build treats as "today": an explicit --today, else
// SOURCE_DATE_EPOCH (UTC), else the system clock (UTC).
Date TodayFromEnvironment();
// Seconds since the epoch for reproducible timestamps: SOURCE_DATE_EPOCH when
// set, else the given fallback.
long long SourceDateEpochOr(long long fallback);

}  // namespace nastavnik
