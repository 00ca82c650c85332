#include "publish/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <utility>

#include "util/strings.h"

namespace nastavnik {
namespace {

constexpr int kMaxRows = kXlsxMaxRows;
constexpr int kMaxColumns = 16384;
constexpr size_t kMaxSheetName = 31;      // code points
// Excel's cell limit is 32,767 UTF-16 units; libxlsxwriter 1.1.4 checks the
// byte length against the same number. Cutting at 32,767 bytes satisfies
// both.
constexpr size_t kMaxCellBytes = 32767;
// Excel keeps an inline dropdown list as one quoted string of at most 255
// characters; libxlsxwriter counts bytes.
constexpr size_t kMaxInlineListBytes = 255;

constexpr lxw_color_t kHeaderFill = 0xD9E1F2;
constexpr lxw_color_t kSectionFill = 0xEDEDED;
constexpr lxw_color_t kAchievedFill = 0xC6EFCE;
constexpr lxw_color_t kAchievedFont = 0x006100;
constexpr lxw_color_t kMissedFill = 0xFFC7CE;
constexpr lxw_color_t kMissedFont = 0x9C0006;

std::string LxwMessage(lxw_error e) {
  switch (e) {
    case LXW_NO_ERROR:
      return {};
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
      return "не хватило памяти";
    case LXW_ERROR_CREATING_XLSX_FILE:
      return "не удалось создать файл (нет прав на запись в папку или диск заполнен)";
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
      return "не удалось записать или прочитать временный файл (проверьте место на диске)";
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
      return "не удалось упаковать файл XLSX (проверьте место на диске)";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
      return "ячейка за пределами листа Excel (1 048 576 строк, 16 384 столбца)";
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
      return "текст длиннее 32 767 символов — предела ячейки Excel";
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
      return "список значений длиннее 255 символов — предела Excel";
    default:
      break;
  }
  return "внутренняя ошибка библиотеки libxlsxwriter (код " + std::to_string(static_cast<int>(e)) +
         ": " + lxw_strerror(e) + ")";
}

// Replaces invalid UTF-8 sequences with U+FFFD: libxlsxwriter copies bytes
// into XML as they are, and invalid UTF-8 makes Excel offer to repair the file.
std::string RepairUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len > 0 && i + len <= s.size() && IsValidUtf8(s.substr(i, len))) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
void CutUtf8(std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
}

bool IsNumericFormat(XlsxFormat f) {
  return f == XlsxFormat::kInteger || f == XlsxFormat::kDecimal || f == XlsxFormat::kPercent ||
         f == XlsxFormat::kTenths || f == XlsxFormat::kGeneral;
}

}  // namespace

namespace xlsx_common {

std::string ColumnLetters(int column) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters;
}

// Excel reads "_xHHHH_" in cell text as an escaped character (libxlsxwriter
// writes control characters that way), so text that contains such a sequence
// literally must escape its underscore as "_x005F_" to survive.
namespace {
bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

}  // namespace

const std::string& ProtectEscapes(const std::string& text, std::string* buffer) {
  std::string_view out = ProtectEscapes(std::string_view(text), buffer);
  return out.data() == text.data() ? text : *buffer;
}

std::string_view ProtectEscapes(std::string_view text, std::string* buffer) {
  size_t p = text.find("_x");
  if (p == std::string::npos) return text;
  buffer->clear();
  size_t done = 0;
  for (; p != std::string::npos; p = text.find("_x", p + 1)) {
    if (p + 7 <= text.size() && IsHex(text[p + 2]) && IsHex(text[p + 3]) && IsHex(text[p + 4]) &&
        IsHex(text[p + 5]) && text[p + 6] == '_') {
      buffer->append(text, done, p - done);
      buffer->append("_x005F");
      done = p;
    }
  }
  if (done == 0 && buffer->empty()) return text;
  buffer->append(text, done, std::string::npos);
  return *buffer;
}

