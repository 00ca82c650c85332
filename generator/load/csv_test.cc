#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "diag/report.h"
#include "load/csv.h"
#include "load/encoding.h"
#include "util/strings.h"

using namespace nastavnik;

namespace {

// UTF-8 Russian text to Windows-1251 by hand (not through Poco), so the test
// does not trust the code it checks.
std::string Cp1251(std::string_view utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    auto cont = [&](size_t k) {
      REQUIRE(i + k < utf8.size());
      return static_cast<unsigned>(static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    };
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      cp = ((c & 0x1Fu) << 6) | cont(1);
      i += 2;
    } else {
      cp = ((c & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
      i += 3;
    }
    if (cp >= 0x410 && cp <= 0x44F) out += static_cast<char>(0xC0 + (cp - 0x410));
    else if (cp == 0x401) out += '\xA8';  // Ё
    else if (cp == 0x451) out += '\xB8';  // ё
    else if (cp == 0xAB) out += '\xAB';   // «
    else if (cp == 0xBB) out += '\xBB';   // »
    else if (cp == 0x2116) out += '\xB9';  // №
    else FAIL("no Windows-1251 form in this test helper");
  }
  return out;
}

using Grid = std::vector<std::vector<std::string>>;

Grid Values(const CsvTable& t) {
  Grid g;
  std::vector<std::string> head;
  for (const auto& c : t.header) head.push_back(c.value);
  g.push_back(head);
  for (const auto& r : t.rows) {
    std::vector<std::string> row;
    for (const auto& c : r.cells) row.push_back(c.value);
    g.push_back(row);
  }
  return g;
}

CsvTable Read(std::string_view bytes, Diagnostics& diags, CsvOptions opts = {}) {
  return ReadCsv("data/t.csv", bytes, opts, diags);
}

// The only diagnostic, checked for code and position.
void CheckOnly(const Diagnostics& diags, const char* code, int line, int column) {
  auto all = diags.Sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == code);
  CHECK(all[0].pos.path == "data/t.csv");
  CHECK(all[0].pos.line == line);
  CHECK(all[0].pos.column == column);
  CHECK(all[0].severity == Severity::kError);
  CHECK_FALSE(all[0].message.empty());
  CHECK_FALSE(all[0].hint.empty());
}

const char* kTableUtf8Comma =
    "ФИО,Организация,Дата рождения,Комментарий\n"
    "\"Иванов Иван Иванович\",\"МБОУ \"\"СОШ № 1\"\"\",01.09.1980,\"первая строка\n"
    "вторая, с запятой\"\n"
    "Ёлкина Алёна,МБДОУ «Берёзка»,1.2.1995,\n";

}  // namespace

TEST_CASE("DetectEncoding: BOM or valid UTF-8 is UTF-8, anything else Windows-1251") {
  CHECK(DetectEncoding("") == TextEncoding::kUtf8);
  CHECK(DetectEncoding("a;b\r\n1;2") == TextEncoding::kUtf8);
  CHECK(DetectEncoding("ФИО;Школа") == TextEncoding::kUtf8);
  CHECK(DetectEncoding("\xEF\xBB\xBF" "a") == TextEncoding::kUtf8);
  CHECK(DetectEncoding(Cp1251("ФИО;Школа")) == TextEncoding::kWindows1251);
  CHECK(DetectEncoding(Cp1251("ёж")) == TextEncoding::kWindows1251);
  CHECK(DetectEncoding("\xC3(") == TextEncoding::kWindows1251);
  CHECK(DetectEncoding("\xED\xA0\x80") == TextEncoding::kWindows1251);  // a surrogate
  CHECK(DetectEncoding("\xC0\xAF") == TextEncoding::kWindows1251);      // overlong '/'
}

