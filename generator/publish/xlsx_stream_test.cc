// Our streaming XLSX writer: the parts a spreadsheet program needs, the same
// cells and styles as the libxlsxwriter adapter, sheets one after another.
// tests/integration/test_spreadsheets.py opens its workbooks in LibreOffice.
#include "publish/xlsx_stream.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "publish/xlsx_test_util.h"
#include "util/test_temp_dir.h"

using namespace nastavnik;
using namespace nastavnik::xlsx_test;
namespace fs = std::filesystem;

namespace {

std::vector<XlsxColumn> Columns() {
  return {
      {"Код", 10, XlsxFormat::kText, {}},
      {"Дата", 12, XlsxFormat::kDate, {}},
      {"Часов", 11, XlsxFormat::kInteger, {}},
      {"Роль", 16, XlsxFormat::kText, {"наставник", "наставляемый"}},
      {"Форма", 20, XlsxFormat::kText, {"a, b", "c"}},  // a comma: the hidden sheet
      {"Доля", 9, XlsxFormat::kTenths, {}},
  };
}

// A titled sheet with every print option on.
XlsxSheetOptions PrintedOptions() {
  XlsxSheetOptions opts;
  opts.title = "Участники — школа";
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  return opts;
}

// Two sheets: every kind of cell on a printed sheet, then a plain sheet of
// formulas whose name clashes (case-insensitively) with the first. Returns
// the first sheet.
XlsxStreamSheet* WriteSheets(XlsxStreamWorkbook& book) {
  XlsxStreamSheet* people = book.AddSheet("Участники", Columns(), PrintedOptions());
  CHECK(people->first_data_row() == 2);
  people->WriteRow({XlsxCell::Text("=1+2"), XlsxCell::Date({2010, 9, 1}), XlsxCell::Integer(12),
                    XlsxCell::Text("наставник"), XlsxCell::Text(" a<b & c "), XlsxCell::Number(0.25)});
  people->WriteRow({XlsxCell::Text("x_x0041_\x01y"), XlsxCell::Date({1900, 1, 1}), XlsxCell::Empty(),
                    XlsxCell::Text("наставляемый")});
  CHECK(people->data_row_count() == 2);
  XlsxSheetOptions plain;
  plain.autofilter = false;
  plain.freeze_header = false;
  XlsxStreamSheet* counts = book.AddSheet("участники", {{"Что", 40, XlsxFormat::kWrapText, {}},
                                                         {"Сколько", 12, XlsxFormat::kInteger, {}}}, plain);
  CHECK(counts->name() == "участники (2)");
  counts->WriteRow({XlsxCell::Text("всего"), XlsxCell::Formula("=COUNTIFS('Участники'!$D:$D,\"наставник\")", 1)});
  counts->WriteRow({XlsxCell::Text("итог"), XlsxCell::FormulaText("IF(B2=0,\"нет данных\",B2)", "нет данных")},
                   XlsxRowStyle::kTotal);
  return people;
}

// The sheets above, then a row for the first sheet, which is refused.
void WriteSample(const fs::path& path) {
  Status st;
  auto book = XlsxStreamWorkbook::Create(path.string(), {"Мониторинг", "Тема", "Автор", "ООО «Р»", "", "не публиковать", 1725148800}, &st);
  REQUIRE(book);
  XlsxStreamSheet* people = WriteSheets(*book);
  people->WriteRow({XlsxCell::Text("late")});  // an earlier sheet: refused
  CHECK(!book->status().ok());
}

}  // namespace