std::optional<XlsxFormat> CellFormat(XlsxCell::Kind kind, XlsxFormat column_format) {
  switch (kind) {
    case XlsxCell::Kind::kEmpty: return column_format;
    case XlsxCell::Kind::kText:
      return column_format == XlsxFormat::kWrapText ? XlsxFormat::kWrapText : XlsxFormat::kText;
    case XlsxCell::Kind::kNumber:
      if (IsNumericFormat(column_format) || column_format == XlsxFormat::kDate) return column_format;
      return std::nullopt;
    case XlsxCell::Kind::kDate: return XlsxFormat::kDate;
    case XlsxCell::Kind::kFormula:
    case XlsxCell::Kind::kFormulaText:
      if (IsNumericFormat(column_format)) return column_format;
      return std::nullopt;
  }
  return std::nullopt;
}

std::string UniqueSheetName(const std::string& wanted, std::set<std::string>* used) {
  std::string base = SanitizeSheetName(wanted);
  std::string name = base;
  for (int n = 2; used->count(LowerUtf8(name)); ++n) {
    std::string suffix = " (" + std::to_string(n) + ")";
    std::string cut = base;
    cut.resize(ByteOffsetOfCodepoint(cut, kMaxSheetName - suffix.size()));
    name = std::string(Trim(cut)) + suffix;
  }
  used->insert(LowerUtf8(name));
  return name;
}

Dropdown PrepareDropdown(const std::vector<std::string>& list) {
  Dropdown d;
  size_t joined = 0;
  for (const std::string& item : list) {
    d.items.push_back(XlsxCell::Text(item).text());
    joined += d.items.back().size() + 1;
    if (d.items.back().find_first_of(",\"") != std::string::npos) d.inline_ok = false;
  }
  d.inline_ok = d.inline_ok && joined - 1 <= kMaxInlineListBytes;
  return d;
}

}  // namespace xlsx_common

using xlsx_common::ColumnLetters;
using xlsx_common::ProtectEscapes;

// ---------------------------------------------------------------- XlsxCell

XlsxCell XlsxCell::Text(std::string text) {
  XlsxCell cell(Kind::kText);
  cell.text_ = IsValidUtf8(text) ? std::move(text) : RepairUtf8(text);
  CutUtf8(cell.text_, kMaxCellBytes);
  return cell;
}

bool XlsxCell::TextIsKept(std::string_view text) { return text.size() <= kMaxCellBytes && IsValidUtf8(text); }

bool XlsxCell::Utf8TextIsKept(std::string_view text) { return text.size() <= kMaxCellBytes; }

bool XlsxCell::IsExcelDate(const ::nastavnik::Date& date) {
  return date.year >= 1900 && date.year <= 9999 && IsValidDate(date.year, date.month, date.day);
}

void XlsxCell::SetText(std::string_view text) {
  kind_ = Kind::kText;
  if (IsValidUtf8(text)) {
    text_.assign(text.data(), text.size());
  } else {
    text_ = RepairUtf8(text);
  }
  CutUtf8(text_, kMaxCellBytes);
}

XlsxCell XlsxCell::Number(double value) {
  if (!std::isfinite(value)) return Empty();
  XlsxCell cell(Kind::kNumber);
  cell.number_ = value;
  return cell;
}

XlsxCell XlsxCell::Date(const ::nastavnik::Date& date) {
  if (!IsExcelDate(date)) return Text(date.Iso());
  XlsxCell cell(Kind::kDate);
  cell.date_ = date;
  return cell;
}

XlsxCell XlsxCell::Formula(std::string formula, double cached_value) {
  XlsxCell cell(Kind::kFormula);
  cell.text_ = IsValidUtf8(formula) ? std::move(formula) : RepairUtf8(formula);
  cell.number_ = std::isfinite(cached_value) ? cached_value : 0;
  return cell;
}

XlsxCell XlsxCell::FormulaText(std::string formula, std::string cached_text) {
  XlsxCell cell(Kind::kFormulaText);
  cell.text_ = IsValidUtf8(formula) ? std::move(formula) : RepairUtf8(formula);
  cell.cached_text_ = Text(std::move(cached_text)).text();
  return cell;
}

