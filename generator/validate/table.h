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
// becomes a Record whose id is the primary key's text.
std::vector<Record> ValidateTable(const CsvTable& table, const Schema& schema, Diagnostics& diags);

}  // namespace nastavnik
