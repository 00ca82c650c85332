#include "pipeline/build.h"

#include <filesystem>
#include <set>

#include "load/fs.h"
#include "pipeline/build_model.h"
#include "pipeline/case_checks.h"
#include "pipeline/content_files.h"
#include "pipeline/loaded_site.h"
#include "pipeline/plans.h"
#include "pipeline/privacy_check.h"
#include "publish/artifacts.h"
#include "publish/output_tree.h"
#include "publish/search_index.h"
#include "render/layout.h"
#include "render/links.h"
#include "render/markdown.h"
#include "render/page.h"
#include "render/template.h"
#include "render/urls.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

const std::vector<std::string> kRequiredTemplates = {
    "layout", "home", "page", "orders", "order", "organizations", "organization",
    "programs", "working_group", "mentors", "not_found", "case", "cases", "roadmap", "indicators",
    "indicator", "search"};

std::string PagePathOf(const ContentDoc& d) {
  switch (d.kind) {
    case ContentDoc::Kind::kHome: return urls::kHome;
    case ContentDoc::Kind::kPage: return urls::Page(d.id);
    case ContentDoc::Kind::kOrder: return urls::Order(d.id);
    case ContentDoc::Kind::kCase: return urls::Case(d.id);
  }
  return "";
}

// Renders every Markdown body once, rewriting and checking its links.
// cmark-gfm parses one document at a time (see render/markdown.h).
// Links written in draft cases go to `draft_links`: a draft's own page and
// files are not published, yet its links to them are right.
RenderedBodies RenderBodies(const LoadedSite& site, const std::set<std::string>& drafts,
                            LinkResolver& published_links, LinkResolver& draft_links, Diagnostics& diags) {
  RenderedBodies bodies;
  MarkdownOptions opts;
  opts.unsafe_html = site.config.unsafe_html;
  for (const auto& d : site.docs) {
    std::string page = PagePathOf(d);
    LinkResolver& links = drafts.count(d.path) ? draft_links : published_links;
    auto rewrite = [&](const MarkdownLink& l) {
      if (l.image && IsExternalUrl(l.url)) {
        diags.Error({d.path, l.line, l.column}, "E091",
                    "картинка загружается с другого сайта: «" + l.url + "»",
                    "положите файл картинки рядом с документом и сошлитесь на него по имени; "
                    "страницы раздела не должны обращаться к чужим сайтам");
        return std::string();
      }
      if (l.image && l.alt.empty()) {
        diags.Error({d.path, l.line, l.column}, "E082", "у картинки нет описания (alternative text)",
                    "напишите, что изображено, в квадратных скобках: ![Схема работы пары](схема.png)");
      }
      return links.Resolve({d.path, l.line, l.column}, page, l.url, diags);
    };
    MarkdownResult r = RenderMarkdown(d.body, d.body_line, opts, rewrite);
    for (const auto& issue : r.issues) {
      if (issue.kind == MarkdownIssue::Kind::kRawHtml) {
        if (site.config.unsafe_html) continue;
        diags.Error({d.path, issue.line, issue.column}, "E080",
                    "HTML-код в тексте не допускается и не попадёт на сайт",
                    "используйте разметку Markdown: **жирный**, [ссылка](адрес), таблицы через |");
      } else {
        diags.Error({d.path, issue.line, issue.column}, "E081",
                    "опасная ссылка «" + issue.text + "» удалена",
                    "ссылки могут вести только на страницы (https://…) и файлы");
      }
    }
    bodies.emplace(d.path, std::move(r));
  }
  return bodies;
}

bool ShouldStop(const Diagnostics& diags, bool strict) {
  return diags.HasErrors() || (strict && diags.warning_count() > 0);
}

}  // namespace

