#include <doctest/doctest.h>

#include <algorithm>

#include "load/fs.h"
#include "render/template.h"
#include "util/xml_text.h"

using namespace nastavnik;

namespace {

// A theme of one template "t" (and the given partials), loaded from memory.
std::optional<Theme> LoadTheme(const std::string& text, const std::map<std::string, std::string>& partials,
                               Diagnostics& diags) {
  MemoryFileSystem fs;
  fs.Add("themes/t/templates/t.mustache", text);
  for (const auto& [name, body] : partials) fs.Add("themes/t/partials/" + name + ".mustache", body);
  return Theme::Load(fs, "themes/t", {"t"}, diags);
}

std::string RenderWith(const std::string& text, const TemplateValue& ctx,
                       const std::map<std::string, std::string>& partials = {}) {
  Diagnostics diags;
  auto theme = LoadTheme(text, partials, diags);
  REQUIRE(theme.has_value());
  return theme->Render("t", ctx);
}

// "path:line:col message" of every diagnostic.
std::vector<std::string> Problems(const std::string& text, const std::map<std::string, std::string>& partials = {}) {
  Diagnostics diags;
  ValidateTemplate("t.mustache", text, partials, diags);
  std::vector<std::string> out;
  for (const auto& d : diags.Sorted())
    out.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + " " + d.message);
  return out;
}

}  // namespace

TEST_CASE("Variables are HTML-escaped and slashes stay as they are") {
  TemplateMap m;
  m["x"] = "<a href=\"/a/b?c=1&d='2'\">";
  CHECK(RenderWith("[{{x}}]", m) == "[&lt;a href=&quot;/a/b?c=1&amp;d=&#39;2&#39;&quot;&gt;]");
  CHECK(RenderWith("[{{ x }}]", m) == "[&lt;a href=&quot;/a/b?c=1&amp;d=&#39;2&#39;&quot;&gt;]");
  CHECK(RenderWith("[{{missing}}]", m) == "[]");
  TemplateMap b;
  b["yes"] = true;
  b["no"] = false;
  CHECK(RenderWith("{{yes}} {{no}}", b) == "true false");
}

TEST_CASE("Raw output is allowed only for *_html keys") {
  TemplateMap m;
  m["body_html"] = "<p>a &amp; b</p>";
  CHECK(RenderWith("{{{body_html}}}|{{& body_html}}|{{body_html}}", m) ==
        "<p>a &amp; b</p>|<p>a &amp; b</p>|&lt;p&gt;a &amp;amp; b&lt;/p&gt;");

  auto problems = Problems("a\n  {{{title}}} {{&name}} {{{ok_html}}}");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].rfind("2:3 неэкранированный вывод «title»", 0) == 0);
  CHECK(problems[1].rfind("2:15 неэкранированный вывод «name»", 0) == 0);
  Diagnostics diags;
  CHECK_FALSE(LoadTheme("{{{title}}}", {}, diags).has_value());
  CHECK(diags.error_count() == 1);
}

TEST_CASE("Sections iterate lists and enter maps and show for true and inverted sections for empty values") {
  TemplateMap item1, item2;
  item1["name"] = "один";
  item2["name"] = "два";
  TemplateMap m;
  m["items"] = TemplateList{item1, item2};
  m["none"] = TemplateList{};
  m["flag"] = true;
  m["off"] = false;
  m["empty"] = "";
  TemplateMap org;
  org["name"] = "Школа";
  m["org"] = org;
  m["title"] = "Заголовок";
  CHECK(RenderWith("{{#items}}<{{name}}>{{/items}}", m) == "<один><два>");
  CHECK(RenderWith("{{#none}}x{{/none}}{{^none}}пусто{{/none}}", m) == "пусто");
  CHECK(RenderWith("{{#flag}}да{{/flag}}{{#off}}нет{{/off}}{{^off}}!{{/off}}", m) == "да!");
  CHECK(RenderWith("{{#empty}}x{{/empty}}{{^empty}}y{{/empty}}{{^missing}}z{{/missing}}", m) == "yz");
  CHECK(RenderWith("{{#org}}{{name}}{{/org}}", m) == "Школа");
  // Inner names fall back to the enclosing contexts.
  CHECK(RenderWith("{{#items}}{{name}}/{{title}} {{/items}}", m) == "один/Заголовок два/Заголовок ");
  CHECK(RenderWith("{{#flag}}{{#org}}{{title}}: {{name}}{{/org}}{{/flag}}", m) == "Заголовок: Школа");
}

