#pragma once
// Validates a CSV table against a registry schema.
#include <vector>

#include "diag/diagnostic.h"
#include "load/csv.h"
#include "validate/record.h"
#include "validate/schema.h"

namespace nastavnik {

// Maps header cells to fields by name, Russian title or alias (compared with
// FoldKey, so «Ф.И.О.» matches «ФИО»); unknown columns are E040 with a
// suggestion, missing required columns E041 on the header line. Each row
// becomes a Record whose id is the primary key's text. Rows are decoded CSV
// (load/csv.h: always UTF-8), so a record's texts are marked valid UTF-8
// (Record::utf8) when the schema's own strings are.
// The same, one row at a time, for registries that are streamed
// (ReadCsvRows): built on the header (reporting its problems), then Row()
// for every row. `lines` only serve diagnostics.
class TableValidator {
 public:
  TableValidator(const CsvInfo& table, const CsvLines& lines, const Schema& schema, Diagnostics& diags);
  // False when the file had no header (no row is read then).
  bool active() const { return active_; }
  // Validates `row` into `r` (reusing its storage) and reports its problems.
  void Row(const CsvRow& row, const CsvLines& lines, Diagnostics& diags, Record& r);

 private:
  const Schema& schema_;
  std::string path_;
  bool active_ = false;
  std::vector<int> field_column_;
  std::vector<std::string> labels_;  // «столбец «Title»», per field
  SourcePos pos_;                    // reused for every cell
  bool schema_utf8_ = false;         // the schema's defaults and enum values are valid UTF-8 (Record::utf8)
};

std::vector<Record> ValidateTable(const CsvTable& table, const Schema& schema, Diagnostics& diags);

}  // namespace nastavnik
