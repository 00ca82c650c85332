#pragma once
// Target indicators (целевые показатели): their definitions as the content
// repository declares them (data/indicators.yaml) and the computed table of
// values per academic year, for the municipality and per organization.
//
// Only aggregates live here: counts, sums and averages. The registry rows
// they are computed from stay in pipeline/ (see pipeline/indicator_values.h).
//
// One rounding rule everywhere: a value is computed once from its exact
// numerator and denominator, multiplied by 100 for «%», and rounded to one
// decimal place, half away from zero (12,25 → 12,3). `tenths` holds that
// rounded value ×10, so pages, JSON and spreadsheets print the same digits;
// «achieved» compares the rounded value with the target (value ≥ target).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "util/date.h"

namespace nastavnik {

// An academic year: 1 September 2021 – 31 August 2022 is "2021-2022" (the
// start day comes from site.yaml, academic_year_start).
struct AcademicYear {
  int first_year = 0;
  Date start, end;  // inclusive

  std::string Label() const;  // "2021-2022"
  auto operator<=>(const AcademicYear& o) const { return first_year <=> o.first_year; }
  bool operator==(const AcademicYear& o) const { return first_year == o.first_year; }
};

// The academic year that starts in `first_year` on month/day.
AcademicYear MakeAcademicYear(int first_year, int start_month, int start_day);
// The academic year containing `d`.
AcademicYear AcademicYearOf(Date d, int start_month, int start_day);
// "2021-2022", "2021/2022", "2021–2022" → 2021; nullopt unless the second year
// follows the first.
std::optional<int> AcademicYearFirst(std::string_view label);

// Full years of age on `on` for someone born on `birth` (the birthday itself
// counts: born 01.09.2010, on 01.09.2021 the age is 11).
int AgeOn(Date birth, Date on);

enum class IndicatorUnit { kPercent, kPoints };
enum class NumeratorKind {
  kParticipants,               // participants matching the filters
  kOrganizationsWithPrograms,  // organizations with a program running in the year
  kSurveyAverage,              // the average of a survey column (numerator = sum)
};
enum class DenominatorKind {
  kOrganizationColumn,  // a count column of data/organizations.csv (students, …)
  kOrganizations,       // the number of organizations of the listed types
  kParticipants,        // participants matching the role/category filters
};

struct IndicatorDefinition {
  std::string id;            // "mentees-11-18"
  std::string title;         // the wording of the order
  std::string short_title;   // for charts and tables; defaults to title
  std::string description;
  IndicatorUnit unit = IndicatorUnit::kPercent;
  NumeratorKind numerator = NumeratorKind::kParticipants;
  // Filters on participants (empty = any).
  std::string role;                      // «наставник» / «наставляемый»
  std::vector<std::string> categories;   // «обучающийся», «молодой специалист», …
  std::vector<std::string> forms;        // «ученик – ученик», …
  std::optional<int> age_from, age_to;   // inclusive full years
  // The day the age is counted on, as day and month inside the academic
  // year; 0/0 = the start of the academic year (1 September by default).
  int age_day = 0, age_month = 0;
  // true: only participants whose period overlaps the academic year; false:
  // everyone who started by its end (a cumulative count).
  bool active_only = true;
  std::string survey_column = "satisfaction";
  DenominatorKind denominator = DenominatorKind::kOrganizationColumn;
  std::string denominator_column;        // organizations field, for kOrganizationColumn
  std::string denominator_title;         // «обучающихся», for pages
  // Types of organizations that take part (ОО, ДОУ, ДО, СПО); empty = every
  // educational organization (all but «другое»).
  std::vector<std::string> organization_types;
  std::map<int, double> targets;         // by AcademicYear::first_year
  SourcePos pos;

  const std::string& DisplayTitle() const { return short_title.empty() ? title : short_title; }
  std::string_view UnitLabel() const;    // "%" or "баллов"
};

struct IndicatorValue {
  double numerator = 0;    // a count, or the sum of answers for an average
  double denominator = 0;  // a count
  // The rounded value ×10; nullopt when the denominator is 0 («нет данных»).
  std::optional<long long> tenths;

  bool HasValue() const { return tenths.has_value(); }
};

// Applies the one rounding rule (see the top of this file).
IndicatorValue MakeIndicatorValue(double numerator, double denominator, IndicatorUnit unit);
// achieved: nullopt without a value or a target.
std::optional<bool> Achieved(const IndicatorValue& v, std::optional<double> target);
// A target ×10 with the same rounding.
long long TenthsOf(double value);

// "12,5", "100", "7,8" — Russian decimal comma, no trailing ",0".
std::string FormatTenthsRussian(long long tenths);
// The same value for JSON: 12.5, 100, 7.8.
double TenthsToDouble(long long tenths);
// A count or sum for display: "384", "45,5".
std::string FormatAmountRussian(double amount);

struct IndicatorOrganizationValue {
  std::string organization;  // id
  IndicatorValue value;
  std::optional<bool> achieved;
};

struct IndicatorYear {
  AcademicYear year;
  std::optional<double> target;
  IndicatorValue municipal;
  std::optional<bool> achieved;
  std::vector<IndicatorOrganizationValue> organizations;  // sorted by id
};

struct IndicatorTable {
  IndicatorDefinition definition;
  std::vector<IndicatorYear> years;  // oldest first
};

}  // namespace nastavnik
