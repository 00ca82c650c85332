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

// A line a person meant as a fence: only dashes of any kind (and spaces), at
// least two of them, e.g. "--", "----", "—" typed by an editor's autocorrect.
bool LooksLikeFence(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.empty() || t == "---") return false;
  int dashes = 0;
  while (!t.empty()) {
    if (t[0] == '-') {
      dashes += 1;
      t.remove_prefix(1);
    } else if (StartsWith(t, "\xE2\x80\x94") || StartsWith(t, "\xE2\x80\x93")) {  // — –
      dashes += 2;
      t.remove_prefix(3);
    } else if (t[0] == ' ') {
      t.remove_prefix(1);
    } else {
      return false;
    }
  }
  return dashes >= 2;
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
  // No fence: a line that was meant as one closes the block anyway, after an
  // error, so the parameters are still checked and nothing else cascades.
  pos = first_end + 1;
  line = 2;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (LooksLikeFence(l)) {
      diags.Error({path, line, 1}, "E002",
                  "строка «" + std::string(Trim(l)) + "» похожа на конец блока параметров, но закрывать его нужно "
                  "ровно тремя дефисами «---»",
                  "замените эту строку на «---»");
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
