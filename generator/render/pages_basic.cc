// The home page, free text pages and the 404 page.
#include "render/page.h"
#include "render/pages.h"

namespace nastavnik {

void GenerateHomePage(const RenderInput& in, const PageSink& sink) {
  PageOutput page;
  page.path = urls::kHome;
  page.template_name = "home";
  page.title = in.model.home.title.empty() ? in.config.title : in.model.home.title;
  page.description = in.model.home.description;
  Linker link(page.path);
  TemplateMap& v = page.vars;
  v["intro_html"] = BodyHtml(in, in.model.home.source);
  TemplateList orders;
  for (const auto& o : in.model.orders) {
    if (!o.InForce()) continue;
    if (orders.size() == 5) break;
    TemplateMap m;
    m["heading"] = o.Heading();
    m["title"] = o.title;
    m["href"] = link.To(urls::Order(o.id));
    orders.push_back(m);
  }
  v["latest_orders"] = orders;
  v["has_latest_orders"] = !orders.empty();
  TemplateList cases;
  for (const auto& c : in.model.cases) {
    if (cases.size() == 6) break;
    TemplateMap m;
    m["title"] = c.title;
    m["summary"] = c.summary;
    m["href"] = link.To(urls::Case(c.id));
    m["organization"] = OrganizationLink(in, link, c.organization);
    m["form"] = c.form;
    cases.push_back(m);
  }
  v["latest_cases"] = cases;
  v["has_latest_cases"] = !cases.empty();
  TemplateList sections;
  for (const auto& item : in.config.menu) {
    std::string target = NormalizeSitePath(item.link, nullptr);
    if (target.empty()) continue;
    TemplateMap m;
    m["title"] = item.title;
    m["href"] = link.To(target);
    sections.push_back(m);
  }
  v["sections"] = sections;
  TemplateMap stats;
  size_t educational = 0;
  for (const auto& o : in.model.organizations)
    if (o.IsEducational()) ++educational;
  stats["organizations"] = educational;
  stats["orders"] = in.model.orders.size();
  stats["cases"] = in.model.cases.size();
  stats["programs"] = in.model.programs.size();
  v["stats"] = stats;
  sink(std::move(page));
}

void GenerateTextPages(const RenderInput& in, const PageSink& sink) {
  for (const auto& p : in.model.pages) {
    PageOutput page;
    page.path = urls::Page(p.id);
    page.template_name = "page";
    page.title = p.title;
    page.description = p.description;
    page.breadcrumbs = {{"Главная", ""}};
    page.vars["body_html"] = BodyHtml(in, p.source);
    page.vars["lead"] = p.description;
    sink(std::move(page));
  }
}

void GenerateNotFoundPage(const RenderInput&, const PageSink& sink) {
  PageOutput page;
  // Web servers serve /404.html from the site root; its links are written
  // relative to the root, which is right only there.
  page.path = "404.html";
  page.template_name = "not_found";
  page.title = "Страница не найдена";
  page.in_sitemap = false;
  page.vars["no_search_index"] = true;  // not a search result
  sink(std::move(page));
}

}  // namespace nastavnik
