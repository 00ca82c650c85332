#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "load/csv.h"
#include "validate/table.h"
#include "validate/validator.h"

using namespace nastavnik;

TEST_CASE("UniqueChecker row by row reports what CheckUnique reports for the held rows") {
  Schema schema;
  schema.name = "participants";
  schema.primary_key = "id";
  FieldSchema id;
  id.name = "id";
  id.title = "Код";
  FieldSchema email;
  email.name = "email";
  email.title = "Почта";
  email.unique = true;
  schema.fields = {id, email};
  // Thousands of values (the table grows many times), repeats up to case.
  std::vector<Record> records;
  for (int i = 0; i < 5000; ++i) {
    Record r;
    r.schema = &schema;
    r.pos = {"data/p.csv", i + 2, 1};
    std::string key = i % 997 == 0 && i > 0 ? "P" + std::to_string(i / 2) : "p" + std::to_string(i);
    Value v;
    v.kind = Value::Kind::kString;
    v.text = key;
    v.pos = {"data/p.csv", i + 2, 1};
    Value e;
    if (i % 3 != 0) {
      e.kind = Value::Kind::kString;
      e.text = "x" + std::to_string(i % 1700) + "@school.ru";
      e.pos = {"data/p.csv", i + 2, 10};
    }
    r.values = {v, e};
    records.push_back(r);
  }
  Diagnostics held, streamed;
  CheckUnique(records, schema, held);
  UniqueChecker checker(schema);
  for (const auto& r : records) checker.Check(r, streamed);
  auto a = held.Sorted(), b = streamed.Sorted();
  CHECK(a.size() > 100);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].pos.line == b[i].pos.line);
    CHECK(a[i].pos.column == b[i].pos.column);
    CHECK(a[i].message == b[i].message);
  }
}

TEST_CASE("TableValidator marks rows valid UTF-8 only when the schema's own strings are") {
  FieldSchema id;
  id.name = "id";
  id.title = "Код";
  FieldSchema role;
  role.name = "role";
  role.title = "Роль";
  role.type = FieldType::kEnum;
  role.enum_values = {"наставник", "наставляемый"};
  role.default_value = "наставник";
  for (bool broken : {false, true}) {
    Schema schema;
    schema.name = "t";
    schema.primary_key = "id";
    schema.fields = {id, role};
    if (broken) schema.fields[1].enum_values.push_back("\xC3(");
    CsvTable table = ReadCsv("data/t.csv", "Код;Роль\np1;наставник\np2;\n", {}, *std::make_unique<Diagnostics>());
    Diagnostics d;
    std::vector<Record> records = ValidateTable(table, schema, d);
    REQUIRE(records.size() == 2);
    CHECK(records[0].values[1].text == "наставник");
    CHECK(records[1].values[1].text == "наставник");
    CHECK(records[0].utf8 == !broken);
    CHECK(records[1].utf8 == !broken);
  }
}
