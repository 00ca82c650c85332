#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/deadline.h"
#include "model/roadmap_status.h"

using namespace nastavnik;

namespace {

// The roadmap of seed 000 covers the 2021-2022 academic year.
const DeadlineContext kAcademic2021{{2021, 9, 1}, {2022, 8, 31}};
// Seed 000's implementation period (item 4 of the order), used for the examples.
const DeadlineContext kModel2021{{2021, 9, 1}, {2024, 12, 25}};
// Seed 002 (2020-2021 academic year).
const DeadlineContext kAcademic2020{{2020, 9, 1}, {2021, 8, 31}};
// Seed 003: the program «на 2021-2024 г.г.».
const DeadlineContext kProgram2021{{2021, 1, 1}, {2024, 12, 31}};
const DeadlineContext kNoPeriod{};

struct Case {
  const DeadlineContext* ctx;
  std::string text;
  std::string kind;  // "" when it must not parse
  std::string start, end;
  std::string repeat = "none";
  std::string until = "";
};

std::string Iso(const std::optional<Date>& d) { return d ? d->Iso() : ""; }

void CheckCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Deadline d = ParseDeadline(c.text, *c.ctx);
    CHECK(d.text == c.text);
    if (c.kind.empty()) {
      CHECK_FALSE(d.parsed);
      CHECK(KindName(d.kind) == "unspecified");
      CHECK_FALSE(d.start);
      CHECK_FALSE(d.end);
      CHECK_FALSE(d.until);
      continue;
    }
    CHECK(d.parsed);
    CHECK(KindName(d.kind) == c.kind);
    CHECK(Iso(d.start) == c.start);
    CHECK(Iso(d.end) == c.end);
    CHECK(RepeatName(d.repeat) == c.repeat);
    CHECK(Iso(d.until) == c.until);
  }
}

}  // namespace

// Every deadline-like string of /work/shared/seeds, copied here as written
// (the tests never read the seeds).
TEST_CASE("ParseDeadline reads every deadline of seed 000") {
  const auto* a = &kAcademic2021;
  CheckCases({
      // Roadmap, column «Срок реализации».
      {a, "сентябрь 2021", "range", "2021-09-01", "2021-09-30"},
      {a, "октябрь 2021", "range", "2021-10-01", "2021-10-31"},
      {a, "август – сентябрь 2021", "range", "2021-08-01", "2021-09-30"},
      {a, "в течение 2021-2022 учебного года", "range", "2021-09-01", "2022-08-31"},
      {a, "декабрь 2021", "range", "2021-12-01", "2021-12-31"},
      {a, "апрель 2022", "range", "2022-04-01", "2022-04-30"},
      {a, "февраль 2022", "range", "2022-02-01", "2022-02-28"},
      {a, "не позднее 1 декабря", "before", "", "2021-12-01"},
      {a, "май 2022", "range", "2022-05-01", "2022-05-31"},
      // The order's own terms.
      {a, "на 2021-2022 учебный год", "range", "2021-09-01", "2022-08-31"},
      {a, "на период с 01 сентября 2021 по 25 декабря 2024 г.", "range", "2021-09-01",
       "2024-12-25"},
      {&kModel2021, "ежегодно, с 1 ноября по 25 декабря", "recurring", "2021-11-01",
       "2021-12-25", "yearly", "2024-12-25"},
  });
}

TEST_CASE("ParseDeadline reads every deadline of seed 002") {
  const auto* a = &kAcademic2020;
  CheckCases({
      {a, "в 2020-2021 учебном году", "range", "2020-09-01", "2021-08-31"},
      {a, "2020 -2021 учебный год", "range", "2020-09-01", "2021-08-31"},
  });
}

