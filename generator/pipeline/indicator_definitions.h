#pragma once
// Reads the indicator definitions of a site (data/indicators.yaml, validated
// against the `indicators` schema) and attaches their targets from
// data/indicator_targets.csv. A site without the file has no indicators.
#include <vector>

#include "diag/diagnostic.h"
#include "load/fs.h"
#include "model/indicators.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

inline constexpr char kIndicatorsPath[] = "data/indicators.yaml";

// Diagnostics: the schema's own (E040–E047) on data/indicators.yaml; E100 for
// a denominator or survey column nastavnik does not know; E101 for an age
// range or date that cannot be; E102 for an id used twice; E103 for two
// targets of one indicator and year; W031 for a target of an indicator that
// is not defined. Definitions with errors are left out of the result.
std::vector<IndicatorDefinition> LoadIndicatorDefinitions(const FileSystem& fs, const LoadedSite& site,
                                                          Diagnostics& diags);

}  // namespace nastavnik
