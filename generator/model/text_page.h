#pragma once
#include <string>

namespace nastavnik {

// A free text page (content/pages/<slug>.md) or the home text (content/_index.md).
struct TextPage {
  std::string id;      // slug; "" for the home page
  std::string source;
  std::string title;
  std::string description;
  long long weight = 0;
  // The Markdown body stays in LoadedSite (read once); its HTML is in
  // RenderedBodies, by `source`.
};

}  // namespace nastavnik
