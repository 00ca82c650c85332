#include <doctest/doctest.h>

#include "load/fs.h"
#include "render/embedded_theme.h"
#include "render/template.h"

using namespace nastavnik;

TEST_CASE("Archetypes ship with the embedded theme and are never page templates") {
  bool found = false;
  for (const auto& f : EmbeddedThemeFiles())
    if (f.path == "archetypes/case.md") found = f.bytes.find("draft: да") != std::string_view::npos;
  CHECK(found);

  // A theme whose archetype is not valid Mustache still loads: archetypes
  // are filled by `nastavnik new`, not rendered as pages.
  MemoryFileSystem fs;
  fs.Add("themes/t/templates/page.mustache", "<h1>{{title}}</h1>");
  fs.Add("themes/t/archetypes/case.md", "---\ntitle: {{title}}\n{{#unclosed}}\n---\n");
  Diagnostics diags;
  auto theme = Theme::Load(fs, "themes/t", {"page"}, diags);
  REQUIRE(theme.has_value());
  CHECK(diags.empty());
  CHECK_FALSE(theme->Has("case"));
  CHECK(theme->static_files().empty());
}