std::string XlsxCellName(int row, int column) {
  return ColumnLetters(column) + std::to_string(row + 1);
}

std::string SanitizeSheetName(std::string_view name) {
  std::string clean = IsValidUtf8(name) ? std::string(name) : RepairUtf8(name);
  std::string out;
  out.reserve(clean.size());
  for (char ch : clean) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) continue;
    if (std::string_view("[]:*?/\\").find(ch) != std::string_view::npos) {
      out.push_back('_');
    } else {
      out.push_back(ch);
    }
  }
  out = std::string(Trim(out));
  // Excel rejects names that begin or end with an apostrophe.
  while (!out.empty() && out.front() == '\'') out.erase(out.begin());
  out.resize(ByteOffsetOfCodepoint(out, kMaxSheetName));
  while (!out.empty() && out.back() == '\'') out.pop_back();
  out = std::string(Trim(out));
  if (out.empty()) out = "Лист";
  return out;
}

// ---------------------------------------------------------------- Impl types

struct XlsxWorkbook::Impl {
  lxw_workbook* wb = nullptr;
  std::string tmp_path;  // libxlsxwriter writes here; renamed to path_ on success
  std::string tmpdir;    // kept alive for libxlsxwriter
  std::vector<std::unique_ptr<XlsxSheet>> sheets;
  std::set<std::string> used_names;  // LowerUtf8 of every sheet name, Excel compares case-insensitively

  // Formats, created once per workbook (libxlsxwriter owns them).
  lxw_format* title = nullptr;
  lxw_format* header = nullptr;
  lxw_format* text = nullptr;
  lxw_format* wrap = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* decimal = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* tenths = nullptr;
  lxw_format* general = nullptr;
  lxw_format* date = nullptr;
  lxw_format* achieved = nullptr;  // conditional (dxf) formats, created on first use
  lxw_format* missed = nullptr;
  // Row-style variants of the cell formats above (nullptr = general),
  // created on first use: (style, base) → format.
  std::map<std::pair<XlsxRowStyle, lxw_format*>, lxw_format*> styled;

  // Dropdown lists too long for Excel's inline form, written to a hidden
  // sheet in Close(): list k occupies column k.
  std::string lists_sheet;  // reserved name, empty until first needed
  std::vector<std::vector<std::string>> long_lists;

  lxw_format* ColumnFormat(XlsxFormat f) const {
    switch (f) {
      case XlsxFormat::kText: return text;
      case XlsxFormat::kWrapText: return wrap;
      case XlsxFormat::kInteger: return integer;
      case XlsxFormat::kDecimal: return decimal;
      case XlsxFormat::kPercent: return percent;
      case XlsxFormat::kTenths: return tenths;
      case XlsxFormat::kGeneral: return general;
      case XlsxFormat::kDate: return date;
    }
    return nullptr;
  }