TEST_CASE("XlsxStreamWorkbook writes the parts, cells, styles and sheet features") {
  TempDir dir("xlsx-stream");
  const fs::path path = dir.dir() / "form.xlsx";
  Status st;
  auto book = XlsxStreamWorkbook::Create(path.string(), {"Мониторинг", "", "", "", "", "", 1725148800}, &st);
  REQUIRE(book);
  WriteSheets(*book);
  st = book->Close();
  REQUIRE_MESSAGE(st.ok(), st.message());

  const std::string sheet = ZipEntry(path, "xl/worksheets/sheet1.xml");
  const std::string styles = ZipEntry(path, "xl/styles.xml");
  // Title, header, frozen below the header, print setup.
  CHECK(CellXml(sheet, "A1").find("<t>Участники — школа</t>") != std::string::npos);
  CHECK(CellXml(sheet, "D2").find("<t>Роль</t>") != std::string::npos);
  CHECK(sheet.find("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>") !=
        std::string::npos);
  CHECK(sheet.find("<pageSetUpPr fitToPage=\"1\"/>") != std::string::npos);
  CHECK(sheet.find("orientation=\"landscape\" fitToHeight=\"0\"") != std::string::npos);
  CHECK(sheet.find("<autoFilter ref=\"A2:F4\"/>") != std::string::npos);
  // Cells: text stays text, dates are serials with a date format, escapes.
  CHECK(CellXml(sheet, "A3") == "<c s=\"3\" t=\"inlineStr\"><is><t>=1+2</t></is></c>");
  CHECK(CellXml(sheet, "B3").find("<v>40422</v>") != std::string::npos);
  CHECK(FormatCodeOfStyle(styles, std::stoi(Attr(CellXml(sheet, "B3"), "s"))) == "dd.mm.yyyy");
  CHECK(CellXml(sheet, "B4").find("<v>1</v>") != std::string::npos);  // 1900-01-01
  CHECK(FormatCodeOfStyle(styles, std::stoi(Attr(CellXml(sheet, "F3"), "s"))) == "0.0");
  CHECK(CellXml(sheet, "F3").find("<v>0.25</v>") != std::string::npos);
  CHECK(CellXml(sheet, "E3").find("<t xml:space=\"preserve\"> a&lt;b &amp; c </t>") != std::string::npos);
  CHECK(CellXml(sheet, "A4").find("<t>x_x005F_x0041__x0001_y</t>") != std::string::npos);
  CHECK(CellXml(sheet, "C4").empty());  // an empty cell is not written
  CHECK(sheet.find("<f>") == std::string::npos);
  // Dropdowns: inline, and a list with a comma on the hidden sheet.
  CHECK(sheet.find("sqref=\"D3:D1048576\"><formula1>\"наставник,наставляемый\"</formula1>") != std::string::npos);
  CHECK(sheet.find("sqref=\"E3:E1048576\"><formula1>'Списки'!$A$1:$A$2</formula1>") != std::string::npos);
  const std::string lists = ZipEntry(path, "xl/worksheets/sheet3.xml");
  CHECK(lists.find("<t>a, b</t>") != std::string::npos);
  const std::string workbook = ZipEntry(path, "xl/workbook.xml");
  CHECK(workbook.find("<sheet name=\"Списки\" sheetId=\"3\" state=\"hidden\" r:id=\"rId3\"/>") != std::string::npos);
  CHECK(workbook.find("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">"
                      "'Участники'!$A$2:$F$4</definedName>") != std::string::npos);
  CHECK(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Участники'!$1:$2"
                      "</definedName>") != std::string::npos);
  // Formulas with cached results; a total row styles every column.
  const std::string second = ZipEntry(path, "xl/worksheets/sheet2.xml");
  CHECK(CellXml(second, "B2").find("<f>COUNTIFS('Участники'!$D:$D,\"наставник\")</f><v>1</v>") != std::string::npos);
  CHECK(CellXml(second, "B3").find("t=\"str\"><f>IF(B2=0,\"нет данных\",B2)</f><v>нет данных</v>") !=
        std::string::npos);
  CHECK(sheet.find("tabSelected") != std::string::npos);
  CHECK(second.find("tabSelected") == std::string::npos);
  CHECK(second.find("<autoFilter") == std::string::npos);
  CHECK(ZipEntry(path, "docProps/core.xml").find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-09-01T00:00:00Z") !=
        std::string::npos);
  CHECK(ZipEntry(path, "[Content_Types].xml").find("/xl/worksheets/sheet3.xml") != std::string::npos);
}

TEST_CASE("XlsxStreamWorkbook: byte-identical runs; rows after the next sheet are an error") {
  TempDir dir("xlsx-stream-2");
  WriteSample(dir.dir() / "a.xlsx");
  WriteSample(dir.dir() / "b.xlsx");
  // The refused row made Close fail: no file, no leftovers.
  CHECK(fs::is_empty(dir.dir()));
  Status st;
  for (const char* name : {"c.xlsx", "d.xlsx"}) {
    auto book = XlsxStreamWorkbook::Create((dir.dir() / name).string(), {"T", "", "", "", "", "", 5}, &st);
    XlsxStreamSheet* s = book->AddSheet("Лист", Columns());
    for (int i = 0; i < 3000; ++i) s->WriteRow({XlsxCell::Text("строка " + std::to_string(i)), XlsxCell::Date({2024, 1, 1})});
    REQUIRE(book->Close().ok());
  }
  CHECK(ReadWholeFile(dir.dir() / "c.xlsx") == ReadWholeFile(dir.dir() / "d.xlsx"));
  CHECK(ZipEntry(dir.dir() / "c.xlsx", "xl/worksheets/sheet1.xml").find("<t>строка 2999</t>") != std::string::npos);
}