TEST_CASE("ParseDeadline reads every deadline of seed 003") {
  const auto* p = &kProgram2021;
  CheckCases({
      // Roadmap, column «Срок реализации».
      {p, "Июль 2021 г.", "range", "2021-07-01", "2021-07-31"},
      {p, "Август-сентябрь 2021 г., далее – ежегодно до 1 февраля 2024 года", "recurring",
       "2021-08-01", "2021-09-30", "yearly", "2024-02-01"},
      {p, "Август 2021 г., далее – ежегодно до 1 февраля 2024 года", "recurring", "2021-08-01",
       "2021-08-31", "yearly", "2024-02-01"},
      // Two rows (УО/РЦО and ОО/ДО) merged into one cell by the layout: two
      // different deadlines are not one, so the text does not parse.
      {p,
       "Август 2021 г., далее – ежегодно до 1 февраля 2024 года Август-сентябрь 2021 г., далее "
       "– ежегодно до 1 февраля 2024 года",
       ""},
      {p, "Сентябрь 2021 г., далее - регулярное обновление", "recurring", "2021-09-01",
       "2021-09-30", "none", "2024-12-31"},
      // The same two-row cell with identical halves and a line break: one deadline.
      {p, "Сентябрь 2021 г., далее - регулярное обновление Сентябрь 2021 г., далее - регулярное\n\nобновление",
       "recurring", "2021-09-01", "2021-09-30", "none", "2024-12-31"},
      {p, "В течение всего периода реализации программы", "throughout", "2021-01-01",
       "2024-12-31"},
      {p, "Сентябрь 2021 г., далее – обновление не реже двух раз в год", "recurring",
       "2021-09-01", "2021-09-30", "semiannual", "2024-12-31"},
      {p, "Ноябрь 2021 г., далее – ежегодно или по запросу", "recurring", "2021-11-01",
       "2021-11-30", "yearly", "2024-12-31"},
      {p, "Ноябрь 2021 г., далее – ежегодно или по запросу Ноябрь 2021 г., далее – ежегодно или по запросу",
       "recurring", "2021-11-01", "2021-11-30", "yearly", "2024-12-31"},
      {p, "Август 2021 г., далее – ежегодно не реже одного раза в год", "recurring",
       "2021-08-01", "2021-08-31", "yearly", "2024-12-31"},
      {p, "Октябрь 2021 г., далее – ежегодно не реже одного раза в год", "recurring",
       "2021-10-01", "2021-10-31", "yearly", "2024-12-31"},
      {p,
       "Август 2021 г., далее – ежегодно не реже одного раза в год Октябрь 2021 г., далее – "
       "ежегодно не реже одного раза в год",
       ""},
      {p, "Март 2022 г., Далее - не реже одного раза в два года", "recurring", "2022-03-01",
       "2022-03-31", "biennial", "2024-12-31"},
      {p, "Сентябрь-октябрь 2021 г., далее - не реже одного раза в год", "recurring",
       "2021-09-01", "2021-10-31", "yearly", "2024-12-31"},
      {p, "Ноябрь 2024 г.", "range", "2024-11-01", "2024-11-30"},
      {p, "Декабрь 2024 г.", "range", "2024-12-01", "2024-12-31"},
      {p, "Август 2024 г.", "range", "2024-08-01", "2024-08-31"},
      // The program's periods and stages.
      {p, "в 2020-2024 г.г.", "range", "2020-01-01", "2024-12-31"},
      {p, "на 2021-2024 г.г.", "range", "2021-01-01", "2024-12-31"},
      {p, "на 2021 - 2024 г.г.", "range", "2021-01-01", "2024-12-31"},
      {p, "на 2021 -2024 гг.", "range", "2021-01-01", "2024-12-31"},
      {p, "на 2020-2024 годы", "range", "2020-01-01", "2024-12-31"},
      {p, "на период до 2024 года", "before", "", "2024-12-31"},
      {p, "2021 г.", "range", "2021-01-01", "2021-12-31"},
      {p, "2022 г.", "range", "2022-01-01", "2022-12-31"},
      {p, "2023 г.", "range", "2023-01-01", "2023-12-31"},
      {p, "2024 г.", "range", "2024-01-01", "2024-12-31"},
      {p, "на 2022 год", "range", "2022-01-01", "2022-12-31"},
      {p, "с 2023 г. и далее", "range", "2023-01-01", "2024-12-31"},
      {p, "с 2022 г.", "range", "2022-01-01", "2024-12-31"},
      {p, "с 2022 г. и далее", "range", "2022-01-01", "2024-12-31"},
      {p, "2021-2022 гг.", "range", "2021-01-01", "2022-12-31"},
      {p, "2021 -2022 г.г.", "range", "2021-01-01", "2022-12-31"},
      {p, "2022-2023 г.г.", "range", "2022-01-01", "2023-12-31"},
      {p, "2023-2024 гг.", "range", "2023-01-01", "2024-12-31"},
  });
}

