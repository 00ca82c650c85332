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
std::vector<Record> LoadRegistry(const FileSystem& fs, const Schema& schema, Diagnostics& diags);

}  // namespace nastavnik
