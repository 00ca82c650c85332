// Indicator values on a small fixture registry, against values computed by
// hand (see the comments beside each participant).
#include <doctest/doctest.h>

#include "diag/report.h"
#include "pipeline/indicator_definitions.h"
#include "pipeline/indicator_values.h"

using namespace nastavnik;

namespace {

std::string Report(const Diagnostics& d) { return RenderReport(d.Sorted(), ReportFormat::kText, nullptr); }

// Program period: two academic years, 2021-2022 and 2022-2023.
MemoryFileSystem FixtureSite() {
  MemoryFileSystem fs;
  fs.Add("site.yaml",
         "title: Тест\nissuer: uo\nprogram_period:\n  start: 01.09.2021\n  end: 31.08.2023\n"
         "academic_year_start: 01.09\n");
  fs.Add("data/organizations.csv",
         "Код;Полное наименование;Краткое наименование;Тип;Обучающихся;Педагогов;Молодых специалистов\n"
         "uo;Управление;УО;другое;0;0;0\n"
         "a;Школа А;А;ОО;10;5;3\n"
         "b;Школа Б;Б;ОО;0;0;0\n"
         "c;Детский сад В;В;ДОУ;20;4;1\n");
  fs.Add("data/programs.csv",
         "Код;Название;Организация;Форма;Начало;Окончание\n"
         "pa;Программа А;a;ученик – ученик;01.09.2021;31.08.2022\n"
         "pb;Программа Б;b;ученик – ученик;01.09.2022;\n"
         "pc;Программа В;c;учитель – учитель;01.09.2022;31.08.2024\n");
  fs.Add("data/participants.csv",
         "Код;Фамилия;Имя;Дата рождения;Организация;Роль;Категория;Форма;Начало;Окончание\n"
         // 11 exactly on 01.09.2021 (the birthday counts): in both years.
         "p1;Ф;И;01.09.2010;a;наставляемый;обучающийся;ученик – ученик;01.10.2021;\n"
         // 10 on 01.09.2021 (birthday a day later), 11 on 01.09.2022: only 2022-2023.
         "p2;Ф;И;02.09.2010;a;наставляемый;обучающийся;ученик – ученик;01.10.2021;\n"
         // 18 on 01.09.2021, 19 on 01.09.2022: only 2021-2022.
         "p3;Ф;И;02.09.2002;a;наставляемый;обучающийся;ученик – ученик;01.10.2021;\n"
         // Ended in May 2022: inactive in 2022-2023.
         "p4;Ф;И;01.01.2010;a;наставляемый;обучающийся;ученик – ученик;01.10.2021;31.05.2022\n"
         // A mentor, not a mentee.
         "p5;Ф;И;01.01.2006;a;наставник;обучающийся;ученик – ученик;01.10.2021;\n"
         // School Б reports no students: its own value is «нет данных».
         "p6;Ф;И;01.01.2010;b;наставляемый;обучающийся;ученик – ученик;01.10.2021;\n"
         // The department takes no part; a kindergarten is not of the types listed.
         "p7;Ф;И;01.01.2010;uo;наставляемый;обучающийся;ученик – ученик;01.10.2021;\n"
         "p8;Ф;И;01.01.2010;c;наставляемый;обучающийся;ученик – ученик;01.10.2021;\n"
         // Young specialists of school А (3 of them in the registry of organizations).
         "p9;Ф;И;01.01.1999;a;наставляемый;молодой специалист;учитель – учитель;15.09.2021;\n"
         "p10;Ф;И;01.01.1998;a;наставляемый;молодой специалист;учитель – учитель;15.09.2021;30.06.2022\n");
  fs.Add("data/survey.csv",
         "Участник;Учебный год;Удовлетворенность\n"
         "p9;2021-2022;8\n"
         "p10;2021-2022;7\n"
         "p9;2022-2023;9\n"
         "p1;2021-2022;2\n");  // a pupil: not a young teacher
  fs.Add("data/indicator_targets.csv",
         "Показатель;Учебный год;Целевое значение\n"
         "mentees;2021-2022;40\n"
         "mentees;2022-2023;35\n"
         "young;2021-2022;66,7\n"
         "young;2022-2023;70\n");
  fs.Add("data/indicators.yaml",
         "indicators:\n"
         "  - id: mentees\n    title: Дети 11–18 лет — наставляемые\n    unit: \"%\"\n"
         "    numerator: участники\n    role: наставляемый\n    category: [обучающийся]\n"
         "    age_from: 11\n    age_to: 18\n    denominator: students\n    organization_types: [ОО]\n"
         "  - id: young\n    title: Молодые специалисты — наставляемые\n    unit: \"%\"\n"
         "    numerator: участники\n    role: наставляемый\n    category: [молодой специалист]\n"
         "    denominator: Молодых специалистов\n    organization_types: [ОО]\n"
         "  - id: orgs\n    title: Организации с программами\n    unit: \"%\"\n"
         "    numerator: организации с программами\n    denominator: организации\n"
         "    organization_types: [ОО, ДОУ]\n"
         "  - id: satisfaction\n    title: Удовлетворённость молодых педагогов\n    unit: баллы\n"
         "    numerator: анкета\n    role: наставляемый\n    category: [молодой специалист]\n");
  return fs;
}

const IndicatorTable& Find(const std::vector<IndicatorTable>& tables, const std::string& id) {
  for (const auto& t : tables)
    if (t.definition.id == id) return t;
  FAIL("no indicator " << id);
  return tables.front();
}

const IndicatorOrganizationValue& Org(const IndicatorYear& y, const std::string& id) {
  for (const auto& o : y.organizations)
    if (o.organization == id) return o;
  FAIL("no organization " << id);
  return y.organizations.front();
}

struct Computed {
  MemoryFileSystem fs = FixtureSite();
  Diagnostics diags;
  LoadedSite site;
  std::vector<IndicatorTable> tables;
  Computed() {
    site = LoadSite(fs, diags);
    tables = ComputeIndicators(site, LoadIndicatorDefinitions(fs, site, diags));
  }
};

}  // namespace