TEST_CASE("ParseDeadline reads every example of issue 6") {
  const auto* m = &kModel2021;
  CheckCases({
      {m, "сентябрь 2021", "range", "2021-09-01", "2021-09-30"},
      {m, "август – сентябрь 2021", "range", "2021-08-01", "2021-09-30"},
      {m, "в течение 2021-2022 учебного года", "range", "2021-09-01", "2022-08-31"},
      {m, "не позднее 1 декабря", "before", "", "2021-12-01"},
      {m, "в срок до 31 марта 2022 года", "before", "", "2022-03-31"},
      {m, "(сентябрь 2022 г. - май 2024 г.)", "range", "2022-09-01", "2024-05-31"},
      {m, "на 2021-2024г.г.", "range", "2021-01-01", "2024-12-31"},
      {m, "в 2023-2024 годах", "range", "2023-01-01", "2024-12-31"},
      {m, "Ноябрь 2024 г.", "range", "2024-11-01", "2024-11-30"},
      {m, "12 января2022 г.", "date", "2022-01-12", "2022-01-12"},
      {m, "ежегодно, до 25 декабря отчетного года", "recurring", "2021-12-25", "2021-12-25",
       "yearly", "2024-12-25"},
      {m, "ежеквартально не позднее 15 числа месяца, следующего за отчетным кварталом",
       "recurring", "2021-10-15", "2021-10-15", "quarterly", "2024-12-25"},
      {m, "В течение всего периода реализации программы", "throughout", "2021-09-01",
       "2024-12-25"},
      {m, "Сентябрь 2021 г., далее – обновление не реже двух раз в год", "recurring",
       "2021-09-01", "2021-09-30", "semiannual", "2024-12-25"},
      {m, "Август-сентябрь 2021 г., далее – ежегодно до 1 февраля 2024 года", "recurring",
       "2021-08-01", "2021-09-30", "yearly", "2024-02-01"},
  });
}

TEST_CASE("ParseDeadline reads exact dates in every spelling") {
  const auto* m = &kModel2021;
  CheckCases({
      {m, "01.09.2021", "date", "2021-09-01", "2021-09-01"},
      {m, "01.09.21", "date", "2021-09-01", "2021-09-01"},
      {m, "1.9.2021г.", "date", "2021-09-01", "2021-09-01"},
      {m, "12 января 2022 года", "date", "2022-01-12", "2022-01-12"},
      {m, "12 января 2022", "date", "2022-01-12", "2022-01-12"},
      {m, "12 ЯНВАРЯ 2022 Г.", "date", "2022-01-12", "2022-01-12"},
      {m, "  12  января\t2022г ", "date", "2022-01-12", "2022-01-12"},
      {m, "12\nянваря\n2022 г.", "date", "2022-01-12", "2022-01-12"},
      {m, "29 февраля 2024 г.", "date", "2024-02-29", "2024-02-29"},
      {m, "1 декабря", "date", "2021-12-01", "2021-12-01"},
      {m, "15 мая", "date", "2022-05-15", "2022-05-15"},  // first 15 May inside the period
      // Things that are not dates.
      {m, "31.02.2022", ""},
      {m, "29.02.2023", ""},
      {m, "31 февраля 2022", ""},
      {m, "32 января 2022", ""},
      {m, "01.13.2022", ""},
      {m, "", ""},
      {m, "   \n ", ""},
      {m, "абракадабра", ""},
      {m, "сентябрь 2021 и ещё что-то", ""},
      {m, "сентябрь, декабрь 2021", ""},  // a list is not one deadline
      {m, "в течение года", ""},          // which year?
      {m, "2021.09.01", ""},
      {m, "13.2021", ""},
      {m, "\xff\xfe 2021", ""},
      {m, "№ 5", ""},
      {m, "?", ""},
  });
}

