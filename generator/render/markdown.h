#pragma once
// The Markdown adapter: the only place that includes cmark-gfm.
//
// GFM tables, strikethrough, autolinks, task lists and footnotes are on. Raw
// HTML is dropped and javascript:/vbscript:/data: links are neutralised unless
// the site owner opts in with unsafe_html. Headings are renumbered so that the
// body's top level becomes <h2> (the page title is the only <h1>) and no level
// is skipped: "## a / #### b" becomes <h2>a</h2> <h3>b</h3>.
//
// Thread safety: cmark-gfm 0.29 is not thread-safe with inline extensions
// (finishing a parse edits a process-wide table of special characters), so
// RenderMarkdown serializes the parse (feed and finish) behind a mutex;
// creating the parser, walking the tree once (links, raw HTML, headings),
// rendering HTML and wrapping tables in the same copy run in parallel.
// Callers may call it from any thread.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nastavnik {

struct MarkdownOptions {
  bool unsafe_html = false;  // keep raw HTML and every link scheme (trusted sites only)
  bool footnotes = true;
  int heading_shift = 1;     // the body's top heading becomes level 1 + heading_shift
};

// Something in the Markdown the caller may want to check or rewrite.
struct MarkdownLink {
  std::string url;
  bool image = false;
  std::string alt;   // images: the alt text; links: the link text
  int line = 0;      // file line (the body's first line is `first_line`)
  int column = 0;
};

struct MarkdownIssue {
  enum class Kind { kRawHtml, kUnsafeLink } kind;
  std::string text;  // the HTML or the URL
  int line = 0;
  int column = 0;
};

struct MarkdownResult {
  std::string html;
  std::vector<MarkdownLink> links;    // every link and image, in document order
  std::vector<MarkdownIssue> issues;  // raw HTML and unsafe links (dropped unless unsafe_html)
};

// Called for each link and image; returns the URL to write into the HTML.
using LinkRewriter = std::function<std::string(const MarkdownLink&)>;

// `first_line` is the file line of the first line of `text` (after front
// matter), so reported lines are lines of the file.
MarkdownResult RenderMarkdown(std::string_view text, int first_line, const MarkdownOptions& options,
                              const LinkRewriter& rewrite);

}  // namespace nastavnik
