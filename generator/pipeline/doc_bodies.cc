#include "pipeline/doc_bodies.h"

#include "render/urls.h"

namespace nastavnik {

std::string PagePathOf(const ContentDoc& d) {
  switch (d.kind) {
    case ContentDoc::Kind::kHome: return urls::kHome;
    case ContentDoc::Kind::kPage: return urls::Page(d.id);
    case ContentDoc::Kind::kOrder: return urls::Order(d.id);
    case ContentDoc::Kind::kCase: return urls::Case(d.id);
  }
  return "";
}

MarkdownResult RenderDocBody(const std::string& path, std::string_view body, int body_line,
                             const std::string& page, bool unsafe_html, LinkResolver& links, Diagnostics& diags) {
  MarkdownOptions opts;
  opts.unsafe_html = unsafe_html;
  auto rewrite = [&](const MarkdownLink& l) {
    if (l.image && IsExternalUrl(l.url)) {
      diags.Error({path, l.line, l.column}, "E091", "картинка загружается с другого сайта: «" + l.url + "»",
                  "положите файл картинки рядом с документом и сошлитесь на него по имени; "
                  "страницы раздела не должны обращаться к чужим сайтам");
      return std::string();
    }
    if (l.image && l.alt.empty()) {
      diags.Error({path, l.line, l.column}, "E082", "у картинки нет описания (alternative text)",
                  "напишите, что изображено, в квадратных скобках: ![Схема работы пары](схема.png)");
    }
    return links.Resolve({path, l.line, l.column}, page, l.url, diags);
  };
  MarkdownResult r = RenderMarkdown(body, body_line, opts, rewrite);
  int html_line = 0;  // «<span>…</span>» is one mistake: one E080 per line
  for (const auto& issue : r.issues) {
    if (issue.kind == MarkdownIssue::Kind::kRawHtml) {
      if (unsafe_html || issue.line == html_line) continue;
      html_line = issue.line;
      diags.Error({path, issue.line, issue.column}, "E080", "HTML-код в тексте не допускается и не попадёт на сайт",
                  "используйте разметку Markdown: **жирный**, [ссылка](адрес), таблицы через |");
    } else {
      diags.Error({path, issue.line, issue.column}, "E081", "опасная ссылка «" + issue.text + "» удалена",
                  "ссылки могут вести только на страницы (https://…) и файлы");
    }
  }
  return r;
}

}  // namespace nastavnik