TEST_CASE("ParseDeadline reads months, years, quarters and ranges") {
  const auto* m = &kModel2021;
  CheckCases({
      {m, "Сентябрь\n2021", "range", "2021-09-01", "2021-09-30"},
      {m, "СЕНТЯБРЬ 2021 Г.", "range", "2021-09-01", "2021-09-30"},
      {m, "в сентябре 2021 года", "range", "2021-09-01", "2021-09-30"},
      {m, "сентябрь", "range", "2021-09-01", "2021-09-30"},
      {m, "август", "range", "2022-08-01", "2022-08-31"},  // August 2021 ends before the period
      {m, "февраль 2024", "range", "2024-02-01", "2024-02-29"},
      {m, "Сентябрь 2021 – май 2022", "range", "2021-09-01", "2022-05-31"},
      {m, "сентябрь – май 2022", "range", "2021-09-01", "2022-05-31"},
      {m, "сентябрь 2021 — май", "range", "2021-09-01", "2022-05-31"},
      {m, "сентябрь-декабрь", "range", "2021-09-01", "2021-12-31"},
      {m, "«сентябрь 2021»", "range", "2021-09-01", "2021-09-30"},
      {m, "09.2021", "range", "2021-09-01", "2021-09-30"},
      {m, "09.2021 - 05.2022 г.", "range", "2021-09-01", "2022-05-31"},
      {m, "1-15 сентября 2021 г.", "range", "2021-09-01", "2021-09-15"},
      {m, "с 1 по 15 сентября 2021 года", "range", "2021-09-01", "2021-09-15"},
      {m, "с 01.09.2021 по 31.05.2022", "range", "2021-09-01", "2022-05-31"},
      {m, "01.09.2021 – 31.05.2022", "range", "2021-09-01", "2022-05-31"},
      {m, "с 1 ноября по 25 декабря", "range", "2021-11-01", "2021-12-25"},
      {m, "1 сентября – 15 октября 2022 г.", "range", "2022-09-01", "2022-10-15"},
      {m, "2022", "range", "2022-01-01", "2022-12-31"},
      {m, "в течение 2022 года", "range", "2022-01-01", "2022-12-31"},
      {m, "2021–2024 годы", "range", "2021-01-01", "2024-12-31"},
      {m, "I квартал 2022 г.", "range", "2022-01-01", "2022-03-31"},
      {m, "IV кв. 2021", "range", "2021-10-01", "2021-12-31"},
      {m, "в течение III квартала 2022 года", "range", "2022-07-01", "2022-09-30"},
      {m, "2 полугодие 2022 года", "range", "2022-07-01", "2022-12-31"},
      {m, "первое полугодие 2023 г.", "range", "2023-01-01", "2023-06-30"},
      {m, "с сентября 2022 г.", "range", "2022-09-01", "2024-12-25"},
      {m, "начиная с 01.09.2022", "range", "2022-09-01", "2024-12-25"},
      {m, "сентябрь 2022 - сентябрь 2021", ""},  // ends before it starts
      {m, "31 – мая", ""},
      {m, "2024-2021 гг.", ""},
  });
}

TEST_CASE("ParseDeadline reads academic years") {
  const auto* m = &kModel2021;
  DeadlineContext from_august = kModel2021;
  from_august.academic_year_start_month = 8;
  from_august.academic_year_start_day = 15;
  CheckCases({
      {m, "2021/2022 учебный год", "range", "2021-09-01", "2022-08-31"},
      {m, "2021-22 уч. год", "range", "2021-09-01", "2022-08-31"},
      {m, "В ТЕЧЕНИЕ 2022–2023 УЧЕБНОГО ГОДА", "range", "2022-09-01", "2023-08-31"},
      {m, "в течение 2021-2024 учебных годов", "range", "2021-09-01", "2024-08-31"},
      {m, "в течение учебного года", "range", "2021-09-01", "2022-08-31"},
      {&from_august, "2021-2022 учебный год", "range", "2021-08-15", "2022-08-14"},
      {m, "2021/2022", ""},  // a slash without «учебный год» is not a calendar range
  });
}

