#include "util/xml_text.h"

#include <doctest/doctest.h>

namespace nastavnik {

TEST_CASE("XmlEscape: the five special bytes, anywhere in the text") {
  CHECK(XmlEscape("") == "");
  CHECK(XmlEscape("cases/шк-1/a/") == "cases/шк-1/a/");
  CHECK(XmlEscape("&") == "&amp;");
  CHECK(XmlEscape("a<b>c\"d'e&f") == "a&lt;b&gt;c&quot;d&#39;e&amp;f");
  CHECK(XmlEscape("<<'") == "&lt;&lt;&#39;");
  std::string out = "<loc>";
  AppendXmlEscaped("https://example.org/?a=1&b=2", &out);
  AppendXmlEscaped("", &out);
  CHECK(out == "<loc>https://example.org/?a=1&amp;b=2");
}

}  // namespace nastavnik
