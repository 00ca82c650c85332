#pragma once
// Splits a Markdown file into its YAML front matter and body.
//
//   ---            <- line 1: the opening fence
//   title: ...     <- YAML starts on line 2
//   ---            <- the closing fence ("..." also closes, as in YAML)
//   Body…          <- body_line
//
// Line numbers are kept so that YAML and Markdown diagnostics point at lines
// of the file, not of the slices.
#include <optional>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"

namespace nastavnik {

struct FrontMatterSplit {
  bool has_front_matter = false;
  std::string_view yaml;  // empty when there is none
  int yaml_line = 0;      // file line of the first YAML line
  std::string_view body;
  int body_line = 1;      // file line of the first body line
};

// `text` must be UTF-8 without BOM (the caller strips it). Returns nullopt
// after an E002 diagnostic when the front matter is opened but never closed.
// A line of dashes that is not exactly "---" ("--", "----", "—") is taken as
// the closing fence after an E002 diagnostic on it, so the parameters are
// still checked.
std::optional<FrontMatterSplit> SplitFrontMatter(std::string_view text, const std::string& path,
                                                 Diagnostics& diags);

}  // namespace nastavnik
