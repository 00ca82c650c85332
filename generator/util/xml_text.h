#pragma once
// Escaping for XML text and attribute values (sitemap, Atom feed, SVG charts).
#include <string>
#include <string_view>

namespace nastavnik {

// Escapes & < > " ' so `s` can stand in text or a quoted attribute.
std::string XmlEscape(std::string_view s);

}  // namespace nastavnik
