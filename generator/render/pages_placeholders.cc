// Sections whose full pages are still being built. Each entry here is removed
// when its real generator lands (roadmap and indicators: issue 6; cases:
// issue 5), so that links to them never break meanwhile.
#include "render/page.h"
#include "render/pages.h"

namespace nastavnik {

void GeneratePlaceholderPages(const RenderInput& in, const PageSink& sink) {
  struct Section {
    const char* path;
    const char* title;
  };
  static const Section kSections[] = {
      {urls::kRoadmap, "Дорожная карта"},
      {urls::kIndicators, "Целевые показатели"},
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
  {
    PageOutput page;
    page.path = urls::kCases;
    page.template_name = "page";
    page.title = "Практики наставничества";
    page.breadcrumbs = {{"Главная", ""}};
    sink(std::move(page));
  }
  for (const auto& c : in.model.cases) {
    PageOutput page;
    page.path = urls::Case(c.id);
    page.template_name = "page";
    page.title = c.title;
    page.description = c.summary;
    page.breadcrumbs = {{"Главная", ""}, {"Практики", urls::kCases}};
    page.vars["lead"] = c.summary;
    page.vars["body_html"] = BodyHtml(in, c.source);
    sink(std::move(page));
  }
}

}  // namespace nastavnik
