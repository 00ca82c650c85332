#pragma once
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

}  // namespace nastavnik
