#pragma once
#include <functional>
#include <vector>

#include "diag/diagnostic.h"
#include "load/fs.h"
#include "validate/record.h"
#include "validate/schema.h"

namespace nastavnik {

// Reads the CSV a registry schema names and validates it. A missing file is
// an empty registry (a site may not keep every registry); a missing
// organizations registry is reported where it is needed.
// `*complete` (when given) is set to false when rows may be missing because
// the file could not be read as CSV (see CsvTable::complete).
std::vector<Record> LoadRegistry(const FileSystem& fs, const Schema& schema, Diagnostics& diags,
                                 bool* complete = nullptr);

// The same, row by row: `on_record` gets each validated record (which it may
// move from; it is reused for the next row) and nothing is held: the file is
// read in pieces (ReadCsvStream), so a registry of a million rows costs one
// row and a piece of the file. Returns false when rows may be missing (see
// CsvTable::complete).
bool StreamRegistry(const FileSystem& fs, const Schema& schema, Diagnostics& diags,
                    const std::function<void(Record&)>& on_record);

}  // namespace nastavnik