  // `base` as it looks in a row of `style`; null when out of memory.
  lxw_format* Styled(lxw_format* base, XlsxRowStyle style) {
    if (style == XlsxRowStyle::kNormal) return base;
    auto [it, inserted] = styled.try_emplace({style, base}, nullptr);
    if (!inserted) return it->second;
    lxw_format* f = workbook_add_format(wb);
    if (f == nullptr) return nullptr;
    // libxlsxwriter has no format copy; rebuild from the known bases.
    if (base == text || base == wrap) format_set_num_format(f, "@");
    if (base == wrap) {
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    if (base == integer) format_set_num_format(f, "0");
    if (base == decimal) format_set_num_format(f, "0.00");
    if (base == percent) format_set_num_format(f, "0.0%");
    if (base == tenths) format_set_num_format(f, "0.0");
    if (base == date) format_set_num_format(f, "dd.mm.yyyy");
    format_set_bold(f);
    if (style == XlsxRowStyle::kSection) {
      format_set_bg_color(f, kSectionFill);
    } else {
      format_set_top(f, LXW_BORDER_THIN);
    }
    it->second = f;
    return f;
  }

  std::string UniqueName(const std::string& wanted) { return xlsx_common::UniqueSheetName(wanted, &used_names); }
};

struct PendingAchievement {
  int value_column;
  int target_column;
  bool higher_is_better;
};

struct XlsxSheet::Impl {
  lxw_worksheet* ws = nullptr;
  std::vector<PendingAchievement> achievements;
  std::vector<XlsxColumnChart> charts;
};

// ---------------------------------------------------------------- XlsxSheet

namespace {
const XlsxCell kEmptyCell = XlsxCell::Empty();
}  // namespace

XlsxSheet::XlsxSheet(XlsxWorkbook* book, std::string name, std::vector<XlsxColumn> columns,
                     XlsxSheetOptions options)
    : XlsxSheetLayout(std::move(name), std::move(columns), std::move(options)),
      book_(book),
      impl_(std::make_unique<Impl>()) {}

XlsxSheet::~XlsxSheet() = default;

void XlsxSheet::Fail(const std::string& message) {
  book_->Fail("лист «" + name_ + "»: " + message);
}

void XlsxSheet::WriteRow(const std::vector<XlsxCell>& cells, XlsxRowStyle style) {
  if (!book_->status_.ok() || impl_->ws == nullptr) return;
  if (cells.size() > columns_.size()) {
    Fail("в строке " + std::to_string(next_row_ + 1) + " " + std::to_string(cells.size()) +
         " ячеек, а столбцов " + std::to_string(columns_.size()));
    return;
  }
  if (next_row_ >= kMaxRows) {
    Fail("больше 1 048 576 строк — это предел листа Excel");
    return;
  }
  XlsxWorkbook::Impl& b = *book_->impl_;
  lxw_worksheet* ws = impl_->ws;
  const lxw_row_t row = static_cast<lxw_row_t>(next_row_);
  std::string buffer;
  // A styled row covers every column, so its fill or line is unbroken.
  const size_t width = style == XlsxRowStyle::kNormal ? cells.size() : columns_.size();
  for (size_t i = 0; i < width; ++i) {
    const XlsxCell& cell = i < cells.size() ? cells[i] : kEmptyCell;
    const XlsxFormat column_format = columns_[i].format;
    const lxw_col_t col = static_cast<lxw_col_t>(i);
    const std::optional<XlsxFormat> format = xlsx_common::CellFormat(cell.kind(), column_format);
    lxw_format* base = format ? b.ColumnFormat(*format) : nullptr;
    lxw_format* f = b.Styled(base, style);
    if (style != XlsxRowStyle::kNormal && f == nullptr) {
      Fail(LxwMessage(LXW_ERROR_MEMORY_MALLOC_FAILED));
      return;
    }
    lxw_error err = LXW_NO_ERROR;
    switch (cell.kind()) {
      case XlsxCell::Kind::kEmpty:
        // The column format already covers empty cells; a styled row needs
        // a blank cell to carry its style.
        if (style != XlsxRowStyle::kNormal) err = worksheet_write_blank(ws, row, col, f);
        break;
      case XlsxCell::Kind::kText:
        // Always worksheet_write_string: text is never parsed as a formula.
        err = worksheet_write_string(ws, row, col, ProtectEscapes(cell.text(), &buffer).c_str(), f);
        break;
      case XlsxCell::Kind::kNumber:
        err = worksheet_write_number(ws, row, col, cell.number(), f);
        break;
      case XlsxCell::Kind::kDate: {
        lxw_datetime dt = {cell.date().year, cell.date().month, cell.date().day, 0, 0, 0.0};
        err = worksheet_write_datetime(ws, row, col, &dt, f);
        break;
      }
      case XlsxCell::Kind::kFormula:
        err = worksheet_write_formula_num(ws, row, col, cell.text().c_str(), f, cell.number());
        break;
      case XlsxCell::Kind::kFormulaText:
        err = worksheet_write_formula_str(ws, row, col, cell.text().c_str(), f,
                                          ProtectEscapes(cell.cached_text(), &buffer).c_str());
        break;
    }
    if (err != LXW_NO_ERROR) {
      Fail("ячейка " + XlsxCellName(next_row_, static_cast<int>(i)) + ": " + LxwMessage(err));
      return;
    }
  }
  ++next_row_;
}

void XlsxSheet::AddAchievementFormat(int value_column, int target_column, bool higher_is_better) {
  const int n = static_cast<int>(columns_.size());
  if (value_column < 0 || value_column >= n || target_column < 0 || target_column >= n) {
    Fail("условное форматирование ссылается на несуществующий столбец");
    return;
  }
  impl_->achievements.push_back({value_column, target_column, higher_is_better});
}

void XlsxSheet::AddColumnChart(XlsxColumnChart chart) {
  const int n = static_cast<int>(columns_.size());
  bool ok = chart.category_column >= 0 && chart.category_column < n && !chart.value_columns.empty();
  for (int c : chart.value_columns) ok = ok && c >= 0 && c < n;
  if (!ok) {
    Fail("диаграмма ссылается на несуществующий столбец");
    return;
  }
  impl_->charts.push_back(std::move(chart));
}

// ---------------------------------------------------------------- XlsxWorkbook

XlsxWorkbook::XlsxWorkbook() : impl_(std::make_unique<Impl>()) {}

XlsxWorkbook::~XlsxWorkbook() {
  // Sheets point into the lxw_workbook; drop them first.
  impl_->sheets.clear();
  if (!closed_ && impl_->wb != nullptr) lxw_workbook_free(impl_->wb);
}

void XlsxWorkbook::Fail(const std::string& message) {
  if (status_.ok()) status_ = Status::Error(message);
}

std::unique_ptr<XlsxWorkbook> XlsxWorkbook::Create(const std::string& path,
                                                   const XlsxDocProps& props,
                                                   bool constant_memory, Status* status,
                                                   const std::string& tmpdir) {
  namespace fs = std::filesystem;
  *status = Status::Ok();
  const std::string context = "не удалось создать таблицу «" + path + "»";
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *status = Status::Error(context + ": папка «" + dir.string() + "» не существует");
    return nullptr;
  }
  std::unique_ptr<XlsxWorkbook> book(new XlsxWorkbook());
  Impl& b = *book->impl_;
  book->path_ = path;
  b.tmp_path = path + ".part";
  b.tmpdir = tmpdir.empty() ? dir.string() : tmpdir;

  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  options.tmpdir = b.tmpdir.data();
  options.use_zip64 = LXW_TRUE;  // a 1,000,000-row sheet may pass 4 GB uncompressed
  b.wb = workbook_new_opt(b.tmp_path.c_str(), &options);
  if (b.wb == nullptr) {
    *status = Status::Error(context + ": " + LxwMessage(LXW_ERROR_MEMORY_MALLOC_FAILED));
    return nullptr;
  }