TEST_CASE("Indicator values equal hand-computed ones on the fixture registry") {
  Computed c;
  REQUIRE_MESSAGE(c.diags.empty(), Report(c.diags));
  REQUIRE(c.tables.size() == 4);

  const IndicatorTable& m = Find(c.tables, "mentees");
  REQUIRE(m.years.size() == 2);
  // 2021-2022: school А counts p1 (11 on the day), p3 (18), p4 (active) = 3 of 10;
  // school Б counts p6 of 0 students; municipal 4 of 10.
  const IndicatorYear& y21 = m.years[0];
  CHECK(y21.year.Label() == "2021-2022");
  CHECK(y21.organizations.size() == 2);  // a and b: only type ОО
  CHECK(Org(y21, "a").value.numerator == 3);
  CHECK(Org(y21, "a").value.denominator == 10);
  CHECK(*Org(y21, "a").value.tenths == 300);
  CHECK(Org(y21, "b").value.numerator == 1);
  CHECK_FALSE(Org(y21, "b").value.HasValue());  // zero denominator: «нет данных»
  CHECK_FALSE(Org(y21, "b").achieved.has_value());
  CHECK(y21.municipal.numerator == 4);
  CHECK(y21.municipal.denominator == 10);
  CHECK(*y21.municipal.tenths == 400);
  CHECK(*y21.achieved);  // 40 ≥ 40
  // 2022-2023: p1 (12), p2 (11 now) in А; p3 is 19, p4 left; p6 in Б.
  const IndicatorYear& y22 = m.years[1];
  CHECK(Org(y22, "a").value.numerator == 2);
  CHECK(*Org(y22, "a").value.tenths == 200);
  CHECK(*y22.municipal.tenths == 300);
  CHECK_FALSE(*y22.achieved);  // 30 < 35

  const IndicatorTable& young = Find(c.tables, "young");
  // 2 of 3 = 66,666… → 66,7 (the one rounding rule), target 66,7: achieved.
  CHECK(*young.years[0].municipal.tenths == 667);
  CHECK(*young.years[0].achieved);
  // p10 left in June 2022: 1 of 3 = 33,3 < 70.
  CHECK(*young.years[1].municipal.tenths == 333);
  CHECK_FALSE(*young.years[1].achieved);
  CHECK_FALSE(young.years[1].target == std::nullopt);

  const IndicatorTable& orgs = Find(c.tables, "orgs");
  CHECK(orgs.years[0].organizations.size() == 3);  // a, b, c
  CHECK(orgs.years[0].municipal.numerator == 1);   // only А's program runs in 2021-2022
  CHECK(*orgs.years[0].municipal.tenths == 333);
  CHECK(orgs.years[1].municipal.numerator == 2);   // Б and В from September 2022; А's ended
  CHECK(*orgs.years[1].municipal.tenths == 667);
  CHECK_FALSE(orgs.years[0].target.has_value());
  CHECK_FALSE(orgs.years[0].achieved.has_value());

  const IndicatorTable& s = Find(c.tables, "satisfaction");
  // (8 + 7) / 2 = 7,5; the pupil's answer is not a young teacher's.
  CHECK(s.years[0].municipal.numerator == 15);
  CHECK(s.years[0].municipal.denominator == 2);
  CHECK(*s.years[0].municipal.tenths == 75);
  CHECK(*s.years[1].municipal.tenths == 90);
}

