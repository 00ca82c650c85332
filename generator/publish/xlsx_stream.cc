#include "publish/xlsx_stream.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "util/date.h"
#include "util/strings.h"
#include "util/xml_text.h"

using std::string_view_literals::operator""sv;

namespace nastavnik {

namespace {

using xlsx_common::ColumnLetters;

constexpr char kXmlHead[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr char kMainNs[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelNs[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Opens a worksheet part: the XML declaration and <worksheet> with its
// namespaces; the caller writes the rest.
void AppendWorksheetOpen(std::string& x) {
  x += kXmlHead;
  x += "<worksheet xmlns=\"";
  x += kMainNs;
  x += "\" xmlns:r=\"";
  x += kRelNs;
  x += "\">";
}

// The styles table is fixed (styles.xml below): 0 General; 1 title; 2 header;
// 3 + format for a plain cell of an XlsxFormat; 11 + format in a section row,
// 19 + format in a total row; 27 and 28 a section and a total cell without a
// format of its own.
constexpr int kTitleStyle = 1;
constexpr int kHeaderStyle = 2;
constexpr int kFormatCount = 8;
static_assert(static_cast<int>(XlsxFormat::kWrapText) == kFormatCount - 1, "kNumFmt follows XlsxFormat's order");

int StyleIndex(std::optional<XlsxFormat> format, XlsxRowStyle row) {
  const int base = row == XlsxRowStyle::kNormal ? 3 : row == XlsxRowStyle::kSection ? 11 : 19;
  if (format) return base + static_cast<int>(*format);
  return row == XlsxRowStyle::kNormal ? 0 : row == XlsxRowStyle::kSection ? 27 : 28;
}

// numFmtId of each XlsxFormat, in enum order: text, integer, decimal,
// tenths, general, percent, date, wrapped text.
constexpr int kNumFmt[kFormatCount] = {49, 1, 2, 165, 0, 164, 166, 49};

std::string StylesXml() {
  std::string x = kXmlHead;
  x += "<styleSheet xmlns=\"";
  x += kMainNs;
  x += "\"><numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"
       "<numFmt numFmtId=\"165\" formatCode=\"0.0\"/><numFmt numFmtId=\"166\" formatCode=\"dd.mm.yyyy\"/></numFmts>"
       "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
       "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
       "<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
       "<fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill>"
       "<fill><patternFill patternType=\"gray125\"/></fill>"
       "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9E1F2\"/><bgColor indexed=\"64\"/></patternFill></fill>"
       "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFEDEDED\"/><bgColor indexed=\"64\"/></patternFill></fill>"
       "</fills><borders count=\"3\"><border><left/><right/><top/><bottom/><diagonal/></border>"
       "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
       "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>"
       "<border><left/><right/><top style=\"thin\"><color auto=\"1\"/></top><bottom/><diagonal/></border></borders>"
       "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
       "<cellXfs count=\"29\">";
  auto xf = [&x](int num_fmt, int font, int fill, int border, const char* alignment) {
    x += "<xf numFmtId=\"" + std::to_string(num_fmt) + "\" fontId=\"" + std::to_string(font) + "\" fillId=\"" +
         std::to_string(fill) + "\" borderId=\"" + std::to_string(border) + "\" xfId=\"0\"";
    if (num_fmt) x += " applyNumberFormat=\"1\"";
    if (font) x += " applyFont=\"1\"";
    if (fill) x += " applyFill=\"1\"";
    if (border) x += " applyBorder=\"1\"";
    if (*alignment) {
      x += " applyAlignment=\"1\"><alignment ";
      x += alignment;
      x += "/></xf>";
    } else {
      x += "/>";
    }
  };
  const char* kWrapTop = "vertical=\"top\" wrapText=\"1\"";
  xf(0, 0, 0, 0, "");                                      // 0 General
  xf(0, 2, 0, 0, "");                                      // 1 title
  xf(0, 1, 2, 1, "vertical=\"center\" wrapText=\"1\"");  // 2 header
  const XlsxFormat kWrap = XlsxFormat::kWrapText;
  for (int row = 0; row < 3; ++row) {  // plain, section, total
    const int font = row == 0 ? 0 : 1, fill = row == 1 ? 3 : 0, border = row == 2 ? 2 : 0;
    for (int f = 0; f < kFormatCount; ++f) xf(kNumFmt[f], font, fill, border, f == static_cast<int>(kWrap) ? kWrapTop : "");
  }
  xf(0, 1, 3, 0, "");  // 27 section, no format
  xf(0, 1, 0, 2, "");  // 28 total, no format
  x += "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
       "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" "
       "defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>";
  return x;
}

// Excel's stored column width for a width in character units, as
// libxlsxwriter computes it (7-pixel digits, 5 pixels of padding).
double StoredColumnWidth(double width) {
  constexpr double kDigit = 7, kPadding = 5;
  if (width <= 0) width = 14;
  if (width < 1) return static_cast<uint16_t>(static_cast<uint16_t>(width * (kDigit + kPadding) + 0.5) / kDigit * 256.0) / 256.0;
  return static_cast<uint16_t>((static_cast<uint16_t>(width * kDigit + 0.5) + kPadding) / kDigit * 256.0) / 256.0;
}

// Characters of cell text that need care: & < > and control characters
// (written as Excel's _xHHHH_ escape; tab and newline stay).
struct EscapeTable {
  bool special[256] = {};
  EscapeTable() {
    for (int c = 0; c < 0x20; ++c) special[c] = c != '\t' && c != '\n';
    special[static_cast<unsigned char>('&')] = special[static_cast<unsigned char>('<')] =
        special[static_cast<unsigned char>('>')] = true;
  }
};
const EscapeTable kEscape;

// Whether cell text is written as it is: no byte Escape or ProtectEscapes
// would change (& < > _ and control characters; tab and newline too, to keep
// this simple). Most registry cells are.
bool IsPlainText(std::string_view s) { return !ContainsAnyByte<true, '&', '<', '>', '_'>(s); }

// `s` with & < > and control characters escaped, handed to put(piece) in
// order: runs of `s` as they are, escapes between them.
template <typename Put>
void Escape(std::string_view s, Put&& put) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kEscape.special[c]) continue;
    put(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '&': put("&amp;"sv); break;
      case '<': put("&lt;"sv); break;
      case '>': put("&gt;"sv); break;
      default: {
        constexpr char kHex[] = "0123456789ABCDEF";
        const char esc[7] = {'_', 'x', '0', '0', kHex[c >> 4], kHex[c & 15], '_'};
        put(std::string_view(esc, sizeof esc));
      }
    }
  }
  put(s.substr(run));
}

void AppendEscaped(std::string_view s, std::string* out) {
  Escape(s, [out](std::string_view piece) { out->append(piece); });
}

// At most how many bytes a cell text of `n` bytes takes written: «_x» pairs
// protected (ProtectEscapes: < 2 bytes a byte), then escaped (≤ 7 a byte).
constexpr size_t kTextBound = 14;

// Writes into room reserved beforehand (RowRoom): no checks, no calls per
// piece. The sheets' rows are most of a registry workbook's CPU.
struct RawWriter {
  char* p;
  template <size_t N>
  void Lit(const char (&s)[N]) {
    std::memcpy(p, s, N - 1);
    p += N - 1;
  }
  void Bytes(std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  void Int(long long v) { p = std::to_chars(p, p + 24, v).ptr; }
  void Number(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return Int(static_cast<long long>(v));
    p = std::to_chars(p, p + 32, v).ptr;
  }
  void Escaped(std::string_view s) {
    Escape(s, [this](std::string_view piece) { Bytes(piece); });
  }
};

long ExcelSerial(const Date& d) {
  // Excel counts 1900-02-29, which never was: dates from March 1900 are one
  // day further than their distance from 1899-12-31.
  const long days = d.DaysSinceEpoch() + 25569;
  return (d.year == 1900 && d.month <= 2) ? days - 1 : days;
}

// Marks where the row number goes in cells formatted beforehand
// (XlsxFormattedCells): a control character, which cell text never holds raw
// (it is written as _x0001_).
constexpr char kRowMark = '\x01';

// At most how many bytes the <c> elements of `width` cells take, `cells`
// first, empty ones after them.
template <class Cell>
size_t RowRoom(const std::vector<Cell>& cells, size_t width) {
  size_t room = 0;
  for (size_t i = 0; i < std::min(width, cells.size()); ++i)
    if (cells[i].kind() == XlsxCell::Kind::kEmpty) room += 128;  // (SetEmpty keeps an old text)
    else room += 128 + kTextBound * (cells[i].text().size() + cells[i].cached_text().size());
  return room + 128 * (width - std::min(width, cells.size()));
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Whether a cell's text needs xml:space="preserve" (spaces at an end).
bool KeepsSpaces(std::string_view t) { return !t.empty() && (IsSpace(t.front()) || IsSpace(t.back())); }

// Writes the <c> elements of the `width` cells of a row into room reserved
// for them (RowRoom) and returns the end. In a normal row an empty cell is
// skipped; a cell carries its reference (r="C7", `row` being "7") only after
// a skipped one: the others follow in column order, where readers put a cell
// without one, and the row's bytes stay the same on every row number.
XlsxCell EmptyCell(const XlsxCell*) { return XlsxCell::Empty(); }
XlsxCellView EmptyCell(const XlsxCellView*) { return XlsxCellView(); }

template <class Cell>
char* WriteCellsXml(char* out, const std::vector<Cell>& cells, size_t width, const XlsxFormat* formats,
                    const std::string* letters, XlsxRowStyle style, std::string_view row, std::string* escape_buffer,
                    std::vector<uint32_t>* marks = nullptr) {
  static const Cell kEmpty = EmptyCell(static_cast<const Cell*>(nullptr));
  RawWriter w{out};
  bool skipped = false;
  for (size_t i = 0; i < width; ++i) {
    const Cell& cell = i < cells.size() ? cells[i] : kEmpty;
    if (cell.kind() == XlsxCell::Kind::kEmpty && style == XlsxRowStyle::kNormal) {
      skipped = true;
      continue;
    }
    w.Lit("<c");
    if (skipped) {
      w.Lit(" r=\"");
      w.Bytes(letters[i]);
      if (marks) marks->push_back(static_cast<uint32_t>(w.p - out));
      w.Bytes(row);
      w.Lit("\"");
      skipped = false;
    }
    const int s = StyleIndex(xlsx_common::CellFormat(cell.kind(), formats[i]), style);
    if (s != 0) {
      w.Lit(" s=\"");
      w.Int(s);
      w.Lit("\"");
    }
    switch (cell.kind()) {
      case XlsxCell::Kind::kEmpty:
        w.Lit("/>");
        break;
      case XlsxCell::Kind::kText: {
        const bool plain = IsPlainText(cell.text());
        const std::string_view t =
            plain ? std::string_view(cell.text()) : xlsx_common::ProtectEscapes(std::string_view(cell.text()), escape_buffer);
        if (KeepsSpaces(t)) w.Lit(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
        else w.Lit(" t=\"inlineStr\"><is><t>");
        if (plain) w.Bytes(t);
        else w.Escaped(t);
        w.Lit("</t></is></c>");
        break;
      }
      case XlsxCell::Kind::kNumber:
        w.Lit("><v>");
        w.Number(cell.number());
        w.Lit("</v></c>");
        break;
      case XlsxCell::Kind::kDate:
        w.Lit("><v>");
        w.Int(ExcelSerial(cell.date()));
        w.Lit("</v></c>");
        break;
      case XlsxCell::Kind::kFormula:
      case XlsxCell::Kind::kFormulaText: {
        const bool text = cell.kind() == XlsxCell::Kind::kFormulaText;
        if (text) w.Lit(" t=\"str\"><f>");
        else w.Lit("><f>");
        std::string_view f = cell.text();
        if (!f.empty() && f.front() == '=') f.remove_prefix(1);
        w.Escaped(f);
        w.Lit("</f><v>");
        if (text) w.Escaped(xlsx_common::ProtectEscapes(std::string_view(cell.cached_text()), escape_buffer));
        else w.Number(cell.number());
        w.Lit("</v></c>");
        break;
      }
    }
  }
  return w.p;
}

// `s` escaped as element text (quotes stay: formulas keep their look).
std::string EscapedText(std::string_view s) {
  std::string out;
  AppendEscaped(s, &out);
  return out;
}

// <is><t>text</t></is>, keeping leading and trailing spaces.
void AppendInlineText(const std::string& text, std::string* scratch, std::string* out) {
  const std::string& t = xlsx_common::ProtectEscapes(text, scratch);
  if (KeepsSpaces(t)) out->append("<is><t xml:space=\"preserve\">"sv);
  else out->append("<is><t>"sv);
  AppendEscaped(t, out);
  out->append("</t></is>"sv);
}

std::string Quoted(const std::string& sheet) { return "'" + ReplaceAll(sheet, "'", "''") + "'"; }

std::string W3cTime(long long epoch) {
  if (epoch <= 0) epoch = 1;
  const long days = static_cast<long>(epoch / 86400);
  const long secs = static_cast<long>(epoch % 86400);
  const Date d = Date::FromDaysSinceEpoch(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", d.year, d.month, d.day, secs / 3600,
                secs / 60 % 60, secs % 60);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------- sheet

XlsxStreamSheet::XlsxStreamSheet(XlsxStreamWorkbook* book, int index, std::string name,
                                 std::vector<XlsxColumn> columns, XlsxSheetOptions options)
    : XlsxSheetLayout(std::move(name), std::move(columns), std::move(options)), book_(book), index_(index) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    letters_.push_back(ColumnLetters(static_cast<int>(c)));
    formats_.push_back(columns_[c].format);
  }
}

void XlsxStreamSheet::Begin() {
  ZipWriter& zip = *book_->zip_;
  zip.BeginEntry("xl/worksheets/sheet" + std::to_string(index_ + 1) + ".xml");
  std::string& x = *zip.Buffer();
  AppendWorksheetOpen(x);
  if (options_.fit_to_width) x += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>";
  x += index_ == 0 ? "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"" : "<sheetViews><sheetView workbookViewId=\"0\"";
  if (options_.freeze_header) {
    x += "><pane ySplit=\"" + std::to_string(header_row_ + 1) + "\" topLeftCell=\"A" + std::to_string(header_row_ + 2) +
         "\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews>";
  } else {
    x += "/></sheetViews>";
  }
  x += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>";
  for (size_t c = 0; c < columns_.size(); ++c) {
    char width[32];
    std::snprintf(width, sizeof width, "%.16g", StoredColumnWidth(columns_[c].width));
    x += "<col min=\"" + std::to_string(c + 1) + "\" max=\"" + std::to_string(c + 1) + "\" width=\"" + width +
         "\" style=\"" + std::to_string(StyleIndex(columns_[c].format, XlsxRowStyle::kNormal)) +
         "\" customWidth=\"1\"/>";
  }
  x += "</cols><sheetData>";
  std::string scratch;
  if (!options_.title.empty()) {
    x += "<row r=\"1\"><c r=\"A1\" s=\"1\" t=\"inlineStr\">";
    AppendInlineText(XlsxCell::Text(options_.title).text(), &scratch, &x);
    x += "</c></row>";
  }
  const std::string header_row = std::to_string(header_row_ + 1);
  x += "<row r=\"" + header_row + "\">";
  for (size_t c = 0; c < columns_.size(); ++c) {
    x += "<c r=\"" + letters_[c] + header_row + "\" s=\"" + std::to_string(kHeaderStyle) + "\" t=\"inlineStr\">";
    AppendInlineText(XlsxCell::Text(columns_[c].header).text(), &scratch, &x);
    x += "</c>";
  }
  x += "</row>";
  zip.MaybeFlush();
}

bool XlsxStreamSheet::CanWrite(size_t cells) {
  XlsxStreamWorkbook& b = *book_;
  if (!b.status_.ok() || !b.zip_->status().ok()) return false;
  if (finished_) {
    b.Fail("лист «" + name_ + "»: строки после следующего листа (внутренняя ошибка)");
    return false;
  }
  if (cells > columns_.size()) {
    b.Fail("лист «" + name_ + "»: в строке " + std::to_string(next_row_ + 1) + " " + std::to_string(cells) +
           " ячеек, а столбцов " + std::to_string(columns_.size()));
    return false;
  }
  if (next_row_ >= kXlsxMaxRows) {
    b.Fail("лист «" + name_ + "»: больше 1 048 576 строк — это предел листа Excel");
    return false;
  }
  return true;
}

void XlsxStreamSheet::WriteRow(const std::vector<XlsxCell>& cells, XlsxRowStyle style) {
  if (!CanWrite(cells.size())) return;
  XlsxStreamWorkbook& b = *book_;
  const size_t width = style == XlsxRowStyle::kNormal ? cells.size() : columns_.size();
  // Room for the row at its longest; the row buffer only grows.
  const size_t room = 64 + RowRoom(cells, width);
  std::string& buffer = b.row_buffer_;
  if (buffer.size() < room) buffer.resize(std::max(room, 2 * buffer.size()));
  char row[24];
  const std::string_view row_number(row, static_cast<size_t>(std::to_chars(row, row + sizeof row, next_row_ + 1).ptr - row));
  RawWriter w{buffer.data()};
  w.Lit("<row r=\"");
  w.Bytes(row_number);
  w.Lit("\">");
  w.p = WriteCellsXml(w.p, cells, width, formats_.data(), letters_.data(), style, row_number, &b.escape_buffer_);
  w.Lit("</row>");
  b.zip_->Buffer()->append(buffer.data(), static_cast<size_t>(w.p - buffer.data()));
  ++next_row_;
  b.zip_->MaybeFlush();
}

void XlsxStreamSheet::WriteCells(const XlsxFormattedCells& cells) {
  if (!CanWrite(0)) return;
  XlsxStreamWorkbook& b = *book_;
  if (cells.formats != &formats_ && (!cells.formats || *cells.formats != formats_)) {
    b.Fail("лист «" + name_ + "»: строка подготовлена для других столбцов (внутренняя ошибка)");
    return;
  }
  char row[24];
  const std::string_view row_number(row, static_cast<size_t>(std::to_chars(row, row + sizeof row, next_row_ + 1).ptr - row));
  std::string& x = *b.zip_->Buffer();
  // The cells with the row number put in at each mark (a cell after a
  // skipped one), written into room made once.
  const size_t old = x.size();
  x.resize(old + 8 + row_number.size() + 2 + cells.xml.size() + cells.mark_count * (row_number.size() - 1) + 6);
  RawWriter w{x.data() + old};
  w.Lit("<row r=\"");
  w.Bytes(row_number);
  w.Lit("\">");
  size_t done = 0;
  for (size_t k = 0; k < cells.mark_count; ++k) {
    w.Bytes(cells.xml.substr(done, cells.marks[k] - done));
    w.Bytes(row_number);
    done = cells.marks[k] + 1;
  }
  w.Bytes(cells.xml.substr(done));
  w.Lit("</row>");
  ++next_row_;
  b.zip_->MaybeFlush();
}

// ---------------------------------------------------------------- formatter

XlsxCellsFormatter::XlsxCellsFormatter(const std::vector<XlsxColumn>& columns) {
  for (size_t c = 0; c < columns.size(); ++c) {
    formats_.push_back(columns[c].format);
    letters_.push_back(ColumnLetters(static_cast<int>(c)));
  }
}

size_t XlsxCellsFormatter::Format(const std::vector<XlsxCell>& cells) { return FormatCells(cells); }

size_t XlsxCellsFormatter::Format(const std::vector<XlsxCellView>& cells) { return FormatCells(cells); }

template <class Cell>
size_t XlsxCellsFormatter::FormatCells(const std::vector<Cell>& cells) {
  const size_t width = std::min(cells.size(), formats_.size());
  const size_t room = RowRoom(cells, width);
  if (buffer_.size() < used_ + room) buffer_.resize(std::max(used_ + room, 2 * buffer_.size()));
  char* end = WriteCellsXml(buffer_.data() + used_, cells, width, formats_.data(), letters_.data(),
                            XlsxRowStyle::kNormal, std::string_view(&kRowMark, 1), &escape_buffer_, &marks_);
  used_ = static_cast<size_t>(end - buffer_.data());
  ends_.push_back(used_);
  mark_ends_.push_back(marks_.size());
  return ends_.size() - 1;
}

void XlsxStreamSheet::Finish() {
  if (finished_) return;
  finished_ = true;
  XlsxStreamWorkbook& b = *book_;
  if (!b.status_.ok()) return;
  std::string& x = *b.zip_->Buffer();
  x += "</sheetData>";
  const std::string last_col = letters_.back();
  const std::string ref = Quoted(name_) + "!";
  const bool has_data = next_row_ > first_data_row_;
  if (options_.autofilter) {
    const int last = has_data ? next_row_ : header_row_ + 1;  // 1-based
    const std::string top = std::to_string(header_row_ + 1);
    x += "<autoFilter ref=\"A" + top + ":" + last_col + std::to_string(last) + "\"/>";
    b.defined_names_ += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + std::to_string(index_) +
                        "\" hidden=\"1\">" + EscapedText(ref + "$A$" + top + ":$" + last_col + "$" + std::to_string(last)) +
                        "</definedName>";
  }
  std::string validations;
  int count = 0;
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].validation_list.empty()) continue;
    xlsx_common::Dropdown d = xlsx_common::PrepareDropdown(columns_[c].validation_list);
    std::string formula;
    if (d.inline_ok) {
      formula = "\"" + Join(d.items, ",") + "\"";
    } else {
      if (b.lists_sheet_.empty()) b.lists_sheet_ = xlsx_common::UniqueSheetName(xlsx_common::kListsSheetName, &b.used_names_);
      const std::string letters = ColumnLetters(static_cast<int>(b.long_lists_.size()));
      formula = Quoted(b.lists_sheet_) + "!$" + letters + "$1:$" + letters + "$" + std::to_string(d.items.size());
      b.long_lists_.push_back(std::move(d.items));
    }
    ++count;
    validations += "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
                   "errorTitle=\"" + XmlEscape(xlsx_common::kDropdownErrorTitle) + "\" error=\"" +
                   XmlEscape(xlsx_common::kDropdownErrorMessage) + "\" sqref=\"" + letters_[c] +
                   std::to_string(header_row_ + 2) + ":" + letters_[c] + std::to_string(kXlsxMaxRows) +
                   "\"><formula1>" + EscapedText(formula) + "</formula1></dataValidation>";
  }
  if (count) x += "<dataValidations count=\"" + std::to_string(count) + "\">" + validations + "</dataValidations>";
  x += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
       "<pageSetup paperSize=\"9\"";
  x += options_.landscape ? " orientation=\"landscape\"" : " orientation=\"portrait\"";
  if (options_.fit_to_width) x += " fitToHeight=\"0\"";
  x += "/></worksheet>";
  if (options_.repeat_header_rows)
    b.defined_names_ += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"" + std::to_string(index_) + "\">" +
                        EscapedText(ref + "$1:$" + std::to_string(header_row_ + 1)) + "</definedName>";
  b.zip_->EndEntry();
}

// ---------------------------------------------------------------- workbook

std::unique_ptr<XlsxStreamWorkbook> XlsxStreamWorkbook::Create(const std::string& path, const XlsxDocProps& props,
                                                                Status* status, int zip_level, size_t zip_chunk) {
  std::unique_ptr<XlsxStreamWorkbook> book(new XlsxStreamWorkbook());
  book->path_ = path;
  book->props_ = props;
  book->zip_ = ZipWriter::Create(path, zip_level, status, zip_chunk);
  if (!status->ok()) {
    *status = status->WithContext("не удалось создать таблицу «" + path + "»");
    return nullptr;
  }
  return book;
}

XlsxStreamWorkbook::~XlsxStreamWorkbook() = default;

const Status& XlsxStreamWorkbook::status() const { return status_.ok() ? zip_->status() : status_; }

void XlsxStreamWorkbook::Fail(const std::string& message) {
  if (status_.ok()) status_ = Status::Error(message);
}

XlsxStreamSheet* XlsxStreamWorkbook::AddSheet(std::string name, std::vector<XlsxColumn> columns,
                                              XlsxSheetOptions options) {
  if (!sheets_.empty()) sheets_.back()->Finish();
  const int index = static_cast<int>(sheets_.size());
  sheets_.push_back(std::unique_ptr<XlsxStreamSheet>(new XlsxStreamSheet(
      this, index, xlsx_common::UniqueSheetName(name, &used_names_), std::move(columns), std::move(options))));
  XlsxStreamSheet* s = sheets_.back().get();
  if (s->columns_.empty() || s->columns_.size() > 16384) {
    Fail("лист «" + s->name_ + "»: число столбцов должно быть от 1 до 16 384");
    s->finished_ = true;
    return s;
  }
  if (status().ok() && !closed_) s->Begin();
  else s->finished_ = true;
  return s;
}

Status XlsxStreamWorkbook::Close() {
  if (closed_) return status();
  if (!sheets_.empty()) sheets_.back()->Finish();
  closed_ = true;
  const std::string context = "не удалось записать таблицу «" + path_ + "»";
  if (!status().ok()) return status_ = status().WithContext(context);
  ZipWriter& zip = *zip_;
  std::vector<std::string> names;
  for (const auto& s : sheets_) names.push_back(s->name_);
  std::string scratch;
  if (!long_lists_.empty()) {  // the hidden sheet of long dropdown lists, row by row
    names.push_back(lists_sheet_);
    zip.BeginEntry("xl/worksheets/sheet" + std::to_string(names.size()) + ".xml");
    std::string& x = *zip.Buffer();
    AppendWorksheetOpen(x);
    x += "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><sheetData>";
    size_t rows = 0;
    for (const auto& list : long_lists_) rows = std::max(rows, list.size());
    for (size_t r = 0; r < rows; ++r) {
      x += "<row r=\"" + std::to_string(r + 1) + "\">";
      for (size_t c = 0; c < long_lists_.size(); ++c) {
        if (r >= long_lists_[c].size()) continue;
        x += "<c r=\"" + ColumnLetters(static_cast<int>(c)) + std::to_string(r + 1) + "\" t=\"inlineStr\">";
        AppendInlineText(long_lists_[c][r], &scratch, &x);
        x += "</c>";
      }
      x += "</row>";
      zip.MaybeFlush();
    }
    x += "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
         "footer=\"0.3\"/></worksheet>";
    zip.EndEntry();
  }
  const size_t n = names.size();

  std::string types = kXmlHead;
  types += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           "<Override PartName=\"/docProps/app.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
           "<Override PartName=\"/docProps/core.xml\" "
           "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
           "<Override PartName=\"/xl/styles.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
           "<Override PartName=\"/xl/workbook.xml\" "
           "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  for (size_t i = 0; i < n; ++i)
    types += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i + 1) +
             ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  types += "</Types>";
  zip.AddEntry("[Content_Types].xml", types);

