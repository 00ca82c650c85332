#pragma once
// Escaping for XML text and attribute values (sitemap, Atom feed, SVG charts).
#include <string>
#include <string_view>

namespace nastavnik {

// Escapes & < > " ' so `s` can stand in text or a quoted attribute.
std::string XmlEscape(std::string_view s);
// The same, appended to *out: runs without those bytes are copied whole
// (a sitemap escapes ≈ 17,000 addresses at 10,000 cases).
void AppendXmlEscaped(std::string_view s, std::string* out);

}  // namespace nastavnik
