#pragma once
// The page generators. Each adds every page of one kind; AllPageGenerators()
// (render/pages.cc) lists them in the order their pages are written.
#include "render/page.h"

namespace nastavnik {

void GenerateHomePage(const RenderInput& in, const PageSink& sink);
void GenerateTextPages(const RenderInput& in, const PageSink& sink);
void GenerateOrderPages(const RenderInput& in, const PageSink& sink);
void GenerateOrganizationPages(const RenderInput& in, const PageSink& sink);
void GenerateProgramsPage(const RenderInput& in, const PageSink& sink);
void GenerateWorkingGroupPage(const RenderInput& in, const PageSink& sink);
void GenerateMentorsPages(const RenderInput& in, const PageSink& sink);
void GenerateCasePages(const RenderInput& in, const PageSink& sink);
void GenerateCaseCatalogPages(const RenderInput& in, const PageSink& sink);
void GenerateSearchPage(const RenderInput& in, const PageSink& sink);
void GenerateNotFoundPage(const RenderInput& in, const PageSink& sink);
void GenerateRoadmapPages(const RenderInput& in, const PageSink& sink);
void GenerateIndicatorPages(const RenderInput& in, const PageSink& sink);

// The case catalog (GenerateCaseCatalogPages) without generating it, for a
// preview session (pipeline/build_session.h): every catalog page in the
// order the generator emits them, with its title and a digest of everything
// it is generated from except the listed cases' own fields (title, summary,
// …: a session follows those through RenderInput::on_case_card) — which
// cases it lists (by id) and where, the list's size and title, the facet
// navigation. Contract: over the same site, a page whose digest is unchanged
// generates the same page unless a case it lists changed its own fields.
struct CatalogPagePlan {
  std::string path;
  std::string title;
  std::string digest;
};
std::vector<CatalogPagePlan> PlanCaseCatalog(const RenderInput& in, const std::vector<Facet>& facets);
// How many related cases a case page shows (RelatedCaseFinder::Find's limit).
inline constexpr size_t kRelatedCasesShown = 4;
// The catalog pages that list `c` (one slice of each list it is on).
std::vector<std::string> CatalogPagesOf(const RenderInput& in, const std::vector<Facet>& facets, const CaseStudy& c);
// Each list of the catalog that holds `c`, in the generator's order: every
// page of the list and the one showing `c`.
struct CatalogListOfCase {
  std::string base_path;           // its first page
  std::vector<std::string> pages;  // every slice, in order
  size_t slice = 0;                // the page listing `c`
  size_t size = 0;                 // cases listed
  bool facet = false;              // a facet value's list: it goes with its last case
};
std::vector<CatalogListOfCase> CatalogListsOf(const RenderInput& in, const std::vector<Facet>& facets,
                                              const CaseStudy& c);

// The page of an issuer's roadmap: /roadmap/ for the site's own issuer,
// /roadmap/<id>/ for the others.
std::string RoadmapPagePath(const SiteConfig& config, const std::string& issuer);
// The id of a roadmap item's table row: "2.3" → "p-2-3".
std::string RoadmapItemAnchor(const std::string& number);

}  // namespace nastavnik
