#pragma once
// One content document's Markdown body rendered for its page: links rewritten
// and remembered, images and raw HTML checked (E080–E082, E091). Shared by
// the full build (every body, in parallel) and a preview session (the bodies
// of the files just edited).
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "pipeline/loaded_site.h"
#include "render/links.h"
#include "render/markdown.h"

namespace nastavnik {

// The page a document becomes: "orders/x/", "" for the home page.
std::string PagePathOf(const ContentDoc& d);

// Renders `body` (starting on file line `body_line`) of the document at
// `path` whose page is `page`. Thread-safe when `links` and `diags` are.
MarkdownResult RenderDocBody(const std::string& path, std::string_view body, int body_line,
                             const std::string& page, bool unsafe_html, LinkResolver& links, Diagnostics& diags);

}  // namespace nastavnik
