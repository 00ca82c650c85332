// files/celevye-pokazateli.xlsx: the target indicators as a methodist
// reports them to the region.
//
//   «Сводка»                   one row per indicator and academic year: the
//                              municipal value (a reference to the total of
//                              its sheet), the target, achieved or not
//   «Показатель N, 2021-2022»  one sheet per indicator and year: a row per
//                              organization with numerator and denominator as
//                              numbers and the value as a live formula, the
//                              total row (SUM formulas), conditional
//                              formatting against the target, a chart
//
// Every formula carries the value the site shows as its cached result, and
// recomputes to exactly that value in Excel and LibreOffice (see IndicatorValueFormula
// for how the rounding is kept exact). Reads only model/indicators.h.
#include <string>
#include <vector>

#include "publish/workbook_files.h"
#include "publish/workbooks.h"

namespace nastavnik {

namespace {

// Columns of an indicator-year sheet (0-based).
enum Column { kCode, kOrganization, kNumerator, kDenominator, kValue, kTarget, kAchieved, kColumnCount };

constexpr const char* kNoData = kNoDataText;
constexpr char kUnknown[] = "—";  // achieved unknown: no value or no target, as on the site

std::string ValueFormula(const IndicatorDefinition& d, const std::string& num, const std::string& den) {
  return IndicatorValueFormula(d, num, den);
}

std::string AchievedFormula(const std::string& value, const std::string& target) {
  return "IF(AND(ISNUMBER(" + value + "),ISNUMBER(" + target + ")),IF(" + value + ">=" + target +
         ",\"да\",\"нет\"),\"" + kUnknown + "\")";
}

XlsxCell ValueCell(std::string formula, const IndicatorValue& v) {
  if (!v.tenths) return XlsxCell::FormulaText(std::move(formula), kNoData);
  return XlsxCell::Formula(std::move(formula), TenthsToDouble(*v.tenths));
}

XlsxCell AchievedCell(std::string formula, const std::optional<bool>& achieved) {
  return XlsxCell::FormulaText(std::move(formula), achieved ? (*achieved ? "да" : "нет") : kUnknown);
}

XlsxCell TargetCell(const std::optional<double>& target) {
  return target ? XlsxCell::Number(TenthsToDouble(TenthsOf(*target))) : XlsxCell::Empty();
}

std::string UnitHeader(const IndicatorDefinition& d) {
  return d.unit == IndicatorUnit::kPercent ? "%" : "баллов";
}

std::vector<XlsxColumn> YearColumns(const IndicatorDefinition& d) {
  const bool survey = d.numerator == NumeratorKind::kSurveyAverage;
  std::string den = survey ? "Число ответов" : "Знаменатель";
  if (!survey && !d.denominator_title.empty()) den += " (" + d.denominator_title + ")";
  return {
      {"Код", 10, XlsxFormat::kText, {}},
      {"Организация", 40, XlsxFormat::kWrapText, {}},
      {survey ? "Сумма оценок" : "Числитель", 13, XlsxFormat::kGeneral, {}},
      {den, 16, XlsxFormat::kGeneral, {}},
      {"Значение, " + UnitHeader(d), 13, XlsxFormat::kTenths, {}},
      {"Цель, " + UnitHeader(d), 11, XlsxFormat::kTenths, {}},
      {"Достигнут", 11, XlsxFormat::kText, {}},
  };
}

struct SummaryRow {
  const IndicatorDefinition* definition;
  const IndicatorYear* year;
  std::string sheet;      // the indicator-year sheet
  std::string total_ref;  // its total value cell, as a reference from another sheet
};

// Writes one indicator-year sheet; returns its summary row.
SummaryRow WriteYearSheet(const ArtifactInput& in, XlsxWorkbook& book, int number, const IndicatorTable& t,
                          const IndicatorYear& y) {
  const IndicatorDefinition& d = t.definition;
  XlsxSheetOptions opts;
  opts.title = d.title + " — " + y.year.Label() + " учебный год";
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxSheet* sheet = book.AddSheet("Показатель " + std::to_string(number) + ", " + y.year.Label(),
                                   YearColumns(d), opts);
  auto cell = [&](int column) { return XlsxCellName(sheet->next_row(), column); };
  for (const auto& ov : y.organizations) {
    const Organization* org = in.model.FindOrganization(ov.organization);
    const std::string value = cell(kValue);
    sheet->WriteRow({
        XlsxCell::Text(ov.organization),
        XlsxCell::Text(org ? org->short_name : ov.organization),
        XlsxCell::Number(ov.value.numerator),
        XlsxCell::Number(ov.value.denominator),
        ValueCell(ValueFormula(d, cell(kNumerator), cell(kDenominator)), ov.value),
        TargetCell(y.target),
        AchievedCell(AchievedFormula(value, cell(kTarget)), ov.achieved),
    });
  }
  // The municipal total: the sums of the rows above (which is how
  // pipeline/indicator_values.cc computes it), through the same formula.
  std::vector<XlsxCell> total = {XlsxCell::Empty(), XlsxCell::Text("Итого по муниципалитету")};
  if (y.organizations.empty()) {
    total.push_back(XlsxCell::Number(y.municipal.numerator));
    total.push_back(XlsxCell::Number(y.municipal.denominator));
  } else {
    auto sum = [&](int column) {
      return "SUM(" + XlsxCellName(sheet->first_data_row(), column) + ":" +
             XlsxCellName(sheet->next_row() - 1, column) + ")";
    };
    total.push_back(XlsxCell::Formula(sum(kNumerator), y.municipal.numerator));
    total.push_back(XlsxCell::Formula(sum(kDenominator), y.municipal.denominator));
  }
  const std::string total_value = cell(kValue);
  total.push_back(ValueCell(ValueFormula(d, cell(kNumerator), cell(kDenominator)), y.municipal));
  total.push_back(TargetCell(y.target));
  total.push_back(AchievedCell(AchievedFormula(total_value, cell(kTarget)), y.achieved));
  sheet->WriteRow(total, XlsxRowStyle::kTotal);

  sheet->AddAchievementFormat(kValue, kTarget);
  sheet->AddColumnChart({d.DisplayTitle() + ", " + y.year.Label(), kOrganization, {kValue, kTarget},
                         d.unit == IndicatorUnit::kPercent ? "%" : "баллы"});
  return {&d, &y, sheet->name(), SheetRef(sheet->name()) + total_value};
}

}  // namespace

Status WriteIndicatorsWorkbook(const ArtifactInput& in) {
  std::unique_ptr<XlsxWorkbook> book;
  Status st = OpenWorkbook(in.public_tree, kIndicatorsWorkbook,
                           WorkbookProps(in, "Целевые показатели наставничества"),
                           /*constant_memory=*/false, &book);
  if (!st.ok()) return st;

  // The summary comes first in the workbook but is written last: its
  // formulas point at the totals of the sheets after it.
  XlsxSheetOptions opts;
  opts.title = "Целевые показатели — " + in.config.title;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxSheet* summary = book->AddSheet("Сводка", {
      {"Показатель", 50, XlsxFormat::kWrapText, {}},
      {"Код", 20, XlsxFormat::kText, {}},
      {"Учебный год", 12, XlsxFormat::kText, {}},
      {"Значение", 11, XlsxFormat::kTenths, {}},
      {"Цель", 9, XlsxFormat::kTenths, {}},
      {"Единица", 9, XlsxFormat::kText, {}},
      {"Достигнут", 11, XlsxFormat::kText, {}},
      {"Лист с расчётом по организациям", 26, XlsxFormat::kText, {}},
  }, opts);

  std::vector<SummaryRow> rows;
  int number = 0;
  for (const auto& t : in.model.indicators) {
    ++number;
    for (const auto& y : t.years) rows.push_back(WriteYearSheet(in, *book, number, t, y));
  }
  for (const SummaryRow& r : rows) {
    const IndicatorDefinition& d = *r.definition;
    const std::string value = XlsxCellName(summary->next_row(), 3);
    const std::string target = XlsxCellName(summary->next_row(), 4);
    summary->WriteRow({
        XlsxCell::Text(d.DisplayTitle()),
        XlsxCell::Text(d.id),
        XlsxCell::Text(r.year->year.Label()),
        ValueCell(r.total_ref, r.year->municipal),
        TargetCell(r.year->target),
        XlsxCell::Text(d.unit == IndicatorUnit::kPercent ? "%" : "баллы"),
        AchievedCell(AchievedFormula(value, target), r.year->achieved),
        XlsxCell::Text(r.sheet),
    });
  }
  summary->AddAchievementFormat(3, 4);
  return FinishWorkbook(in.public_tree, kIndicatorsWorkbook, *book);
}

}  // namespace nastavnik