TEST_CASE("ToUtf8 converts Windows-1251 and strips a BOM") {
  CHECK(ToUtf8(Cp1251("Ёлка, ёж «Ромашка» ЯЮЭ"), TextEncoding::kWindows1251) ==
        "Ёлка, ёж «Ромашка» ЯЮЭ");
  CHECK(ToUtf8("\xB9", TextEncoding::kWindows1251) == "№");
  CHECK(ToUtf8("\xEF\xBB\xBFФИО", TextEncoding::kUtf8) == "ФИО");
  CHECK(ToUtf8("ФИО", TextEncoding::kUtf8) == "ФИО");
  CHECK(Utf8ToWindows1251("ФИО ёж") == Cp1251("ФИО ёж"));

  DecodedText bad = DecodeToUtf8("ab\x98" "c\x98", TextEncoding::kWindows1251);
  CHECK(bad.text == "ab\xEF\xBF\xBD" "c\xEF\xBF\xBD");
  CHECK(bad.invalid_count == 2);
  CHECK(bad.first_invalid == 2);

  // A broken UTF-8 lead byte costs one character, never the delimiter after it.
  DecodedText broken = DecodeToUtf8("a\xD0;b", TextEncoding::kUtf8);
  CHECK(broken.text == "a\xEF\xBF\xBD;b");
  CHECK(broken.invalid_count == 1);
  CHECK(broken.first_invalid == 1);
}

TEST_CASE("EncodingFromName accepts the usual spellings") {
  CHECK(EncodingFromName("utf-8") == TextEncoding::kUtf8);
  CHECK(EncodingFromName(" UTF8 ") == TextEncoding::kUtf8);
  CHECK(EncodingFromName("Windows-1251") == TextEncoding::kWindows1251);
  CHECK(EncodingFromName("CP1251") == TextEncoding::kWindows1251);
  CHECK_FALSE(EncodingFromName("koi8-r"));
  CHECK_FALSE(EncodingFromName(""));
}

TEST_CASE("DetectDelimiter counts outside quotes in the first record") {
  CHECK(DetectDelimiter("a;b;c\n1,2,3,4,5") == ';');
  CHECK(DetectDelimiter("a,b,c\n") == ',');
  CHECK(DetectDelimiter("\"a;b;c\",d\n") == ',');
  CHECK(DetectDelimiter("a\tb\tc") == '\t');
  CHECK(DetectDelimiter("\r\n\r\nx,y") == ',');
  CHECK(DetectDelimiter("один столбец") == ';');
  CHECK(DetectDelimiter("a;b,c") == ';');  // a tie goes to ';'
}

TEST_CASE("The same table as UTF-8 with ',' and as Windows-1251 with ';' gives identical cells") {
  std::string utf8 = kTableUtf8Comma;
  // The Russian Excel way: Windows-1251, ';', CRLF (also inside the quoted value).
  std::string semicolon = ReplaceAll(utf8, ",", ";");
  semicolon = ReplaceAll(semicolon, "\";\" с запятой", "\", с запятой");  // keep the text's comma
  semicolon = ReplaceAll(semicolon, "вторая; с запятой", "вторая, с запятой");
  semicolon = ReplaceAll(semicolon, "\n", "\r\n");
  std::string cp1251 = Cp1251(semicolon);
  std::string bom = std::string(kUtf8Bom) + semicolon;

  Diagnostics d1, d2, d3;
  CsvTable a = Read(utf8, d1);
  CsvTable b = Read(cp1251, d2);
  CsvTable c = Read(bom, d3);
  CHECK(d1.empty());
  CHECK(d2.empty());
  CHECK(d3.empty());
  CHECK(a.encoding == TextEncoding::kUtf8);
  CHECK(a.delimiter == ',');
  CHECK(b.encoding == TextEncoding::kWindows1251);
  CHECK(b.delimiter == ';');
  CHECK(c.encoding == TextEncoding::kUtf8);
  CHECK(c.delimiter == ';');

  Grid expected = {
      {"ФИО", "Организация", "Дата рождения", "Комментарий"},
      {"Иванов Иван Иванович", "МБОУ \"СОШ № 1\"", "01.09.1980",
       "первая строка\nвторая, с запятой"},
      {"Ёлкина Алёна", "МБДОУ «Берёзка»", "1.2.1995", ""},
  };
  CHECK(Values(a) == expected);
  CHECK(Values(b) == expected);
  CHECK(Values(c) == expected);
  // Positions agree too: they count characters, not bytes.
  for (const CsvTable* t : {&a, &b, &c}) {
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[1].line == 4);
    CHECK(t->rows[1].cells[1].line == 4);
    CHECK(t->rows[1].cells[1].column == 14);  // after «Ёлкина Алёна,»
    CHECK(t->lines.size() == 4);
    CHECK(t->lines[3] == ReplaceAll("Ёлкина Алёна,МБДОУ «Берёзка»,1.2.1995,", ",",
                                    std::string(1, t->delimiter)));
  }
}

