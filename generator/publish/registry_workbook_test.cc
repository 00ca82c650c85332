// The registry sheet writer: schema-driven columns and dropdowns, typed cells,
// formula-like text kept as text (our streaming writer, inline strings). Also the writer half
// of bench/registry_xlsx.sh (a case that runs only when asked).
#include "publish/registry_workbook.h"
#include "publish/xlsx_test_util.h"

#include <doctest/doctest.h>

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <unistd.h>

using namespace nastavnik;
using nastavnik::xlsx_test::CellXml;
using nastavnik::xlsx_test::ZipEntry;
namespace fs = std::filesystem;

namespace {

Schema ParticipantsLike() {
  Schema s;
  s.name = "participants";
  auto field = [&](std::string name, std::string title, FieldType type, std::vector<std::string> values = {}) {
    FieldSchema f;
    f.name = std::move(name);
    f.title = std::move(title);
    f.type = type;
    f.enum_values = std::move(values);
    s.fields.push_back(std::move(f));
  };
  field("id", "Код", FieldType::kString);
  field("surname", "Фамилия", FieldType::kString);
  field("birth_date", "Дата рождения", FieldType::kDate);
  field("role", "Роль", FieldType::kEnum, {"наставник", "наставляемый"});
  field("consent", "Согласие на публикацию", FieldType::kBoolean);
  field("phone", "Телефон", FieldType::kString);
  field("hours", "Часов", FieldType::kInteger);
  return s;
}

Value Text(std::string t) {
  Value v;
  v.kind = Value::Kind::kString;
  v.text = std::move(t);
  return v;
}

}  // namespace

