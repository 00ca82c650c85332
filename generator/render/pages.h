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
void GenerateNotFoundPage(const RenderInput& in, const PageSink& sink);
void GeneratePlaceholderPages(const RenderInput& in, const PageSink& sink);

}  // namespace nastavnik