TEST_CASE("XlsxStreamSheet::WriteCells writes what WriteRow writes; the row number goes after a skipped cell") {
  TempDir dir("xlsx-stream-cells");
  const std::vector<std::vector<XlsxCell>> rows = {
      {XlsxCell::Text("a"), XlsxCell::Date({2010, 9, 1}), XlsxCell::Empty(), XlsxCell::Text("наставник")},
      {XlsxCell::Empty(), XlsxCell::Empty(), XlsxCell::Integer(7)},
      {XlsxCell::Text("x_x0041_\x01 "), XlsxCell::Empty(), XlsxCell::Empty(), XlsxCell::Empty(), XlsxCell::Empty(),
       XlsxCell::Number(0.5)},
  };
  auto write = [&](const fs::path& path, bool formatted) {
    Status st;
    auto book = XlsxStreamWorkbook::Create(path.string(), {"Т", "", "", "", "", "", 1725148800}, &st);
    REQUIRE(book);
    XlsxStreamSheet* sheet = book->AddSheet("Участники", Columns(), PrintedOptions());
    XlsxCellsFormatter formatter(Columns());
    for (const auto& row : rows) {
      if (!formatted) {
        sheet->WriteRow(row);
        continue;
      }
      formatter.Clear();
      sheet->WriteCells(formatter.Row(formatter.Format(row)));
    }
    st = book->Close();
    REQUIRE_MESSAGE(st.ok(), st.message());
    return ZipEntry(path, "xl/worksheets/sheet1.xml");
  };
  const std::string plain = write(dir.dir() / "rows.xlsx", false);
  const std::string sheet = write(dir.dir() / "cells.xlsx", true);
  CHECK(sheet == plain);
  CHECK(CellXml(sheet, "D3") == "<c r=\"D3\" s=\"3\" t=\"inlineStr\"><is><t>наставник</t></is></c>");
  CHECK(CellXml(sheet, "C4") == "<c r=\"C4\" s=\"4\"><v>7</v></c>");
  CHECK(CellXml(sheet, "A5").find("<t xml:space=\"preserve\">x_x005F_x0041__x0001_ </t>") != std::string::npos);
  CHECK(CellXml(sheet, "F5").find("<v>0.5</v>") != std::string::npos);
  CHECK(sheet.find('\x01') == std::string::npos);

  // Text with a character to escape anywhere (plain text skips the escape
  // pass, 8 bytes at a time): escaped wherever it is.
  XlsxCellsFormatter one(Columns());
  const std::pair<const char*, const char*> specials[] = {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"},
                                                          {"\x02", "_x0002_"}, {"_x0041_", "_x005F_x0041_"}};
  for (const auto& [special, escaped] : specials)
    for (size_t at = 0; at <= 17; ++at) {
      const std::string text = std::string(at, 'a') + special + std::string(17 - at, 'b');
      const std::string want = std::string(at, 'a') + escaped + std::string(17 - at, 'b');
      one.Clear();
      const std::string_view xml = one.Row(one.Format({XlsxCell::Text(text)})).xml;
      CHECK_MESSAGE(xml.find("<t>" + want + "</t>") != std::string_view::npos, text);
    }

  // Cells formatted for other columns are refused.
  Status st;
  auto book = XlsxStreamWorkbook::Create((dir.dir() / "other.xlsx").string(), {"Т", "", "", "", "", "", 1}, &st);
  REQUIRE(book);
  XlsxStreamSheet* sheet2 = book->AddSheet("Лист", Columns());
  XlsxCellsFormatter other({{"Код", 10, XlsxFormat::kInteger, {}}});
  sheet2->WriteCells(other.Row(other.Format({XlsxCell::Integer(1)})));
  CHECK(!book->status().ok());
}
