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

TEST_CASE("markdown: every table is wrapped, text that only mentions one is not") {
  std::string two = Html("| a |\n|---|\n| 1 |\n\ntable> `<table>` &lt;table&gt;\n\n| b |\n|---|\n| 2 |\n");
  size_t first = two.find("<div class=\"table-wrap\"");
  REQUIRE(first == 0);
  size_t second = two.find("<div class=\"table-wrap\"", first + 1);
  CHECK(second != std::string::npos);
  CHECK(two.find("<div class=\"table-wrap\"", second + 1) == std::string::npos);
  CHECK(two.find("</table></div>\n<p>table&gt; <code>&lt;table&gt;</code> &lt;table&gt;</p>") != std::string::npos);
  CHECK(Html("Без таблиц: table> </table").find("table-wrap") == std::string::npos);
}

TEST_CASE("markdown: links are reported with letter columns from the body's first line") {
  MarkdownResult r = RenderMarkdown("Текст\n\nЯ [там](a.md) и ![схема](b.png)\n", 7, MarkdownOptions{},
                                    [](const MarkdownLink& l) { return "/x/" + l.url; });
  REQUIRE(r.links.size() == 2);
  CHECK(r.links[0].url == "a.md");
  CHECK(r.links[0].line == 9);
  CHECK(r.links[0].column == 3);
  CHECK(r.links[1].image);
  CHECK(r.links[1].alt == "схема");
  CHECK(r.links[1].column == 17);
  CHECK(r.html.find("href=\"/x/a.md\"") != std::string::npos);
}

}  // namespace nastavnik