TEST_CASE("Dotted names and the current item") {
  TemplateMap inner;
  inner["href"] = "x/";
  TemplateMap org;
  org["name"] = "Школа";
  org["link"] = inner;
  TemplateMap m;
  m["org"] = org;
  m["name"] = "верхний";
  m["tags"] = TemplateList{"а", "<б>"};
  CHECK(RenderWith("{{org.name}} {{org.link.href}} [{{org.missing}}] [{{name.x}}]", m) == "Школа x/ [] []");
  CHECK(RenderWith("{{#org.link.href}}есть{{/org.link.href}}{{^org.link.nope}} нет{{/org.link.nope}}", m) ==
        "есть нет");
  CHECK(RenderWith("{{#tags}}<li>{{.}}</li>{{/tags}}", m) == "<li>а</li><li>&lt;б&gt;</li>");
}

TEST_CASE("Standalone tag lines leave no blank lines and partials render in the current context") {
  TemplateMap a, b;
  a["name"] = "A";
  b["name"] = "B";
  TemplateMap m;
  m["items"] = TemplateList{a, b};
  CHECK(RenderWith("<ul>\n{{#items}}\n<li>{{name}}</li>\n{{/items}}\n</ul>\n", m) == "<ul>\n<li>A</li>\n<li>B</li>\n</ul>\n");
  CHECK(RenderWith("a\n  {{! comment }}  \nb", m) == "a\nb");
  CHECK(RenderWith("<ul>{{#items}}{{> item}}{{/items}}</ul>", m, {{"item", "<li>{{name}}</li>"}}) ==
        "<ul><li>A</li><li>B</li></ul>");
  // An indented standalone partial indents each of its lines.
  CHECK(RenderWith("<div>\n  {{> two}}\n</div>", m, {{"two", "x\ny\n"}}) == "<div>\n  x\n  y\n</div>");
  // A template ending in a standalone tag.
  CHECK(RenderWith("a\n{{#items}}{{/items}}", m) == "a\n");
}

TEST_CASE("Shared values render and look up like copies") {
  TemplateMap card;
  card["title"] = "Практика";
  SharedTemplateValue shared = Share(card);
  TemplateMap m;
  m["cases"] = TemplateList{shared, shared};
  m["one"] = shared;
  CHECK(RenderWith("{{#cases}}{{title}};{{/cases}} {{one.title}} {{#one}}{{title}}{{/one}}", m) ==
        "Практика;Практика; Практика Практика");
}

TEST_CASE("A section over a shared value is rendered once when it reads nothing outside it") {
  Diagnostics diags;
  auto theme = LoadTheme("{{#nav}}{{label}}{{#more}}+{{/more}}{{^none}}.{{/none}}{{/nav}}|{{#open}}{{label}}{{outer}}{{/open}}|"
                         "{{#dot}}{{.}}{{/dot}}",
                         {}, diags);
  REQUIRE(theme.has_value());
  TemplateMap item;
  item["label"] = "a";
  item["more"] = true;
  item["none"] = std::string();
  SharedTemplateValue nav = Share(TemplateList{item, item});
  TemplateMap o;
  o["label"] = "b";
  SharedTemplateValue open = Share(o);  // reads «outer», which only the page has
  SharedTemplateValue dot = Share(TemplateList{TemplateValue("x"), TemplateValue("y")});
  for (std::string outer : {"1", "2", "3"}) {
    TemplateMap page;
    page["dot"] = dot;
    page["nav"] = nav;
    page["open"] = open;
    page["outer"] = outer;
    CHECK(theme->Render("t", page) == "a+.a+.|b" + outer + "|xy");
  }
  CHECK(nav->rendered.size() == 1);
  CHECK(dot->rendered.size() == 1);
  CHECK(open->rendered.empty());
  // A name the shared items lack is looked up outside them: never kept.
  auto lacking = LoadTheme("{{#nav}}{{label}}{{extra}}{{/nav}}", {}, diags);
  REQUIRE(lacking.has_value());
  for (std::string extra : {"1", "2"}) {
    TemplateMap page;
    page["extra"] = extra;
    page["nav"] = nav;
    CHECK(lacking->Render("t", page) == "a" + extra + "a" + extra);
  }
  CHECK(nav->rendered.size() == 1);  // only the first theme's section
}