TEST_CASE("ParseDeadline reads «до» and «не позднее»") {
  const auto* m = &kModel2021;
  CheckCases({
      // «до 1 декабря» ends on 1 December (see deadline.h).
      {m, "до 1 декабря", "before", "", "2021-12-01"},
      {m, "До 1 декабря 2022 г.", "before", "", "2022-12-01"},
      {m, "до 01.12.2021г.", "before", "", "2021-12-01"},
      {m, "не позднее 01.12", "before", "", "2021-12-01"},
      {m, "не позже 10 января 2022 года", "before", "", "2022-01-10"},
      {m, "в срок не позднее 15.10.2021", "before", "", "2021-10-15"},
      {m, "к 1 сентября 2022 г.", "before", "", "2022-09-01"},
      {m, "по 31 мая 2022 года включительно", "before", "", "2022-05-31"},
      // A month or a year: its last day.
      {m, "до сентября 2022 г.", "before", "", "2022-09-30"},
      {m, "не позднее декабря", "before", "", "2021-12-31"},
      {m, "до конца 2021 года", "before", "", "2021-12-31"},
      {m, "до 12.2021", "before", "", "2021-12-31"},
      {m, "до конца сентября", "before", "", "2021-09-30"},
      {m, "до 2024 года", "before", "", "2024-12-31"},
      {m, "до 31 июня", ""},
      {m, "до", ""},
      {m, "до 5 числа", ""},  // of which month?
      {m, "до 25 декабря отчетного года", ""},  // a reporting year needs «ежегодно»
  });
}

TEST_CASE("ParseDeadline reads continuous, open and dateless wording") {
  const auto* m = &kModel2021;
  CheckCases({
      {m, "постоянно", "throughout", "2021-09-01", "2024-12-25"},
      {m, "Регулярно", "throughout", "2021-09-01", "2024-12-25"},
      {m, "в течение всего периода", "throughout", "2021-09-01", "2024-12-25"},
      {m, "на протяжении всего срока реализации программы", "throughout", "2021-09-01",
       "2024-12-25"},
      {m, "на постоянной основе", "throughout", "2021-09-01", "2024-12-25"},
      {&kNoPeriod, "постоянно", "throughout", "", ""},
      {m, "по отдельному графику", "unspecified", "", ""},
      {m, "По запросу", "unspecified", "", ""},
      {m, "по мере необходимости", "unspecified", "", ""},
      {m, "по запросу министерства образования", "unspecified", "", ""},
      {m, "в соответствии с графиком", "unspecified", "", ""},
      {m, "по графику, утвержденному в сентябре", ""},  // names a month after all
      {m, "в течение периода реализации программы", "throughout", "2021-09-01", "2024-12-25"},
      {m, "реализации программы", ""},
      {m, "в срок", ""},
      {m, "на период", ""},
  });
}

