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
  CHECK(a.birth_date() == Date{1980, 12, 31});
  CHECK(a.start() == Date{2023, 9, 1});
  CHECK(!a.end());
  const ParticipantFacts& b = reg.facts[1];
  CHECK(reg.Role(b) == "наставляемый");
  CHECK(!b.birth_date());
  CHECK(b.end() == Date{2023, 5, 31});
  CHECK(b.ActiveBetween(Date{2023, 5, 31}, Date{2023, 8, 31}));
  CHECK(!b.ActiveBetween(Date{2023, 6, 1}, Date{2023, 8, 31}));
  CHECK(!b.ActiveBetween(Date{2021, 9, 1}, Date{2022, 1, 14}));
  CHECK(!reg.facts[2].start());  // not a valid start: never active
  CHECK(!reg.facts[2].ActiveBetween(Date{2000, 1, 1}, Date{2030, 1, 1}));
  CHECK(reg.Organization(reg.facts[2]) == "sch-1");
  CHECK(!reg.IsMentor(reg.facts[2]));  // the same organization, another role: another profile
  CHECK(reg.Organization(reg.facts[3]) == "sch-3");
  CHECK(reg.IsMentor(reg.facts[3]));
  static_assert(sizeof(ParticipantFacts) == 20);  // a million rows: 20 MB
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