TEST_CASE("A shared list item keeps its HTML when its body reads nothing outside it") {
  Diagnostics diags;
  auto theme = LoadTheme("{{#cases}}<{{> card}}>{{/cases}}|{{#open}}{{title}}{{outer}};{{/open}}",
                         {{"card", "{{title}}{{#org}}/{{name}}{{/org}}"}}, diags);
  REQUIRE(theme.has_value());
  TemplateMap org;
  org["name"] = "Школа & сад";
  TemplateMap card;
  card["org"] = Share(org);
  card["title"] = "<Практика>";
  SharedTemplateValue shared = Share(card);
  TemplateMap o;
  o["title"] = "b";
  SharedTemplateValue open = Share(o);  // reads «outer», which only the page has
  const std::string card_html = "&lt;Практика&gt;/Школа &amp; сад";
  for (std::string outer : {"1", "2", "3"}) {
    TemplateMap page;
    page["cases"] = TemplateList{shared, card, shared};  // shared or not: the same bytes
    page["open"] = TemplateList{open, open};
    page["outer"] = outer;
    CHECK(theme->Render("t", page) == "<" + card_html + "><" + card_html + "><" + card_html + ">|b" + outer + ";b" +
                                          outer + ";");
  }
  REQUIRE(shared->rendered.size() == 1);  // the item's body, once per theme and section
  CHECK(shared->rendered[0].item);
  CHECK(shared->rendered[0].html == "<" + card_html + ">");  // the body of the section, once
  CHECK(open->rendered.empty());
  // The same value as a section's own value is kept apart from it as an item.
  auto whole = LoadTheme("{{#one}}{{title}}{{/one}}", {}, diags);
  REQUIRE(whole.has_value());
  TemplateMap page;
  page["one"] = shared;
  CHECK(whole->Render("t", page) == "&lt;Практика&gt;");
  CHECK(shared->rendered.size() == 2);
}

TEST_CASE("A borrowing shared value renders like a copy and is copied when made owned") {
  std::string title = "Практика";
  TemplateMap card;
  card["title"] = TemplateValue::Borrow(title);
  SharedTemplateValue borrowing = ShareBorrowing(card);
  CHECK(borrowing->borrows);
  CHECK_FALSE(Share(card)->borrows);
  TemplateMap page;
  page["cases"] = TemplateList{borrowing};
  page["one"] = borrowing;
  CHECK(RenderWith("{{#cases}}{{title}}{{/cases}} {{one.title}}", page) == "Практика Практика");
  MakeOwned(page);
  title = "изменено";  // the model changes after the page was kept
  CHECK(RenderWith("{{#cases}}{{title}}{{/cases}} {{one.title}}", page) == "Практика Практика");
  CHECK(std::holds_alternative<TemplateMap>(std::get<TemplateList>(page.at("cases").value)[0].value));
  CHECK(std::holds_alternative<std::string>(std::get<TemplateMap>(page.at("one").value).at("title").value));
}

TEST_CASE("RenderTo looks names up in the last scope first and then the earlier ones") {
  Diagnostics diags;
  auto theme = LoadTheme("{{title}} {{own}} {{#list}}{{title}}{{/list}}", {}, diags);
  REQUIRE(theme.has_value());
  TemplateMap page, common;
  page["title"] = "страница";
  page["own"] = "своё";
  page["list"] = TemplateList{TemplateMap{}};
  common["title"] = "общий";
  std::string out = "<";
  theme->RenderTo("t", {&page, &common}, out);
  CHECK(out == "<общий своё общий");
}

TEST_CASE("Template errors carry line and column") {
  CHECK(Problems("ok {{#a}}\n{{#b}}x{{/a}}").at(0) ==
        "2:1 раздел «b» не закрыт");
  auto unclosed = Problems("{{#a}}\n  {{x}");
  REQUIRE(unclosed.size() == 1);
  CHECK(unclosed[0] == "2:3 тег шаблона не закрыт");
  auto open = Problems("текст {{#раздел}}\n");
  REQUIRE(open.size() == 1);
  CHECK(open[0] == "1:7 раздел «раздел» не закрыт");
  auto stray = Problems("{{/a}}");
  REQUIRE(stray.size() == 1);
  CHECK(stray[0] == "1:1 закрывается раздел «a», который не открыт");
  auto wrong = Problems("{{#a}}{{/b}}");
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0].rfind("1:7 закрывается «b», но открыт «a»", 0) == 0);
  auto partial = Problems("\n\n {{> nope}}", {{"yes", ""}});
  REQUIRE(partial.size() == 1);
  CHECK(partial[0] == "3:2 нет вложенного шаблона «nope»");
  CHECK(Problems("{{> yes}}", {{"yes", ""}}).empty());
  CHECK(Problems("{{=<% %>=}}").size() == 1);
}