TEST_CASE("Encoding and delimiter can be given instead of detected") {
  Diagnostics diags;
  CsvOptions opts;
  opts.delimiter = ',';
  CsvTable t = Read("a;b,c\n1;2,3\n", diags, opts);
  CHECK(diags.empty());
  CHECK(Values(t) == Grid{{"a;b", "c"}, {"1;2", "3"}});

  Diagnostics d2;
  CsvOptions tab;
  tab.delimiter = '\t';
  CHECK(Values(Read("a\t b\n1\t\t\n", d2, tab)) == Grid{{"a", "b"}, {"1", ""}});
  CHECK(d2.empty());

  // Bytes that are valid UTF-8 but meant as Windows-1251 («Рё» is «и» in UTF-8).
  Diagnostics d3;
  CsvOptions cp;
  cp.encoding = TextEncoding::kWindows1251;
  CsvTable t3 = Read("\xD0\xB8", d3, cp);
  CHECK(d3.empty());
  REQUIRE(t3.header.size() == 1);
  CHECK(t3.header[0].value == "Рё");
}

TEST_CASE("Excel's «sep=» line names the delimiter and is not the header") {
  Diagnostics diags;
  CsvTable t = Read("sep=,\r\na;b,c\r\n1;2,3\r\n", diags);
  CHECK(diags.empty());
  CHECK(t.delimiter == ',');
  CHECK(Values(t) == Grid{{"a;b", "c"}, {"1;2", "3"}});
  CHECK(t.header[1].line == 2);
  CHECK(t.header[1].column == 5);
  CHECK(t.rows[0].line == 3);
}

TEST_CASE("Quoted values with line breaks keep later positions right") {
  Diagnostics diags;
  CsvTable t = Read(
      "ФИО;Комментарий;Школа\r\n"
      "Иванов;\"строка 1\r\nстрока 2\";Школа 1\r\n"
      "Петров;x;Школа 2\r\n",
      diags);
  CHECK(diags.empty());
  REQUIRE(t.rows.size() == 2);
  const CsvRow& r1 = t.rows[0];
  CHECK(r1.line == 2);
  CHECK(r1.cells[0].value == "Иванов");
  CHECK(r1.cells[1].value == "строка 1\nстрока 2");
  CHECK(r1.cells[1].line == 2);
  CHECK(r1.cells[1].column == 8);
  CHECK(r1.cells[2].value == "Школа 1");
  CHECK(r1.cells[2].line == 3);
  CHECK(r1.cells[2].column == 11);
  const CsvRow& r2 = t.rows[1];
  CHECK(r2.line == 4);
  CHECK(r2.cells[1].line == 4);
  CHECK(r2.cells[1].column == 8);
  CHECK(r2.cells[2].column == 10);
  REQUIRE(t.lines.size() == 4);
  CHECK(t.lines[2] == "строка 2\";Школа 1");
  CHECK(t.ColumnIndex("школа") == 2);
  CHECK(t.ColumnIndex("ф.и.о.") == 0);
  CHECK(t.ColumnIndex("Адрес") == -1);
}

TEST_CASE("LF, CRLF and CR line ends read the same") {
  for (const char* eol : {"\n", "\r\n", "\r"}) {
    std::string text = std::string("a;b") + eol + "1;\"x" + eol + "y\"" + eol + "3;4" + eol;
    Diagnostics diags;
    CsvTable t = Read(text, diags);
    CHECK(diags.empty());
    CHECK(Values(t) == Grid{{"a", "b"}, {"1", "x\ny"}, {"3", "4"}});
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].line == 4);
    CHECK(t.lines.size() == 4);
  }
}

TEST_CASE("Excel's trailing empty rows and columns are dropped; cells are trimmed") {
  Diagnostics diags;
  CsvTable t = Read(
      "  a ; \" b \" ;;\r\n"
      " 1 ;2\xC2\xA0;;\r\n"
      ";;;\r\n"
      "\r\n"
      "   \r\n"
      "3;4\r\n"
      ";;;\r\n",
      diags);
  CHECK(diags.empty());
  CHECK(Values(t) == Grid{{"a", "b"}, {"1", "2"}, {"3", "4"}});
  CHECK(t.header[0].column == 3);
  CHECK(t.header[1].column == 7);
  CHECK(t.rows[1].line == 6);
}

