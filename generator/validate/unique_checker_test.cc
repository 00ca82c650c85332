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

namespace {

// A schema with one unique column, and a row of it.
struct OneColumn {
  Schema schema;
  OneColumn() {
    schema.name = "participants";
    schema.primary_key = "id";
    FieldSchema id;
    id.name = "id";
    id.title = "Код";
    schema.fields = {id};
  }
  Record Row(const std::string& text, int line) const {
    Record r;
    r.schema = &schema;
    r.pos = {"data/p.csv", line, 1};
    Value v;
    v.kind = Value::Kind::kString;
    v.text = text;
    v.pos = {"data/p.csv", line, 3};
    r.values = {v};
    return r;
  }
};

}  // namespace

TEST_CASE("UniqueChecker: repeats across many merges of the recent rows name the first line, as CheckUnique does") {
  // A small recent table (8 rows) is merged into the sorted rows every 8
  // rows: a repeat is found whether its first row was merged long ago, just
  // now, or is still among the recent ones; a value repeated many times
  // always names its first line, and a value once a repeat stays one.
  OneColumn t;
  std::vector<Record> records;
  int line = 2;
  for (int i = 0; i < 3000; ++i) {
    std::string text = "p" + std::to_string(i);
    if (i % 7 == 3) text = "P" + std::to_string(i / 3);           // a repeat up to case, of a row far back
    if (i % 11 == 5) text = "p" + std::to_string(i - 1);          // of the row just before (still recent)
    if (i % 13 == 0) text = "same";                               // repeated many times
    if (i % 97 == 1) text = "p" + std::to_string(i > 40 ? i - 40 : 0);  // a few merges back
    records.push_back(t.Row(text, line));
    line += 1 + i % 3;  // lines are not row numbers (quoted line breaks)
  }
  Diagnostics held;
  CheckUnique(records, t.schema, held);
  for (size_t recent : {size_t{4}, size_t{8}, size_t{1000}, size_t{1} << 14}) {
    Diagnostics streamed;
    UniqueChecker checker(t.schema, recent);
    if (recent == 8) checker.Reserve(100);  // too small an estimate: the rows still grow
    for (const auto& r : records) checker.Check(r, streamed);
    auto a = held.Sorted(), b = streamed.Sorted();
    CHECK(a.size() > 500);
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].pos.line == b[i].pos.line);
      CHECK(a[i].pos.column == b[i].pos.column);
      CHECK(a[i].message == b[i].message);
    }
  }
}

TEST_CASE("UniqueChecker: the first row's line is kept when later rows repeat it in any order") {
  OneColumn t;
  UniqueChecker checker(t.schema, 4);
  Diagnostics d;
  // Values whose hashes land all over the sorted rows, then their repeats
  // in reverse order, after several merges.
  for (int i = 0; i < 40; ++i) checker.Check(t.Row("v" + std::to_string(i), 10 + i), d);
  CHECK(d.Sorted().empty());
  for (int i = 39; i >= 0; --i) checker.Check(t.Row("V" + std::to_string(i), 100 + i), d);
  auto all = d.Sorted();
  REQUIRE(all.size() == 40);
  for (int i = 0; i < 40; ++i) {
    CHECK(all[static_cast<size_t>(i)].pos.line == 100 + i);
    CHECK(all[static_cast<size_t>(i)].message.find("уже встречается в строке " + std::to_string(10 + i)) != std::string::npos);
  }
}
