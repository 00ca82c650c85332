#include "util/date.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "util/strings.h"

namespace nastavnik {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

bool IsValidDate(int y, int m, int d) {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// Howard Hinnant's days_from_civil / civil_from_days.
long Date::DaysSinceEpoch() const {
  int y = year - (month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::FromDaysSinceEpoch(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = static_cast<long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

namespace {

// Appends `n` (0 ≤ n < 10^width) as exactly `width` digits.
void PutDigits(char* out, int n, int width) {
  for (int i = width - 1; i >= 0; --i, n /= 10) out[i] = static_cast<char>('0' + n % 10);
}

// Dates of the site are valid (IsValidDate); anything else goes through
// snprintf, which pads and signs as the formats say. Pages show two dates per
// case card, so snprintf's cost (≈ 1,700 instructions) was felt.
bool Formattable(const Date& d) {
  return d.year >= 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 && d.day >= 0 && d.day <= 99;
}

// "2021-09-01" (ISO: year first) or "01.09.2021" (Russian: day first).
std::string Formatted(const Date& d, bool iso) {
  const int first = iso ? d.year : d.day, last = iso ? d.day : d.year;
  const int first_width = iso ? 4 : 2, last_width = iso ? 2 : 4;
  if (Formattable(d)) {
    std::string out(10, iso ? '-' : '.');
    PutDigits(out.data(), first, first_width);
    PutDigits(out.data() + first_width + 1, d.month, 2);
    PutDigits(out.data() + first_width + 4, last, last_width);
    return out;
  }
  char buf[40];
  if (iso) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", first, d.month, last);
  else std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", first, d.month, last);
  return buf;
}

}  // namespace

std::string Date::Iso() const { return Formatted(*this, true); }

std::string Date::Russian() const { return Formatted(*this, false); }

void Date::AppendRussian(std::string& out) const {
  if (!Formattable(*this)) {
    out += Russian();
    return;
  }
  char buf[10] = {0, 0, '.', 0, 0, '.'};
  PutDigits(buf, day, 2);
  PutDigits(buf + 3, month, 2);
  PutDigits(buf + 6, year, 4);
  out.append(buf, sizeof buf);
}

std::string Date::Words() const {
  return std::to_string(day) + " " + std::string(MonthGenitive(month)) + " " +
         std::to_string(year) + " г.";
}

namespace {

bool ReadInt(std::string_view s, size_t& i, int& out, size_t min_digits, size_t max_digits) {
  size_t start = i;
  int v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < max_digits) {
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (i - start < min_digits) return false;
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') return false;
  out = v;
  return true;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  std::string_view s = Trim(text);
  size_t i = 0;
  int a = 0, b = 0, c = 0;
  if (s.size() == 10 && s[4] == '-') {
    if (!ReadInt(s, i, a, 4, 4) || s[i++] != '-' || !ReadInt(s, i, b, 2, 2) || s[i++] != '-' ||
        !ReadInt(s, i, c, 2, 2) || i != s.size())
      return std::nullopt;
    if (!IsValidDate(a, b, c)) return std::nullopt;
    return Date{a, b, c};
  }
  if (!ReadInt(s, i, a, 1, 2) || i >= s.size() || s[i++] != '.') return std::nullopt;
  if (!ReadInt(s, i, b, 1, 2) || i >= s.size() || s[i++] != '.') return std::nullopt;
  size_t ystart = i;
  if (!ReadInt(s, i, c, 2, 4) || i != s.size()) return std::nullopt;
  size_t ydigits = i - ystart;
  if (ydigits == 3) return std::nullopt;
  if (ydigits == 2) c += 2000;
  if (!IsValidDate(c, b, a)) return std::nullopt;
  return Date{c, b, a};
}

namespace {
const char* const kNominative[] = {"январь", "февраль", "март",     "апрель",  "май",    "июнь",
                                   "июль",   "август",  "сентябрь", "октябрь", "ноябрь", "декабрь"};
const char* const kGenitive[] = {"января", "февраля", "марта",     "апреля",  "мая",    "июня",
                                 "июля",   "августа", "сентября", "октября", "ноября", "декабря"};
}  // namespace

std::string_view MonthNominative(int m) { return m >= 1 && m <= 12 ? kNominative[m - 1] : ""; }
std::string_view MonthGenitive(int m) { return m >= 1 && m <= 12 ? kGenitive[m - 1] : ""; }

int MonthFromWord(std::string_view word) {
  std::string w = LowerUtf8(Trim(word));
  while (!w.empty() && w.back() == '.') w.pop_back();
  if (w.empty()) return 0;
  for (int m = 1; m <= 12; ++m) {
    if (w == kNominative[m - 1] || w == kGenitive[m - 1]) return m;
  }
  if (w == "мае") return 5;
  // Abbreviations («сент», «дек.») and other case forms («сентябре», «марте»):
  // the word shares at least three letters with the nominative and has at
  // most two letters of its own after the shared part.
  for (int m = 1; m <= 12; ++m) {
    std::string_view nom = kNominative[m - 1];
    size_t common = 0;
    while (common < w.size() && common < nom.size() && w[common] == nom[common]) ++common;
    while (common > 0 && common < w.size() && (static_cast<unsigned char>(w[common]) & 0xC0) == 0x80) --common;
    size_t shared_letters = CodepointCount(w.substr(0, common));
    size_t extra_letters = CodepointCount(std::string_view(w).substr(common));
    if (shared_letters >= 3 && extra_letters <= 2 &&
        (extra_letters == 0 || common + 2 >= nom.size())) {
      return m;
    }
  }
  return 0;
}

long long SourceDateEpochOr(long long fallback) {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (env && *env) {
    char* end = nullptr;
    long long v = std::strtoll(env, &end, 10);
    if (end && *end == '\0' && v >= 0) return v;
  }
  return fallback;
}

Date TodayFromEnvironment() {
  long long secs = SourceDateEpochOr(static_cast<long long>(std::time(nullptr)));
  return Date::FromDaysSinceEpoch(static_cast<long>(secs / 86400));
}

}  // namespace nastavnik