TEST_CASE("A short row is padded with empty cells placed at the row's end") {
  Diagnostics diags;
  CsvTable t = Read("a;b;c\nфыв\n", diags);
  CHECK(diags.empty());
  REQUIRE(t.rows.size() == 1);
  REQUIRE(t.rows[0].cells.size() == 3);
  CHECK(t.rows[0].cells[1].value.empty());
  CHECK(t.rows[0].cells[1].line == 2);
  CHECK(t.rows[0].cells[1].column == 4);
}

TEST_CASE("E020: an empty file has no header") {
  for (const char* text : {"", "\r\n\r\n", ";;;\r\n;;\r\n", "  \n"}) {
    Diagnostics diags;
    CsvTable t = Read(text, diags);
    CheckOnly(diags, "E020", 0, 0);
    CHECK(t.header.empty());
  }
}

TEST_CASE("E021: bytes that are not text in the file's encoding") {
  {
    Diagnostics diags;
    CsvOptions opts;
    opts.encoding = TextEncoding::kUtf8;
    CsvTable t = Read("a;b\n" + Cp1251("Ия;2") + "\n", diags, opts);
    CheckOnly(diags, "E021", 2, 1);
    CHECK(diags.Sorted()[0].message.find("UTF-8") != std::string::npos);
    CHECK(t.rows.size() == 1);  // still read, so other errors show too
  }
  {
    Diagnostics diags;  // 0x98 is no character in Windows-1251
    Read(Cp1251("а;б\nвв;г") + "\x98\n", diags);
    CheckOnly(diags, "E021", 2, 5);
    CHECK(diags.Sorted()[0].source_line == "вв;г\xEF\xBF\xBD");
  }
  {
    Diagnostics diags;
    Read(std::string("a;b\n1;\0\n", 8), diags);
    CheckOnly(diags, "E021", 2, 3);
  }
  {
    Diagnostics diags;
    CsvTable t = Read(std::string("PK\x03\x04\x14\0\x06\0", 8), diags);
    CheckOnly(diags, "E021", 0, 0);
    CHECK(diags.Sorted()[0].message.find("Excel") != std::string::npos);
    CHECK(t.lines.empty());
  }
  {
    Diagnostics diags;
    Read("\xFF\xFE" "a\0;\0", diags);
    CheckOnly(diags, "E021", 0, 0);
  }
}

TEST_CASE("E022: an unclosed quote points where it opened; later lines are still read") {
  Diagnostics diags;
  CsvTable t = Read("ФИО;Школа\nИванов;\"СОШ № 1\nПетров;СОШ 2\nСидоров;СОШ 3\n", diags);
  CheckOnly(diags, "E022", 2, 8);
  CHECK(diags.Sorted()[0].source_line == "Иванов;\"СОШ № 1");
  CHECK(Values(t) == Grid{{"ФИО", "Школа"}, {"Петров", "СОШ 2"}, {"Сидоров", "СОШ 3"}});
  CHECK(t.rows[0].line == 3);
}

TEST_CASE("E023: malformed quoting drops the row and goes on with the next line") {
  {
    Diagnostics diags;
    CsvTable t = Read("ФИО;Школа\nИванов;МБОУ \"СОШ 1\"\nПетров;СОШ 2\n", diags);
    CheckOnly(diags, "E023", 2, 13);
    CHECK(Values(t) == Grid{{"ФИО", "Школа"}, {"Петров", "СОШ 2"}});
    CHECK(t.rows[0].line == 3);
  }
  {
    Diagnostics diags;
    CsvTable t = Read("ФИО;Школа\n\"Иванов\" И.;СОШ 1\nПетров;СОШ 2\n", diags);
    CheckOnly(diags, "E023", 2, 10);
    CHECK(t.rows.size() == 1);
  }
  {
    // Inside a value that spans lines: the row is dropped, reading resumes
    // after the line with the error.
    Diagnostics diags;
    CsvTable t = Read("a;b\n1;\"x\ny\"z\n2;3\n", diags);
    CheckOnly(diags, "E023", 3, 3);
    CHECK(Values(t) == Grid{{"a", "b"}, {"2", "3"}});
  }
}