TEST_CASE("ParseDeadline reads recurrences") {
  const auto* m = &kModel2021;
  CheckCases({
      {m, "ежемесячно", "recurring", "2021-09-01", "2021-09-30", "monthly", "2024-12-25"},
      {m, "ежемесячно до 5 числа", "recurring", "2021-09-05", "2021-09-05", "monthly",
       "2024-12-25"},
      {m, "ежемесячно, до 5 числа месяца, следующего за отчетным", "recurring", "2021-09-05",
       "2021-09-05", "monthly", "2024-12-25"},
      {m, "1 раз в месяц", "recurring", "2021-09-01", "2021-09-30", "monthly", "2024-12-25"},
      {m, "ежеквартально", "recurring", "2021-07-01", "2021-09-30", "quarterly", "2024-12-25"},
      {m, "раз в квартал", "recurring", "2021-07-01", "2021-09-30", "quarterly", "2024-12-25"},
      {m, "четыре раза в год", "recurring", "2021-07-01", "2021-09-30", "quarterly",
       "2024-12-25"},
      {m, "2 раза в год", "recurring", "2021-07-01", "2021-12-31", "semiannual", "2024-12-25"},
      {m, "дважды в год", "recurring", "2021-07-01", "2021-12-31", "semiannual", "2024-12-25"},
      {m, "ежегодно", "recurring", "2021-01-01", "2021-12-31", "yearly", "2024-12-25"},
      {m, "ЕЖЕГОДНО В СЕНТЯБРЕ", "recurring", "2021-09-01", "2021-09-30", "yearly",
       "2024-12-25"},
      {m, "не реже одного раза в год (октябрь)", "recurring", "2021-10-01", "2021-10-31",
       "yearly", "2024-12-25"},
      {m, "1 раз в 2 года", "recurring", "2021-01-01", "2022-12-31", "biennial",
       "2024-12-25"},
      {m, "ежегодно до 1 февраля 2024 года", "recurring", "2022-02-01", "2022-02-01",
       "yearly", "2024-02-01"},
      {m, "ежегодно до 2023 года", "recurring", "2021-01-01", "2021-12-31", "yearly",
       "2023-12-31"},
      {m, "ежегодно в 2022-2024 гг.", "recurring", "2022-01-01", "2022-12-31", "yearly",
       "2024-12-31"},
      {m, "ежегодно в сентябре, начиная с 2022 года", "recurring", "2022-09-01",
       "2022-09-30", "yearly", "2024-12-25"},
      {m, "не позднее 1 декабря (ежегодно)", "recurring", "2021-12-01", "2021-12-01",
       "yearly", "2024-12-25"},
      {m, "ежегодно, до 1 февраля года, следующего за отчетным", "recurring", "2022-02-01",
       "2022-02-01", "yearly", "2024-12-25"},
      {m, "Август-сентябрь 2021г.,далее–ежегодно до 1 февраля 2024г.", "recurring",
       "2021-08-01", "2021-09-30", "yearly", "2024-02-01"},
      {m, "АВГУСТ – СЕНТЯБРЬ 2021 Г.,\nдалее — ежегодно\nдо 1 февраля 2024 г.г.", "recurring",
       "2021-08-01", "2021-09-30", "yearly", "2024-02-01"},
      {m, "Сентябрь 2021 г. (далее ежегодно)", "recurring", "2021-09-01", "2021-09-30",
       "yearly", "2024-12-25"},
      {m, "до 1 декабря 2021 г., далее ежегодно", "recurring", "2021-12-01", "2021-12-01",
       "yearly", "2024-12-25"},
      {m, "01.10.2021, далее ежеквартально", "recurring", "2021-10-01", "2021-10-01",
       "quarterly", "2024-12-25"},
      {m, "Октябрь 2021 г., далее – постоянно", "recurring", "2021-10-01", "2021-10-31",
       "none", "2024-12-25"},
      {m, "Октябрь 2021, далее по мере необходимости", "recurring", "2021-10-01",
       "2021-10-31", "none", "2024-12-25"},
      {&kNoPeriod, "ежегодно", "recurring", "", "", "yearly", ""},
      // Not one readable rhythm.
      {m, "три раза в год", ""},
      {m, "ежеквартально до 5 числа", ""},  // which month of the quarter?
      {m, "сентябрь 2021, далее ежегодно в октябре", ""},
      {m, "Сентябрь 2024 г., далее ежегодно до 1 февраля 2023 года", ""},
      {m, "далее ежегодно", ""},
      {m, "ежегодно 01.09.2021", ""},
      {m, "ежегодно в 2022 году", ""},
      {m, "ежемесячно в течение 2021-2022 учебного года", "recurring", "2021-09-01",
       "2021-09-30", "monthly", "2022-08-31"},
      // Every academic year of the program: monthly, the first time in September.
      {m, "ежемесячно, в течение учебного года", "recurring", "2021-09-01", "2021-09-30",
       "monthly", "2024-12-25"},
      {m, "ежеквартально в течение учебного года", "recurring", "2021-09-01", "2021-09-30",
       "quarterly", "2024-12-25"},
  });
}

TEST_CASE("Dates without a year need a program period") {
  CheckCases({
      {&kNoPeriod, "1 декабря", ""},
      {&kNoPeriod, "не позднее 1 декабря", ""},
      {&kNoPeriod, "ежегодно, до 25 декабря отчетного года", ""},
      {&kNoPeriod, "сентябрь 2021", "range", "2021-09-01", "2021-09-30"},
      {&kNoPeriod, "с 2022 г.", "range", "2022-01-01", ""},
  });
}

