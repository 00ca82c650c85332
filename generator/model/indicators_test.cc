#include <doctest/doctest.h>

#include "model/indicators.h"

using namespace nastavnik;

TEST_CASE("One rounding rule: one decimal, half away from zero, computed from the exact ratio") {
  CHECK(*MakeIndicatorValue(1, 3, IndicatorUnit::kPercent).tenths == 333);
  CHECK(*MakeIndicatorValue(2, 3, IndicatorUnit::kPercent).tenths == 667);
  CHECK(*MakeIndicatorValue(1, 8, IndicatorUnit::kPercent).tenths == 125);   // 12,5 exactly
  CHECK(*MakeIndicatorValue(49, 400, IndicatorUnit::kPercent).tenths == 123);  // 12,25 → 12,3
  CHECK(*MakeIndicatorValue(40, 1997, IndicatorUnit::kPercent).tenths == 20);  // 2,003 → 2,0
  CHECK(*MakeIndicatorValue(15, 2, IndicatorUnit::kPoints).tenths == 75);
  CHECK(*MakeIndicatorValue(7.25, 1, IndicatorUnit::kPoints).tenths == 73);  // 7,25 → 7,3
  CHECK(*MakeIndicatorValue(0.1 + 0.2, 1, IndicatorUnit::kPoints).tenths == 3);
  IndicatorValue none = MakeIndicatorValue(5, 0, IndicatorUnit::kPercent);
  CHECK_FALSE(none.HasValue());
  CHECK(none.numerator == 5);
  CHECK_FALSE(Achieved(none, 10.0).has_value());
  CHECK(*Achieved(MakeIndicatorValue(2, 3, IndicatorUnit::kPercent), 66.7));
  CHECK_FALSE(*Achieved(MakeIndicatorValue(2, 3, IndicatorUnit::kPercent), 66.8));
  CHECK_FALSE(Achieved(MakeIndicatorValue(2, 3, IndicatorUnit::kPercent), std::nullopt).has_value());
}

TEST_CASE("Values print with a decimal comma on pages and a point in JSON") {
  CHECK(FormatTenthsRussian(125) == "12,5");
  CHECK(FormatTenthsRussian(1000) == "100");
  CHECK(FormatTenthsRussian(3) == "0,3");
  CHECK(TenthsToDouble(125) == 12.5);
  CHECK(FormatAmountRussian(1997) == "1997");
  CHECK(FormatAmountRussian(45.5) == "45,5");
}

TEST_CASE("Ages count full years; the birthday itself counts") {
  CHECK(AgeOn({2010, 9, 1}, {2021, 9, 1}) == 11);
  CHECK(AgeOn({2010, 9, 2}, {2021, 9, 1}) == 10);
  CHECK(AgeOn({2002, 9, 2}, {2021, 9, 1}) == 18);
  CHECK(AgeOn({2008, 2, 29}, {2021, 2, 28}) == 12);
  CHECK(AgeOn({2008, 2, 29}, {2021, 3, 1}) == 13);
}

TEST_CASE("Academic years follow the start day of site.yaml") {
  AcademicYear y = AcademicYearOf({2022, 8, 31}, 9, 1);
  CHECK(y.Label() == "2021-2022");
  CHECK(y.start == Date{2021, 9, 1});
  CHECK(y.end == Date{2022, 8, 31});
  CHECK(AcademicYearOf({2022, 9, 1}, 9, 1).Label() == "2022-2023");
  CHECK(AcademicYearOf({2022, 8, 20}, 8, 15).Label() == "2022-2023");
  CHECK(*AcademicYearFirst("2021-2022") == 2021);
  CHECK(*AcademicYearFirst("2021–2022") == 2021);
  CHECK(*AcademicYearFirst("2021/2022") == 2021);
  CHECK_FALSE(AcademicYearFirst("2021-2023").has_value());
  CHECK_FALSE(AcademicYearFirst("21-22").has_value());
}