TEST_CASE("E024: a value beyond the header's columns") {
  Diagnostics diags;
  CsvTable t = Read("Организация;Число\nШкола №1;5;лишнее\nШкола №2;6;;\n", diags);
  CheckOnly(diags, "E024", 2, 12);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells.size() == 2);
  CHECK(diags.Sorted()[0].hint.find("кавычки") != std::string::npos);
}

TEST_CASE("E025: a repeated column name, compared as the schema compares names") {
  Diagnostics diags;
  CsvTable t = Read("ФИО;Школа;Ф.И.О.\n1;2;3\n", diags);
  CheckOnly(diags, "E025", 1, 11);
  CHECK(t.header.size() == 3);
}

TEST_CASE("E026: a column without a name that holds values") {
  Diagnostics diags;
  CsvTable t = Read("a;;c;;\n1;2;3;;\n", diags);
  CheckOnly(diags, "E026", 1, 3);
  CHECK(Values(t) == Grid{{"a", "c"}, {"1", "3"}});

  Diagnostics quiet;  // an unnamed column with no values is dropped silently
  CHECK(Values(Read("a;;c\n1;;3\n", quiet)) == Grid{{"a", "c"}, {"1", "3"}});
  CHECK(quiet.empty());
}

TEST_CASE("Every error of a file is reported in one run, with the decoded line for the caret") {
  Diagnostics diags;
  std::string text = Cp1251("ФИО;Школа;ФИО\nИванов;СОШ \"1\";x\nПетров;СОШ 2;y;лишнее\n");
  CsvTable t = Read(text, diags);
  auto all = diags.Sorted();
  REQUIRE(all.size() == 3);
  CHECK(all[0].code == "E025");
  CHECK(all[1].code == "E023");
  CHECK(all[1].pos.line == 2);
  CHECK(all[1].pos.column == 12);
  CHECK(all[2].code == "E024");
  CHECK(all[2].pos.line == 3);
  CHECK(all[2].pos.column == 16);
  CHECK(all[2].source_line == "Петров;СОШ 2;y;лишнее");
  CHECK(RenderTextDiagnostic(all[2], nullptr)
            .find("    Петров;СОШ 2;y;лишнее\n                   ^ здесь\n") != std::string::npos);
}

TEST_CASE("E028: a row typed with another delimiter is reported once and read with it") {
  Diagnostics diags;
  CsvTable t = Read("Код;Название;Число\nа-1;Первая;1\nб-2,Вторая,2\n", diags);
  CheckOnly(diags, "E028", 3, 1);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1].cells[0].value == "б-2");
  CHECK(t.rows[1].cells[1].value == "Вторая");
  CHECK(t.rows[1].cells[1].column == 5);
  CHECK(t.rows[1].cells[2].value == "2");
}

TEST_CASE("A value with commas in an Excel row of empty cells is not E028") {
  Diagnostics diags;
  CsvTable t = Read("ФИО;Роль;Число\nИванов, Петров;;\n", diags);
  CHECK(diags.empty());
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].cells[0].value == "Иванов, Петров");
}

TEST_CASE("Rows lost to a broken quote make the table incomplete; E024 marks the row") {
  Diagnostics diags;
  CsvTable t = Read("А;Б\n1;\"2\n3;4\n", diags);
  CHECK_FALSE(t.complete);
  Diagnostics d2;
  CsvTable u = Read("А;Б\n1;2;3\n4;5\n", d2);
  CHECK(u.complete);
  REQUIRE(u.rows.size() == 2);
  CHECK(u.rows[0].overflow);
  CHECK_FALSE(u.rows[1].overflow);
  Diagnostics d3;
  CHECK_FALSE(Read("PK\x03\x04", d3).complete);
}

