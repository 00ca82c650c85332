#pragma once
// Cross-references: which documents, cases and pages link to a page. Read
// from the links LinkResolver remembered while Markdown bodies were rendered
// (and while earlier generators resolved front-matter links), so it knows
// every link written in content, not only the declared `basis` of orders.
#include <string>
#include <vector>

#include "render/page.h"

namespace nastavnik {

struct Citation {
  std::string kind;   // «Документ», «Практика», «Страница»
  std::string title;
  std::string path;   // page path of the citing page
};

// Every content page with a link to `page_path`, except the page itself;
// each once, ordered by kind (documents, cases, pages), then title.
std::vector<Citation> CitationsOf(const RenderInput& in, const std::string& page_path);

}  // namespace nastavnik
