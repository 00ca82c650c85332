#pragma once
// CSV files for Excel users: UTF-8 with a BOM (so Excel detects the encoding),
// ';' between values and a decimal comma (what a Russian Excel expects), CRLF
// between rows, quotes only where needed. The same rows always give the same
// bytes.
//
// Text that Excel would take for a formula is neutralised (CSV injection);
// numbers are written as numbers, so a negative number stays a number.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.h"

namespace nastavnik {

// One value to export. Text is neutralised when it looks like a formula;
// numbers and dates are written so that Excel reads them as numbers and dates.
class ExportCell {
 public:
  enum class Kind { kText, kNumber, kInteger, kDate };

  ExportCell() = default;
  ExportCell(std::string text) : text_(std::move(text)) {}           // NOLINT: implicit on purpose
  ExportCell(const char* text) : text_(text ? text : "") {}          // NOLINT
  static ExportCell Text(std::string text) { return ExportCell(std::move(text)); }
  static ExportCell Number(double value);    // NaN and infinities are written empty
  static ExportCell Integer(long long value);
  static ExportCell FromDate(const Date& date);  // dd.mm.yyyy

  Kind kind() const { return kind_; }
  // The exact text written for this value, before CSV quoting.
  std::string Rendered() const;

 private:
  Kind kind_ = Kind::kText;
  std::string text_;
  double number_ = 0;
  long long integer_ = 0;
  Date date_;
};

using ExportRow = std::vector<ExportCell>;

// True when a spreadsheet program would evaluate `text` as a formula: it
// starts with '=', '+', '-', '@', a tab or a carriage return.
bool LooksLikeFormula(std::string_view text);

// The text as written to a CSV cell: a formula-like text gets a leading
// apostrophe ("=1+1" → "'=1+1"); other text is unchanged.
std::string NeutraliseFormula(std::string_view text);

// Writes rows one at a time, so a large registry is exported without holding
// it in memory. The first row is usually the header (text cells).
// Appends one field as CsvWriter writes it: AppendCsvText for the text
// ExportCell::Text(text) (formula neutralised, quoted when needed) without
// temporaries, AppendCsvField for any cell. The caller adds ';' and "\r\n".
void AppendCsvText(std::string_view text, std::string* out);
void AppendCsvField(const ExportCell& cell, std::string* out);

class CsvWriter {
 public:
  // Writes the BOM at once.
  explicit CsvWriter(std::ostream& out);
  void WriteRow(const ExportRow& row);

 private:
  std::ostream& out_;
};

// All rows as the bytes of a CSV file.
std::string WriteCsv(const std::vector<ExportRow>& rows);

}  // namespace nastavnik