TEST_CASE("Quote-free lines (split without libcsv) give the values and positions libcsv gives") {
  // The same rows, once plain and once with every value quoted (which sends
  // every line through libcsv): values equal; positions equal up to the
  // opening quote; row ends equal.
  const std::string plain = "Код;Имя ;  Роль\r\n p1 ; Анна;\r\n\r\n  \r\np2;;наставник\r\n;;\r\np3";
  const std::string quoted = "\"Код\";\"Имя \";  \"Роль\"\r\n \"p1\" ; \"Анна\";\r\n\r\n  \r\n\"p2\";;\"наставник\"\r\n;;\r\n\"p3\"";
  Diagnostics d1, d2;
  CsvTable a = ReadCsv("data/a.csv", plain, {}, d1);
  CsvTable b = ReadCsv("data/a.csv", quoted, {}, d2);
  CHECK(d1.empty());
  CHECK(d2.empty());
  REQUIRE(a.header.size() == 3);
  REQUIRE(a.rows.size() == b.rows.size());
  REQUIRE(a.rows.size() == 3);
  CHECK(a.rows[0].cells[0].value == "p1");
  CHECK(a.rows[0].cells[0].column == 2);
  CHECK(a.rows[0].cells[1].value == "Анна");
  CHECK(a.rows[0].cells[1].column == 7);
  CHECK(a.rows[0].cells[2].column == 12);  // empty: right after its delimiter
  CHECK(a.rows[1].line == 5);
  CHECK(a.rows[2].cells[0].value == "p3");
  CHECK(a.rows[2].cells[1].column == 3);   // missing: the end of the short row
  for (size_t r = 0; r < a.rows.size(); ++r) {
    CHECK(a.rows[r].line == b.rows[r].line);
    for (size_t c = 0; c < 3; ++c) {
      CHECK(a.rows[r].cells[c].value == b.rows[r].cells[c].value);
      CHECK(a.rows[r].cells[c].line == b.rows[r].cells[c].line);
    }
  }
  CHECK(a.lines.size() == 7);
  CHECK(a.lines[1] == " p1 ; Анна;");
}

TEST_CASE("ReadCsvRows streams the rows ReadCsv holds, and reports the same") {
  const std::string text = "Код;Имя\np1;Анна\np2;\"Бо\"рис\"\np3;Вера;лишнее\n";
  Diagnostics held_diags, streamed_diags;
  CsvTable held = ReadCsv("data/a.csv", text, {}, held_diags);
  std::vector<std::string> ids;
  std::vector<std::string> headers;
  CsvInfo info = ReadCsvRows(
      "data/a.csv", text, {}, streamed_diags,
      [&](const CsvInfo& i, const CsvLines& lines) {
        for (const auto& h : i.header) headers.push_back(h.value);
        CHECK(lines.Line(1) == "Код;Имя");
      },
      [&](CsvRow& row, const CsvLines&) { ids.push_back(row.cells[0].value + (row.overflow ? "!" : "")); });
  CHECK(headers == std::vector<std::string>{"Код", "Имя"});
  CHECK(ids == std::vector<std::string>{"p1", "p3!"});
  CHECK(held.rows.size() == 2);
  CHECK(!info.complete);
  CHECK(!held.complete);
  auto a = held_diags.Sorted(), b = streamed_diags.Sorted();
  REQUIRE(a.size() == b.size());
  REQUIRE(a.size() == 2);  // E023 on p2, E024 on p3
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].code == b[i].code);
    CHECK(a[i].pos.line == b[i].pos.line);
    CHECK(a[i].pos.column == b[i].pos.column);
    CHECK(a[i].message == b[i].message);
    CHECK(a[i].source_line == b[i].source_line);
  }
}

namespace {

// A file that gives at most `step` bytes per read, so that every line, quoted
// value, CRLF and UTF-8 sequence is cut somewhere by a piece boundary.
class TrickleSource : public ByteSource {
 public:
  TrickleSource(std::string bytes, size_t step) : bytes_(std::move(bytes)), step_(step) {}
  size_t Read(char* buf, size_t n) override {
    n = std::min({n, step_, bytes_.size() - pos_});
    std::copy_n(bytes_.data() + pos_, n, buf);
    pos_ += n;
    return n;
  }
  bool Rewind() override {
    pos_ = 0;
    return true;
  }

 private:
  std::string bytes_;
  size_t step_;
  size_t pos_ = 0;
};

// Everything a read reports: rows, positions, the lines callbacks see, diagnostics.
std::string Dump(const std::function<CsvInfo(Diagnostics&, const CsvHeaderFn&, const CsvRowFn&)>& read) {
  std::string out;
  Diagnostics diags;
  CsvInfo info = read(
      diags,
      [&](const CsvInfo& i, const CsvLines& lines) {
        for (const auto& c : i.header)
          out += "H" + c.value + "@" + std::to_string(c.line) + ":" + std::to_string(c.column) + "{" +
                 std::string(lines.Line(c.line)) + "}\n";
      },
      [&](CsvRow& row, const CsvLines& lines) {
        out += "R" + std::to_string(row.line) + (row.overflow ? "!" : "") + "\n";
        for (const auto& c : row.cells)
          out += " " + c.value + "@" + std::to_string(c.line) + ":" + std::to_string(c.column) + "{" +
                 std::string(lines.Line(c.line)) + "}\n";
      });
  out += "C" + std::to_string(info.complete) + std::to_string(static_cast<int>(info.encoding)) + info.delimiter + "\n";
  for (const auto& d : diags.Sorted())
    out += d.code + "@" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + " " + d.message + "{" +
           d.source_line + "}\n";
  return out;
}

}  // namespace