TEST_CASE("AppendHtmlEscaped replaces exactly & < > \" ' at any offset and length") {
  const auto reference = XmlEscape;  // the same five bytes, one at a time
  // Special bytes before, inside and after 16-byte blocks, among Cyrillic
  // (bytes ≥ 0x80) and the ASCII neighbours of the special bytes.
  const std::string alphabet = "аб=;%()?@[\\]&<>\"'x";
  for (size_t len = 0; len < 70; ++len) {
    for (size_t seed = 0; seed < 7; ++seed) {
      std::string s;
      for (size_t i = 0; i < len; ++i) s += alphabet[(i * 7 + seed * 13 + i * i) % alphabet.size()];
      std::string out = "prefix";
      AppendHtmlEscaped(s, out);
      CHECK(out == "prefix" + reference(s));
    }
  }
}

TEST_CASE("TemplateMap keeps keys sorted in any insertion order and finds them in small and large maps") {
  for (size_t n : {1u, 5u, 16u, 17u, 40u}) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < n; ++i) keys.push_back("k" + std::to_string((i * 7) % n) + (i % 2 ? "_x" : ""));
    TemplateMap ascending, shuffled;
    std::vector<std::string> sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& k : sorted) ascending[k] = k;
    for (const auto& k : keys) shuffled[k] = k;
    std::vector<std::string> seen, seen_ascending;
    for (const auto& [k, v] : shuffled) seen.push_back(k);
    for (const auto& [k, v] : ascending) seen_ascending.push_back(k);
    CHECK(seen == sorted);
    CHECK(seen_ascending == sorted);
    for (const auto& k : keys) {
      REQUIRE(shuffled.find(k) != shuffled.end());
      CHECK(std::get<std::string>(shuffled.at(k).value) == k);
    }
    CHECK(shuffled.find("k") == shuffled.end());
    CHECK(shuffled.find("zz") == shuffled.end());
    CHECK(shuffled.count("") == 0);
    CHECK_FALSE(shuffled.emplace(keys[0], "other").second);
    CHECK(shuffled.emplace("zzz", "last").second);
    CHECK(shuffled.emplace("a", "first").second);
    CHECK(shuffled.begin()->first == "a");
  }
}

TEST_CASE("TemplateMap::find with a hint: the hinted place first, the found place kept, a wrong hint harmless") {
  // Keys of every length the inline comparison treats apart (0–3, 4–7,
  // 8–16, longer), some sharing a first byte, some Cyrillic.
  const std::vector<std::string> keys = {"", "a", "ab", "abc", "href", "title", "summary", "has_breadcrumbs",
                                         "has_pagefind_filters", "организация", "абв", "x_y_z_1234567890"};
  TemplateMap m;
  for (const auto& k : keys) m[k] = k;
  std::vector<std::string> seen;
  for (const auto& [k, v] : m) seen.push_back(k);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.size() == keys.size());
  const TemplateMap& cm = m;
  for (const auto& k : keys) {
    const uint64_t bit = TemplateMap::KeyBit(k);
    for (uint32_t start : {0u, 3u, 11u, 12u, 1000u}) {
      uint32_t hint = start;
      auto it = cm.find(k, bit, &hint);
      REQUIRE(it != cm.end());
      CHECK(it->first == k);
      CHECK(cm.begin() + hint == it);  // kept for the next lookup
      uint32_t again = hint;
      CHECK(cm.find(k, bit, &again) == it);
      CHECK(again == hint);
    }
  }
  // Names the map lacks, one differing from a key only in its last byte or
  // its length: not found, the hint left as it was.
  for (const std::string missing : {"hreg", "titl", "has_breadcrumbz", "has_pagefind_filterz", "абг", "b"}) {
    uint32_t hint = 4;
    CHECK(cm.find(missing, TemplateMap::KeyBit(missing), &hint) == cm.end());
    CHECK(hint == 4);
  }
}

TEST_CASE("A theme renders the same page after pages whose maps hold their keys elsewhere") {
  Diagnostics diags;
  auto theme = LoadTheme("{{a}}|{{b.c}}|{{#l}}{{d}}{{/l}}", {}, diags);
  REQUIRE(theme.has_value());
  TemplateMap inner{{"c", TemplateValue("C")}};
  TemplateMap small{{"a", TemplateValue("A")}, {"b", TemplateValue(inner)},
                    {"l", TemplateList{TemplateValue(TemplateMap{{"d", TemplateValue("1")}})}}};
  TemplateMap big = small;
  for (int i = 0; i < 40; ++i) big["a" + std::to_string(i)] = "x";  // moves b and l
  std::get<TemplateMap>(big["b"].value)["aa"] = "y";                  // moves c
  for (int round = 0; round < 3; ++round) {
    CHECK(theme->Render("t", TemplateValue(small)) == "A|C|1");
    CHECK(theme->Render("t", TemplateValue(big)) == "A|C|1");
    CHECK(theme->Render("t", TemplateValue(TemplateMap{})) == "||");
  }
}

