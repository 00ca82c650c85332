#pragma once
// A registry (data/*.csv, as its schema describes it) as a spreadsheet sheet:
// one column per schema field with its Russian title, a number or date
// format by field type, and — when asked — a dropdown of the field's enum
// values. Used by the internal workbooks (the personified registry, the
// monitoring forms). Rows are streamed: a 1,000,000-row registry costs one
// chunk of memory in the writer.
#include <functional>
#include <string>
#include <vector>

#include "publish/xlsx.h"
#include "publish/xlsx_stream.h"
#include "validate/record.h"
#include "validate/schema.h"

namespace nastavnik {

// Columns for `fields` in order. Enum fields get a dropdown of their
// canonical values when `dropdowns`; a boolean field gets «да, нет».
std::vector<XlsxColumn> RegistryColumns(const std::vector<const FieldSchema*>& fields, bool dropdowns);

// Every field of `schema`, in schema order.
std::vector<const FieldSchema*> AllFields(const Schema& schema);

// The cell for one value: dates are dates, numbers numbers, booleans «да» /
// «нет», lists joined with ", ", everything else text (never a formula).
XlsxCell RegistryCell(const Value& value);

// The cells of a record, RegistryCell of each value, into *cells — reusing
// its text buffers (no allocation per cell once they have grown).
void RegistryCells(const Record& record, std::vector<XlsxCell>* cells);

// The cells RegistryCells makes, as views (*views) of the record's own text
// and dates wherever RegistryCell keeps them as they are (most cells); the
// others are made in *made, whose buffers are reused. The views are valid
// while `record` and *made are unchanged.
void RegistryCellViews(const Record& record, std::vector<XlsxCell>* made, std::vector<XlsxCellView>* views);

// A batch of registry rows formatted once as the cells of a sheet with
// RegistryColumns(AllFields(schema)): the registry workbook and an
// organization's monitoring form write the same cells (XlsxStreamSheet::
// WriteCells). Slices of the batch are formatted on tasks of their own; a
// row's bytes depend on the row alone.
class RegistryRowsXml {
 public:
  explicit RegistryRowsXml(const Schema& schema);
  void Format(const Record* rows, size_t n);
  // Row `i` of the last batch, valid until the next Format().
  XlsxFormattedCells Row(size_t i) const { return slices_[i / per_slice_].formatter.Row(i % per_slice_); }

 private:
  struct Slice {
    XlsxCellsFormatter formatter;
    std::vector<XlsxCell> cells;  // the cells made (see RegistryCellViews)
    std::vector<XlsxCellView> views;
  };
  std::vector<Slice> slices_;
  size_t per_slice_ = 1;
};

// Produces the next row into *cells; returns false when there are no more.
using RowSource = std::function<bool(std::vector<XlsxCell>* cells)>;

// Writes a whole registry workbook to `path` with our streaming writer
// (publish/xlsx_stream.h): a sheet `sheet_name` with `columns` (continued on
// « (2)», « (3)»… past Excel's 1,048,576 rows), rows from `next`. For the
// internal tree, where the caller owns the path; public workbooks go through
// OutputTree.
Status WriteStreamedWorkbook(const std::string& path, const XlsxDocProps& props, const std::string& sheet_name,
                             std::vector<XlsxColumn> columns, XlsxSheetOptions options, const RowSource& next,
                             long long* rows_written = nullptr);

}  // namespace nastavnik
