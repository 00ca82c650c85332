#pragma once
// XLSX adapter: a small, typed API over libxlsxwriter for every workbook the
// site publishes. This is the only place that includes <xlsxwriter.h>; the
// rest of nastavnik speaks Date, Status and the types below. The large, plain
// internal workbooks use our streaming writer instead (publish/xlsx_stream.h),
// with the same cell and column types and the shared rules in xlsx_common.
//
// Model: a workbook has sheets; a sheet has a fixed list of columns (header,
// width, number format, optional dropdown list) and receives its data rows in
// order through WriteRow(). Rows are streamed straight into libxlsxwriter and
// not kept here, so in constant-memory mode a 1,000,000-row registry costs
// one row of memory (libxlsxwriter spools each sheet to a temporary file).
//
// Guarantees:
//  - Byte-reproducible: the same calls give the same bytes. The document's
//    created/modified time is XlsxDocProps::created_epoch, never the clock;
//    libxlsxwriter stamps every zip entry with a fixed date (1980-01-01) and
//    its temporary file names never reach the output.
//  - Text is text: XlsxCell::Text() is always written as a string, even when
//    it starts with '=', '+', '-' or '@' (formula injection). Only
//    XlsxCell::Formula() writes a formula.
//  - No libxlsxwriter error code escapes: failures become a Status with a
//    Russian message. Errors are sticky: the first one is remembered, later
//    calls are ignored, and Close() returns it.
//  - The file at `path` appears only when Close() succeeds (it is written to
//    a sibling temporary name and renamed), so a failed build never leaves a
//    truncated workbook behind.
//
// Constant-memory mode (XlsxWorkbook::Create(..., constant_memory=true)):
//  - rows of a sheet must be written in order, which WriteRow() does anyway;
//  - strings are written inline (<is>) instead of into the shared string
//    table; Excel and LibreOffice read both;
//  - charts get no cached data (a spreadsheet program computes it on open);
//  - everything else this adapter offers (formats, freeze, autofilter, print
//    setup, dropdowns, conditional formats, charts) works in both modes,
//    because the adapter applies range-based features in Close().
//  Features this adapter deliberately does not expose and that would not work
//  there: merged cells, tables, writing to a row above the current one.
//
// Measured (issue 9 owns the benchmark): 1,000,000 rows x 5 columns take
// 11 s and 6 MB of memory in constant-memory mode, 20 s and 800 MB without.
//
// Thread safety: an XlsxWorkbook and its sheets must be used from one thread.
// The adapter shares no state between workbooks; writing distinct workbooks
// on distinct threads has not been tested yet.
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.h"
#include "util/status.h"

namespace nastavnik {

// Document properties shown in File → Properties.
struct XlsxDocProps {
  std::string title;
  std::string subject;
  std::string author;
  std::string company;   // e.g. the education department
  std::string keywords;
  std::string comments;
  // Seconds since the epoch for the created and modified time: the caller
  // passes SourceDateEpochOr(content's last commit time). Values <= 0 are
  // written as 1 (1970-01-01T00:00:01Z) because 0 would make libxlsxwriter
  // use the clock and break reproducibility.
  long long created_epoch = 0;
};

// How a column's cells are displayed. Cells keep their own type (a Date cell
// is a date wherever it is written); the format picks the display.
enum class XlsxFormat {
  kText,      // text format "@": what a school types stays text ("01" keeps its zero)
  kInteger,   // 0
  kDecimal,   // 0.00
  kTenths,    // 0.0: an indicator value, rounded to one decimal like the site
  kGeneral,   // General: a count or a sum, whole or fractional, shown as it is
  kPercent,   // 0.0% (the value is a share: 0.25 shows as 25,0%)
  kDate,      // dd.mm.yyyy, shown as ДД.ММ.ГГГГ in a Russian Excel
  kWrapText,  // text, wrapped, top-aligned (long descriptions)
};

struct XlsxColumn {
  std::string header;      // Russian, shown bold in the header row
  double width = 14;       // Excel character units
  XlsxFormat format = XlsxFormat::kText;
  // When not empty, every cell below the header gets a dropdown with these
  // values (data validation, stop on other input). Lists longer than Excel's
  // 255-character limit, or with commas or quotes in a value, are moved to a
  // hidden sheet «Списки» and referenced from there.
  std::vector<std::string> validation_list;
};

struct XlsxSheetOptions {
  // Optional title written in row 1 above the header (bold, larger); the
  // header then is row 2.
  std::string title;
  bool freeze_header = true;       // rows down to the header stay visible
  bool autofilter = true;          // filter buttons on the header over the data
  bool landscape = false;          // print setup
  bool fit_to_width = false;       // print on one page wide, as many pages tall as needed
  bool repeat_header_rows = false; // print the header (and title) on every page
};

// One cell value. Cheap to copy for numbers and dates; text is owned.
class XlsxCell {
 public:
  enum class Kind { kEmpty, kText, kNumber, kDate, kFormula, kFormulaText };

