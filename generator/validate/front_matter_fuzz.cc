// libFuzzer target for everything that reads YAML a person wrote: the
// front-matter splitter, the YAML adapter and the validation of front matter
// against the shipped schemas, site.yaml, and schema files. No input may
// crash it, hang it, or make it report a position outside the file.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DNASTAVNIK_FUZZ=ON
//   cmake --build build-fuzz --target front_matter_fuzz
//   ./build-fuzz/generator/front_matter_fuzz -max_total_time=120 tests/fuzz/front_matter_seeds
//
// The first byte picks what the rest is: a Markdown file validated as an
// order, a case or a page (0–2), site.yaml (3) or a schema file (4).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "load/front_matter.h"
#include "load/site_config.h"
#include "load/yaml.h"
#include "util/strings.h"
#include "validate/embedded_schemas.h"
#include "validate/schema.h"
#include "validate/validator.h"

using namespace nastavnik;

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

const std::vector<std::unique_ptr<Schema>>& FrontMatterSchemas() {
  static const auto* schemas = [] {
    auto* out = new std::vector<std::unique_ptr<Schema>>();
    for (const char* name : {"orders", "cases", "pages"}) {
      for (const auto& e : EmbeddedSchemas()) {
        if (e.name != name) continue;
        Diagnostics diags;
        auto root = ParseYaml(e.text, {"<schema>", 1, 1}, diags);
        Check(root.has_value());
        auto s = SchemaFromYaml(*root, "<schema>", diags);
        Check(s.has_value() && diags.empty());
        out->push_back(std::make_unique<Schema>(std::move(*s)));
      }
    }
    Check(out->size() == 3);
    return out;
  }();
  return *schemas;
}

// Every node of a parsed tree lies inside the text it came from.
void CheckNode(const YamlNode& n, const std::vector<std::string_view>& lines) {
  Check(n.line >= 1 && static_cast<size_t>(n.line) <= lines.size());
  Check(n.column >= 1 && static_cast<size_t>(n.column) <= CodepointCount(lines[n.line - 1]) + 1);
  for (const auto& item : n.items) CheckNode(item, lines);
  for (const auto& [k, v] : n.entries) {
    CheckNode(k, lines);
    CheckNode(v, lines);
  }
}

bool SameTree(const YamlNode& a, const YamlNode& b) {
  if (a.kind != b.kind || a.scalar != b.scalar || a.quoted != b.quoted || a.line != b.line ||
      a.column != b.column || a.items.size() != b.items.size() || a.entries.size() != b.entries.size())
    return false;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!SameTree(a.items[i], b.items[i])) return false;
  for (size_t i = 0; i < a.entries.size(); ++i)
    if (!SameTree(a.entries[i].key, b.entries[i].key) || !SameTree(a.entries[i].value, b.entries[i].value))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int mode = data[0] % 5;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  // The loader refuses text that is not UTF-8 before it gets here (E001).
  if (!IsValidUtf8(text)) return 0;
  // The file's lines, as a text report would number them.
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }

  Diagnostics diags;
  const std::string path = "content/fuzz.md";
  if (mode <= 2) {
    auto split = SplitFrontMatter(text, path, diags);
    if (split && split->has_front_matter) {
      Check(split->yaml_line == 2);
      Check(split->body_line >= 2 && static_cast<size_t>(split->body_line) <= lines.size() + 1);
      auto root = ParseYaml(split->yaml, {path, split->yaml_line, 1}, diags);
      // The direct scan of simple front matter gives yaml-cpp's tree and diagnostics.
      {
        Diagnostics fast_diags, slow_diags;
        auto fast = ParseYaml(split->yaml, {path, split->yaml_line, 1}, fast_diags, true);
        auto slow = ParseYaml(split->yaml, {path, split->yaml_line, 1}, slow_diags, false);
        Check(fast.has_value() == slow.has_value());
        if (fast) Check(SameTree(*fast, *slow));
        auto a = fast_diags.Sorted(), b = slow_diags.Sorted();
        Check(a.size() == b.size());
        for (size_t i = 0; i < a.size() && i < b.size(); ++i)
          Check(a[i].pos.line == b[i].pos.line && a[i].pos.column == b[i].pos.column && a[i].code == b[i].code &&
                a[i].message == b[i].message);
      }
      if (root) {
        CheckNode(*root, lines);
        const Schema& schema = *FrontMatterSchemas()[static_cast<size_t>(mode)];
        Record r = ValidateFrontMatter(*root, schema, path, "fuzz", diags);
        Check(r.values.size() == schema.fields.size());
      }
    }
  } else if (mode == 3) {
    ParseSiteConfig(text, diags);
  } else {
    auto root = ParseYaml(text, {path, 1, 1}, diags);
    if (root) {
      CheckNode(*root, lines);
      SchemaFromYaml(*root, path, diags);
    }
  }
  for (const auto& d : diags.Sorted()) {
    Check(!d.code.empty() && !d.message.empty());
    Check(IsValidUtf8(d.message) && IsValidUtf8(d.hint));
    if (d.pos.line == 0) continue;
    Check(d.pos.line >= 1 && static_cast<size_t>(d.pos.line) <= lines.size());
    Check(d.pos.column >= 1 && static_cast<size_t>(d.pos.column) <= CodepointCount(lines[d.pos.line - 1]) + 1);
  }
  return 0;
}
