#pragma once
// Our own streaming XLSX writer for the large, plain workbooks (the
// personified registry, the monitoring forms, the public cases catalog):
// sheet XML is formatted straight into the ZIP entry's chunk
// (publish/zip_writer.h, igzip at level 1 unless asked otherwise) as rows
// come, with no temporary file and no printf. libxlsxwriter
// (publish/xlsx.h) stays for the small rich workbooks (charts, conditional
// formats).
//
// The same cells, columns and options as XlsxWorkbook (XlsxCell, XlsxColumn,
// XlsxSheetOptions, XlsxRowStyle) with the same meaning: column widths and
// formats, a title row, a bold header, frozen header, autofilter, dropdowns
// (long lists on the hidden sheet «Списки»), print setup, formulas with
// cached results, document properties, inline strings that are never
// formulas. Byte-reproducible (fixed times, fixed styles table).
//
// One difference in use: sheets are written one after another. AddSheet()
// finishes the previous sheet; rows go to the newest sheet only.
//
// Memory: one 32 KB chunk (≈ 50 KB reserved) per open workbook, plus the
// per-thread compressor, whatever the number of rows.
//
// Thread safety: a workbook and its sheets on one thread at a time; distinct
// workbooks on distinct threads are independent.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "publish/xlsx.h"
#include "publish/zip_writer.h"

namespace nastavnik {

class XlsxStreamWorkbook;

// A row's cells as sheet XML, formatted once for every sheet whose columns
// have the same formats: the registry workbook and the monitoring forms write
// each registry row (publish/registry_workbook.h, RegistryRowsXml). Made by
// XlsxCellsFormatter, written by XlsxStreamSheet::WriteCells.
struct XlsxFormattedCells {
  const std::vector<XlsxFormat>* formats = nullptr;  // the columns' formats it was made for
  std::string_view xml;  // the <c> elements; the row number left as a mark
  // Where the marks are in `xml` (offsets, in order), as the formatter
  // wrote them: the row is then copied without a search.
  const uint32_t* marks = nullptr;
  size_t mark_count = 0;
};

// Formats normal rows of cells for columns of given formats into one buffer
// that only grows (nothing allocated per row once it has grown).
class XlsxCellsFormatter {
 public:
  explicit XlsxCellsFormatter(const std::vector<XlsxColumn>& columns);
  // Forgets the rows formatted so far.
  void Clear() { used_ = 0, ends_.clear(), marks_.clear(), mark_ends_.clear(); }
  // Formats `cells` (as XlsxStreamSheet::WriteRow would write them in a
  // normal row) and returns the row's index. REQUIRES: cells.size() <= the
  // number of columns.
  size_t Format(const std::vector<XlsxCell>& cells);
  // The same for cells seen without a copy of their text.
  size_t Format(const std::vector<XlsxCellView>& cells);
  // Row `i`, valid until the next Format() or Clear().
  XlsxFormattedCells Row(size_t i) const {
    const size_t begin = i ? ends_[i - 1] : 0;
    const size_t marks_begin = i ? mark_ends_[i - 1] : 0;
    return {&formats_, std::string_view(buffer_.data() + begin, ends_[i] - begin), marks_.data() + marks_begin,
            mark_ends_[i] - marks_begin};
  }
  const std::vector<XlsxFormat>& formats() const { return formats_; }

 private:
  template <class Cell>
  size_t FormatCells(const std::vector<Cell>& cells);
  std::vector<XlsxFormat> formats_;
  std::vector<std::string> letters_;
  std::string buffer_;  // rows one after another, [0, used_)
  size_t used_ = 0;
  std::vector<size_t> ends_;
  std::vector<uint32_t> marks_;    // every row's marks (XlsxFormattedCells::marks), rows one after another
  std::vector<size_t> mark_ends_;  // per row: the end of its marks in marks_
  std::string escape_buffer_;
};

class XlsxStreamSheet : public XlsxSheetLayout {
 public:
  XlsxStreamSheet(const XlsxStreamSheet&) = delete;
  XlsxStreamSheet& operator=(const XlsxStreamSheet&) = delete;

  // As XlsxSheet::WriteRow. REQUIRES: this is the workbook's newest sheet.
  void WriteRow(const std::vector<XlsxCell>& cells, XlsxRowStyle style = XlsxRowStyle::kNormal);
  // A normal row of cells formatted beforehand. REQUIRES: `row` was made for
  // columns with this sheet's formats (else the workbook fails).
  void WriteCells(const XlsxFormattedCells& row);

 private:
  friend class XlsxStreamWorkbook;
  XlsxStreamSheet(XlsxStreamWorkbook* book, int index, std::string name, std::vector<XlsxColumn> columns,
                  XlsxSheetOptions options);
  void Begin();
  void Finish();
  // Checks that a data row may be written; fails the workbook when not.
  bool CanWrite(size_t cells);

  XlsxStreamWorkbook* book_;
  int index_;  // 0-based position in the workbook
  std::vector<std::string> letters_;  // per column
  std::vector<XlsxFormat> formats_;   // per column
  bool finished_ = false;
};

class XlsxStreamWorkbook {
 public:
  // Starts a workbook that Close() writes to `path` (through `path`.part).
  // Returns null with *status set when the file cannot be created.
  // `zip_level`: zlib's 1 (the default: large internal sheets, speed over the
  // last 20 % of size) .. 9. `zip_chunk`: see ZipWriter::Create (a workbook
  // that is one of thousands open at once keeps the default).
  static std::unique_ptr<XlsxStreamWorkbook> Create(const std::string& path, const XlsxDocProps& props,
                                                    Status* status, int zip_level = 1,
                                                    size_t zip_chunk = kZipChunk);
  ~XlsxStreamWorkbook();
  XlsxStreamWorkbook(const XlsxStreamWorkbook&) = delete;
  XlsxStreamWorkbook& operator=(const XlsxStreamWorkbook&) = delete;

  // As XlsxWorkbook::AddSheet; finishes the previous sheet. Never null.
  XlsxStreamSheet* AddSheet(std::string name, std::vector<XlsxColumn> columns, XlsxSheetOptions options = {});

  const Status& status() const;
  Status Close();

 private:
  friend class XlsxStreamSheet;
  XlsxStreamWorkbook() = default;
  void Fail(const std::string& message);

  std::string path_;
  XlsxDocProps props_;
  std::unique_ptr<ZipWriter> zip_;
  Status status_;
  bool closed_ = false;
  std::vector<std::unique_ptr<XlsxStreamSheet>> sheets_;
  std::set<std::string> used_names_;
  std::string lists_sheet_;  // hidden sheet of long dropdown lists, when needed
  std::vector<std::vector<std::string>> long_lists_;
  std::string defined_names_;  // <definedName> elements, in sheet order
  std::string row_buffer_;  // a row being written (only grows)
  std::string escape_buffer_;
};

}  // namespace nastavnik
