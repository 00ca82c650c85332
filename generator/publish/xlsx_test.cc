// Tests for the XLSX adapter: they write real workbooks to a temporary folder,
// unzip them with Poco::Zip and assert on the XML Excel will read.
//
// With NASTAVNIK_XLSX_SAMPLE_DIR set, the "sample" case also writes the sample
// workbooks there for tests/xlsx/check_with_libreoffice.py.
#include <doctest/doctest.h>

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

#include "publish/xlsx.h"
#include "publish/xlsx_test_util.h"
#include "util/date.h"

using namespace nastavnik;
using namespace nastavnik::xlsx_test;
namespace fs = std::filesystem;

namespace {

constexpr long long kEpoch = 1725148800;  // 2024-09-01T00:00:00Z

fs::path MakeTempDir(const std::string& tag) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("nastavnik-xlsx-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct OrgRow {
  const char* name;
  long long numerator;
  long long denominator;
  double target;
  Date reported;
  const char* comment;
};

const std::vector<OrgRow>& Orgs() {
  static const std::vector<OrgRow> rows = {
      {"МБОУ «СОШ № 1»", 12, 40, 0.25, {2024, 5, 20}, "=1+2"},
      {"МБОУ «Гимназия № 3»", 5, 50, 0.25, {2024, 5, 21}, "+7 (900) 000-00-00"},
      {"МАДОУ «Детский сад № 14 „Радуга“»", 9, 30, 0.3, {2024, 5, 22}, "-5"},
      {"МБУ ДО «ЦДТ»", 0, 0, 0.2, {2024, 2, 29}, "@SUM(A1:A2)"},
  };
  return rows;
}

// The indicator-like sheet the tests and the LibreOffice check use. Data
// rows are Excel rows 3..6 (title in 1, header in 2), the total in row 7.
void WriteIndicatorSheet(XlsxWorkbook* book, const std::string& name) {
  XlsxSheetOptions options;
  options.title = "Доля педагогов-наставников, 2024 год";
  XlsxSheet* sheet = book->AddSheet(
      name,
      {
          {"Организация", 40, XlsxFormat::kText, {}},
          {"Роль", 16, XlsxFormat::kText, {"наставник", "наставляемый", "куратор"}},
          {"Наставников", 13, XlsxFormat::kInteger, {}},
          {"Педагогов", 12, XlsxFormat::kInteger, {}},
          {"Доля", 10, XlsxFormat::kPercent, {}},
          {"Цель", 10, XlsxFormat::kPercent, {}},
          {"Дата отчёта", 13, XlsxFormat::kDate, {}},
          {"Комментарий", 30, XlsxFormat::kWrapText, {}},
      },
      options);
  for (const OrgRow& o : Orgs()) {
    const std::string c = XlsxCellName(sheet->next_row(), 2);
    const std::string d = XlsxCellName(sheet->next_row(), 3);
    const double share = o.denominator == 0 ? 0.0 : static_cast<double>(o.numerator) / o.denominator;
    sheet->WriteRow({XlsxCell::Text(o.name), XlsxCell::Text("наставник"), XlsxCell::Integer(o.numerator),
                     XlsxCell::Integer(o.denominator),
                     XlsxCell::Formula("IFERROR(" + c + "/" + d + ",0)", share), XlsxCell::Number(o.target),
                     XlsxCell::Date(o.reported), XlsxCell::Text(o.comment)});
  }
  long long num = 0, den = 0;
  for (const OrgRow& o : Orgs()) num += o.numerator, den += o.denominator;
  const int first = sheet->first_data_row() + 1, last = sheet->next_row();
  sheet->WriteRow({XlsxCell::Text("Итого"), XlsxCell::Empty(),
                   XlsxCell::Formula("SUM(C" + std::to_string(first) + ":C" + std::to_string(last) + ")",
                                     static_cast<double>(num)),
                   XlsxCell::Formula("=SUM(D" + std::to_string(first) + ":D" + std::to_string(last) + ")",
                                     static_cast<double>(den)),
                   XlsxCell::Formula("IFERROR(C7/D7,0)", static_cast<double>(num) / den)});
  sheet->AddAchievementFormat(4, 5);
  sheet->AddColumnChart({"Доля наставников по организациям", 0, {4, 5}, "Доля"});
}

void WriteRoadmapSheet(XlsxWorkbook* book) {
  XlsxSheetOptions options;
  options.landscape = true;
  options.fit_to_width = true;
  options.repeat_header_rows = true;
  XlsxSheet* sheet = book->AddSheet("Дорожная карта: план/факт [2024–2025 учебный год]",
                                    {{"№", 5, XlsxFormat::kInteger, {}},
                                     {"Мероприятие", 50, XlsxFormat::kWrapText, {}},
                                     {"Срок", 18, XlsxFormat::kText, {}},
                                     {"Начало", 12, XlsxFormat::kDate, {}},
                                     {"Окончание", 12, XlsxFormat::kDate, {}},
                                     {"Статус", 14, XlsxFormat::kText, {"план", "выполнено", "перенесено"}}},
                                    options);
  sheet->WriteRow({XlsxCell::Integer(1), XlsxCell::Text("Педагогический совет «Наставничество в школе»"),
                   XlsxCell::Text("сентябрь 2024"), XlsxCell::Date({2024, 9, 1}), XlsxCell::Date({2024, 9, 30}),
                   XlsxCell::Text("выполнено")});
  sheet->WriteRow({XlsxCell::Integer(2), XlsxCell::Text("Форум наставников _x0041_ и _x00"), XlsxCell::Text("1 полугодие"),
                   XlsxCell::Date({1899, 12, 31}), XlsxCell::Empty(), XlsxCell::Text("план")});
}

void WriteSampleWorkbook(const fs::path& path, bool constant_memory) {
  Status status;
  XlsxDocProps props;
  props.title = "Показатели наставничества";
  props.subject = "Целевая модель наставничества";
  props.author = "nastavnik";
  props.company = "Управление образования г. Энска";
  props.keywords = "наставничество, показатели";
  props.created_epoch = kEpoch;
  auto book = XlsxWorkbook::Create(path.string(), props, constant_memory, &status);
  REQUIRE_MESSAGE(status.ok(), status.message());
  REQUIRE(book);
  WriteIndicatorSheet(book.get(), "Показатели 2024");
  WriteRoadmapSheet(book.get());
  Status closed = book->Close();
  REQUIRE_MESSAGE(closed.ok(), closed.message());
}

}  // namespace

