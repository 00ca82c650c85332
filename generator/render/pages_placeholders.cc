// Sections whose full pages are still being built. Each entry here is removed
// when its real generator lands (mentors: issue 4), so that links to them
// never break meanwhile.
#include "render/page.h"
#include "render/pages.h"

namespace nastavnik {

void GeneratePlaceholderPages(const RenderInput&, const PageSink& sink) {
  struct Section {
    const char* path;
    const char* title;
  };
  static const Section kSections[] = {
      {urls::kMentors, "Наставники"},
      {urls::kSearch, "Поиск"},
  };
  for (const auto& s : kSections) {
    PageOutput page;
    page.path = s.path;
    page.template_name = "page";
    page.title = s.title;
    page.breadcrumbs = {{"Главная", ""}};
    page.vars["lead"] = "Раздел наполняется.";
    sink(std::move(page));
  }
}

}  // namespace nastavnik
