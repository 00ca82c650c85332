#pragma once
// The default theme compiled into the binary from themes/default/, used when
// a site has no themes/<name>/ folder of its own.
#include <string_view>
#include <vector>

namespace nastavnik {

struct EmbeddedFile {
  std::string_view path;   // relative to the theme folder: "templates/home.mustache"
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& EmbeddedThemeFiles();

}  // namespace nastavnik