TEST_CASE("Indicator definitions with mistakes are reported and left out") {
  MemoryFileSystem fs = FixtureSite();
  fs.Add("data/indicators.yaml",
         "indicators:\n"
         "  - id: a\n    title: А\n    unit: \"%\"\n    numerator: участники\n    denominator: studnets\n"
         "  - id: b\n    title: Б\n    unit: \"%\"\n    numerator: анкета\n");
  Diagnostics diags;
  LoadedSite site = LoadSite(fs, diags);
  auto defs = LoadIndicatorDefinitions(fs, site, diags);
  CHECK(defs.empty());
  std::string text = Report(diags);
  CHECK(text.find("data/indicators.yaml:6:18: ошибка E100: знаменатель «studnets» не известен") != std::string::npos);
  CHECK(text.find("возможно, имелось в виду «students»") != std::string::npos);
  CHECK(text.find("data/indicators.yaml:7:5") == std::string::npos);
  CHECK(text.find("E101: среднее по анкете измеряется в баллах") != std::string::npos);
  // Targets of the fixture name indicators that are no longer defined.
  CHECK(text.find("W031") != std::string::npos);
}

TEST_CASE("A participant whose start is no date counts in no indicator") {
  MemoryFileSystem fs = FixtureSite();
  std::string participants = *fs.Read("data/participants.csv");
  // In school А, 11 on 01.09.2021: would be a fourth mentee there in 2021-2022.
  participants += "p11;Ф;И;01.09.2010;a;наставляемый;обучающийся;ученик – ученик;скоро;\n";
  fs.Add("data/participants.csv", participants);
  Diagnostics diags;
  LoadedSite site = LoadSite(fs, diags);
  CHECK(diags.HasErrors());  // the start is reported by validation
  std::vector<IndicatorTable> tables = ComputeIndicators(site, LoadIndicatorDefinitions(fs, site, diags));
  const IndicatorTable& m = Find(tables, "mentees");
  REQUIRE(m.years.size() == 2);
  CHECK(Org(m.years[0], "a").value.numerator == 3);
  CHECK(m.years[0].municipal.numerator == 4);
  CHECK(Org(m.years[1], "a").value.numerator == 2);
}
