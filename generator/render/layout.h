#pragma once
// Wraps a page in the site layout: the common keys every template sees
// (site, root, menu, breadcrumbs, canonical URL) and templates/layout.mustache.
#include <string>

#include "render/page.h"
#include "render/template.h"

namespace nastavnik {

// Renders `page` with its template, then the layout around it.
std::string RenderPage(const PageOutput& page, const Theme& theme, const SiteConfig& config);
// The same into `out` (cleared first), reusing its capacity and that of
// `scratch` (the page template's output): a thread rendering page after page
// allocates its two large buffers once.
void RenderPageTo(const PageOutput& page, const Theme& theme, const SiteConfig& config, std::string& scratch,
                  std::string& out);

}  // namespace nastavnik
