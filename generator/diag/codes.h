#pragma once
// The catalogue of diagnostic codes. Codes are stable: a code once published
// keeps its meaning, so curators and CI logs can refer to it. Each range
// belongs to one stage:
//   E001–E019  content files, front matter, YAML
//   E020–E039  CSV registries (reading)
//   E040–E059  schema validation (types, required, unique, keys)
//   E060–E069  site.yaml, themes and templates
//   E070–E079  publishing, output and the personal-data guard
//   E080–E089  cases, attachments, untrusted content
//   E090–E099  links
//   E100–E109  roadmap and indicator definitions (data/indicators.yaml, targets)
//   W001–W099  warnings (do not fail a build unless --strict); W030–W039
//              roadmap and indicators
#include <string_view>
#include <vector>

namespace nastavnik {

struct CodeInfo {
  std::string_view code;
  std::string_view title;  // Russian, for the table in CONTRIBUTING.md
};

const std::vector<CodeInfo>& AllCodes();

}  // namespace nastavnik
