// The direct scan of simple front matter must give exactly the tree and the
// diagnostics yaml-cpp gives: compared on hand-picked snippets and on every
// front matter of the demo site and the test fixtures.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "load/front_matter.h"
#include "load/yaml.h"

using namespace nastavnik;

namespace {

std::string Dump(const YamlNode& n) {
  std::string out = std::to_string(static_cast<int>(n.kind)) + "@" + std::to_string(n.line) + ":" +
                    std::to_string(n.column) + (n.quoted ? "q" : "") + "[" + n.scalar + "]";
  for (const auto& item : n.items) out += "(" + Dump(item) + ")";
  for (const auto& e : n.entries) out += "{" + Dump(e.key) + "=" + Dump(e.value) + "}";
  return out;
}

std::string Parse(std::string_view text, bool fast) {
  Diagnostics diags;
  auto root = ParseYaml(text, {"a.md", 2, 1}, diags, fast);
  std::string out = root ? Dump(*root) : "none";
  for (const auto& d : diags.Sorted())
    out += "\n" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + " " + d.code + " " + d.message;
  return out;
}

void Same(std::string_view text) {
  INFO(text);
  CHECK(Parse(text, true) == Parse(text, false));
}

}  // namespace

TEST_CASE("Simple front matter scanned directly equals yaml-cpp's tree") {
  for (std::string_view text : {
           "title: Практика\n",
           "title: \"Практика 1: «кавычки»\"\nsummary: 'одинарные'\n",
           "tags: [олимпиады, робототехника,экология ]\nauthors: [Александрова Татьяна Борисовна]\n",
           "\n\ntitle: после пустых строк\n\n",
           "title:   много пробелов   \ndate: 27.11.2023\nacademic_year: 2022-2023\n",
           "form: работодатель – студент\nweight: 10\ndraft: да\nx: ~\ny: null\nz: true\n",
           "title: Опыт, практика, итоги\nsite: https://school.example.ru/a?b=c\n",
           "title: a:b\nnote: 100%\n",
           "a: \"\"\n",
           "title: без перевода строки в конце",
           // Everything below goes to yaml-cpp, and must still be the same.
           "title: Практика\ntitle: снова\n",
           "title: a # комментарий\n",
           "# комментарий\ntitle: a\n",
           "title:\n",
           "title: \"не закрыта\n",
           "tags: [a, b\n",
           "tags: [a, , b]\n",
           "tags: []\n",
           "attachments:\n  - file: a.pdf\n    title: План\n",
           "title: a\r\nsummary: b\r\n",
           "title: \"a\\\"b\"\n",
           "title: 'it''s'\n",
           "title: &a x\nother: *a\n",
           "title: - x\n",
           "title: a: b\n",
           "title: [a] b\n",
           "Заголовок: x\n",
           "title: x\n  продолжение\n",
           "title:\tx\n",
       })
    Same(text);
}

TEST_CASE("Every front matter of the demo site and the fixtures scans as yaml-cpp reads it") {
  namespace stdfs = std::filesystem;
  std::vector<stdfs::path> roots = {stdfs::path(NASTAVNIK_SOURCE_DIR) / "content",
                                    stdfs::path(NASTAVNIK_SOURCE_DIR) / "tests" / "fixtures"};
  // NASTAVNIK_YAML_COMPARE_DIR adds a folder (a generated benchmark corpus).
  if (const char* extra = std::getenv("NASTAVNIK_YAML_COMPARE_DIR")) roots.emplace_back(extra);
  size_t compared = 0;
  for (const auto& root : roots) {
    std::error_code ec;
    for (auto it = stdfs::recursive_directory_iterator(root, ec); !ec && it != stdfs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() != ".md") continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      Diagnostics ignored;
      auto split = SplitFrontMatter(text, "a.md", ignored);
      if (!split || !split->has_front_matter) continue;
      INFO(it->path().string());
      CHECK(Parse(split->yaml, true) == Parse(split->yaml, false));
      ++compared;
    }
  }
  CHECK(compared > 10);
}

TEST_CASE("Simple front matter with random characters put in scans as yaml-cpp reads it") {
  // Deterministic: a fixed seed and a small LCG, so a failure repeats.
  uint32_t state = 12345;
  auto next = [&](uint32_t n) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % n;
  };
  const std::vector<std::string> bases = {
      "title: \"Практика 1: мастерская\"\ntags: [олимпиады, робототехника]\nsummary: Проект\n",
      "organization: org-0129\ndate: 27.11.2023\nauthors: [Александрова Т. Б.]\nform: работодатель – студент\n",
      "kind: виртуальное\nelement: обучение\nacademic_year: 2022-2023\ntitle: 'одинарные'\n"};
  const std::vector<std::string> pieces = {":", ": ", " ", "#", " #", "\"", "'", "[", "]", ",", "{", "}", "-", "- ",
                                           "&", "*", "!", "|", ">", "%", "@", "`", "?", "\t", "\r", "\n", "\n  ",
                                           "\\", "~", "null", "ё", "«", "\n\n", "\nx: y", "\ntitle: z", "---", "..."};
  for (int round = 0; round < 3000; ++round) {
    std::string text = bases[next(static_cast<uint32_t>(bases.size()))];
    int edits = 1 + static_cast<int>(next(3));
    for (int e = 0; e < edits; ++e) {
      size_t at = next(static_cast<uint32_t>(text.size() + 1));
      // Never split a UTF-8 sequence: the loader has refused such text before.
      while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
      text.insert(at, pieces[next(static_cast<uint32_t>(pieces.size()))]);
    }
    Same(text);
  }
}