TEST_CASE("SanitizeSheetName keeps Excel's rules in characters, not bytes") {
  CHECK(SanitizeSheetName("План/факт [2024]: итоги?") == "План_факт _2024__ итоги_");
  CHECK(SanitizeSheetName("'Цитата'") == "Цитата");
  CHECK(SanitizeSheetName("") == "Лист");
  CHECK(SanitizeSheetName("***").size() == 3);
  const std::string long_name = "Реестр наставнических пар по всем организациям района";
  const std::string cut = SanitizeSheetName(long_name);
  CHECK(cut == "Реестр наставнических пар по вс");
  CHECK(cut.size() > 31);  // 31 letters are 61 bytes
  CHECK(SanitizeSheetName("Лист\x01\tдва") == "Листдва");
  CHECK(XlsxCellName(0, 0) == "A1");
  CHECK(XlsxCellName(6, 27) == "AB7");
  CHECK(XlsxCellName(1048575, 16383) == "XFD1048576");
}

TEST_CASE("XlsxWorkbook writes typed cells, formulas, formats and sheet features") {
  const fs::path dir = MakeTempDir("features");
  const fs::path path = dir / "pokazateli.xlsx";
  WriteSampleWorkbook(path, false);
  REQUIRE(fs::exists(path));
  CHECK_FALSE(fs::exists(path.string() + ".part"));

  const std::string workbook = ZipEntry(path, "xl/workbook.xml");
  CHECK(workbook.find("name=\"Показатели 2024\"") != std::string::npos);
  CHECK(workbook.find("name=\"Дорожная карта_ план_факт _2024\"") != std::string::npos);
  CHECK(workbook.find("_xlnm.Print_Titles") != std::string::npos);

  const std::string sheet = ZipEntry(path, "xl/worksheets/sheet1.xml");
  const std::string styles = ZipEntry(path, "xl/styles.xml");
  const std::string strings = ZipEntry(path, "xl/sharedStrings.xml");
  REQUIRE_FALSE(sheet.empty());

  SUBCASE("dates are numeric cells with the dd.mm.yyyy style") {
    const std::string g3 = CellXml(sheet, "G3");
    CHECK(Attr(g3, "t").empty());
    CHECK(g3.find("<v>45432</v>") != std::string::npos);  // 2024-05-20
    CHECK(FormatCodeOfStyle(styles, std::stoi(Attr(g3, "s"))) == "dd.mm.yyyy");
    CHECK(CellXml(sheet, "G6").find("<v>45351</v>") != std::string::npos);  // 2024-02-29
  }
  SUBCASE("numbers are numbers, shares are percents") {
    const std::string c3 = CellXml(sheet, "C3");
    CHECK(Attr(c3, "t").empty());
    CHECK(c3.find("<v>12</v>") != std::string::npos);
    CHECK(FormatCodeOfStyle(styles, std::stoi(Attr(c3, "s"))) == "0");
    CHECK(FormatCodeOfStyle(styles, std::stoi(Attr(CellXml(sheet, "F3"), "s"))) == "0.0%");
  }
  SUBCASE("formulas carry the cached value") {
    const std::string e3 = CellXml(sheet, "E3");
    CHECK(e3.find("<f>IFERROR(C3/D3,0)</f><v>0.3</v>") != std::string::npos);
    CHECK(CellXml(sheet, "D7").find("<f>SUM(D3:D6)</f><v>120</v>") != std::string::npos);
    CHECK(Count(sheet, "<f>") == 7);  // 4 shares + 3 totals, nothing else
  }
  SUBCASE("text that looks like a formula stays text") {
    for (const char* ref : {"H3", "H4", "H5", "H6"}) {
      const std::string cell = CellXml(sheet, ref);
      CHECK_MESSAGE(Attr(cell, "t") == "s", cell);
      CHECK(cell.find("<f>") == std::string::npos);
    }
    CHECK(strings.find("<t>=1+2</t>") != std::string::npos);
    CHECK(strings.find("<t>@SUM(A1:A2)</t>") != std::string::npos);
    CHECK(strings.find("<t>-5</t>") != std::string::npos);
  }
  SUBCASE("title, header, freeze, filter, dropdown, conditional format, chart") {
    CHECK(strings.find("Доля педагогов-наставников, 2024 год") != std::string::npos);
    CHECK(sheet.find("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>") !=
          std::string::npos);
    CHECK(sheet.find("<autoFilter ref=\"A2:H7\"/>") != std::string::npos);
    CHECK(sheet.find("type=\"list\"") != std::string::npos);
    CHECK(sheet.find("sqref=\"B3:B1048576\"") != std::string::npos);
    CHECK(sheet.find("<formula1>\"наставник,наставляемый,куратор\"</formula1>") != std::string::npos);
    CHECK(sheet.find("<conditionalFormatting sqref=\"E3:E7\">") != std::string::npos);
    CHECK(sheet.find("AND(ISNUMBER($E3),ISNUMBER($F3),$E3&gt;=$F3)") != std::string::npos);
    CHECK(sheet.find("AND(ISNUMBER($E3),ISNUMBER($F3),NOT($E3&gt;=$F3))") != std::string::npos);
    CHECK(Count(styles, "<dxf>") == 2);
    const std::string chart = ZipEntry(path, "xl/charts/chart1.xml");
    CHECK(chart.find("<c:barDir val=\"col\"/>") != std::string::npos);
    CHECK(Count(chart, "<c:ser>") == 2);
    CHECK(chart.find("'Показатели 2024'!$E$3:$E$7") != std::string::npos);
    const std::string header = CellXml(sheet, "A2");
    CHECK(Attr(header, "t") == "s");
  }
  SUBCASE("print setup of the roadmap") {
    const std::string roadmap = ZipEntry(path, "xl/worksheets/sheet2.xml");
    CHECK(roadmap.find("orientation=\"landscape\"") != std::string::npos);
    CHECK(roadmap.find("fitToHeight=\"0\"") != std::string::npos);
    CHECK(roadmap.find("<pageSetUpPr fitToPage=\"1\"/>") != std::string::npos);
    CHECK(roadmap.find("paperSize=\"9\"") != std::string::npos);
    // A date before Excel's calendar is written as its ISO text.
    CHECK(Attr(CellXml(roadmap, "D3"), "t") == "s");
    CHECK(strings.find("<t>1899-12-31</t>") != std::string::npos);
    // A literal "_x0041_" would read as "A" without its underscore escaped.
    CHECK(strings.find("<t>Форум наставников _x005F_x0041_ и _x00</t>") != std::string::npos);
  }
  SUBCASE("document properties") {
    const std::string core = ZipEntry(path, "docProps/core.xml");
    const std::string app = ZipEntry(path, "docProps/app.xml");
    CHECK(core.find("<dc:title>Показатели наставничества</dc:title>") != std::string::npos);
    CHECK(core.find("<dc:creator>nastavnik</dc:creator>") != std::string::npos);
    CHECK(core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-09-01T00:00:00Z</dcterms:created>") !=
          std::string::npos);
    CHECK(core.find("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-09-01T00:00:00Z</dcterms:modified>") !=
          std::string::npos);
    CHECK(app.find("<Company>Управление образования г. Энска</Company>") != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("Two runs give byte-identical workbooks in both modes") {
  for (bool constant_memory : {false, true}) {
    CAPTURE(constant_memory);
    const fs::path a = MakeTempDir("repro-a") / "kniga.xlsx";
    const fs::path b = MakeTempDir("repro-b") / "drugaya.xlsx";
    WriteSampleWorkbook(a, constant_memory);
    WriteSampleWorkbook(b, constant_memory);
    const std::string bytes_a = ReadBytes(a);
    CHECK(bytes_a.size() > 1000);
    CHECK(bytes_a == ReadBytes(b));
    fs::remove_all(a.parent_path());
    fs::remove_all(b.parent_path());
  }
}

TEST_CASE("Constant-memory mode writes inline strings, still never formulas") {
  const fs::path dir = MakeTempDir("cm");
  const fs::path path = dir / "reestr.xlsx";
  WriteSampleWorkbook(path, true);
  const std::string sheet = ZipEntry(path, "xl/worksheets/sheet1.xml");
  const std::string h3 = CellXml(sheet, "H3");
  CHECK(Attr(h3, "t") == "inlineStr");
  CHECK(h3.find("=1+2") != std::string::npos);
  CHECK(h3.find("<f>") == std::string::npos);
  CHECK(Count(sheet, "<f>") == 7);
  CHECK(sheet.find("<autoFilter ref=\"A2:H7\"/>") != std::string::npos);
  CHECK(sheet.find("<conditionalFormatting sqref=\"E3:E7\">") != std::string::npos);
  CHECK(FormatCodeOfStyle(ZipEntry(path, "xl/styles.xml"), std::stoi(Attr(CellXml(sheet, "G3"), "s"))) ==
        "dd.mm.yyyy");
  CHECK_FALSE(ZipEntry(path, "xl/charts/chart1.xml").empty());
  fs::remove_all(dir);
}

TEST_CASE("Constant-memory mode streams 200,000 rows") {
  const fs::path dir = MakeTempDir("big");
  const fs::path path = dir / "reestr.xlsx";
  const auto start = std::chrono::steady_clock::now();
  Status status;
  auto book = XlsxWorkbook::Create(path.string(), {"Реестр", "", "", "", "", "", kEpoch}, true, &status);
  REQUIRE(status.ok());
  XlsxSheet* sheet = book->AddSheet("Реестр наставнических пар",
                                    {{"№", 8, XlsxFormat::kInteger, {}},
                                     {"ФИО наставника", 30, XlsxFormat::kText, {}},
                                     {"Организация", 30, XlsxFormat::kText, {}},
                                     {"Дата начала", 12, XlsxFormat::kDate, {}},
                                     {"Доля", 8, XlsxFormat::kPercent, {}}});
  constexpr int kRows = 200000;
  const Date start_date{2020, 1, 1};
  for (int i = 1; i <= kRows; ++i) {
    sheet->WriteRow({XlsxCell::Integer(i), XlsxCell::Text("Иванова Мария Петровна " + std::to_string(i)),
                     XlsxCell::Text("МБОУ «СОШ № " + std::to_string(i % 97) + "»"),
                     XlsxCell::Date(start_date.AddDays(i % 1500)), XlsxCell::Number((i % 100) / 100.0)});
  }
  CHECK(sheet->data_row_count() == kRows);
  Status closed = book->Close();
  REQUIRE_MESSAGE(closed.ok(), closed.message());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("200000 rows in constant-memory mode: " << seconds << " s, " << fs::file_size(path) << " bytes");

  const std::string xml = ZipEntry(path, "xl/worksheets/sheet1.xml");
  const size_t last = xml.find("<row r=\"200001\"");
  REQUIRE(last != std::string::npos);
  const std::string row = xml.substr(last, xml.find("</row>", last) - last);
  CHECK(row.find("<v>200000</v>") != std::string::npos);
  CHECK(row.find("Иванова Мария Петровна 200000") != std::string::npos);
  CHECK(row.find("<v>44331</v>") != std::string::npos);  // 2020-01-01 + 200000 % 1500 days = 2021-05-15
  CHECK(xml.find("<row r=\"200002\"") == std::string::npos);
  CHECK(xml.find("<autoFilter ref=\"A1:E200001\"/>") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("Long dropdown lists move to a hidden sheet") {
  const fs::path dir = MakeTempDir("lists");
  const fs::path path = dir / "forma.xlsx";
  Status status;
  auto book = XlsxWorkbook::Create(path.string(), {"Форма мониторинга", "", "", "", "", "", kEpoch}, false, &status);
  REQUIRE(status.ok());
  std::vector<std::string> forms = {"педагог – педагог", "руководитель – педагог", "студент – ученик",
                                    "работодатель – ученик", "ученик – ученик", "педагог – студент",
                                    "работодатель – студент", "студент – студент", "Формы, с запятой"};
  book->AddSheet("Списки", {{"Уже занято", 10, XlsxFormat::kText, {}}});
  XlsxSheet* sheet = book->AddSheet("Мониторинг", {{"Форма наставничества", 30, XlsxFormat::kText, forms},
                                                   {"Роль", 20, XlsxFormat::kText, {"наставник", "наставляемый"}}});
  sheet->WriteRow({XlsxCell::Text("ученик – ученик")});
  REQUIRE(book->Close().ok());
  const std::string workbook = ZipEntry(path, "xl/workbook.xml");
  CHECK(workbook.find("name=\"Списки (2)\"") != std::string::npos);
  CHECK(workbook.find("state=\"hidden\"") != std::string::npos);
  const std::string form = ZipEntry(path, "xl/worksheets/sheet2.xml");
  CHECK(form.find("<formula1>'Списки (2)'!$A$1:$A$9</formula1>") != std::string::npos);
  CHECK(form.find("<formula1>\"наставник,наставляемый\"</formula1>") != std::string::npos);
  const std::string lists = ZipEntry(path, "xl/worksheets/sheet3.xml");
  CHECK(lists.find("<c r=\"A9\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("Adapter errors are Russian statuses and leave no file behind") {
  Status status;
  auto missing = XlsxWorkbook::Create("/nonexistent-nastavnik/dir/a.xlsx", {}, false, &status);
  CHECK(missing == nullptr);
  CHECK(status.message().find("не существует") != std::string::npos);

  const fs::path dir = MakeTempDir("errors");
  const fs::path path = dir / "bad.xlsx";
  auto book = XlsxWorkbook::Create(path.string(), {}, false, &status);
  REQUIRE(status.ok());
  XlsxSheet* sheet = book->AddSheet("Лист", {{"Одна", 10, XlsxFormat::kText, {}}});
  sheet->WriteRow({XlsxCell::Text("a"), XlsxCell::Text("b")});
  sheet->WriteRow({XlsxCell::Text("ignored after the first error")});
  CHECK_FALSE(book->status().ok());
  Status closed = book->Close();
  CHECK_FALSE(closed.ok());
  CHECK(closed.message().find("2 ячеек, а столбцов 1") != std::string::npos);
  CHECK(closed.message().find("лист «Лист»") != std::string::npos);
  CHECK_FALSE(fs::exists(path));
  CHECK(fs::is_empty(dir));

  // Bad bytes and non-finite numbers never reach the XML.
  auto repaired = XlsxWorkbook::Create(path.string(), {}, false, &status);
  XlsxSheet* s = repaired->AddSheet("Лист", {{"Текст", 10, XlsxFormat::kText, {}}, {"Число", 10, XlsxFormat::kDecimal, {}}});
  s->WriteRow({XlsxCell::Text("ab\xFF" "c"), XlsxCell::Number(std::nan(""))});
  s->WriteRow({XlsxCell::Text(std::string(40000, 'x')), XlsxCell::Number(1.0 / 0.0)});
  REQUIRE(repaired->Close().ok());
  CHECK(ZipEntry(path, "xl/sharedStrings.xml").find("ab\xEF\xBF\xBD" "c") != std::string::npos);
  const std::string xml = ZipEntry(path, "xl/worksheets/sheet1.xml");
  CHECK(CellXml(xml, "B2").empty());
  CHECK(CellXml(xml, "B3").empty());
  CHECK_FALSE(CellXml(xml, "A3").empty());
  fs::remove_all(dir);
}

// Writes the workbooks tests/xlsx/check_with_libreoffice.py opens in
// LibreOffice: the sample in both modes and a 2,000-row registry with a
// formula per row in constant-memory mode.
TEST_CASE("XLSX sample for the LibreOffice check") {
  const char* out = std::getenv("NASTAVNIK_XLSX_SAMPLE_DIR");
  if (out == nullptr || *out == '\0') return;
  const fs::path dir(out);
  fs::create_directories(dir);
  WriteSampleWorkbook(dir / "obrazec.xlsx", false);
  WriteSampleWorkbook(dir / "obrazec-constant-memory.xlsx", true);

  Status status;
  auto book = XlsxWorkbook::Create((dir / "reestr-constant-memory.xlsx").string(),
                                   {"Реестр наставнических пар", "", "", "", "", "", kEpoch}, true, &status);
  REQUIRE(status.ok());
  XlsxSheet* sheet = book->AddSheet("Реестр", {{"№", 8, XlsxFormat::kInteger, {}},
                                               {"Наставник", 30, XlsxFormat::kText, {}},
                                               {"Начало", 12, XlsxFormat::kDate, {}},
                                               {"Встреч план", 10, XlsxFormat::kInteger, {}},
                                               {"Встреч факт", 10, XlsxFormat::kInteger, {}},
                                               {"Выполнение", 10, XlsxFormat::kPercent, {}}});
  for (int i = 1; i <= 2000; ++i) {
    const int plan = 7 + i % 5, fact = i % 13;
    const std::string d = XlsxCellName(sheet->next_row(), 3), e = XlsxCellName(sheet->next_row(), 4);
    sheet->WriteRow({XlsxCell::Integer(i), XlsxCell::Text("-Наставник " + std::to_string(i)),
                     XlsxCell::Date(Date{2023, 9, 1}.AddDays(i % 400)), XlsxCell::Integer(plan),
                     XlsxCell::Integer(fact),
                     XlsxCell::Formula("ROUND(" + e + "/" + d + ",4)", std::round(10000.0 * fact / plan) / 10000)});
  }
  sheet->AddAchievementFormat(4, 3);
  REQUIRE(book->Close().ok());
}

TEST_CASE("Formulas with a text result and styled rows") {
  const fs::path dir = MakeTempDir("styles");
  const fs::path path = dir / "styled.xlsx";
  Status status;
  auto book = XlsxWorkbook::Create(path.string(), {"t", "", "", "", "", "", kEpoch}, false, &status);
  REQUIRE(status.ok());
  XlsxSheet* sheet = book->AddSheet("Лист", {{"№", 6, XlsxFormat::kText, {}},
                                             {"Числитель", 10, XlsxFormat::kGeneral, {}},
                                             {"Знаменатель", 10, XlsxFormat::kGeneral, {}},
                                             {"Значение", 10, XlsxFormat::kTenths, {}}},
                                    {.freeze_header = false, .autofilter = false});
  sheet->WriteRow({XlsxCell::Text("1"), XlsxCell::Text("Раздел")}, XlsxRowStyle::kSection);
  sheet->WriteRow({XlsxCell::Text("1.1"), XlsxCell::Integer(0), XlsxCell::Integer(0),
                   XlsxCell::FormulaText("IF(C3=0,\"нет данных\",B3/C3)", "нет данных")});
  sheet->WriteRow({XlsxCell::Empty(), XlsxCell::Integer(1), XlsxCell::Integer(4),
                   XlsxCell::Formula("ROUND(B4*1000/C4,0)/10", 25)}, XlsxRowStyle::kTotal);
  REQUIRE(book->Close().ok());
  const std::string xml = ZipEntry(path, "xl/worksheets/sheet1.xml");
  const std::string styles = ZipEntry(path, "xl/styles.xml");
  CHECK(CellXml(xml, "D3").find("t=\"str\"><f>IF(C3=0,\"нет данных\",B3/C3)</f><v>нет данных</v>") !=
        std::string::npos);
  CHECK(FormatCodeOfStyle(styles, std::stoi(Attr(CellXml(xml, "D4"), "s"))) == "0.0");
  // A section row covers every column, empty ones included, with one bold filled style.
  for (const char* ref : {"A2", "B2", "C2", "D2"}) CHECK_MESSAGE(!Attr(CellXml(xml, ref), "s").empty(), ref);
  CHECK(styles.find("<fgColor rgb=\"FFEDEDED\"/>") != std::string::npos);
  // The cellXfs entry of a cell's style: section rows filled, total rows bordered, both bold.
  auto xf = [&](const std::string& ref) {
    size_t pos = styles.find("<cellXfs");
    for (int i = 0, s = std::stoi(Attr(CellXml(xml, ref), "s")); i <= s; ++i) pos = styles.find("<xf ", pos + 1);
    return styles.substr(pos, styles.find('>', pos) - pos);
  };
  for (const char* ref : {"A2", "C2", "D2"}) CHECK_MESSAGE(Attr(xf(ref), "fillId") != "0", ref);
  for (const char* ref : {"A4", "B4", "D4"}) {
    CHECK_MESSAGE(Attr(xf(ref), "borderId") != "0", ref);
    CHECK_MESSAGE(Attr(xf(ref), "fontId") == Attr(xf("A2"), "fontId"), ref);  // the bold font
  }
  CHECK(Attr(xf("D3"), "fontId") != Attr(xf("A2"), "fontId"));  // a normal row is not bold
  fs::remove_all(dir);
}
