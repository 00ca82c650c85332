#include "render/markdown.h"

#include <doctest/doctest.h>

namespace nastavnik {

namespace {
std::string Html(std::string_view md) {
  return RenderMarkdown(md, 1, MarkdownOptions{}, [](const MarkdownLink& l) { return l.url; }).html;
}
}  // namespace

TEST_CASE("markdown: the body's top heading becomes h2 and no level is skipped") {
  CHECK(Html("# A\n\n## B\n") == "<h2>A</h2>\n<h3>B</h3>\n");
  CHECK(Html("## A\n\n#### B\n") == "<h2>A</h2>\n<h3>B</h3>\n");
  CHECK(Html("### A\n\n### B\n\n###### C\n") == "<h2>A</h2>\n<h2>B</h2>\n<h3>C</h3>\n");
}

TEST_CASE("markdown: a table scrolls in its own labelled, focusable region") {
  std::string html = Html("| a | b |\n|---|---|\n| 1 | 2 |\n");
  CHECK(html.rfind("<div class=\"table-wrap\" role=\"region\" aria-label=\"Таблица\" tabindex=\"0\"><table>", 0) == 0);
  CHECK(html.find("</table></div>") != std::string::npos);
  CHECK(html.find("<th>a</th>") != std::string::npos);
}

}  // namespace nastavnik
