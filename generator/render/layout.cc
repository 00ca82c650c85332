#include "render/layout.h"

#include <optional>

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

const TemplateMap& LayoutCache::DepthScope(const Linker& link) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<TemplateMap>& scope = depths_[link.root()];
  if (!scope) {
    scope = std::make_unique<TemplateMap>();
    TemplateMap& ctx = *scope;
    TemplateMap site;
    site["title"] = config_.title;
    site["description"] = config_.description;
    site["municipality"] = config_.municipality;
    site["department"] = config_.department;
    ctx["site"] = site;
    ctx["root"] = link.root();
    ctx["home_href"] = link.To("");
    ctx["css_href"] = link.To("static/style.css");
    ctx["print_css_href"] = link.To("static/print.css");
    ctx["js_href"] = link.To("static/site.js");
    ctx["search_href"] = link.To(urls::kSearch);
    // feed.xml exists only with base_url (publish/feed.cc).
    if (!config_.base_url.empty()) ctx["feed_href"] = link.To("feed.xml");
  }
  return *scope;
}

TemplateValue LayoutCache::Menu(const Linker& link, const std::string& page_path) {
  std::vector<std::string> targets;
  std::string key = link.root() + '\n';
  for (const auto& item : config_.menu) {
    targets.push_back(NormalizeMenuLink(item.link));
    const std::string& target = targets.back();
    key += (target.empty() ? page_path.empty() : StartsWith(page_path, target)) ? '1' : '0';
  }
  std::lock_guard<std::mutex> lock(mu_);
  SharedTemplateValue& menu = menus_[key];
  if (!menu) {
    TemplateList items;
    for (size_t i = 0; i < config_.menu.size(); ++i) {
      TemplateMap m;
      m["title"] = config_.menu[i].title;
      m["href"] = link.To(targets[i]);
      m["current"] = key[link.root().size() + 1 + i] == '1';
      items.push_back(m);
    }
    menu = Share(std::move(items));
  }
  return menu;
}

void RenderPageTo(const PageOutput& page, const Theme& theme, const SiteConfig& config, std::string& scratch,
                  std::string& out, LayoutCache* cache) {
  std::optional<LayoutCache> own;
  if (!cache) cache = &own.emplace(config);
  Linker link(page.path);
  // The common keys, looked up before the page's own values (which are not
  // copied: the maps are scopes of the template's context stack): those of
  // the page's depth, shared, and the page's own.
  const TemplateMap& depth = cache->DepthScope(link);
  TemplateList crumbs;
  crumbs.reserve(page.breadcrumbs.size());
  for (const auto& b : page.breadcrumbs) {
    TemplateMap c;  // keys in order
    c.reserve(2);
    c["href"] = link.To(b.path);
    c["title"] = b.title;
    crumbs.push_back(std::move(c));
  }
  // Keys in order: each is appended to the map (render/template_value.h).
  TemplateMap ctx;
  ctx.reserve(12);
  const bool has_breadcrumbs = !crumbs.empty();
  ctx["breadcrumbs"] = std::move(crumbs);
  // The 404 page is served at any missing address: it has no canonical one.
  if (!config.base_url.empty() && page.template_name != "not_found")
    ctx["canonical"] = config.base_url + page.path;
  ctx["description"] = page.description.empty() ? config.description : page.description;
  ctx["has_breadcrumbs"] = has_breadcrumbs;
  // Search facets (Pagefind), a list of {name, value}, set by page generators.
  ctx["has_pagefind_filters"] = page.vars.find("pagefind_filters") != page.vars.end();
  ctx["is_home"] = page.path.empty();
  ctx["menu"] = cache->Menu(link, page.path);
  // Lets tests and styles tell pages apart by kind (one check per template).
  ctx["template_name"] = page.template_name;
  ctx["title"] = page.title;

  scratch.clear();
  theme.RenderTo(page.template_name, {&page.vars, &depth, &ctx}, scratch);
  TemplateValue& content = ctx["content_html"];
  content = std::move(scratch);
  out.clear();
  out.reserve(std::get<std::string>(content.value).size() + 8 * 1024);
  theme.RenderTo("layout", {&page.vars, &depth, &ctx}, out);
  scratch = std::move(std::get<std::string>(content.value));  // its buffer, for the next page
}

}  // namespace nastavnik