  std::string rels = kXmlHead;
  rels += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
          "officeDocument\" Target=\"xl/workbook.xml\"/>"
          "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
          "core-properties\" Target=\"docProps/core.xml\"/>"
          "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
          "extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";
  zip.AddEntry("_rels/.rels", rels);

  std::string app = kXmlHead;
  app += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
         "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
         "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>";
  if (!props_.company.empty()) app += "<Company>" + EscapedText(props_.company) + "</Company>";
  app += "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
         "<AppVersion>12.0000</AppVersion></Properties>";
  zip.AddEntry("docProps/app.xml", app);

  const std::string when = W3cTime(props_.created_epoch);
  std::string core = kXmlHead;
  core += "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
          "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  auto element = [&core](const char* tag, const std::string& value) {
    if (!value.empty()) core += std::string("<") + tag + ">" + EscapedText(value) + "</" + tag + ">";
  };
  element("dc:title", props_.title);
  element("dc:subject", props_.subject);
  element("dc:creator", props_.author);
  element("cp:keywords", props_.keywords);
  element("dc:description", props_.comments);
  element("cp:lastModifiedBy", props_.author);
  core += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + when + "</dcterms:created><dcterms:modified "
          "xsi:type=\"dcterms:W3CDTF\">" + when + "</dcterms:modified></cp:coreProperties>";
  zip.AddEntry("docProps/core.xml", core);

  std::string wb = kXmlHead;
  wb += "<workbook xmlns=\"";
  wb += kMainNs;
  wb += "\" xmlns:r=\"";
  wb += kRelNs;
  wb += "\"><workbookPr defaultThemeVersion=\"124226\"/><bookViews><workbookView xWindow=\"240\" yWindow=\"15\" "
        "windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>";
  for (size_t i = 0; i < n; ++i)
    wb += "<sheet name=\"" + XmlEscape(names[i]) + "\" sheetId=\"" + std::to_string(i + 1) + "\"" +
          (i == sheets_.size() ? " state=\"hidden\"" : "") + " r:id=\"rId" + std::to_string(i + 1) + "\"/>";
  wb += "</sheets>";
  if (!defined_names_.empty()) wb += "<definedNames>" + defined_names_ + "</definedNames>";
  wb += "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>";
  zip.AddEntry("xl/workbook.xml", wb);

  std::string wrels = kXmlHead;
  wrels += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i <= n; ++i) {
    const std::string id = "rId" + std::to_string(i + 1);
    if (i < n)
      wrels += "<Relationship Id=\"" + id + "\" Type=\"" + kRelNs + "/worksheet\" Target=\"worksheets/sheet" +
               std::to_string(i + 1) + ".xml\"/>";
    else
      wrels += "<Relationship Id=\"" + id + "\" Type=\"" + kRelNs + "/styles\" Target=\"styles.xml\"/>";
  }
  wrels += "</Relationships>";
  zip.AddEntry("xl/_rels/workbook.xml.rels", wrels);
  zip.AddEntry("xl/styles.xml", StylesXml());

  Status st = zip.Close();
  if (!st.ok()) status_ = st.WithContext(context);
  return status_;
}

}  // namespace nastavnik
