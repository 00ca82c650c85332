#include "model/indicators.h"

#include <cmath>

#include "util/json.h"
#include "util/strings.h"

namespace nastavnik {

std::string AcademicYear::Label() const {
  return std::to_string(first_year) + "-" + std::to_string(first_year + 1);
}

AcademicYear MakeAcademicYear(int first_year, int start_month, int start_day) {
  AcademicYear y;
  y.first_year = first_year;
  y.start = {first_year, start_month, std::min(start_day, DaysInMonth(first_year, start_month))};
  Date next{first_year + 1, start_month, std::min(start_day, DaysInMonth(first_year + 1, start_month))};
  y.end = next.AddDays(-1);
  return y;
}

AcademicYear AcademicYearOf(Date d, int start_month, int start_day) {
  AcademicYear y = MakeAcademicYear(d.year, start_month, start_day);
  return d < y.start ? MakeAcademicYear(d.year - 1, start_month, start_day) : y;
}

std::optional<int> AcademicYearFirst(std::string_view label) {
  std::string s(Trim(label));
  s = ReplaceAll(s, "–", "-");
  s = ReplaceAll(s, "/", "-");
  auto parts = Split(s, '-');
  if (parts.size() != 2 || parts[0].size() != 4 || parts[1].size() != 4) return std::nullopt;
  for (const auto& p : parts)
    for (char c : p)
      if (c < '0' || c > '9') return std::nullopt;
  int a = std::stoi(parts[0]), b = std::stoi(parts[1]);
  if (b != a + 1) return std::nullopt;
  return a;
}

int AgeOn(Date birth, Date on) {
  int age = on.year - birth.year;
  if (std::make_pair(on.month, on.day) < std::make_pair(birth.month, birth.day)) --age;
  return age;
}

std::string_view IndicatorDefinition::UnitLabel() const {
  return unit == IndicatorUnit::kPercent ? "%" : "баллов";
}

long long TenthsOf(double value) {
  // Snap away binary noise first (0.1 + 0.2), then round half away from zero.
  double snapped = std::round(value * 10 * 1e6) / 1e6;
  return std::llround(snapped);
}

IndicatorValue MakeIndicatorValue(double numerator, double denominator, IndicatorUnit unit) {
  IndicatorValue v;
  v.numerator = numerator;
  v.denominator = denominator;
  if (denominator <= 0) return v;  // «нет данных», never a division by zero
  double scale = unit == IndicatorUnit::kPercent ? 100.0 : 1.0;
  bool integral = numerator == std::floor(numerator) && denominator == std::floor(denominator) &&
                  numerator >= 0 && numerator < 1e12 && denominator < 1e12;
  if (integral) {
    // Exact: round(n·scale·10 / d) half up, in integers.
    long long n = static_cast<long long>(numerator) * static_cast<long long>(scale) * 10;
    long long d = static_cast<long long>(denominator);
    v.tenths = (2 * n + d) / (2 * d);
  } else {
    v.tenths = TenthsOf(numerator * scale / denominator);
  }
  return v;
}

std::optional<bool> Achieved(const IndicatorValue& v, std::optional<double> target) {
  if (!v.tenths || !target) return std::nullopt;
  return *v.tenths >= TenthsOf(*target);
}

std::string FormatTenthsRussian(long long tenths) {
  bool negative = tenths < 0;
  long long a = negative ? -tenths : tenths;
  std::string s = std::to_string(a / 10);
  if (a % 10) s += "," + std::to_string(a % 10);
  return negative ? "−" + s : s;
}

double TenthsToDouble(long long tenths) { return static_cast<double>(tenths) / 10.0; }

std::string FormatAmountRussian(double amount) {
  return ReplaceAll(FormatNumber(amount, 2), ".", ",");
}

}  // namespace nastavnik
