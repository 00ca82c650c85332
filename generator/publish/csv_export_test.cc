#include <doctest/doctest.h>

#include <sstream>

#include "load/cell_values.h"
#include "load/csv.h"
#include "publish/csv_export.h"

using namespace nastavnik;

TEST_CASE("LooksLikeFormula catches what spreadsheets evaluate") {
  for (const char* f : {"=1+1", "+7 912", "-5", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"x\")"})
    CHECK(LooksLikeFormula(f));
  for (const char* t : {"", "a=1", " =1", "Иванов", "5", "'=1"}) CHECK_FALSE(LooksLikeFormula(t));
  CHECK(NeutraliseFormula("=1+1") == "'=1+1");
  CHECK(NeutraliseFormula("Иванов") == "Иванов");
}

TEST_CASE("WriteCsv writes for a Russian Excel: BOM, ';', CRLF, decimal comma, guarded text") {
  std::vector<ExportRow> rows = {
      {"Название", "Значение"},
      {"=SUM(A1:A9)", ExportCell::Number(-5)},
      {"-5", ExportCell::Number(1234.5)},
      {"@cmd", ExportCell::Integer(-42)},
      {"+7 912 000-00-00", ExportCell::FromDate(Date{2021, 9, 1})},
      {"ООО \"Ромашка\"; филиал", "строка 1\nстрока 2"},
      {"\t=1", ExportCell::Number(0.1)},
      {"", ExportCell::Number(1.0 / 0.0)},
  };
  std::string expected =
      "\xEF\xBB\xBF"
      "Название;Значение\r\n"
      "'=SUM(A1:A9);-5\r\n"
      "'-5;1234,5\r\n"
      "'@cmd;-42\r\n"
      "'+7 912 000-00-00;01.09.2021\r\n"
      "\"ООО \"\"Ромашка\"\"; филиал\";\"строка 1\nстрока 2\"\r\n"
      "\"'\t=1\";0,1\r\n"
      ";\r\n";
  CHECK(WriteCsv(rows) == expected);
  CHECK(WriteCsv(rows) == WriteCsv(rows));

  std::ostringstream streamed;
  CsvWriter writer(streamed);
  for (const auto& r : rows) writer.WriteRow(r);
  CHECK(streamed.str() == expected);
}

TEST_CASE("Export then read back gives the same values") {
  std::vector<std::string> texts = {
      "Иванов Иван Иванович", "МБОУ \"СОШ № 1\"", "a;b,c", "первая\nвторая", "«ёлка»",
      "ИСТИНА", "01.09.2021", "http://example.org/?a=1;b=2", "1 234,5"};
  std::vector<double> numbers = {0, -5, 1234.5, 0.1, 1e20, -2.5e-7, 123456789012.0};

  std::vector<ExportRow> rows = {{"Текст", "Число"}};
  size_t n = std::max(texts.size(), numbers.size());
  for (size_t i = 0; i < n; ++i)
    rows.push_back({texts[i % texts.size()], ExportCell::Number(numbers[i % numbers.size()])});

  Diagnostics diags;
  CsvTable t = ReadCsv("out.csv", WriteCsv(rows), {}, diags);
  CHECK(diags.empty());
  CHECK(t.encoding == TextEncoding::kUtf8);
  CHECK(t.delimiter == ';');
  REQUIRE(t.header.size() == 2);
  CHECK(t.header[0].value == "Текст");
  REQUIRE(t.rows.size() == n);
  for (size_t i = 0; i < n; ++i) {
    CHECK(t.rows[i].cells[0].value == texts[i % texts.size()]);
    CHECK(ParseNumber(t.rows[i].cells[1].value) == numbers[i % numbers.size()]);
  }

  // A guarded formula reads back with its apostrophe: the reader does not
  // undo the guard, so the value stays inert wherever it goes next.
  Diagnostics d2;
  CsvTable g = ReadCsv("out.csv", WriteCsv({{"a"}, {"=1+1"}}), {}, d2);
  REQUIRE(g.rows.size() == 1);
  CHECK(g.rows[0].cells[0].value == "'=1+1");
}

namespace nastavnik {

TEST_CASE("AppendCsvText writes a text field exactly as CsvWriter does") {
  for (std::string text : {"", "Иванова", "a;b", "кавычка \" внутри", " пробел", "пробел ", "=1+2", "+7 912 000",
                           "-5", "@SUM", "\tтаб", "\rcr", "строка\nдве", "'апостроф", "= ", "обычный, с запятой"}) {
    std::ostringstream out;
    CsvWriter w(out);
    w.WriteRow({ExportCell::Text(text), ExportCell::Integer(-5), ExportCell::FromDate(Date{2024, 3, 1})});
    std::string line = std::string(kUtf8Bom);
    AppendCsvText(text, &line);
    line += ';';
    AppendCsvField(ExportCell::Integer(-5), &line);
    line += ';';
    AppendCsvField(ExportCell::FromDate(Date{2024, 3, 1}), &line);
    line += "\r\n";
    CHECK_MESSAGE(out.str() == line, text);
  }
}

}  // namespace nastavnik