TEST_CASE("Borrowed text renders like the same text owned: escaped, raw, empty, shared") {
  const std::string text = "<b>Школа</b> & «сад»";
  const std::string html = "<p>абзац</p>";
  const std::string empty;
  const std::string tpl = "{{a}}|{{{b_html}}}|{{#a}}есть{{/a}}|{{^e}}пусто{{/e}}|{{#l}}{{.}};{{/l}}";
  TemplateMap owned{{"a", TemplateValue(text)}, {"b_html", TemplateValue(html)}, {"e", TemplateValue(empty)},
                    {"l", TemplateList{TemplateValue(text), TemplateValue(empty)}}};
  TemplateMap borrowed{{"a", TemplateValue::Borrow(text)},
                       {"b_html", TemplateValue::Borrow(html)},
                       {"e", TemplateValue::Borrow(empty)},
                       {"l", TemplateList{TemplateValue::Borrow(text), TemplateValue::Borrow(empty)}}};
  const std::string expected = RenderWith(tpl, TemplateValue(owned));
  CHECK(expected == "&lt;b&gt;Школа&lt;/b&gt; &amp; «сад»|<p>абзац</p>|есть|пусто|&lt;b&gt;Школа&lt;/b&gt; &amp; «сад»;;");
  CHECK(RenderWith(tpl, TemplateValue(borrowed)) == expected);
  // Shared subtrees own their text: sharing copies what was borrowed.
  SharedTemplateValue shared = Share(TemplateValue(borrowed));
  CHECK(std::holds_alternative<std::string>(std::get<TemplateMap>(shared->value.value).at("a").value));
  CHECK(RenderWith(tpl, TemplateValue(shared)) == expected);
  // Made owned: every text copied, the same output.
  TemplateValue kept = TemplateValue(borrowed);
  MakeOwned(kept);
  const auto& kept_map = std::get<TemplateMap>(kept.value);
  CHECK(std::holds_alternative<std::string>(kept_map.at("a").value));
  CHECK(std::holds_alternative<std::string>(std::get<TemplateList>(kept_map.at("l").value)[0].value));
  CHECK(RenderWith(tpl, kept) == expected);
}

// The bodies render beside the theme's loading and report into the same
// collector: an error of theirs that arrives while the theme loads is not the
// theme's (a build once lost every page and the link check after it).
TEST_CASE("An error reported by another part of the build while the theme loads does not fail the theme") {
  // Reading a theme file stands for the moment another thread reports.
  struct ReportingFileSystem : MemoryFileSystem {
    Diagnostics* shared = nullptr;
    std::optional<std::string> Read(const std::string& path) const override {
      shared->Error({"content/pages/a.md", 4, 5}, "E090", "ссылка на несуществующий документ");
      return MemoryFileSystem::Read(path);
    }
  } fs;
  Diagnostics diags;
  fs.shared = &diags;
  fs.Add("themes/t/templates/t.mustache", "<p>{{x}}</p>");
  fs.Add("themes/t/partials/p.mustache", "{{y}}");
  auto theme = Theme::Load(fs, "themes/t", {"t"}, diags);
  REQUIRE(theme.has_value());
  CHECK(diags.error_count() == 2);  // the other part's errors are all kept
  CHECK(diags.Sorted()[0].code == "E090");
  CHECK(theme->Render("t", TemplateValue(TemplateMap{{"x", TemplateValue("а")}})) == "<p>а</p>");
}

TEST_CASE("A theme's own error still fails it, beside errors reported elsewhere") {
  MemoryFileSystem fs;
  fs.Add("themes/t/templates/t.mustache", "{{#open}}");
  Diagnostics diags;
  diags.Error({"content/pages/a.md", 4, 5}, "E090", "ссылка на несуществующий документ");
  auto theme = Theme::Load(fs, "themes/t", {"t"}, diags);
  CHECK_FALSE(theme.has_value());
  std::vector<std::string> codes;
  for (const auto& d : diags.Sorted()) codes.push_back(d.pos.path + " " + d.code);
  CHECK(codes == std::vector<std::string>{"content/pages/a.md E090", "themes/t/templates/t.mustache E061"});
}
