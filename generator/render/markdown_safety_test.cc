// What reaches the HTML from a hostile Markdown body (cases come from pull
// requests): no raw HTML, no script-capable link, every problem reported
// with its file line.
#include <doctest/doctest.h>

#include "render/markdown.h"
#include "util/strings.h"

using namespace nastavnik;

TEST_CASE("A hostile body renders to HTML with nothing executable") {
  const char kBody[] =
      "Текст.\n"
      "\n"
      "<script>alert(1)</script>\n"
      "\n"
      "Строка с <img src=x onerror=alert(2)> и <a href=\"javascript:alert(3)\">ссылкой</a>.\n"
      "\n"
      "[a](javascript:alert(4)) [b](JaVaScRiPt:alert(5)) [c](vbscript:x) [d](data:text/html,<script>x</script>)\n"
      "\n"
      "`<script>код</script>` остаётся текстом.\n";
  auto r = RenderMarkdown(kBody, 20, MarkdownOptions{}, [](const MarkdownLink& l) { return l.url; });
  std::string lower = LowerUtf8(r.html);
  CHECK(lower.find("<script") == std::string::npos);
  CHECK(lower.find("onerror") == std::string::npos);
  CHECK(lower.find("javascript:") == std::string::npos);
  CHECK(lower.find("vbscript:") == std::string::npos);
  CHECK(lower.find("data:text") == std::string::npos);
  CHECK(r.html.find("&lt;script&gt;код&lt;/script&gt;") != std::string::npos);
  int raw = 0, unsafe = 0;
  for (const auto& i : r.issues) {
    if (i.kind == MarkdownIssue::Kind::kRawHtml) {
      ++raw;
      CHECK((i.line == 22 || i.line == 24));
    } else {
      ++unsafe;
      CHECK(i.line == 26);
    }
  }
  CHECK(raw >= 3);   // the block, the <img>, the <a> (its closing tag may count too)
  CHECK(unsafe == 4);
}