  static XlsxCell Empty() { return XlsxCell(Kind::kEmpty); }
  // Always a string cell, whatever the text looks like. Invalid UTF-8 is
  // repaired (U+FFFD); text longer than Excel's cell limit is cut at a
  // character boundary.
  static XlsxCell Text(std::string text);
  // Non-finite values (NaN, infinity) are written as an empty cell: Excel has
  // no representation for them.
  static XlsxCell Number(double value);
  static XlsxCell Integer(long long value) { return Number(static_cast<double>(value)); }
  // A real date cell. REQUIRES: a valid date in 1900..9999 (Excel's range);
  // any other date is written as its ISO text.
  static XlsxCell Date(const ::nastavnik::Date& date);
  // An Excel formula in English syntax with ',' separators ("=IFERROR(C3/D3,0)";
  // the leading '=' is optional) and the value the site computed, stored as
  // the cached result so viewers that do not recompute show the same number.
  static XlsxCell Formula(std::string formula, double cached_value);
  // A formula whose cached result is text, e.g. «нет данных» from
  // =IF(D3=0,"нет данных",…) or "" — what the site shows when a value is
  // missing. The cached text is written as the formula's string result.
  static XlsxCell FormulaText(std::string formula, std::string cached_text);

  // Makes this cell Text(text), reusing its buffer: rows written in a loop
  // into the same cells allocate nothing once the buffers have grown.
  void SetText(std::string_view text);
  // Makes this cell Empty(), keeping its buffers.
  void SetEmpty() { kind_ = Kind::kEmpty; }
  // Whether Text(text) keeps `text` as it is (valid UTF-8, within Excel's
  // cell limit): then a writer may use it without making the cell.
  static bool TextIsKept(std::string_view text);
  // TextIsKept for text known to be valid UTF-8 (Record::utf8).
  static bool Utf8TextIsKept(std::string_view text);
  // Whether Date(date) is a date cell (not its ISO text).
  static bool IsExcelDate(const ::nastavnik::Date& date);

  Kind kind() const { return kind_; }
  const std::string& text() const { return text_; }  // kText, kFormula, kFormulaText
  double number() const { return number_; }           // kNumber, kFormula (cached)
  const std::string& cached_text() const { return cached_text_; }  // kFormulaText
  const ::nastavnik::Date& date() const { return date_; }

 private:
  explicit XlsxCell(Kind kind) : kind_(kind) {}
  Kind kind_;
  std::string text_;
  double number_ = 0;
  std::string cached_text_;
  ::nastavnik::Date date_;
};

// A cell seen without copying its text (XlsxCellsFormatter's rows): an
// XlsxCell's, or text that XlsxCell::TextIsKept, or a date that
// XlsxCell::IsExcelDate. Valid while what it views is.
class XlsxCellView {
 public:
  XlsxCellView() : kind_(XlsxCell::Kind::kEmpty) {}
  explicit XlsxCellView(const XlsxCell& cell)
      : kind_(cell.kind()), text_(cell.text()), cached_text_(cell.cached_text()), number_(cell.number()),
        date_(cell.date()) {}
  static XlsxCellView Text(std::string_view kept_text) {
    XlsxCellView v(XlsxCell::Kind::kText);
    v.text_ = kept_text;
    return v;
  }
  static XlsxCellView Date(const ::nastavnik::Date& excel_date) {
    XlsxCellView v(XlsxCell::Kind::kDate);
    v.date_ = excel_date;
    return v;
  }
  XlsxCell::Kind kind() const { return kind_; }
  std::string_view text() const { return text_; }
  std::string_view cached_text() const { return cached_text_; }
  double number() const { return number_; }
  const ::nastavnik::Date& date() const { return date_; }

