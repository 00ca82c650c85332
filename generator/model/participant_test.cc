#include <doctest/doctest.h>

#include "model/participant.h"

using namespace nastavnik;

namespace {

Participant Person(std::string id, bool mentor, std::string org, std::optional<Date> birth, Date start,
                   std::optional<Date> end) {
  Participant p;
  p.id = std::move(id);
  p.role = mentor ? ParticipantRole::kMentor : ParticipantRole::kMentee;
  p.organization = std::move(org);
  p.category = mentor ? "педагог" : "обучающийся";
  p.form = "учитель – ученик";
  p.birth_date = birth;
  p.start = start;
  p.end = end;
  return p;
}

}  // namespace

TEST_CASE("ParticipantFacts keep ids, texts and dates packed, and Find finds the first of an id") {
  PeopleRegistry reg;
  reg.Add(Person("p2", true, "sch-1", Date{1980, 12, 31}, Date{2023, 9, 1}, std::nullopt));
  reg.Add(Person("p1", false, "sch-2", std::nullopt, Date{2022, 1, 15}, Date{2023, 5, 31}));
  reg.Add(Person("p3", false, "sch-1", Date{2010, 2, 28}, Date{2021, 9, 1}, std::nullopt), false, false);
  reg.Add(Person("p1", true, "sch-3", std::nullopt, Date{2020, 1, 1}, std::nullopt));
  REQUIRE(reg.facts.size() == 4);
  const ParticipantFacts& a = reg.facts[0];
  CHECK(reg.Id(a) == "p2");
  CHECK(reg.IsMentor(a));
  CHECK(reg.Role(a) == "наставник");
  CHECK(reg.Organization(a) == "sch-1");
  CHECK(reg.Category(a) == "педагог");
  CHECK(reg.Form(a) == "учитель – ученик");
  CHECK(reg.BirthDate(a) == Date{1980, 12, 31});
  CHECK(reg.Start(a) == Date{2023, 9, 1});
  CHECK(!reg.End(a));
  const ParticipantFacts& b = reg.facts[1];
  CHECK(reg.Role(b) == "наставляемый");
  CHECK(!reg.BirthDate(b));
  CHECK(reg.End(b) == Date{2023, 5, 31});
  CHECK(reg.ActiveBetween(b, Date{2023, 5, 31}, Date{2023, 8, 31}));
  CHECK(!reg.ActiveBetween(b, Date{2023, 6, 1}, Date{2023, 8, 31}));
  CHECK(!reg.ActiveBetween(b, Date{2021, 9, 1}, Date{2022, 1, 14}));
  CHECK(!reg.Start(reg.facts[2]));  // not a valid start: never active
  CHECK(!reg.ActiveBetween(reg.facts[2], Date{2000, 1, 1}, Date{2030, 1, 1}));
  CHECK(reg.Organization(reg.facts[2]) == "sch-1");
  CHECK(!reg.IsMentor(reg.facts[2]));  // the same organization, another role: another profile
  CHECK(reg.Organization(reg.facts[3]) == "sch-3");
  CHECK(reg.IsMentor(reg.facts[3]));
  static_assert(sizeof(ParticipantFacts) == 16);  // a million rows: 16 MB
  reg.Reserve(1000);  // only capacity: nothing read changes
  CHECK(reg.Id(reg.facts[3]) == "p1");
  for (bool indexed : {false, true}) {
    if (indexed) reg.IndexIds();
    CHECK(reg.Find("p1") == &reg.facts[1]);
    CHECK(reg.Find("p3") == &reg.facts[2]);
    CHECK(reg.Find("p0") == nullptr);
    CHECK(reg.Find("p") == nullptr);
  }
}

TEST_CASE("ParticipantFacts' dates read back exactly, those outside 21 bits from the side table") {
  PeopleRegistry reg;
  const std::vector<std::optional<Date>> dates = {
      std::nullopt,      Date{0, 1, 1},       Date{1, 0, 0},      Date{2023, 12, 31}, Date{4094, 12, 31},
      Date{4095, 1, 1},  Date{9999, 12, 31},  Date{-5, 3, 7},     Date{12000, 6, 15}, Date{0, 0, 0}};
  for (const auto& birth : dates)
    for (const auto& start : dates)
      for (const auto& end : {dates[0], dates[3], dates[6], dates[7]}) {
        Participant p = Person("x", false, "o", birth, start.value_or(Date{}), end);
        reg.Add(p, false, start.has_value());
        const ParticipantFacts& f = reg.facts.back();
        CHECK(reg.BirthDate(f) == birth);
        CHECK(reg.Start(f) == start);
        CHECK(reg.End(f) == end);
        // As the unpacked dates compare (years 0–4094; the others packed as before).
        const Date from{2000, 1, 1}, to{2030, 12, 31};
        const bool want = start && *start <= to && (!end || *end >= from);
        if (!end || end->year >= 0)
          CHECK(reg.ActiveBetween(f, from, to) == want);
      }
  // Earlier rows keep their dates when later ones go to the side table.
  CHECK(reg.BirthDate(reg.facts[0]) == std::nullopt);
}