Status BuildSite(const BuildOptions& options, Diagnostics& diags, BuildResult* result) {
  namespace stdfs = std::filesystem;
  std::error_code ec;
  if (!stdfs::exists(stdfs::path(options.site_dir) / "site.yaml", ec))
    return Status::Error("в папке «" + options.site_dir +
                         "» нет файла site.yaml — это не папка сайта (укажите её в --site)");
  auto fs = NewDiskFileSystem(options.site_dir);

  // The order listed matches the order of execution. Bodies are rendered
  // before pages because pages embed them; links are checked last, once every
  // page and file has been written and so is known to exist.
  LoadedSite site = LoadSite(*fs, diags);
  SiteModel model = BuildModel(site, options.today);
  AddPlans(*fs, site, model, diags);
  CheckCases(*fs, site, options.today, diags);
  auto theme = Theme::Load(*fs, site.theme_dir, kRequiredTemplates, diags);
  std::vector<ContentFileCopy> copies = CheckContentFiles(site, model, diags);

  std::map<std::string, std::string> doc_pages;
  for (const auto& d : site.docs) doc_pages[d.path] = PagePathOf(d);
  std::set<std::string> drafts;         // sources of draft cases
  std::set<std::string> draft_outputs;  // their pages and files, never written
  for (const auto& c : model.draft_cases) {
    drafts.insert(c.source);
    draft_outputs.insert(OutputFileOf(urls::Case(c.id)));
    std::string dir = c.source.substr(0, c.source.rfind('/') + 1);
    for (const auto& e : site.content_files)
      if (StartsWith(e.path, dir)) draft_outputs.insert(LinkResolver::OutputPathOfContentFile(e.path));
  }
  LinkResolver links(doc_pages);
  LinkResolver draft_links(std::move(doc_pages));
  RenderedBodies bodies = RenderBodies(site, drafts, links, draft_links, diags);
  if (!theme) return Status::Ok();  // E061 already reported

  OutputTree public_tree(options.out_dir, "public");
  OutputTree internal_tree(options.out_dir, "internal");
  if (!options.dry_run) {
    Status st = public_tree.Begin();
    if (st.ok()) st = internal_tree.Begin();
    if (!st.ok()) return st;
  }
  std::set<std::string> written;
  auto write = [&](const std::string& path, std::string_view bytes) -> Status {
    written.insert(path);
    return options.dry_run ? Status::Ok() : public_tree.Write(path, bytes);
  };

  std::vector<PageInfo> pages;
  Status failure;
  RenderInput input{site.config, model, bodies, links, diags};
  for (PageGenerator generate : AllPageGenerators()) {
    generate(input, [&](PageOutput page) {
      if (!failure.ok()) return;
      std::string html = RenderPage(page, *theme, site.config);
      Status st = write(OutputFileOf(page.path), html);
      if (!st.ok()) failure = st;
      pages.push_back({page.path, page.title, page.in_sitemap});
    });
  }
  if (!failure.ok()) return failure;
  for (const auto& [rel, bytes] : theme->static_files()) {
    Status st = write("static/" + rel, bytes);
    if (!st.ok()) return st;
  }
  for (const auto& c : copies) {
    written.insert(c.output_path);
    if (!options.dry_run) {
      Status st = public_tree.Copy(fs->root() + "/" + c.source_path, c.output_path);
      if (!st.ok()) return st;
    }
  }
  if (!options.dry_run) {
    ArtifactInput ai{site.config, model, pages, options.build_epoch, public_tree, internal_tree, diags};
    ai.internal_registries = &site.registries;  // for the internal reports only
    for (ArtifactWriter w : AllArtifactWriters()) {
      Status st = w(ai);
      if (!st.ok()) return st;
    }
    for (const auto& p : public_tree.written()) written.insert(p);
  }
  // Personal data (E075–E078): every file is written, nothing is committed yet.
  CheckPersonalData(site, options.today, options.dry_run ? nullptr : &public_tree, options.out_dir + "/public", diags);
  links.CheckTargets(written, diags);
  draft_outputs.insert(written.begin(), written.end());
  draft_links.CheckTargets(draft_outputs, diags);

  if (result) {
    result->pages = pages.size();
    result->files = written.size();
  }
  if (options.dry_run || ShouldStop(diags, options.strict)) return Status::Ok();
  // The index reads the finished pages, and is written into the staging tree
  // so that it is published together with them or not at all.
  SearchIndexResult search;
  Status st = BuildSearchIndex(options.site_dir, public_tree.staging_dir(), &search);
  if (!st.ok()) return st;
  if (result) result->search_notice = search.notice;
  st = public_tree.Commit();
  if (st.ok()) st = internal_tree.Commit();
  if (!st.ok()) return st;
  if (result) {
    result->published = true;
    result->reused = public_tree.reused_count();
  }
  return Status::Ok();
}

}  // namespace nastavnik
