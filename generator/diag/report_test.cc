#include <doctest/doctest.h>

#include "diag/report.h"

using namespace nastavnik;

TEST_CASE("Text report shows the line and a caret under the column") {
  Diagnostic d{{"content/orders/a.md", 4, 1}, Severity::kError, "E040",
               "неизвестный ключ «dat»", "возможно, имелось в виду «date»", {}};
  auto reader = [](const std::string&, int line) {
    return line == 4 ? std::string("dat: 12.03.2021") : std::string();
  };
  CHECK(RenderTextDiagnostic(d, reader) ==
        "content/orders/a.md:4:1: ошибка E040: неизвестный ключ «dat»\n"
        "    dat: 12.03.2021\n"
        "    ^ здесь\n"
        "  подсказка: возможно, имелось в виду «date»\n");
  d.pos.column = 6;
  d.source_line = "Дата: 12.03.2021";
  CHECK(RenderTextDiagnostic(d, nullptr).find("\n         ^ здесь\n") != std::string::npos);
}

TEST_CASE("GitHub annotations escape newlines and commas") {
  Diagnostic d{{"data/a,b.csv", 3, 2}, Severity::kWarning, "W001", "строка\nвторая", "", {}};
  CHECK(RenderReport({d}, ReportFormat::kGithub, nullptr) ==
        "::warning file=data/a%2Cb.csv,line=3,col=2,title=W001::строка%0Aвторая\n");
}

TEST_CASE("Diagnostics sort by file and line and drop exact repeats") {
  Diagnostics diags;
  diags.Error({"b.md", 1, 1}, "E003", "x");
  diags.Error({"a.md", 9, 1}, "E003", "y");
  diags.Error({"a.md", 2, 1}, "E003", "z");
  diags.Error({"a.md", 2, 1}, "E003", "z");
  auto sorted = diags.Sorted();
  REQUIRE(sorted.size() == 3);
  CHECK(sorted[0].pos.line == 2);
  CHECK(sorted[1].pos.line == 9);
  CHECK(sorted[2].pos.path == "b.md");
}
