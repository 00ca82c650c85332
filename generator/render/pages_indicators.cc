// Indicator pages: /indicators/ (every indicator, its trend and the
// municipal values by year) and /indicators/<id>/ (per-organization values
// for each year, against the target). Values follow the one rounding rule of
// model/indicators.h; «нет данных» where the denominator is zero.
#include "render/page.h"
#include "render/pages.h"
#include "render/svg_charts.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

std::string UnitSuffix(const IndicatorDefinition& d) { return d.unit == IndicatorUnit::kPercent ? "%" : ""; }

std::string ValueText(const IndicatorDefinition& d, const IndicatorValue& v) {
  if (!v.tenths) return "нет данных";
  return FormatTenthsRussian(*v.tenths) + (d.unit == IndicatorUnit::kPercent ? " %" : "");
}

std::string TargetText(const IndicatorDefinition& d, const std::optional<double>& t) {
  if (!t) return "не установлено";
  return FormatTenthsRussian(TenthsOf(*t)) + (d.unit == IndicatorUnit::kPercent ? " %" : "");
}

void PutAchieved(TemplateMap& m, const std::optional<bool>& a) {
  m["achieved_yes"] = a.has_value() && *a;
  m["achieved_no"] = a.has_value() && !*a;
  m["achieved_unknown"] = !a.has_value();
}

// What is counted, in words a methodist can check against the order.
std::string HowComputed(const RenderInput& in, const IndicatorDefinition& d) {
  std::string who;
  if (!d.role.empty()) who += " в роли «" + d.role + "»";
  if (!d.categories.empty()) who += " (" + Join(d.categories, ", ") + ")";
  if (!d.forms.empty()) who += ", формы: " + Join(d.forms, ", ");
  if (d.age_from || d.age_to) {
    Date ref{2001, d.age_month ? d.age_month : in.config.academic_year_start_month,
             d.age_day ? d.age_day : in.config.academic_year_start_day};
    std::string ref_text = std::to_string(ref.day) + " " + std::string(MonthGenitive(ref.month));
    who += ", в возрасте ";
    if (d.age_from) who += "от " + std::to_string(*d.age_from) + " ";
    if (d.age_to) who += "до " + std::to_string(*d.age_to) + " ";
    who += "полных лет на " + ref_text + " учебного года";
  }
  std::string orgs = d.organization_types.empty() ? "все образовательные организации"
                                                  : "организации типов " + Join(d.organization_types, ", ");
  std::string active = d.active_only ? "участвовавшие в программах в этом учебном году"
                                     : "вошедшие в программы к концу учебного года";
  switch (d.numerator) {
    case NumeratorKind::kParticipants:
      return "Числитель — участники" + who + ", " + active + ". Знаменатель — " +
             (d.denominator == DenominatorKind::kOrganizationColumn
                  ? "численность " + d.denominator_title + " по реестру организаций"
                  : d.denominator == DenominatorKind::kOrganizations ? "число организаций"
                                                                      : "число участников той же роли и категории") +
             ". Учитываются " + orgs + ".";
    case NumeratorKind::kOrganizationsWithPrograms:
      return "Числитель — организации, у которых в учебном году действует хотя бы одна программа наставничества "
             "из базы программ. Знаменатель — число организаций. Учитываются " + orgs + ".";
    case NumeratorKind::kSurveyAverage:
      return "Среднее по ответам анкеты за учебный год: числитель — сумма оценок участников" + who +
             ", знаменатель — число ответов. Учитываются " + orgs + ".";
  }
  return "";
}

std::string TrendHtml(const IndicatorTable& t) {
  const IndicatorDefinition& d = t.definition;
  std::vector<TrendPoint> points;
  std::string desc;
  for (const auto& y : t.years) {
    points.push_back({y.year.Label(), y.municipal.tenths,
                      y.target ? std::optional<long long>(TenthsOf(*y.target)) : std::nullopt});
    desc += y.year.Label() + ": " + ValueText(d, y.municipal) + ", цель " + TargetText(d, y.target) + "; ";
  }
  ChartText text{"trend-" + d.id, "Динамика по годам: " + d.DisplayTitle(),
                 desc + "те же значения — в таблице рядом."};
  return TrendChartSvg(text, points, UnitSuffix(d));
}