TEST_CASE("ReadCsvStream in tiny pieces reads and reports exactly what one piece gives") {
  const std::vector<std::string> texts = {
      "Код;Имя\r\np1;Анна\r\np2;\"Бо\"рис\"\r\np3;Вера;лишнее\r\n",
      "\xEF\xBB\xBFКод;Имя;\r\n\"p1\";\"многострочное\r\nзначение \"\"в кавычках\"\"\";\n;\nx,y,z\n",
      "sep=,\r\nКод,Имя\rp1,Анна\rp2,\"незакрытая\nкавычка\nдо конца",
      Cp1251("Код;Имя\np1;Анна\np2;Ёлка\n") + "p3;\x98\n",
      std::string("Код;Имя\np1;А\0нна\n", 18) + "p2;\xD0\n",
      ";;\n;Имя;\n1;2;3\n",
  };
  for (const auto& text : texts) {
    CAPTURE(text);
    std::string whole = Dump([&](Diagnostics& d, const CsvHeaderFn& h, const CsvRowFn& r) {
      return ReadCsvRows("data/t.csv", text, {}, d, h, r);
    });
    for (size_t step : {1, 2, 3, 5, 7}) {
      CAPTURE(step);
      TrickleSource src(text, step);
      std::string pieces = Dump([&](Diagnostics& d, const CsvHeaderFn& h, const CsvRowFn& r) {
        return ReadCsvStream("data/t.csv", src, {}, d, h, r);
      });
      CHECK(pieces == whole);
    }
  }
}

TEST_CASE("StreamDecoder and Utf8Check in pieces agree with the whole-text functions") {
  const std::vector<std::string> texts = {
      "Код;Имя ё № «x»", "a\xD0", "\xE2\x82", "\xF0\x9F\x98\x80 ok", "\xD0\xD0\xB0", "\xE0\x80\x80",
      "\xED\xA0\x80", "\xC2", "x\x98y\xFF", "\xF4\x90\x80\x80", "\xC0\xAF", "\x80\x80Ж",
  };
  for (const auto& text : texts) {
    for (TextEncoding enc : {TextEncoding::kUtf8, TextEncoding::kWindows1251}) {
      DecodedText want = DecodeToUtf8(text, enc);
      for (size_t step = 1; step <= 4; ++step) {
        CAPTURE(text);
        CAPTURE(step);
        StreamDecoder dec(enc);
        Utf8Check check;
        std::string got;
        for (size_t i = 0; i < text.size(); i += step) {
          dec.Decode(std::string_view(text).substr(i, step), got);
          check.Add(std::string_view(text).substr(i, step));
        }
        dec.Finish(got);
        CHECK(got == want.text);
        CHECK(dec.invalid_count() == want.invalid_count);
        CHECK(dec.first_invalid() == want.first_invalid);
        CHECK(check.Finish() == (DetectEncoding(text) == TextEncoding::kUtf8));
      }
    }
  }
}

TEST_CASE("CsvRow::plain: a one-line row without quotes, not one that has them") {
  Diagnostics d;
  std::vector<std::pair<int, bool>> rows;
  ReadCsvRows("data/t.csv", "id;name\n1;Анна\n2;\"Ива;нов\"\n3;\"две\nстроки\"\n4;Пётр\n", {}, d, nullptr,
              [&](CsvRow& row, const CsvLines&) { rows.push_back({row.line, row.plain}); });
  CHECK(!d.HasErrors());
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::pair<int, bool>{2, true});
  CHECK(rows[1] == std::pair<int, bool>{3, false});
  CHECK(rows[2] == std::pair<int, bool>{4, false});
  CHECK(rows[3] == std::pair<int, bool>{6, true});
}