  // libxlsxwriter copies every string it is given here.
  lxw_doc_properties p = {};
  p.title = const_cast<char*>(props.title.c_str());
  p.subject = const_cast<char*>(props.subject.c_str());
  p.author = const_cast<char*>(props.author.c_str());
  p.company = const_cast<char*>(props.company.c_str());
  p.keywords = const_cast<char*>(props.keywords.c_str());
  p.comments = const_cast<char*>(props.comments.c_str());
  // 0 would mean "now" to libxlsxwriter; see XlsxDocProps::created_epoch.
  p.created = static_cast<time_t>(std::max<long long>(1, props.created_epoch));
  if (lxw_error err = workbook_set_properties(b.wb, &p); err != LXW_NO_ERROR) {
    *status = Status::Error(context + ": " + LxwMessage(err));
    return nullptr;
  }

  auto add = [&b]() { return workbook_add_format(b.wb); };
  b.title = add();
  format_set_bold(b.title);
  format_set_font_size(b.title, 14);
  b.header = add();
  format_set_bold(b.header);
  format_set_text_wrap(b.header);
  format_set_align(b.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(b.header, kHeaderFill);
  format_set_border(b.header, LXW_BORDER_THIN);
  b.text = add();
  format_set_num_format(b.text, "@");
  b.wrap = add();
  format_set_num_format(b.wrap, "@");
  format_set_text_wrap(b.wrap);
  format_set_align(b.wrap, LXW_ALIGN_VERTICAL_TOP);
  b.integer = add();
  format_set_num_format(b.integer, "0");
  b.decimal = add();
  format_set_num_format(b.decimal, "0.00");
  b.percent = add();
  format_set_num_format(b.percent, "0.0%");
  b.tenths = add();
  format_set_num_format(b.tenths, "0.0");
  // A format of its own rather than null, so a General column still has a
  // column format that overrides nothing.
  b.general = add();
  b.date = add();
  format_set_num_format(b.date, "dd.mm.yyyy");
  for (lxw_format* f : {b.title, b.header, b.text, b.wrap, b.integer, b.decimal, b.percent, b.tenths,
                        b.general, b.date}) {
    if (f == nullptr) {
      *status = Status::Error(context + ": " + LxwMessage(LXW_ERROR_MEMORY_MALLOC_FAILED));
      return nullptr;
    }
  }
  return book;
}

XlsxSheet* XlsxWorkbook::AddSheet(std::string name, std::vector<XlsxColumn> columns,
                                  XlsxSheetOptions options) {
  Impl& b = *impl_;
  auto sheet = std::unique_ptr<XlsxSheet>(
      new XlsxSheet(this, b.UniqueName(name), std::move(columns), std::move(options)));
  XlsxSheet* s = sheet.get();
  b.sheets.push_back(std::move(sheet));
  if (!status_.ok() || closed_) return s;
  const int ncols = static_cast<int>(s->columns_.size());
  if (ncols < 1 || ncols > kMaxColumns) {
    s->Fail("число столбцов должно быть от 1 до 16 384");
    return s;
  }
  lxw_worksheet* ws = workbook_add_worksheet(b.wb, s->name_.c_str());
  if (ws == nullptr) {
    s->Fail("libxlsxwriter не создала лист (в режиме constant_memory это значит, что не удалось "
            "создать временный файл в папке «" + b.tmpdir + "»)");
    return s;
  }
  s->impl_->ws = ws;
  const XlsxSheetOptions& o = s->options_;
  const auto header_row = static_cast<lxw_row_t>(s->header_row_);

  worksheet_set_paper(ws, 9);  // A4
  if (o.landscape) worksheet_set_landscape(ws);
  if (o.fit_to_width) worksheet_fit_to_pages(ws, 1, 0);
  if (o.repeat_header_rows) (void)worksheet_repeat_rows(ws, 0, header_row);
  if (o.freeze_header) worksheet_freeze_panes(ws, header_row + 1, 0);

  lxw_error err = LXW_NO_ERROR;
  if (!o.title.empty()) {
    std::string buffer;
    err = worksheet_write_string(ws, 0, 0, ProtectEscapes(XlsxCell::Text(o.title).text(), &buffer).c_str(),
                                 b.title);
  }
  for (int c = 0; c < ncols && err == LXW_NO_ERROR; ++c) {
    const XlsxColumn& column = s->columns_[c];
    const auto col = static_cast<lxw_col_t>(c);
    err = worksheet_set_column(ws, col, col, column.width > 0 ? column.width : 14,
                               b.ColumnFormat(column.format));
    if (err == LXW_NO_ERROR) {
      std::string buffer;
      err = worksheet_write_string(ws, header_row, col,
                                   ProtectEscapes(XlsxCell::Text(column.header).text(), &buffer).c_str(),
                                   b.header);
    }
  }
  if (err != LXW_NO_ERROR) {
    s->Fail(LxwMessage(err));
    return s;
  }

  // Dropdowns cover every row below the header, so the rows a school adds
  // to a monitoring form get them too.
  for (int c = 0; c < ncols; ++c) {
    const std::vector<std::string>& list = s->columns_[c].validation_list;
    if (list.empty()) continue;
    xlsx_common::Dropdown dropdown = xlsx_common::PrepareDropdown(list);
    std::vector<std::string>& items = dropdown.items;
    const bool inline_ok = dropdown.inline_ok;

    lxw_data_validation dv = {};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv.error_title = const_cast<char*>(xlsx_common::kDropdownErrorTitle);
    dv.error_message = const_cast<char*>(xlsx_common::kDropdownErrorMessage);
    std::vector<char*> pointers;
    std::string range;
    if (inline_ok) {
      for (std::string& item : items) pointers.push_back(item.data());
      pointers.push_back(nullptr);
      dv.value_list = pointers.data();
    } else {
      if (b.lists_sheet.empty()) b.lists_sheet = b.UniqueName(xlsx_common::kListsSheetName);
      const int list_col = static_cast<int>(b.long_lists.size());
      const std::string letters = ColumnLetters(list_col);
      range = "='" + b.lists_sheet + "'!$" + letters + "$1:$" + letters + "$" +
              std::to_string(items.size());
      b.long_lists.push_back(std::move(items));
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = range.data();
    }
    err = worksheet_data_validation_range(ws, header_row + 1, static_cast<lxw_col_t>(c),
                                          kMaxRows - 1, static_cast<lxw_col_t>(c), &dv);
    if (err != LXW_NO_ERROR) {
      s->Fail("столбец «" + s->columns_[c].header + "»: " + LxwMessage(err));
      return s;
    }
  }
  return s;
}

Status XlsxWorkbook::Close() {
  if (closed_) return status_;
  closed_ = true;
  Impl& b = *impl_;
  const std::string context = "не удалось записать таблицу «" + path_ + "»";

  // Range features need the last row, known only now.
  for (const auto& sheet : b.sheets) {
    if (!status_.ok()) break;
    XlsxSheet& s = *sheet;
    lxw_worksheet* ws = s.impl_->ws;
    if (ws == nullptr) continue;
    const auto header_row = static_cast<lxw_row_t>(s.header_row_);
    const auto first = static_cast<lxw_row_t>(s.first_data_row_);
    const bool has_data = s.next_row_ > s.first_data_row_;
    const auto last = static_cast<lxw_row_t>(has_data ? s.next_row_ - 1 : s.first_data_row_);
    const auto last_col = static_cast<lxw_col_t>(s.columns_.size() - 1);
    lxw_error err = LXW_NO_ERROR;
    if (s.options_.autofilter) {
      err = worksheet_autofilter(ws, header_row, 0, has_data ? last : header_row, last_col);
    }
    for (const PendingAchievement& a : s.impl_->achievements) {
      if (!has_data || err != LXW_NO_ERROR) break;
      if (b.achieved == nullptr) {
        b.achieved = workbook_add_format(b.wb);
        format_set_bg_color(b.achieved, kAchievedFill);
        format_set_font_color(b.achieved, kAchievedFont);
        b.missed = workbook_add_format(b.wb);
        format_set_bg_color(b.missed, kMissedFill);
        format_set_font_color(b.missed, kMissedFont);
      }
      // Formula rules with a relative row: Excel evaluates them for each
      // cell of the range as if written in its top-left cell.
      const std::string v = "$" + ColumnLetters(a.value_column) + std::to_string(first + 1);
      const std::string t = "$" + ColumnLetters(a.target_column) + std::to_string(first + 1);
      const std::string guard = "ISNUMBER(" + v + "),ISNUMBER(" + t + "),";
      const std::string reached = a.higher_is_better ? v + ">=" + t : v + "<=" + t;
      const std::string rules[2] = {"=AND(" + guard + reached + ")",
                                    "=AND(" + guard + "NOT(" + reached + "))"};
      lxw_format* formats[2] = {b.achieved, b.missed};
      for (int k = 0; k < 2 && err == LXW_NO_ERROR; ++k) {
        lxw_conditional_format cf = {};
        cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
        cf.value_string = const_cast<char*>(rules[k].c_str());
        cf.format = formats[k];
        const auto col = static_cast<lxw_col_t>(a.value_column);
        err = worksheet_conditional_format_range(ws, first, col, last, col, &cf);
      }
    }
    for (const XlsxColumnChart& spec : s.impl_->charts) {
      if (!has_data || err != LXW_NO_ERROR) break;
      lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_COLUMN);
      if (chart == nullptr) {
        err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        break;
      }
      if (!spec.title.empty()) chart_title_set_name(chart, XlsxCell::Text(spec.title).text().c_str());
      if (!spec.y_axis_title.empty()) {
        chart_axis_set_name(chart->y_axis, XlsxCell::Text(spec.y_axis_title).text().c_str());
      }
      chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
      const auto cat = static_cast<lxw_col_t>(spec.category_column);
      for (int c : spec.value_columns) {
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        if (series == nullptr) {
          err = LXW_ERROR_MEMORY_MALLOC_FAILED;
          break;
        }
        const auto col = static_cast<lxw_col_t>(c);
        chart_series_set_categories(series, s.name_.c_str(), first, cat, last, cat);
        chart_series_set_values(series, s.name_.c_str(), first, col, last, col);
        chart_series_set_name_range(series, s.name_.c_str(), header_row, col);
      }
      if (err != LXW_NO_ERROR) break;
      // Wider for many categories, within reason.
      lxw_chart_options opt = {};
      opt.x_scale = std::clamp(static_cast<double>(last - first + 1) / 10.0, 1.0, 3.0);
      opt.y_scale = 1.2;
      err = worksheet_insert_chart_opt(ws, header_row, static_cast<lxw_col_t>(last_col + 2), chart,
                                       &opt);
    }
    if (err != LXW_NO_ERROR) s.Fail(LxwMessage(err));
  }