TEST_CASE("Names of kinds and repeats") {
  CHECK(KindName(DeadlineKind::kDate) == "date");
  CHECK(KindName(DeadlineKind::kRange) == "range");
  CHECK(KindName(DeadlineKind::kBefore) == "before");
  CHECK(KindName(DeadlineKind::kThroughout) == "throughout");
  CHECK(KindName(DeadlineKind::kRecurring) == "recurring");
  CHECK(KindName(DeadlineKind::kUnspecified) == "unspecified");
  CHECK(RepeatName(Repeat::kNone) == "none");
  CHECK(RepeatName(Repeat::kMonthly) == "monthly");
  CHECK(RepeatName(Repeat::kQuarterly) == "quarterly");
  CHECK(RepeatName(Repeat::kSemiannual) == "semiannual");
  CHECK(RepeatName(Repeat::kYearly) == "yearly");
  CHECK(RepeatName(Repeat::kBiennial) == "biennial");
}

TEST_CASE("AddMonths clamps the day") {
  CHECK(AddMonths(Date{2022, 1, 31}, 1) == Date{2022, 2, 28});
  CHECK(AddMonths(Date{2024, 2, 29}, 12) == Date{2025, 2, 28});
  CHECK(AddMonths(Date{2021, 11, 15}, 3) == Date{2022, 2, 15});
  CHECK(AddMonths(Date{2021, 9, 30}, -9) == Date{2020, 12, 30});
}

TEST_CASE("Occurrences of a recurring deadline stop at until") {
  Deadline d = ParseDeadline("Август-сентябрь 2021 г., далее – ежегодно до 1 февраля 2024 года",
                             kProgram2021);
  std::vector<Occurrence> o = Occurrences(d);
  REQUIRE(o.size() == 3);
  CHECK(o[2].start == Date{2023, 8, 1});
  CHECK(o[2].end == Date{2023, 9, 30});

  Deadline q = ParseDeadline(
      "ежеквартально не позднее 15 числа месяца, следующего за отчетным кварталом", kModel2021);
  o = Occurrences(q);
  REQUIRE(o.size() == 13);  // 15 Oct 2021 … 15 Oct 2024
  CHECK(o[1].start == Date{2022, 1, 15});
  CHECK(o.back().end == Date{2024, 10, 15});

  // A whole-month occurrence keeps ending on the month's last day.
  Deadline s = ParseDeadline("Сентябрь 2021 г., далее – обновление не реже двух раз в год",
                             kProgram2021);
  o = Occurrences(s);
  REQUIRE(o.size() >= 2);
  CHECK(o[1].start == Date{2022, 3, 1});
  CHECK(o[1].end == Date{2022, 3, 31});

  CHECK(Occurrences(ParseDeadline("не позднее 1 декабря", kModel2021)).empty());
  CHECK(Occurrences(ParseDeadline("сентябрь 2021", kModel2021)).size() == 1);
  CHECK(Occurrences(ParseDeadline("Сентябрь 2021 г., далее - регулярное обновление",
                                  kModel2021)).size() == 1);
}

