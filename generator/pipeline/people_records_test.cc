#include <doctest/doctest.h>

#include <tuple>

#include "pipeline/loaded_site.h"
#include "pipeline/people_records.h"
#include "pipeline/registry_loader.h"

using namespace nastavnik;

namespace {

// Every field of a Participant, to compare two.
auto Fields(const Participant& p) {
  return std::tie(p.id, p.pos.path, p.pos.line, p.surname, p.name, p.patronymic, p.birth_date, p.organization,
                  p.role, p.category, p.position, p.form, p.program, p.start, p.end, p.consent.given, p.consent.date,
                  p.consent.address, p.consent.withdrawn, p.phone, p.email);
}

void CheckSame(const Participant& a, const Participant& b) { CHECK(Fields(a) == Fields(b)); }

}  // namespace

TEST_CASE("ParticipantReader reads each row into the same Participant, leaving nothing of the row before") {
  MemoryFileSystem fs;
  fs.Add("data/participants.csv",
         "Код;Фамилия;Имя;Отчество;Дата рождения;Организация;Роль;Категория;Должность;Форма;Программа;Начало;"
         "Окончание;Согласие на публикацию;Дата согласия;Адрес публикации;Согласие отозвано;Телефон;"
         "Электронная почта\n"
         "p1;Белова;Анна;Сергеевна;01.02.1980;sch-1;наставник;педагог;учитель;учитель – учитель;pr;01.09.2022;"
         "31.05.2023;да;01.09.2022;https://example.ru;02.02.2023;+7 900 000-00-00;a@example.ru\n"
         "p2;Иванов;Пётр;;;sch-2;наставляемый;обучающийся;;ученик – ученик;;не дата;;;;;;;\n");
  Diagnostics diags;
  auto schemas = LoadSchemas(fs, diags);
  const Schema* schema = nullptr;
  for (const auto& s : schemas)
    if (s->name == "participants") schema = s.get();
  REQUIRE(schema);
  std::vector<Record> rows = LoadRegistry(fs, *schema, diags);
  REQUIRE(rows.size() == 2);

  const ParticipantReader reader(schema);
  Participant p;
  reader.Read(rows[0], p);
  CHECK(p.surname == "Белова");
  CHECK(p.IsMentor());
  CHECK(p.consent.given);
  CHECK(p.consent.withdrawn.has_value());
  CHECK(p.email == "a@example.ru");
  CHECK(reader.StartValid(rows[0]));
  CheckSame(p, ParticipantFromRecord(rows[0]));

  reader.Read(rows[1], p);  // over the first: every field of the second row
  CHECK(p.id == "p2");
  CHECK(p.patronymic.empty());
  CHECK_FALSE(p.birth_date.has_value());
  CHECK_FALSE(p.IsMentor());
  CHECK_FALSE(p.consent.given);
  CHECK_FALSE(p.consent.withdrawn.has_value());
  CHECK(p.phone.empty());
  CHECK(p.email.empty());
  CHECK(p.start == Date{});
  CHECK_FALSE(reader.StartValid(rows[1]));
  CheckSame(p, ParticipantFromRecord(rows[1]));

  // Without a schema every field is empty.
  Participant none;
  ParticipantReader(nullptr).Read(rows[0], none);
  CHECK(none.surname.empty());
  CHECK(none.id == "p1");
}
