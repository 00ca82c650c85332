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

// The page of an issuer's roadmap: /roadmap/ for the site's own issuer,
// /roadmap/<id>/ for the others.
std::string RoadmapPagePath(const SiteConfig& config, const std::string& issuer);
// The id of a roadmap item's table row: "2.3" → "p-2-3".
std::string RoadmapItemAnchor(const std::string& number);

}  // namespace nastavnik
