#include "util/xml_text.h"

namespace nastavnik {

void AppendXmlEscaped(std::string_view s, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* escaped;
    switch (s[i]) {
      case '&': escaped = "&amp;"; break;
      case '<': escaped = "&lt;"; break;
      case '>': escaped = "&gt;"; break;
      case '"': escaped = "&quot;"; break;
      case '\'': escaped = "&#39;"; break;
      default: continue;
    }
    out->append(s.data() + run, i - run);
    out->append(escaped);
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendXmlEscaped(s, &out);
  return out;
}

}  // namespace nastavnik
