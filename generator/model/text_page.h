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
  std::string body;
  int body_line = 1;
};

}  // namespace nastavnik
