#include "render/markdown.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "util/bump_arena.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

// cmark-gfm allocates a node, a delimiter or a buffer at a time, ≈ 500
// malloc/free pairs per document, partly inside the serialized parse. Each
// thread gives it an arena instead, emptied when the document is done
// (cmark_mem has no context pointer, hence the thread_local).
thread_local BumpArena tl_arena;
thread_local int tl_arena_users = 0;

[[noreturn]] void OutOfMemory() {
  std::fputs("nastavnik: недостаточно памяти для разбора Markdown\n", stderr);
  std::abort();  // as cmark's own allocator does
}

void* ArenaCalloc(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size) OutOfMemory();
  void* p = tl_arena.Allocate(count * size, true);
  if (!p) OutOfMemory();
  return p;
}
void* ArenaRealloc(void* p, size_t size) {
  void* q = tl_arena.Reallocate(p, size);
  if (!q) OutOfMemory();
  return q;
}
void ArenaFree(void*) {}  // everything goes at once, in ~ArenaDocument

cmark_mem kArenaMem = {ArenaCalloc, ArenaRealloc, ArenaFree};

// The arena's use by one document; the last one out empties it (a rewrite
// callback could, in principle, render another document on this thread).
class ArenaDocument {
 public:
  ArenaDocument() { ++tl_arena_users; }
  ~ArenaDocument() {
    if (--tl_arena_users == 0) tl_arena.Reset();
  }
  ArenaDocument(const ArenaDocument&) = delete;
  ArenaDocument& operator=(const ArenaDocument&) = delete;
};

std::mutex& ParseMutex() {
  static std::mutex mu;
  return mu;
}

// True for URL schemes that run code in a browser.
bool IsDangerousUrl(std::string_view url) {
  std::string lowered;
  for (char c : url) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;  // "java\nscript:" tricks
    lowered += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return StartsWith(lowered, "javascript:") || StartsWith(lowered, "vbscript:") ||
         StartsWith(lowered, "data:") || StartsWith(lowered, "file:");
}

std::string TextOf(cmark_node* node) {
  std::string out;
  cmark_iter* it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
      const char* lit = cmark_node_get_literal(n);
      if (lit) out += lit;
    }
  }
  cmark_iter_free(it);
  return out;
}

// Inline nodes may have no position of their own; use the nearest ancestor's.
void PositionOf(cmark_node* n, int& line, int& column) {
  for (cmark_node* p = n; p; p = cmark_node_parent(p)) {
    if (cmark_node_get_start_line(p) > 0) {
      line = cmark_node_get_start_line(p);
      column = cmark_node_get_start_column(p);
      return;
    }
  }
  line = 1;
  column = 1;
}

void AttachExtension(cmark_parser* parser, const char* name) {
  if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
    cmark_parser_attach_syntax_extension(parser, ext);
}

}  // namespace

namespace {

constexpr std::string_view kTableOpen =
    "<div class=\"table-wrap\" role=\"region\" aria-label=\"Таблица\" tabindex=\"0\"><table>";
constexpr std::string_view kTableClose = "</table></div>";

// A wide table scrolls inside its own focusable box, so the page itself
// reflows at 320 px and 200% zoom (WCAG 1.4.10 exempts data tables, not the
// page around them): "<table>" and "</table>" wrapped in one pass.
void AppendWrappingTables(std::string_view html, size_t tables, std::string& out) {
  out.reserve(out.size() + html.size() + tables * (kTableOpen.size() + kTableClose.size() - 15));
  size_t pos = 0;
  for (size_t at = html.find("table>"); at != std::string_view::npos; at = html.find("table>", at + 6)) {
    if (at >= 1 && html[at - 1] == '<') {
      out.append(html.substr(pos, at - 1 - pos));
      out.append(kTableOpen);
      pos = at + 6;
    } else if (at >= 2 && html[at - 2] == '<' && html[at - 1] == '/') {
      out.append(html.substr(pos, at - 2 - pos));
      out.append(kTableClose);
      pos = at + 6;
    }
  }
  out.append(html.substr(pos));
}

void EnsureExtensionsRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

}  // namespace