  if (status_.ok() && !b.long_lists.empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, b.lists_sheet.c_str());
    if (ws == nullptr) {
      Fail("лист «" + b.lists_sheet + "»: " + LxwMessage(LXW_ERROR_CREATING_TMPFILE));
    } else {
      worksheet_hide(ws);
      size_t rows = 0;
      for (const auto& list : b.long_lists) rows = std::max(rows, list.size());
      // Row by row, as constant-memory mode requires.
      for (size_t r = 0; r < rows && status_.ok(); ++r) {
        for (size_t c = 0; c < b.long_lists.size(); ++c) {
          if (r >= b.long_lists[c].size()) continue;
          lxw_error err = worksheet_write_string(ws, static_cast<lxw_row_t>(r),
                                                 static_cast<lxw_col_t>(c),
                                                 b.long_lists[c][r].c_str(), nullptr);
          if (err != LXW_NO_ERROR) Fail("лист «" + b.lists_sheet + "»: " + LxwMessage(err));
        }
      }
    }
  }

  b.sheets.clear();
  if (!status_.ok()) {
    lxw_workbook_free(b.wb);
    b.wb = nullptr;
    status_ = status_.WithContext(context);
    return status_;
  }
  lxw_error err = workbook_close(b.wb);  // frees the workbook whatever happens
  b.wb = nullptr;
  std::error_code ec;
  if (err != LXW_NO_ERROR) {
    std::filesystem::remove(b.tmp_path, ec);
    status_ = Status::Error(context + ": " + LxwMessage(err));
    return status_;
  }
  std::filesystem::rename(b.tmp_path, path_, ec);
  if (ec) {
    std::filesystem::remove(b.tmp_path, ec);
    status_ = Status::Error(context + ": не удалось переименовать временный файл");
    return status_;
  }
  return status_;
}

}  // namespace nastavnik
