#pragma once
// A page to write: its path, the template that renders it and the values the
// template sees. Page generators (render/pages_*.cc) produce these; the
// pipeline renders and writes them one at a time so memory does not grow with
// the site.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "load/site_config.h"
#include "model/case_catalog.h"
#include "model/site_model.h"
#include "render/links.h"
#include "render/markdown.h"
#include "render/template_value.h"
#include "render/urls.h"

namespace nastavnik {

struct Breadcrumb {
  std::string title;
  std::string path;  // page path
};

struct PageOutput {
  std::string path;           // page path: "orders/x/" ("" = home)
  std::string template_name;  // "order" → templates/order.mustache
  std::string title;          // <title> and <h1>
  std::string description;    // meta description, Open Graph
  std::vector<Breadcrumb> breadcrumbs;  // from the home page down, without this page
  TemplateMap vars;           // what the page template sees besides the common keys
  bool in_sitemap = true;
};

// Rendered Markdown bodies (HTML), by source path (content/orders/x.md).
// The build keeps them out of memory (pipeline/body_store.h): each is read
// back when the page that shows it is generated.
class RenderedBodies {
 public:
  virtual ~RenderedBodies() = default;
  // The HTML of the body of `source`; empty when there is none.
  // Thread-safe.
  virtual std::string Html(const std::string& source) const = 0;
};

// What page generators read.
struct RenderInput {
  const SiteConfig& config;
  const SiteModel& model;
  const RenderedBodies& bodies;
  LinkResolver& links;   // for links written in registries and front matter
  Diagnostics& diags;    // for problems found while generating pages
  // Called by BodyHtml() with the source read (a preview session counts
  // which pages embed which body; may be called from several threads).
  std::function<void(const std::string& source)> on_body_read = nullptr;
  // A preview session's partial rebuild (pipeline/build_session.h): when set,
  // the generators of a page per case, per organization or per list slice
  // (case pages, organization pages, the catalog) emit only the pages listed
  // here; the others emit every page. Contract of such a generator: it
  // reports (on_case_card) every case whose own fields a page shows beyond
  // the case's place in the catalog (organization, facets, date), so that
  // after an edit of a case that keeps its place only the pages reported for
  // it can differ from the previous build.
  const std::set<std::string>* only_pages = nullptr;
  // Called with each case whose fields a page shows, and that page's path.
  std::function<void(const CaseStudy& shown, const std::string& page_path)> on_case_card = nullptr;
  // Computed once by a preview session over this same model and kept while
  // every case keeps its place; null: each generator computes its own.
  const std::vector<Facet>* case_facets = nullptr;
  const RelatedCaseFinder* related_cases = nullptr;

  bool Wants(const std::string& page_path) const { return !only_pages || only_pages->count(page_path) > 0; }
};

using PageSink = std::function<void(PageOutput)>;

// A page generator adds every page of one kind. Generators are independent:
// each reads RenderInput and emits pages in a deterministic order.
using PageGenerator = void (*)(const RenderInput&, const PageSink&);

// Every generator of the site, in the order their pages are written.
const std::vector<PageGenerator>& AllPageGenerators();

// Helpers shared by generators.
std::string BodyHtml(const RenderInput& in, const std::string& source);
TemplateMap OrganizationLink(const RenderInput& in, const Linker& link, const std::string& id);
// OrganizationLink built once per organization and link depth and shared by
// the pages that show it (a case card shows its organization: one map and two
// strings fewer per card, hashed once for the page cache). Lives as long as
// the generator that owns it; the pages keep what they share.
class SharedOrganizationLinks {
 public:
  explicit SharedOrganizationLinks(const RenderInput& in) : in_(in) {}
  TemplateValue Get(const Linker& link, const std::string& id);

 private:
  const RenderInput& in_;
  // Per link root ("", "../", …: a page's depth), per model organization.
  std::vector<std::pair<std::string, std::vector<SharedTemplateValue>>> by_root_;
};
// The search facets of a case (Pagefind filters: form, kind, organization,
// academic year) as the layout's `pagefind_filters` list of {name, value}.
TemplateList CaseSearchFilters(const RenderInput& in, const CaseStudy& c);

}  // namespace nastavnik