 private:
  explicit XlsxCellView(XlsxCell::Kind kind) : kind_(kind) {}
  XlsxCell::Kind kind_;
  std::string_view text_, cached_text_;
  double number_ = 0;
  ::nastavnik::Date date_;
};

// How a whole data row looks. Every cell of a styled row, empty ones
// included, gets the style on top of its column's number format.
enum class XlsxRowStyle {
  kNormal,
  kSection,  // a heading row inside the table (a roadmap section): bold, grey fill
  kTotal,    // a total row: bold, a line above
};

// "A1"-style name of a 0-based cell position: XlsxCellName(2, 3) == "D3".
std::string XlsxCellName(int row, int column);

// A sheet name Excel accepts: []:*?/\ become '_', leading and trailing
// apostrophes are dropped, control characters removed, at most 31 characters
// (code points, not bytes); empty becomes «Лист».
std::string SanitizeSheetName(std::string_view name);

// A column chart next to the table: one category per data row, one series
// per value column (e.g. «Значение» and «Цель»).
struct XlsxColumnChart {
  std::string title;
  int category_column = 0;          // e.g. the organization name
  std::vector<int> value_columns;   // series, named by their headers
  std::string y_axis_title;
};

// What the two writers share (this adapter and our own streaming writer,
// publish/xlsx_stream.h), so both give the same cells, styles and limits.
namespace xlsx_common {

// "A", "B", …, "Z", "AA"… for a 0-based column.
std::string ColumnLetters(int column);

// `text` with every literal "_xHHHH_" protected as "_x005F_xHHHH_" (Excel
// reads that sequence as an escaped character); `buffer` holds the result
// when it differs.
const std::string& ProtectEscapes(const std::string& text, std::string* buffer);
std::string_view ProtectEscapes(std::string_view text, std::string* buffer);

// The display format a cell gets in a column of `column_format`: a text cell
// is text (wrapped in a wrapping column), a number keeps a numeric or date
// column's format, a date is a date, a formula keeps a numeric column's
// format; empty optional = General without a format of its own.
std::optional<XlsxFormat> CellFormat(XlsxCell::Kind kind, XlsxFormat column_format);

// `wanted` sanitised (SanitizeSheetName) and made unique among *used
// (compared case-insensitively, « (2)» appended), then added to *used.
std::string UniqueSheetName(const std::string& wanted, std::set<std::string>* used);

// A dropdown list as written: items as text cells, and whether it fits
// Excel's inline form (≤ 255 bytes joined, no comma or quote in an item);
// otherwise it goes to the hidden sheet kListsSheetName.
struct Dropdown {
  std::vector<std::string> items;
  bool inline_ok = true;
};
Dropdown PrepareDropdown(const std::vector<std::string>& list);
inline constexpr char kListsSheetName[] = "Списки";
inline constexpr char kDropdownErrorTitle[] = "Значение не из списка";
inline constexpr char kDropdownErrorMessage[] = "Выберите значение из раскрывающегося списка.";

}  // namespace xlsx_common

class XlsxWorkbook;

// Rows in one Excel worksheet, header rows included (Excel's limit).
inline constexpr int kXlsxMaxRows = 1048576;

// What both sheet writers (this adapter's XlsxSheet and our streaming
// XlsxStreamSheet, publish/xlsx_stream.h) know of a sheet: its name,
// columns, options and where its rows are.
class XlsxSheetLayout {
 public:
  const std::string& name() const { return name_; }  // after sanitising
  size_t column_count() const { return columns_.size(); }
  // 0-based Excel row index the next WriteRow() fills, so a caller can build
  // formulas: XlsxCellName(sheet->next_row(), 2) is this row's column C.
  int next_row() const { return next_row_; }
  int first_data_row() const { return first_data_row_; }
  long long data_row_count() const { return next_row_ - first_data_row_; }
  // True when the sheet has reached Excel's row limit: a writer with more rows
  // continues on a new sheet (AddSheet with the same name gives « (2)»).
  bool full() const { return next_row_ >= kXlsxMaxRows; }