TEST_CASE("ComputeRoadmapState follows the declared status and the deadline") {
  auto state = [](std::string_view declared, std::string_view text, Date today) {
    return RoadmapStateName(ComputeRoadmapState(declared, ParseDeadline(text, kModel2021), today));
  };
  const Date today{2022, 3, 15};
  CHECK(state("выполнено", "сентябрь 2021", today) == "done");
  CHECK(state("  Выполнено ", "абракадабра", today) == "done");
  CHECK(state("Отменено", "май 2022", today) == "cancelled");
  CHECK(state("", "сентябрь 2021", today) == "overdue");
  CHECK(state("не начато", "сентябрь 2021", today) == "overdue");
  CHECK(state("в работе", "сентябрь 2021", today) == "overdue");
  CHECK(state("", "не позднее 1 декабря", today) == "overdue");
  CHECK(state("", "в срок до 31 марта 2022 года", today) == "due_soon");
  CHECK(state("", "март 2022", today) == "due_soon");
  CHECK(state("", "15.03.2022", today) == "due_soon");  // today is not overdue yet
  CHECK(state("", "14.04.2022", today) == "due_soon");  // today + 30
  CHECK(state("", "15.04.2022", today) == "upcoming");  // today + 31
  CHECK(state("", "апрель 2022", today) == "upcoming");
  CHECK(state("В работе", "май 2022", today) == "in_progress");
  CHECK(state("", "в течение 2021-2022 учебного года", today) == "in_progress");
  CHECK(state("", "до сентября 2022 г.", today) == "upcoming");
  CHECK(state("в работе", "до сентября 2022 г.", today) == "in_progress");
  CHECK(state("", "с 2023 г. и далее", today) == "upcoming");
  CHECK(state("", "В течение всего периода реализации программы", today) == "in_progress");
  CHECK(state("", "постоянно", Date{2024, 12, 1}) == "due_soon");
  CHECK(state("", "по отдельному графику", today) == "unscheduled");
  CHECK(state("в работе", "по отдельному графику", today) == "in_progress");
  CHECK(state("", "абракадабра", today) == "unscheduled");
  CHECK(state("", "", today) == "unscheduled");
}

TEST_CASE("ComputeRoadmapState uses the current occurrence of a recurring deadline") {
  auto state = [](std::string_view text, Date today) {
    return RoadmapStateName(ComputeRoadmapState("", ParseDeadline(text, kModel2021), today));
  };
  const char* report = "ежегодно, до 25 декабря отчетного года";
  CHECK(state(report, Date{2022, 3, 15}) == "upcoming");  // next: 25 Dec 2022
  CHECK(state(report, Date{2022, 12, 10}) == "due_soon");
  CHECK(state(report, Date{2024, 12, 26}) == "overdue");  // after the last one, not marked done
  const char* quarterly =
      "ежеквартально не позднее 15 числа месяца, следующего за отчетным кварталом";
  CHECK(state(quarterly, Date{2022, 3, 20}) == "due_soon");  // 15 Apr 2022
  CHECK(state(quarterly, Date{2022, 2, 1}) == "upcoming");
  CHECK(state(quarterly, Date{2021, 10, 15}) == "due_soon");
  const char* yearly = "Август-сентябрь 2021 г., далее – ежегодно до 1 февраля 2024 года";
  CHECK(state(yearly, Date{2022, 8, 15}) == "in_progress");  // August–September 2022
  CHECK(state(yearly, Date{2022, 9, 10}) == "due_soon");
  CHECK(state(yearly, Date{2021, 7, 1}) == "upcoming");
  CHECK(state(yearly, Date{2024, 3, 1}) == "overdue");  // the 2023 one was the last
  const char* regular = "Сентябрь 2021 г., далее - регулярное обновление";
  CHECK(state(regular, Date{2021, 9, 10}) == "due_soon");
  CHECK(state(regular, Date{2022, 3, 15}) == "in_progress");
  CHECK(state(regular, Date{2025, 1, 10}) == "overdue");
}

TEST_CASE("Roadmap state names and Russian labels") {
  CHECK(RoadmapStateName(RoadmapState::kDueSoon) == "due_soon");
  CHECK(RoadmapStateName(RoadmapState::kInProgress) == "in_progress");
  CHECK(RoadmapStateName(RoadmapState::kUnscheduled) == "unscheduled");
  CHECK(RoadmapStateLabel(RoadmapState::kDone) == "выполнено");
  CHECK(RoadmapStateLabel(RoadmapState::kOverdue) == "просрочено");
  CHECK(RoadmapStateLabel(RoadmapState::kDueSoon) == "срок в ближайшие 30 дней");
  CHECK(RoadmapStateLabel(RoadmapState::kInProgress) == "в работе");
  CHECK(RoadmapStateLabel(RoadmapState::kUpcoming) == "предстоит");
  CHECK(RoadmapStateLabel(RoadmapState::kUnscheduled) == "без срока");
  CHECK(RoadmapStateLabel(RoadmapState::kCancelled) == "отменено");
}
