#pragma once
// Escaping for XML text and attribute values (sitemap, Atom feed).
#include <string>
#include <string_view>

namespace nastavnik {

// Escapes & < > " so `s` can stand in text or a double-quoted attribute.
std::string XmlEscape(std::string_view s);

}  // namespace nastavnik