TemplateMap YearRow(const IndicatorDefinition& d, const IndicatorYear& y) {
  TemplateMap m;
  m["year"] = y.year.Label();
  m["target"] = TargetText(d, y.target);
  m["value"] = ValueText(d, y.municipal);
  m["numerator"] = FormatAmountRussian(y.municipal.numerator);
  m["denominator"] = FormatAmountRussian(y.municipal.denominator);
  PutAchieved(m, y.achieved);
  return m;
}

TemplateMap Summary(const RenderInput& in, const Linker& link, const IndicatorTable& t) {
  const IndicatorDefinition& d = t.definition;
  TemplateMap m;
  m["id"] = d.id;
  m["title"] = d.title;
  m["short_title"] = d.DisplayTitle();
  m["href"] = link.To(urls::Indicator(d.id));
  m["unit"] = d.unit == IndicatorUnit::kPercent ? "%" : "баллы";
  m["how"] = HowComputed(in, d);
  m["description"] = d.description;
  m["numerator_title"] = d.numerator == NumeratorKind::kSurveyAverage ? "Сумма оценок" : "Числитель";
  m["denominator_title"] = d.numerator == NumeratorKind::kSurveyAverage ? "Число ответов" : "Знаменатель";
  m["trend_html"] = TrendHtml(t);
  TemplateList years;
  for (const auto& y : t.years) years.push_back(YearRow(d, y));
  m["years"] = years;
  return m;
}

}  // namespace

void GenerateIndicatorPages(const RenderInput& in, const PageSink& sink) {
  {
    PageOutput page;
    page.path = urls::kIndicators;
    page.template_name = "indicators";
    page.title = "Целевые показатели";
    page.description = "Целевые показатели внедрения целевой модели наставничества: цели и достигнутые значения "
                       "по учебным годам";
    page.breadcrumbs = {{"Главная", ""}};
    Linker link(page.path);
    TemplateList items;
    for (const auto& t : in.model.indicators) items.push_back(Summary(in, link, t));
    page.vars["indicators"] = items;
    page.vars["has_indicators"] = !items.empty();
    page.vars["json_href"] = link.To("data/indicators.json");
    page.vars["xlsx_href"] = link.To(urls::kIndicatorsWorkbook);
    sink(std::move(page));
  }
  for (const auto& t : in.model.indicators) {
    const IndicatorDefinition& d = t.definition;
    PageOutput page;
    page.path = urls::Indicator(d.id);
    page.template_name = "indicator";
    page.title = d.DisplayTitle();
    page.description = d.title;
    page.breadcrumbs = {{"Главная", ""}, {"Целевые показатели", urls::kIndicators}};
    Linker link(page.path);
    page.vars["indicator"] = Summary(in, link, t);
    TemplateList years;
    // Newest year first: that is what a methodist looks for.
    for (auto y = t.years.rbegin(); y != t.years.rend(); ++y) {
      TemplateMap m = YearRow(d, *y);
      std::vector<BarItem> bars;
      TemplateList orgs;
      std::string desc;
      for (const auto& ov : y->organizations) {
        const Organization* org = in.model.FindOrganization(ov.organization);
        std::string name = org ? org->short_name : ov.organization;
        bars.push_back({name, ov.value.tenths});
        desc += name + " — " + ValueText(d, ov.value) + "; ";
        TemplateMap o = OrganizationLink(in, link, ov.organization);
        o["value"] = ValueText(d, ov.value);
        o["numerator"] = FormatAmountRussian(ov.value.numerator);
        o["denominator"] = FormatAmountRussian(ov.value.denominator);
        PutAchieved(o, ov.achieved);
        orgs.push_back(o);
      }
      ChartText text{"bars-" + d.id + "-" + y->year.Label(),
                     d.DisplayTitle() + " по организациям, " + y->year.Label() + " учебный год",
                     desc + "цель " + TargetText(d, y->target) + ". Те же значения — в таблице ниже."};
      m["bars_html"] = BarChartSvg(text, bars, y->target ? std::optional<long long>(TenthsOf(*y->target))
                                                         : std::nullopt,
                                   d.unit == IndicatorUnit::kPercent ? "%" : "");
      m["organizations"] = orgs;
      m["anchor"] = "y" + y->year.Label();
      years.push_back(m);
    }
    page.vars["years"] = years;
    page.vars["json_href"] = link.To("data/indicators.json");
    page.vars["xlsx_href"] = link.To(urls::kIndicatorsWorkbook);
    sink(std::move(page));
  }
}

}  // namespace nastavnik