TEST_CASE("A registry sheet: schema titles and formats, enum dropdowns, text that stays text") {
  const Schema schema = ParticipantsLike();
  const auto columns = RegistryColumns(AllFields(schema), /*dropdowns=*/true);
  REQUIRE(columns.size() == 7);
  CHECK(columns[2].header == "Дата рождения");
  CHECK(columns[2].format == XlsxFormat::kDate);
  CHECK(columns[3].validation_list == std::vector<std::string>{"наставник", "наставляемый"});
  CHECK(columns[4].validation_list == std::vector<std::string>{"да", "нет"});
  CHECK(columns[6].format == XlsxFormat::kInteger);
  CHECK(RegistryColumns(AllFields(schema), false)[3].validation_list.empty());

  Value date;
  date.kind = Value::Kind::kDate;
  date.date = {2010, 9, 1};
  Value yes;
  yes.kind = Value::Kind::kBoolean;
  yes.boolean = true;
  Value hours;
  hours.kind = Value::Kind::kInteger;
  hours.integer = 12;
  const std::vector<Value> row = {Text("p-1"), Text("=HYPERLINK(\"http://x\",\"y\")"), date, Text("наставник"),
                                  yes, Text("+7 (900) 000-00-00"), hours};

  const fs::path dir = fs::temp_directory_path() / ("nastavnik-registry-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / "reestr.xlsx";
  int left = 3;
  long long written = 0;
  Status st = WriteStreamedWorkbook(path.string(), {"Реестр", "", "", "", "", "", 1700000000}, "Участники", columns,
                                    {}, [&](std::vector<XlsxCell>* cells) {
                                      if (left-- == 0) return false;
                                      for (const Value& v : row) cells->push_back(RegistryCell(v));
                                      return true;
                                    }, &written);
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(written == 3);
  const std::string sheet = ZipEntry(path, "xl/worksheets/sheet1.xml");
  CHECK(sheet.find("<f>") == std::string::npos);  // no formula at all
  CHECK(sheet.find("t=\"inlineStr\"><is><t>=HYPERLINK(\"http://x\",\"y\")</t></is>") !=
        std::string::npos);
  CHECK(sheet.find("<t>+7 (900) 000-00-00</t>") != std::string::npos);
  CHECK(CellXml(sheet, "C2").find(" s=\"") != std::string::npos);
  CHECK(sheet.find("<v>40422</v>") != std::string::npos);  // 2010-09-01 as a date serial
  CHECK(sheet.find("<formula1>\"наставник,наставляемый\"</formula1>") != std::string::npos);
  CHECK(sheet.find("<formula1>\"да,нет\"</formula1>") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("RegistryCells: the cells RegistryCell gives, into reused buffers") {
  Value date;
  date.kind = Value::Kind::kDate;
  date.date = {2010, 9, 1};
  Value hours;
  hours.kind = Value::Kind::kInteger;
  hours.integer = 12;
  Value list;
  list.kind = Value::Kind::kList;
  list.list = {Text("а"), Text("б")};
  Record r;
  r.values = {Text("длинный текст, длиннее короткой строки std::string"), date, Value(), hours, list,
              Text("bad \xFF utf-8 _x0041_")};
  std::vector<XlsxCell> cells;
  for (int pass = 0; pass < 2; ++pass) {  // the second pass reuses the first's cells
    RegistryCells(r, &cells);
    REQUIRE(cells.size() == r.values.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      CAPTURE(i);
      const XlsxCell want = RegistryCell(r.values[i]);
      CHECK(cells[i].kind() == want.kind());
      CHECK(cells[i].text() == want.text());
      CHECK(cells[i].number() == want.number());
    }
  }
  // A text cell becomes a date and back.
  std::swap(r.values[0], r.values[1]);
  RegistryCells(r, &cells);
  CHECK(cells[0].kind() == XlsxCell::Kind::kDate);
  CHECK(cells[1].kind() == XlsxCell::Kind::kText);
  CHECK(cells[1].text() == "длинный текст, длиннее короткой строки std::string");
}

TEST_CASE("RegistryCellViews: formatted, the same bytes as the cells RegistryCells makes") {
  const std::vector<XlsxColumn> columns = RegistryColumns(AllFields(ParticipantsLike()), false);
  auto value = [](Value::Kind kind) {
    Value v;
    v.kind = kind;
    return v;
  };
  Value date = value(Value::Kind::kDate), old_date = value(Value::Kind::kDate), number = value(Value::Kind::kNumber),
        yes = value(Value::Kind::kBoolean), no = value(Value::Kind::kBoolean), list = value(Value::Kind::kList);
  date.date = {2010, 9, 1};
  old_date.date = {1812, 8, 26};  // before Excel's dates: its ISO text
  number.number = 12.5;
  yes.boolean = true;
  list.list = {Text("а"), Text("б")};
  const std::vector<std::vector<Value>> rows = {
      {Text("p1"), Text("Ёлкина"), date, Value(), yes, no, number},
      {Text(" пробелы "), old_date, Text("a & b <c> _x0041_ \x01"), Text("bad \xFF utf-8"),
       Text(std::string(40000, 'w')), Text("tab\tand\nnewline"), list},
      {Value(), Value(), Text("после пропуска")},
  };
  XlsxCellsFormatter made(columns), viewed(columns);
  std::vector<XlsxCell> cells, scratch;
  std::vector<XlsxCellView> views;
  for (int pass = 0; pass < 2; ++pass)  // the second pass reuses the first's buffers
    for (const auto& values : rows) {
      Record r;
      r.values = values;
      RegistryCells(r, &cells);
      RegistryCellViews(r, &scratch, &views);
      const size_t a = made.Format(cells), b = viewed.Format(views);
      CHECK(made.Row(a).xml == viewed.Row(b).xml);
    }
}

// bench/registry_xlsx.sh: NASTAVNIK_BENCH_ROWS=1000000 NASTAVNIK_BENCH_OUT=/big/disk/r.xlsx
// Writes that many synthetic participant rows (11 columns: text, dates, enums
// with dropdowns) with the streaming writer and prints the time. Not a test.
TEST_CASE("A registry longer than an Excel sheet goes on on a second sheet") {
  // The header row + 1,048,575 rows fill the first sheet; 3 rows more go on « (2)».
  const long long rows = kXlsxMaxRows - 1 + 3;
  fs::path dir = fs::temp_directory_path() / ("nastavnik-rows-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path out = dir / "big.xlsx";
  long long i = 0, written = 0;
  Status st = WriteStreamedWorkbook(
      out.string(), {"Реестр", "", "", "", "", "", 1700000000}, "Участники",
      {XlsxColumn{"Код", 10, XlsxFormat::kInteger, {}}}, {}, [&](std::vector<XlsxCell>* c) {
        if (i == rows) return false;
        c->push_back(XlsxCell::Integer(++i));
        return true;
      },
      &written);
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(written == rows);
  std::string workbook = ZipEntry(out, "xl/workbook.xml");
  CHECK(workbook.find("name=\"Участники\"") != std::string::npos);
  CHECK(workbook.find("name=\"Участники (2)\"") != std::string::npos);
  std::string second = ZipEntry(out, "xl/worksheets/sheet2.xml");
  // The header is repeated, then the last three values.
  CHECK(second.find("<v>" + std::to_string(rows - 2) + "</v>") != std::string::npos);
  CHECK(second.find("<v>" + std::to_string(rows) + "</v>") != std::string::npos);
  CHECK(second.find("<v>" + std::to_string(rows - 3) + "</v>") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("bench: registry workbook") {
  const char* rows_env = std::getenv("NASTAVNIK_BENCH_ROWS");
  const char* out_env = std::getenv("NASTAVNIK_BENCH_OUT");
  if (rows_env == nullptr || out_env == nullptr) return;
  const long long rows = std::atoll(rows_env);
  Schema schema = ParticipantsLike();
  FieldSchema form;
  form.name = "form";
  form.title = "Форма";
  form.type = FieldType::kEnum;
  form.enum_values = {"ученик – ученик", "учитель – учитель", "студент – ученик", "работодатель – ученик",
                      "работодатель – студент"};
  schema.fields.push_back(form);
  for (const char* name : {"name", "patronymic", "email"}) {
    FieldSchema f;
    f.name = name;
    f.title = name;
    schema.fields.push_back(f);
  }
  const auto start = std::chrono::steady_clock::now();
  long long i = 0, written = 0;
  Status st = WriteStreamedWorkbook(
      out_env, {"Реестр участников", "", "", "", "", "", 1700000000}, "Участники",
      RegistryColumns(AllFields(schema), true), {}, [&](std::vector<XlsxCell>* c) {
        if (i == rows) return false;
        ++i;
        c->push_back(XlsxCell::Text("p-" + std::to_string(i)));
        c->push_back(XlsxCell::Text(i % 7 == 0 ? "=Иванов" : "Иванов"));
        c->push_back(XlsxCell::Date(Date{2005, 1, 1}.AddDays(static_cast<int>(i % 6000))));
        c->push_back(XlsxCell::Text(i % 4 == 0 ? "наставник" : "наставляемый"));
        c->push_back(XlsxCell::Text(i % 3 == 0 ? "да" : "нет"));
        c->push_back(XlsxCell::Text("+7 (900) " + std::to_string(1000000 + i % 9000000)));
        c->push_back(XlsxCell::Integer(i % 40));
        c->push_back(XlsxCell::Text(form.enum_values[i % 5]));
        c->push_back(XlsxCell::Text("Пётр"));
        c->push_back(XlsxCell::Text("Сергеевич"));
        c->push_back(XlsxCell::Text("p" + std::to_string(i) + "@school.example"));
        return true;
      },
      &written);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_MESSAGE(st.ok(), st.message());
  std::cout << "registry workbook: " << written << " rows, " << seconds << " s, "
            << fs::file_size(out_env) / 1e6 << " MB\n";
}
