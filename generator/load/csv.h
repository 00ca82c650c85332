#pragma once
// Reading registries that methodists export from Excel as CSV.
//
// Accepted: UTF-8 with or without a BOM and Windows-1251 (detected, or given);
// ',', ';' or tab as the delimiter (detected from the header line, or given;
// a first line «sep=;» as Excel writes it also names it);
// CRLF, LF and CR line ends; quoted fields with embedded line breaks,
// delimiters and doubled quotes. The empty rows and columns Excel adds at the
// end are dropped silently; every cell is trimmed of surrounding spaces.
//
// Every problem is a Diagnostic (codes E020–E039) with the physical line and
// the column (1-based, in characters) where it is, so a curator can find it
// in the file. This is the only file that uses libcsv.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "load/encoding.h"
#include "load/fs.h"

namespace nastavnik {

// One value and where it starts in the file: the position of its first
// non-space character (the opening quote of a quoted value); for an empty
// value, the position right after the preceding delimiter. A value missing at
// the end of a short row points at the end of that row.
struct CsvCell {
  std::string value;  // UTF-8, trimmed; line breaks inside a value are "\n"
  int line = 0;
  int column = 0;
};

struct CsvRow {
  int line = 0;                // the line the row starts on
  std::vector<CsvCell> cells;  // exactly one per header column
  // The row has more values than the header has columns (E024): its values
  // are probably shifted, so only its first value is worth checking.
  bool overflow = false;
  // The row is one physical line without a quote (most rows): a value's
  // position is where its text starts.
  bool plain = false;
};

struct CsvTable {
  std::string path;  // as given, relative to the site root
  TextEncoding encoding = TextEncoding::kUtf8;
  char delimiter = ';';
  // The first non-empty row. Columns that have neither a name nor any value
  // (Excel's trailing empty columns) are not in the table.
  std::vector<CsvCell> header;
  // Every later row that has a value. Rows the reader could not parse (bad
  // quoting) are left out; their errors are in the Diagnostics.
  std::vector<CsvRow> rows;
  // The decoded (UTF-8) physical lines without line ends: lines[0] is line 1.
  std::vector<std::string> lines;
  // False when rows may be missing: the file is not a CSV at all, or a broken
  // quote made the reader skip rows. Checks that need every row (references
  // into this table) then stay silent instead of repeating the error.
  bool complete = true;

  // Index of the header column whose name matches `name` by FoldKey (so
  // «Ф.И.О.» finds «ФИО»); -1 when there is none.
  int ColumnIndex(std::string_view name) const;
};

// The physical lines of a decoded CSV text, by number, without copies. A
// streamed read (ReadCsvStream) gives only the lines of the header and of the
// row being read (the rest of the file is not held); "" for any other.
class CsvLines {
 public:
  explicit CsvLines(std::string_view text);
  virtual ~CsvLines() = default;
  // Line `line` (1-based) without its line end; "" outside the file. The
  // result is valid until the next call.
  virtual std::string_view Line(int line) const;
  size_t size() const { return starts_.size(); }  // of a whole text

 private:
  std::string_view text_;
  std::vector<size_t> starts_;  // byte offset of each line
};

// What a streamed read learns besides the rows: CsvTable without rows and lines.
struct CsvInfo {
  std::string path;
  TextEncoding encoding = TextEncoding::kUtf8;
  char delimiter = ';';
  std::vector<CsvCell> header;
  bool complete = true;
};

struct CsvOptions {
  std::optional<TextEncoding> encoding;  // detected when empty
  std::optional<char> delimiter;         // ',', ';' or '\t'; detected when empty
};

// Reads a CSV file. Never throws; every problem becomes a Diagnostic
// (path:line:column, a Russian message and hint) and the table holds whatever
// could be read, so one run reports every error.
CsvTable ReadCsv(const std::string& path, std::string_view bytes, const CsvOptions& opts,
                 Diagnostics& diags);

// The same reading, streamed: `on_header` runs once with the header (when the
// file has one), then `on_row` for every later row in file order — the row and
// the lines are only valid during the call (the row may be moved from) — and
// `on_end` once with every line. The file is read and decoded in pieces of
// 1 MB (twice when its encoding is detected: first to check that it is
// UTF-8), and only the piece being read and the header are held, so a
// registry of a million rows costs a few megabytes — unless `on_end` is given
// (it needs every line) or a quote left open swallows the rest of the file.
// Every callback may be null. Same diagnostics as ReadCsv.
using CsvHeaderFn = std::function<void(const CsvInfo& info, const CsvLines& lines)>;
using CsvRowFn = std::function<void(CsvRow& row, const CsvLines& lines)>;
using CsvEndFn = std::function<void(const CsvLines& lines)>;
CsvInfo ReadCsvStream(const std::string& path, ByteSource& src, const CsvOptions& opts, Diagnostics& diags,
                      const CsvHeaderFn& on_header, const CsvRowFn& on_row, const CsvEndFn& on_end = nullptr);
// ReadCsvStream over bytes in memory.
CsvInfo ReadCsvRows(const std::string& path, std::string_view bytes, const CsvOptions& opts,
                    Diagnostics& diags, const CsvHeaderFn& on_header, const CsvRowFn& on_row,
                    const CsvEndFn& on_end = nullptr);

// The delimiter of a CSV text (UTF-8 or any ASCII-compatible encoding): the
// most frequent of ';', ',' and tab outside quotes in the first non-empty
// record; ';' on a tie or when there is none (a Russian Excel's choice).
char DetectDelimiter(std::string_view text);

}  // namespace nastavnik
