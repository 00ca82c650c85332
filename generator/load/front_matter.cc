#include "load/front_matter.h"

#include "util/strings.h"

namespace nastavnik {

namespace {

// A fence line is "---" (or "..." when closing) with optional trailing blanks.
bool IsFence(std::string_view line, bool closing) {
  std::string_view t = line;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
  return t == "---" || (closing && t == "...");
}

}  // namespace

std::optional<FrontMatterSplit> SplitFrontMatter(std::string_view text, const std::string& path,
                                                 Diagnostics& diags) {
  FrontMatterSplit out;
  size_t first_end = text.find('\n');
  std::string_view first = text.substr(0, first_end);
  if (!IsFence(first, false)) {
    out.body = text;
    out.body_line = 1;
    return out;
  }
  if (first_end == std::string_view::npos) {
    diags.Error({path, 1, 1}, "E002", "блок параметров открыт строкой «---», но не закрыт",
                "добавьте строку «---» после последнего параметра");
    return std::nullopt;
  }
  size_t pos = first_end + 1;
  int line = 2;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (IsFence(l, true)) {
      out.has_front_matter = true;
      out.yaml = text.substr(first_end + 1, pos - first_end - 1);
      out.yaml_line = 2;
      out.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      out.body_line = line + 1;
      return out;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  diags.Error({path, 1, 1}, "E002", "блок параметров открыт строкой «---», но не закрыт",
              "добавьте строку «---» после последнего параметра, перед текстом документа");
  return std::nullopt;
}

}  // namespace nastavnik
