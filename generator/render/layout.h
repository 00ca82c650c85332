#pragma once
// Wraps a page in the site layout: the common keys every template sees
// (site, root, menu, breadcrumbs, canonical URL) and templates/layout.mustache.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "render/page.h"
#include "render/template.h"

namespace nastavnik {

// The layout's values that depend only on a page's link depth (the site's
// names, `root`, the links to the home page, styles, script, search and
// feed) and its menu (by depth and current item), built once and shared by
// every page rendered with the cache instead of rebuilt for each (≈ 40
// allocations a page). Thread-safe. REQUIRES: `config` outlives the cache.
class LayoutCache {
 public:
  explicit LayoutCache(const SiteConfig& config) : config_(config) {}
  // The values for pages whose Linker is `link`; the reference stays valid
  // as long as the cache.
  const TemplateMap& DepthScope(const Linker& link);
  // The menu of page `page_path`.
  TemplateValue Menu(const Linker& link, const std::string& page_path);

 private:
  const SiteConfig& config_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<TemplateMap>> depths_;  // by Linker::root()
  std::map<std::string, SharedTemplateValue> menus_;            // by root and current items
};

// Renders `page` with its template, then the layout around it.
std::string RenderPage(const PageOutput& page, const Theme& theme, const SiteConfig& config);
// The same into `out` (cleared first), reusing its capacity and that of
// `scratch` (the page template's output): a thread rendering page after page
// allocates its two large buffers once. `cache` (may be null) keeps the
// values pages of one depth share; the output is the same without it.
void RenderPageTo(const PageOutput& page, const Theme& theme, const SiteConfig& config, std::string& scratch,
                  std::string& out, LayoutCache* cache = nullptr);

}  // namespace nastavnik
