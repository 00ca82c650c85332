// The search page. Pagefind's index and UI (publish/search_index.h) are
// written beside the pages in pagefind/; static/site.js loads the UI from
// there, so the page itself works — with a notice — when no index was built
// or the site is opened from disk, where browsers refuse to fetch the index.
#include "render/page.h"
#include "render/pages.h"

namespace nastavnik {

void GenerateSearchPage(const RenderInput& in, const PageSink& sink) {
  PageOutput page;
  page.path = urls::kSearch;
  page.template_name = "search";
  page.title = "Поиск";
  page.description = "Поиск по документам, практикам и страницам раздела";
  page.breadcrumbs = {{"Главная", ""}};
  page.in_sitemap = false;
  Linker link(page.path);
  TemplateMap& v = page.vars;
  v["bundle_href"] = link.root() + "pagefind/";  // a folder, not a page
  v["no_search_index"] = true;  // the search page itself is not a result
  TemplateList sections;
  for (const auto& item : in.config.menu) {
    std::string target = NormalizeSitePath(item.link, nullptr);
    TemplateMap m;
    m["title"] = item.title;
    m["href"] = link.To(target);
    sections.push_back(m);
  }
  v["sections"] = sections;
  sink(std::move(page));
}

}  // namespace nastavnik
