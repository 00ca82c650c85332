// Where the YAML adapter says a mistake is: the line and column (characters,
// 1-based, in the file) of the mistake itself, not where yaml-cpp gave up.
#include <doctest/doctest.h>

#include "load/front_matter.h"
#include "load/yaml.h"

using namespace nastavnik;

namespace {

// Parses `text` as if it started on line 2 of a file (after a "---").
Diagnostic OnlyError(std::string_view text) {
  Diagnostics diags;
  auto root = ParseYaml(text, {"a.md", 2, 1}, diags);
  CHECK_FALSE(root.has_value());
  auto all = diags.Sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == "E003");
  return all[0];
}

}  // namespace

TEST_CASE("A tab in the indentation is reported where the tab is") {
  Diagnostic d = OnlyError("title: Приказ\nappendices:\n\t- title: Формы\n");
  CHECK(d.pos.line == 4);
  CHECK(d.pos.column == 1);
  CHECK(d.message == "табуляция в отступе");
}

TEST_CASE("An unclosed bracket is reported at the bracket, not at the end") {
  Diagnostic d = OnlyError("title: Приказ\nbasis: [uo-1, uo-2\n");
  CHECK(d.pos.line == 3);
  CHECK(d.pos.column == 8);
}

TEST_CASE("Text after a closing quote is reported where it continues, in characters") {
  Diagnostic d = OnlyError("title: \"Школа\" — первый год\ndate: 01.09.2021\n");
  CHECK(d.pos.line == 2);
  CHECK(d.pos.column == 16);
  CHECK(d.message.find("кавычки") != std::string::npos);
}

TEST_CASE("A key indented unlike its siblings is a bad indentation") {
  Diagnostic d = OnlyError("appendices:\n  - title: Формы\n   link: /formy/\n");
  CHECK(d.pos.line == 4);
  CHECK(d.pos.column == 4);
  CHECK(d.message.find("отступ") != std::string::npos);
}

TEST_CASE("A colon inside a value keeps its own message") {
  Diagnostic d = OnlyError("title: Об утверждении: программа\n");
  CHECK(d.pos.column == 22);
  CHECK(d.message == "недопустимое значение после двоеточия");
}

TEST_CASE("A dashes-only line closes the front matter after an E002 on it") {
  Diagnostics diags;
  auto split = SplitFrontMatter("---\ntitle: А\n--\nТекст\n", "a.md", diags);
  REQUIRE(split.has_value());
  CHECK(split->has_front_matter);
  CHECK(split->yaml == "title: А\n");
  CHECK(split->body_line == 4);
  auto all = diags.Sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == "E002");
  CHECK(all[0].pos.line == 3);
  Diagnostics none;
  CHECK_FALSE(SplitFrontMatter("---\ntitle: А\nТекст\n", "a.md", none).has_value());
}