 protected:
  // The title (when there is one) is row 1, the header follows, then the data.
  XlsxSheetLayout(std::string name, std::vector<XlsxColumn> columns, XlsxSheetOptions options)
      : name_(std::move(name)),
        columns_(std::move(columns)),
        options_(std::move(options)),
        header_row_(options_.title.empty() ? 0 : 1),
        first_data_row_(header_row_ + 1),
        next_row_(first_data_row_) {}

  std::string name_;
  std::vector<XlsxColumn> columns_;
  XlsxSheetOptions options_;
  int header_row_;
  int first_data_row_;
  int next_row_;
};

// A worksheet. Owned by its XlsxWorkbook; valid until Close() or destruction.
class XlsxSheet : public XlsxSheetLayout {
 public:
  XlsxSheet(const XlsxSheet&) = delete;
  XlsxSheet& operator=(const XlsxSheet&) = delete;
  ~XlsxSheet();

  // Writes the next data row. REQUIRES: cells.size() <= column_count().
  // Fewer cells leave the rest empty. Errors are sticky (see file comment).
  void WriteRow(const std::vector<XlsxCell>& cells, XlsxRowStyle style = XlsxRowStyle::kNormal);

  // Conditional formatting on value_column over the data rows: green fill
  // when the value has reached target_column in the same row (>= target, or
  // <= target when !higher_is_better), red fill when it has not. Rows where
  // either cell is not a number are left unformatted. Applied in Close().
  void AddAchievementFormat(int value_column, int target_column, bool higher_is_better = true);

  // A column chart to the right of the table, over the rows written by
  // Close(). Nothing is drawn when the sheet has no data rows.
  void AddColumnChart(XlsxColumnChart chart);

 private:
  friend class XlsxWorkbook;
  struct Impl;
  XlsxSheet(XlsxWorkbook* book, std::string name, std::vector<XlsxColumn> columns,
            XlsxSheetOptions options);
  void Fail(const std::string& message);

  XlsxWorkbook* book_;
  std::unique_ptr<Impl> impl_;
};

class XlsxWorkbook {
 public:
  // Starts a workbook that Close() writes to `path`. Sets *status to OK, or
  // returns null with an error when the folder of `path` does not exist or
  // libxlsxwriter cannot start. `tmpdir` holds libxlsxwriter's temporary files (unlinked as soon
  // as they are created); empty means the folder of `path`, which has room
  // for the output — /tmp may be a small tmpfs. REQUIRES: status != nullptr.
  static std::unique_ptr<XlsxWorkbook> Create(const std::string& path, const XlsxDocProps& props,
                                              bool constant_memory, Status* status,
                                              const std::string& tmpdir = {});
  // Without Close() nothing is written.
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  // Adds a sheet and writes its title and header row. The name is sanitised
  // (SanitizeSheetName) and made unique (« (2)») within the workbook. Never
  // null; after an error the sheet ignores writes and Close() reports it.
  // REQUIRES: 1 <= columns.size() <= 16384; not called after Close().
  XlsxSheet* AddSheet(std::string name, std::vector<XlsxColumn> columns,
                      XlsxSheetOptions options = {});

  // The first error so far (sticky), or OK.
  const Status& status() const { return status_; }

  // Applies the deferred range features, writes the file and releases
  // libxlsxwriter. Call once; the sheets are invalid afterwards.
  Status Close();

 private:
  friend class XlsxSheet;
  struct Impl;
  XlsxWorkbook();
  void Fail(const std::string& message);

  std::string path_;
  Status status_;
  bool closed_ = false;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nastavnik
