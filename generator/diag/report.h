#pragma once
// Renders diagnostics for people (text), for GitHub pull requests (workflow
// annotations) and for tools (JSON).
#include <functional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace nastavnik {

enum class ReportFormat { kText, kGithub, kJson };

// Returns the text of line `line` (1-based) of `path`, or empty when it cannot.
using SourceLineReader = std::function<std::string(const std::string& path, int line)>;

// text:
//   content/orders/a.md:4:1: ошибка E003: неизвестный ключ «dat»
//       dat: 12.03.2021
//       ^ здесь
//     подсказка: возможно, имелось в виду «date»
// followed by a summary line «Найдено ошибок: 1, предупреждений: 0».
std::string RenderReport(const std::vector<Diagnostic>& diags, ReportFormat format,
                         const SourceLineReader& read_line);

// One diagnostic in the text format, without the summary.
std::string RenderTextDiagnostic(const Diagnostic& d, const SourceLineReader& read_line);

// A reader that opens files under `root` (the site directory).
SourceLineReader FileLineReader(const std::string& root);

}  // namespace nastavnik
