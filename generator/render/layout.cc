#include "render/layout.h"

#include "util/strings.h"

namespace nastavnik {

namespace {

std::string NormalizeMenuLink(const std::string& link) { return NormalizeSitePath(link, nullptr); }

}  // namespace

std::string RenderPage(const PageOutput& page, const Theme& theme, const SiteConfig& config) {
  std::string scratch, html;
  scratch.reserve(16 * 1024);
  RenderPageTo(page, theme, config, scratch, html);
  return html;
}

void RenderPageTo(const PageOutput& page, const Theme& theme, const SiteConfig& config, std::string& scratch,
                  std::string& out) {
  Linker link(page.path);
  // The common keys, looked up before the page's own values (which are not
  // copied: both maps are scopes of the template's context stack).
  TemplateMap ctx;
  TemplateMap site;
  site["title"] = config.title;
  site["description"] = config.description;
  site["municipality"] = config.municipality;
  site["department"] = config.department;
  ctx["site"] = site;
  ctx["root"] = link.root();
  ctx["home_href"] = link.To("");
  ctx["css_href"] = link.To("static/style.css");
  ctx["print_css_href"] = link.To("static/print.css");
  ctx["js_href"] = link.To("static/site.js");
  ctx["search_href"] = link.To(urls::kSearch);
  ctx["title"] = page.title;
  // Lets tests and styles tell pages apart by kind (one check per template).
  ctx["template_name"] = page.template_name;
  // feed.xml exists only with base_url (publish/feed.cc).
  if (!config.base_url.empty()) ctx["feed_href"] = link.To("feed.xml");
  // Search facets (Pagefind), a list of {name, value}, set by page generators.
  auto filters = page.vars.find("pagefind_filters");
  ctx["has_pagefind_filters"] = filters != page.vars.end();
  ctx["description"] = page.description.empty() ? config.description : page.description;
  ctx["is_home"] = page.path.empty();
  // The 404 page is served at any missing address: it has no canonical one.
  if (!config.base_url.empty() && page.template_name != "not_found")
    ctx["canonical"] = config.base_url + page.path;

  TemplateList menu;
  for (const auto& item : config.menu) {
    std::string target = NormalizeMenuLink(item.link);
    TemplateMap m;
    m["title"] = item.title;
    m["href"] = link.To(target);
    bool current = target.empty() ? page.path.empty() : StartsWith(page.path, target);
    m["current"] = current;
    menu.push_back(m);
  }
  ctx["menu"] = menu;

  TemplateList crumbs;
  for (const auto& b : page.breadcrumbs) {
    TemplateMap c;
    c["title"] = b.title;
    c["href"] = link.To(b.path);
    crumbs.push_back(c);
  }
  ctx["breadcrumbs"] = crumbs;
  ctx["has_breadcrumbs"] = !crumbs.empty();

  scratch.clear();
  theme.RenderTo(page.template_name, {&page.vars, &ctx}, scratch);
  TemplateValue& content = ctx["content_html"];
  content = std::move(scratch);
  out.clear();
  out.reserve(std::get<std::string>(content.value).size() + 8 * 1024);
  theme.RenderTo("layout", {&page.vars, &ctx}, out);
  scratch = std::move(std::get<std::string>(content.value));  // its buffer, for the next page
}

}  // namespace nastavnik
