#include "pipeline/source_lines.h"

#include "load/encoding.h"
#include "util/strings.h"

namespace nastavnik {

SourceLineReader SiteSourceLineReader(const std::string& site_dir) {
  SourceLineReader raw = FileLineReader(site_dir);
  return [raw](const std::string& path, int line) -> std::string {
    std::string text = raw(path, line);
    if (line == 1 && StartsWith(text, kUtf8Bom)) text.erase(0, kUtf8Bom.size());
    if (IsValidUtf8(text)) return text;
    return ToUtf8(text, TextEncoding::kWindows1251);
  };
}

}  // namespace nastavnik