MarkdownResult RenderMarkdown(std::string_view text, int first_line, const MarkdownOptions& options,
                              const LinkRewriter& rewrite) {
  MarkdownResult result;
  // cmark counts columns in bytes; people (and our diagnostics) count
  // letters. The line index is built only when a link or some HTML needs a
  // column.
  std::vector<size_t> line_starts;
  auto letter_column = [&](int line, int byte_column) {
    if (line_starts.empty()) {
      line_starts.push_back(0);
      for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
        line_starts.push_back(i + 1);
    }
    if (line < 1 || static_cast<size_t>(line) > line_starts.size() || byte_column < 1) return byte_column;
    size_t start = line_starts[line - 1];
    size_t len = std::min(static_cast<size_t>(byte_column - 1), text.size() - start);
    return static_cast<int>(CodepointCount(text.substr(start, len))) + 1;
  };
  int flags = CMARK_OPT_DEFAULT | CMARK_OPT_SMART;
  if (options.footnotes) flags |= CMARK_OPT_FOOTNOTES;
  if (options.unsafe_html) flags |= CMARK_OPT_UNSAFE;

  // Only parsing is serialized: cmark_parser_finish() runs the inline
  // parser, which adds the extensions' special characters to a process-wide
  // table and removes them afterwards. Walking the tree and rendering HTML
  // touch only this document's nodes, so they run outside the lock, in
  // parallel with the next document's parse.
  EnsureExtensionsRegistered();
  ArenaDocument arena;
  cmark_parser* parser = cmark_parser_new_with_mem(flags, &kArenaMem);
  for (const char* ext : {"table", "strikethrough", "autolink", "tasklist"})
    AttachExtension(parser, ext);
  cmark_node* doc = nullptr;
  {
    std::lock_guard<std::mutex> lock(ParseMutex());
    cmark_parser_feed(parser, text.data(), text.size());
    doc = cmark_parser_finish(parser);
  }

  // One walk over the tree: links, raw HTML and headings. Heading levels in
  // use are renumbered afterwards from 1 + heading_shift with none skipped:
  // curators often start at ## or jump from ## to ####, and a screen
  // reader's outline must not (WCAG 1.3.1).
  std::vector<cmark_node*> headings;
  bool used_level[7] = {};
  size_t tables = 0;
  cmark_iter* it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type type = cmark_node_get_type(n);
    int line = 0, column = 0;
    switch (type) {
      case CMARK_NODE_HEADING: {
        used_level[std::clamp(cmark_node_get_heading_level(n), 1, 6)] = true;
        headings.push_back(n);
        break;
      }
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE: {
        PositionOf(n, line, column);
        const char* lit = cmark_node_get_literal(n);
        result.issues.push_back({MarkdownIssue::Kind::kRawHtml, std::string(Trim(lit ? lit : "")),
                                 first_line + line - 1, letter_column(line, column)});
        break;
      }
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        PositionOf(n, line, column);
        MarkdownLink link;
        const char* url = cmark_node_get_url(n);
        link.url = url ? url : "";
        link.image = type == CMARK_NODE_IMAGE;
        link.alt = std::string(Trim(TextOf(n)));
        link.line = first_line + line - 1;
        link.column = letter_column(line, column);
        if (IsDangerousUrl(link.url)) {
          result.issues.push_back({MarkdownIssue::Kind::kUnsafeLink, link.url, link.line, link.column});
          if (!options.unsafe_html) {
            cmark_node_set_url(n, "");
            break;
          }
        }
        if (rewrite) {
          std::string rewritten = rewrite(link);
          if (rewritten != link.url) cmark_node_set_url(n, rewritten.c_str());
        }
        result.links.push_back(std::move(link));
        break;
      }
      default:
        // The table extension's block types are registered at run time.
        if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK && type > CMARK_NODE_FOOTNOTE_DEFINITION &&
            cmark_node_get_type_string(n) == std::string_view("table"))
          ++tables;
        break;
    }
  }
  cmark_iter_free(it);
  if (!headings.empty()) {
    int new_level[7] = {0, 1, 2, 3, 4, 5, 6};
    int next = 1 + options.heading_shift;
    for (int level = 1; level <= 6; ++level)
      if (used_level[level]) new_level[level] = std::min(next++, 6);
    for (cmark_node* h : headings)
      cmark_node_set_heading_level(h, new_level[std::clamp(cmark_node_get_heading_level(h), 1, 6)]);
  }

  char* html = cmark_render_html(doc, flags, cmark_parser_get_syntax_extensions(parser));
  // Raw HTML is dropped, so without a table node there is no table tag to
  // wrap; with unsafe_html the site's own tables are wrapped too.
  if (tables > 0 || options.unsafe_html) AppendWrappingTables(html, tables, result.html);
  else result.html.assign(html);
  // `html`, the tree and the parser are in the arena: nothing to free one by one.
  return result;
}

}  // namespace nastavnik
