#include "pipeline/build_session.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <tbb/parallel_for.h>

#include "diag/report.h"
#include "load/front_matter.h"
#include "pipeline/build_model.h"
#include "pipeline/case_checks.h"
#include "pipeline/doc_bodies.h"
#include "pipeline/page_cache.h"
#include "pipeline/privacy_check.h"
#include "pipeline/source_lines.h"
#include "publish/output_tree.h"
#include "publish/pii_index.h"
#include "publish/privacy_guard.h"
#include "publish/published_files.h"
#include "render/layout.h"
#include "render/pages.h"
#include "render/pagination.h"
#include "render/urls.h"
#include "util/allocator.h"
#include "util/strings.h"
#include "util/trace.h"

namespace nastavnik {

namespace {

// A document whose body edits a quick rebuild handles.
struct QuickDoc {
  std::string page_path;
  std::string prefix;                // the file up to its body (BOM stripped): front matter
  std::set<std::string> targets;     // output files its body links to
  PageOutput page;                   // its page, with vars[key] emptied
  std::string key;                   // the template value that holds the body's HTML
};

// A document that may become a QuickDoc once its file is read again.
struct QuickCandidate {
  const ContentDoc* doc;  // in the loaded site the disposer holds
  PageOutput page;
  std::string key;
};

std::optional<std::string> ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) return std::nullopt;
  return out;
}

// The text of a document as LoadSite reads it, split at its body; nullopt
// when it cannot be read or split without a diagnostic.
struct SplitDoc {
  std::string text;
  size_t body_offset = 0;
  int body_line = 1;
};
std::optional<SplitDoc> ReadDoc(const std::string& full_path, const std::string& rel) {
  auto text = ReadFile(full_path);
  if (!text) return std::nullopt;
  SplitDoc out;
  out.text = std::move(*text);
  if (StartsWith(out.text, "\xEF\xBB\xBF")) out.text.erase(0, 3);
  if (!IsValidUtf8(out.text)) return std::nullopt;
  Diagnostics diags;
  auto split = SplitFrontMatter(out.text, rel, diags);
  if (!split || !split->has_front_matter || diags.error_count() + diags.warning_count() > 0) return std::nullopt;
  out.body_offset = static_cast<size_t>(split->body.data() - out.text.data());
  out.body_line = split->body_line;
  return out;
}

// What the page list (the sitemap's) keeps of a page generated again.
void AddTitles(std::vector<PageInfo>& titles, const std::vector<PageOutput>& pages) {
  for (const auto& p : pages) titles.push_back({p.path, p.title, p.in_sitemap});
}

// The page list takes the titles of pages generated again (one pass over
// the list, however many pages).
void KeepTitles(std::vector<PageInfo>& list, const std::vector<PageInfo>& titles) {
  if (titles.empty()) return;
  std::unordered_map<std::string_view, const PageInfo*> by_path;
  for (const auto& p : titles) by_path[p.path] = &p;  // the last one wins
  for (auto& info : list) {
    auto it = by_path.find(info.path);
    if (it != by_path.end()) {
      info.title = it->second->title;
      info.in_sitemap = it->second->in_sitemap;
    }
  }
}

// Pages of a phase-2 write batch, at most (≈ 5 ms of rendering on 2 cores).
constexpr size_t kMaxWriteBatch = 16;

double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

}  // namespace

struct BuildCapture::State {
  bool ready = false;
  std::string site_dir;
  Date today;
  std::vector<QuickCandidate> candidates;          // until Prepare()
  std::map<std::string, std::string> doc_pages;    // source → page path, every document
  std::shared_ptr<const std::map<std::string, std::string>> shared_pages;  // doc_pages, for LinkResolver
  std::map<std::string, std::string> doc_of_page;  // page path → source
  std::mutex reads_mu;
  std::map<std::string, int> reads;                // source → BodyHtml() calls
  std::map<std::string, PageOutput> pages;         // source → its page, as emitted
  std::map<std::string, std::set<std::string>> body_targets;  // source → output files its body links to
  std::optional<Theme> theme;
  std::string theme_dir;                           // "themes/default"
  SiteConfig config;
  std::map<std::string, QuickDoc> docs;            // by source
  std::unordered_set<std::string> written;         // every file of the public tree
  std::set<std::string> content_files;             // every file under content/
  std::unique_ptr<PiiIndex> pii;                   // null: no people, nothing to find
  bool search_index = false;
  // For case edits (TryCase): the build's loaded site, model, bodies and
  // links, kept after Prepare(); the pages and their fingerprints.
  std::unique_ptr<LoadedSite> site;
  std::unique_ptr<SiteModel> model;
  BuildCapture::Kept kept;
  std::optional<PageCache> cache;                  // for Fingerprint() only
  // Pages showing a case's card: the catalog's from CatalogPagesOf(), case
  // pages from `related_ids`; `card_pages` keeps the others the build
  // reported (organization pages), by case id.
  std::unordered_map<std::string, std::vector<std::string>> card_pages;
  std::vector<Facet> facets;                       // of `model`, rebuilt when a case moves
  std::optional<RelatedCaseFinder> related;
  std::vector<CatalogPagePlan> catalog;            // PlanCaseCatalog() of `model`
  std::unordered_map<std::string, std::vector<std::string>> related_ids;  // case id → its related cases' ids
  std::unordered_map<std::string, std::set<std::string>> related_by;      // case id → ids of cases showing it
  std::vector<std::vector<uint32_t>> related_at;  // by model index: its related cases' indices, best first
  // Phase 2 (BuildSession::Continue): `catalog` is the plan the catalog's
  // pages on disk were written from until `plan_stale` is diffed; pages to
  // generate again; the artifacts (sitemap) to write again.
  bool plan_stale = false;
  std::set<std::string> backlog;
  bool artifacts_stale = false;

  // Records the related cases of `c` (of `model`); true when they changed.
  bool SetRelated(const CaseStudy& c, const std::vector<const CaseStudy*>& related_cases) {
    std::vector<std::string> ids;
    std::vector<uint32_t> at;
    for (const CaseStudy* r : related_cases) {
      ids.push_back(r->id);
      at.push_back(static_cast<uint32_t>(r - model->cases.data()));
    }
    related_at[static_cast<size_t>(&c - model->cases.data())] = std::move(at);
    if (ids == related_ids[c.id]) return false;
    const std::string& id = c.id;
    auto& mine = related_ids[id];
    for (const auto& r : mine) related_by[r].erase(id);
    for (const auto& r : ids) related_by[r].insert(id);
    mine = std::move(ids);
    return true;
  }
  // The catalog and related cases of `model` (after facets and related).
  void PlanCatalog() {
    Diagnostics diags;
    RenderInput input{site->config, *model, *kept.bodies, *kept.links, diags};
    catalog = PlanCaseCatalog(input, facets);
    std::unordered_set<std::string> generated;  // pages whose cards are followed apart
    for (const auto& p : catalog) generated.insert(p.path);
    related_ids.clear();
    related_by.clear();
    related_at.assign(model->cases.size(), {});
    for (const auto& c : model->cases) {
      generated.insert(urls::Case(c.id));
      SetRelated(c, related->Find(c, kRelatedCasesShown));
    }
    for (auto& [id, pages] : card_pages)
      pages.erase(std::remove_if(pages.begin(), pages.end(), [&](const std::string& p) { return generated.count(p) > 0; }),
                  pages.end());
  }
};

BuildCapture::BuildCapture() : state_(std::make_unique<State>()) {}
BuildCapture::~BuildCapture() {
  // Once prepared, the thread only frees what it owns: no need to wait for
  // that at exit.
  WaitPrepared();
  if (disposer_.joinable()) disposer_.detach();
}

void BuildCapture::Dispose(std::unique_ptr<LoadedSite> site, std::unique_ptr<SiteModel> model) {
  WaitDisposed();
  {
    std::lock_guard<std::mutex> lock(prepared_mu_);
    prepared_ = false;
  }
  disposer_ = std::thread([this, site = std::move(site), model = std::move(model)]() mutable {
    if (site && state_->ready) {
      Prepare(*site);
      // Kept for case edits: freed by the next full build (Clear()).
      state_->site = std::move(site);
      state_->model = std::move(model);
      state_->facets = BuildCaseFacets(*state_->model);
      state_->related.emplace(*state_->model);
      state_->PlanCatalog();
      // The build freed millions of small blocks: glibc merges them at the
      // next large allocation, which would be the next edit's (~10 ms at
      // 10,000 cases), jemalloc purges them as they age. Given back now, off
      // its path.
      ReleaseFreeMemory();
    }
    {
      std::lock_guard<std::mutex> lock(prepared_mu_);
      prepared_ = true;
    }
    prepared_cv_.notify_all();
    // Freeing: the lowest priority, a quick rebuild must not wait for it.
    (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 19);
    auto started = std::chrono::steady_clock::now();
    model.reset();
    site.reset();
    if (std::getenv("NASTAVNIK_TIMINGS"))
      std::fprintf(stderr, "  freed the loaded site in %.0f ms\n",
                   std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  });
}

void BuildCapture::WaitDisposed() {
  if (disposer_.joinable()) disposer_.join();
  prepared_ = true;
}

void BuildCapture::WaitPrepared() {
  if (!disposer_.joinable()) return;
  std::unique_lock<std::mutex> lock(prepared_mu_);
  prepared_cv_.wait(lock, [this] { return prepared_; });
}

void BuildCapture::Clear() { state_ = std::make_unique<State>(); }
bool BuildCapture::ready() const { return state_->ready; }
size_t BuildCapture::quick_documents() const { return state_->docs.size(); }

void BuildCapture::Begin(const LoadedSite& site, const LinkResolver& body_links) {
  Clear();
  // Only the bodies' links so far: generators add those of front matter.
  for (const auto& [file, places] : body_links.Targets())
    for (const auto& where : places) state_->body_targets[where.path].insert(file);
  for (const auto& d : site.docs) {
    std::string page = PagePathOf(d);
    state_->doc_pages[d.path] = page;
    state_->doc_of_page.emplace(page, d.path);
  }
}

void BuildCapture::CaseCard(const std::string& case_id, const std::string& page_path) {
  state_->card_pages[case_id].push_back(page_path);
}

void BuildCapture::BodyRead(const std::string& source) {
  std::lock_guard<std::mutex> lock(state_->reads_mu);
  ++state_->reads[source];
}

void BuildCapture::OnPage(const PageOutput& page) {
  auto doc = state_->doc_of_page.find(page.path);
  if (doc == state_->doc_of_page.end()) return;
  // A page path emitted twice is an error of the build (E010): keep neither.
  // Kept beyond this build's model (an edit replaces a case): owned.
  auto [kept, added] = state_->pages.emplace(doc->second, page);
  if (!added) state_->reads[doc->second] = -1;
  else MakeOwned(kept->second.vars);
}

void BuildCapture::Keep(const std::string& site_dir, const LoadedSite& site, Date today, Theme theme, Kept kept,
                        const std::unordered_set<std::string>& written, bool search_index) {
  State& s = *state_;
  s.kept = std::move(kept);
  const RenderedBodies& bodies = *s.kept.bodies;
  s.cache.emplace("", s.kept.site_fingerprint);
  s.site_dir = site_dir;
  s.theme.emplace(std::move(theme));
  s.theme_dir = site.theme_dir;
  s.config = site.config;
  s.written = written;
  s.search_index = search_index;
  for (const auto& e : site.content_files) s.content_files.insert(e.path);
  s.today = today;
  for (const auto& d : site.docs) {
    auto reads = s.reads.find(d.path);
    auto page = s.pages.find(d.path);
    if (reads == s.reads.end() || reads->second != 1 || page == s.pages.end()) continue;
    std::string html = bodies.Html(d.path);
    if (html.empty()) continue;
    // The body's HTML must be exactly one top-level value of its page.
    std::string key;
    int found = 0;
    for (const auto& [name, value] : page->second.vars) {
      if (std::string_view text; value.Text(&text) && text == html) {
        key = name;
        ++found;
      }
    }
    if (found == 1) s.candidates.push_back({&d, std::move(page->second), key});
  }
  s.pages.clear();
  s.reads.clear();
  s.ready = true;
}

void BuildCapture::Prepare(const LoadedSite& site) {
  State& s = *state_;
  auto t0 = std::chrono::steady_clock::now();
  // The front matter as the build loaded it (the document keeps its text).
  for (auto& c : s.candidates) {
    const ContentDoc& d = *c.doc;
    if (d.body_size == 0 || d.body_offset + d.body_size != d.source.size()) continue;
    QuickDoc q;
    q.page_path = c.page.path;
    q.prefix = d.source.substr(0, d.body_offset);
    q.targets = s.body_targets[d.path];
    q.page = std::move(c.page);
    q.page.vars[c.key] = std::string();
    q.key = c.key;
    s.docs.emplace(d.path, std::move(q));
  }
  s.candidates.clear();
  s.shared_pages = std::make_shared<const std::map<std::string, std::string>>(s.doc_pages);
  auto t1 = std::chrono::steady_clock::now();
  // The privacy guard's needles, for the files a quick rebuild writes.
  // Only Scan() is used: a hit sends the edit to a full build, which names
  // the row (the index may not name it: the loaded site is freed).
  s.pii = IndexPersonalData(site, s.today);
  if (std::getenv("NASTAVNIK_TIMINGS"))
    std::fprintf(stderr, "  prepared quick rebuilds: documents %.0f ms, people %.0f ms\n",
                 std::chrono::duration<double, std::milli>(t1 - t0).count(),
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count());
}

struct BuildSession::ArtifactJob {
  SiteConfig config;
  SiteModel model;
  std::vector<PageInfo> pages;
  const PiiIndex* pii;  // the capture's: a full build waits for the job first
  std::unordered_set<std::string> written;
};

struct BuildSession::Generated {
  PageOutput page;
  std::string file;
  bool fresh = false;  // a new page: its folder is made
  std::string fingerprint;
  std::string html;
};

BuildSession::BuildSession(BuildOptions options)
    : options_(std::move(options)), published_(options_.out_dir + "/public") {}
BuildSession::~BuildSession() { WaitIdle(); }

void BuildSession::WaitIdle() {
  if (artifacts_.joinable()) artifacts_.join();
}

// CaseArtifactWriters() from the job's model into a scratch tree; the files
// whose bytes changed replace the published ones in place. A failure (or
// personal data, or a diagnostic) leaves the next change to a full build.
void BuildSession::WriteCaseArtifacts(const ArtifactJob& job) {
  auto started = std::chrono::steady_clock::now();
  std::string public_dir = options_.out_dir + "/public/";
  std::string scratch_dir = options_.out_dir + "/.nastavnik-session";
  size_t rewritten = 0;
  bool bad = false;
  {
    OutputTree scratch(scratch_dir, "public");
    OutputTree scratch_internal(scratch_dir, "internal");
    Status st = scratch.Begin();
    if (st.ok()) st = scratch_internal.Begin();
    std::unique_ptr<PublicTreeScan> guard;
    if (st.ok() && job.pii) {
      guard = std::make_unique<PublicTreeScan>(*job.pii, "output/public");
      scratch.SetWriteObserver([&](const std::string& rel, std::string_view bytes) { guard->Add(rel, bytes); });
    }
    Diagnostics diags;
    ArtifactInput ai{job.config, job.model, job.pages, options_.build_epoch, scratch, scratch_internal, diags};
    // The sitemap too: a case that moves in the catalog may add, remove or
    // reorder catalog pages.
    std::vector<ArtifactWriter> writers = CaseArtifactWriters();
    writers.push_back(WriteSitemap);
    for (ArtifactWriter w : writers) {
      if (!st.ok()) break;
      st = w(ai);
    }
    std::vector<std::pair<std::string, std::string>> replace;
    if (st.ok()) {
      for (const auto& rel : scratch.written()) {
        auto fresh = ReadFile(scratch.staging_dir() + "/" + rel);
        if (!fresh || !job.written.count(rel)) {
          st = Status::Error("unexpected artifact " + rel);
          break;
        }
        auto published = ReadFile(public_dir + rel);
        if (!published || *published != *fresh) replace.emplace_back(rel, std::move(*fresh));
      }
    }
    bad = !st.ok() || diags.error_count() + diags.warning_count() > 0 || (guard && guard->findings() > 0);
    for (size_t i = 0; !bad && i < replace.size(); ++i, ++rewritten)
      bad = !published_.Write(replace[i].first, replace[i].second);
    scratch.Abort();
    scratch_internal.Abort();
  }
  std::error_code ec;
  std::filesystem::remove(scratch_dir, ec);
  if (bad) artifacts_failed_ = true;
  if (std::getenv("NASTAVNIK_TIMINGS"))
    std::fprintf(stderr, "  case artifacts: %zu rewritten in %.0f ms%s\n", rewritten,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count(),
                 bad ? ", failed: the next change builds in full" : "");
}

BuildSession::Outcome BuildSession::Rebuild(const std::set<std::string>& changed, bool everything) {
  // Pages of phase 2 generated from the model before this change.
  DropGenerated();
  std::string refusal;
  if (artifacts_failed_.exchange(false)) last_ok_ = false;
  if (everything) {
    refusal = "unknown change";
  } else if (!last_ok_ || !capture_.ready()) {
    refusal = "no published build to update";
  } else {
    Outcome quick;
    refusal = TryQuick(changed, quick);
    if (refusal.empty()) return quick;
    Outcome by_case;
    std::string case_refusal = TryCase(changed, by_case);
    if (case_refusal.empty()) return by_case;
    refusal += "; " + case_refusal;
  }
  Outcome out = Full();
  out.quick_refusal = refusal;
  return out;
}

BuildSession::Outcome BuildSession::Full() {
  Outcome out;
  Diagnostics diags;
  BuildOptions options = options_;
  options.capture = &capture_;
  WaitIdle();  // the artifacts of a case edit write into the published tree
  if (artifacts_failed_.exchange(false)) last_ok_ = false;
  capture_.WaitDisposed();  // one loaded site in memory at a time
  capture_.Clear();
  backlog_ = false;  // its state went with the capture's
  backlog_written_ = 0;
  out.status = BuildSite(options, diags, &out.result);
  std::vector<Diagnostic> sorted = diags.Sorted();
  out.report = RenderReport(sorted, ReportFormat::kText, SiteSourceLineReader(options_.site_dir));
  if (!out.status.ok()) out.report += "nastavnik: " + out.status.message() + "\n";
  out.failed = !out.status.ok() || diags.HasErrors();
  diagnosed_.clear();
  for (const auto& d : sorted) diagnosed_.insert(d.pos.path);
  last_ok_ = !out.failed && out.result.published;
  if (!last_ok_) {
    capture_.WaitPrepared();  // the disposer reads the state until then
    capture_.Clear();
  }
  return out;
}

std::string BuildSession::TryQuick(const std::set<std::string>& changed, Outcome& out) {
  capture_.WaitPrepared();  // usually long done
  BuildCapture::State& s = *capture_.state_;
  if (s.search_index) return "search index";
  struct Edit {
    std::string file;  // output file
    std::string html;
    std::string source;     // a document's edit: its source, body and page
    std::string body_html;
    PageOutput page;
  };
  std::vector<Edit> edits;
  using Clock = std::chrono::steady_clock;
  double t_read = 0, t_body = 0, t_page = 0, t_guard = 0;
  auto since = [](Clock::time_point& t) {
    auto now = Clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - t).count();
    t = now;
    return ms;
  };
  for (const auto& path : changed) {
    auto t = Clock::now();
    std::string full = options_.site_dir + "/" + path;
    struct stat st;
    if (::lstat(full.c_str(), &st) != 0) {
      // Gone: an editor's temporary file is ignored; a source removed is not.
      if (s.content_files.count(path) || s.doc_pages.count(path)) return "removed " + path;
      auto after = s.content_files.lower_bound(path + "/");
      if (after != s.content_files.end() && StartsWith(*after, path + "/")) return "removed " + path;
      if (!StartsWith(path, "content/")) return "removed " + path;
      continue;
    }
    if (S_ISDIR(st.st_mode)) continue;  // its files are reported one by one
    if (!S_ISREG(st.st_mode)) return "not a regular file: " + path;
    const std::string static_dir = s.theme_dir + "/static/";
    if (StartsWith(path, static_dir)) {
      // A theme's static file is copied as it is, to one output file that
      // no page fingerprints or names by content.
      std::string file = "static/" + path.substr(static_dir.size());
      if (!s.written.count(file)) return "new static file: " + path;
      auto bytes = ReadFile(full);
      if (!bytes) return "unreadable: " + path;
      if (s.pii) {
        std::vector<PiiHit> hits;
        s.pii->Scan(*bytes, hits);
        if (!hits.empty()) return "personal data: " + path;
      }
      edits.push_back({file, std::move(*bytes), {}, {}, {}});
      continue;
    }
    auto doc = s.docs.find(path);
    if (doc == s.docs.end()) return "not a quick document: " + path;
    if (diagnosed_.count(path)) return "diagnosed before: " + path;
    auto split = ReadDoc(full, path);
    if (!split) return "unreadable: " + path;
    QuickDoc& q = doc->second;
    if (std::string_view(split->text).substr(0, split->body_offset) != q.prefix) return "front matter: " + path;
    t_read += since(t);
    Diagnostics diags;
    LinkResolver links(s.shared_pages);
    MarkdownResult r = RenderDocBody(path, std::string_view(split->text).substr(split->body_offset), split->body_line, q.page_path,
                                     s.config.unsafe_html, links, diags);
    if (diags.error_count() + diags.warning_count() > 0) return "diagnostics: " + path;
    std::set<std::string> targets;
    for (const auto& [file, places] : links.Targets()) targets.insert(file);
    if (targets != q.targets) return "link targets: " + path;
    links.CheckTargets(s.written, diags);
    if (diags.error_count() > 0) return "broken link: " + path;
    t_body += since(t);
    PageOutput page = q.page;
    page.vars[q.key] = r.html;
    std::string html = RenderPage(page, *s.theme, s.config);
    t_page += since(t);
    if (s.pii) {
      std::vector<PiiHit> hits;
      s.pii->Scan(std::string_view(split->text).substr(split->body_offset), hits);
      s.pii->Scan(html, hits);
      if (!hits.empty()) return "personal data: " + path;
    }
    t_guard += since(t);
    edits.push_back({OutputFileOf(q.page_path), std::move(html), path, std::move(r.html), std::move(page)});
  }
  // Everything rendered and checked: only now is the published tree touched.
  auto write_started = Clock::now();
  for (const auto& e : edits) {
    if (!published_.Write(e.file, e.html)) {
      last_ok_ = false;  // a full build puts the tree right
      return "cannot write " + e.file;
    }
  }
  // The kept bodies and fingerprints follow, for the pages a case edit
  // generates again later (a page showing this one's card).
  for (auto& e : edits) {
    if (e.source.empty()) continue;
    if (s.kept.bodies) s.kept.bodies->Replace(e.source, std::move(e.body_html));
    if (s.cache) s.kept.fingerprints[e.file] = s.cache->Fingerprint(e.page);
  }
  out.quick = true;
  out.pages_written = edits.size();
  for (auto& e : edits) out.pages.push_back(std::move(e.file));
  if (std::getenv("NASTAVNIK_TIMINGS")) {
    auto t = Clock::now();
    double t_write = std::chrono::duration<double, std::milli>(t - write_started).count();
    std::fprintf(stderr, "  quick: read %.1f ms, body %.1f ms, page %.1f ms, guard %.1f ms, write %.1f ms\n", t_read,
                 t_body, t_page, t_guard, t_write);
  }
  return "";
}

std::string BuildSession::TryCase(const std::set<std::string>& changed, Outcome& out) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  const double cpu0 = ThreadCpuMs();
  capture_.WaitPrepared();
  if (copied_.valid()) copied_.wait();  // the previous edit's artifacts have their copy
  BuildCapture::State& s = *capture_.state_;
  if (!s.site || !s.model || !s.cache || !s.kept.links || !s.related) return "no loaded site";
  if (s.search_index) return "search index";
  if (s.kept.pages_diagnosed) return "page diagnostics";
  if (changed.size() != 1) return "several files";
  const std::string& path = *changed.begin();
  LoadedSite& site = *s.site;
  SiteModel& model = *s.model;
  auto doc_it = std::lower_bound(site.docs.begin(), site.docs.end(), path,
                                 [](const ContentDoc& d, const std::string& p) { return d.path < p; });
  if (doc_it == site.docs.end() || doc_it->path != path || doc_it->kind != ContentDoc::Kind::kCase)
    return "not a case: " + path;
  if (diagnosed_.count(path)) return "diagnosed before: " + path;
  auto old_case = std::find_if(model.cases.begin(), model.cases.end(),
                               [&](const CaseStudy& c) { return c.source == path; });
  if (old_case == model.cases.end()) return "not published: " + path;

  // The document alone, with every check LoadSite and the build make of it.
  Diagnostics diags;
  std::optional<ContentDoc> doc = ReloadContentDoc(site, path, diags);
  if (!doc || doc->body_size == 0 || doc->body_offset + doc->body_size != doc->source.size())
    return "unreadable: " + path;
  CheckCase(site, *doc, s.today, diags);
  if (diags.error_count() + diags.warning_count() > 0) return "diagnostics: " + path;
  CaseStudy c = CaseFrom(*doc);
  const CaseStudy& o = *old_case;
  // The files copied and the people named stay; its place in the catalog
  // (facets, date) may change.
  if (c.draft || c.id != o.id || c.organization != o.organization || c.authors != o.authors ||
      c.attachments.size() != o.attachments.size())
    return "catalog place: " + path;
  for (size_t i = 0; i < c.attachments.size(); ++i) {
    if (c.attachments[i].file != o.attachments[i].file) return "attachments: " + path;
    c.attachments[i].size = o.attachments[i].size;
  }
  const bool moved = c.form != o.form || c.kind != o.kind || c.academic_year != o.academic_year ||
                     c.tags != o.tags || !(c.date == o.date);
  const bool reordered = !(c.date == o.date);
  std::string page_path = PagePathOf(*doc);
  LinkResolver body_links(s.shared_pages);
  MarkdownResult body = RenderDocBody(path, doc->body(), doc->body_line, page_path, site.config.unsafe_html,
                                      body_links, diags);
  if (diags.error_count() + diags.warning_count() > 0) return "diagnostics: " + path;
  std::set<std::string> targets;
  for (const auto& [file, places] : body_links.Targets()) targets.insert(file);
  if (targets != s.body_targets[path]) return "link targets: " + path;
  if (s.pii) {
    std::vector<PiiHit> hits;
    s.pii->Scan(doc->source, hits);
    if (!hits.empty()) return "personal data: " + path;
  }
  auto t_checked = Clock::now();
  Trace("case: checked");
  const double cpu_checked = ThreadCpuMs();
  double cpu_moved = cpu_checked;

  // The kept state takes the edit (a refusal from here on is followed by a
  // full build, which replaces it).
  std::string case_id = c.id;
  *doc_it = std::move(*doc);
  s.kept.bodies->Replace(path, std::move(body.html));
  s.docs.erase(path);  // its quick record holds the old front matter
  // Written first, what the preview waits for: its page, the list slices
  // that show it and the other pages recorded as showing its card; then
  // (`related_pages`) the case pages that show it as a related case.
  std::set<std::string> only = {page_path};
  if (auto shown = s.card_pages.find(case_id); shown != s.card_pages.end())
    only.insert(shown->second.begin(), shown->second.end());
  // Case pages that showed its card (related cases) show the new one.
  std::set<std::string> related_pages;
  for (const auto& x : s.related_by[case_id]) related_pages.insert(urls::Case(x));
  std::set<std::string> new_pages, removed_pages;
  Diagnostics lists_diags;
  RenderInput lists_input{site.config, model, *s.kept.bodies, *s.kept.links, lists_diags};
  // The lists that held the case before the edit (facets of the old model).
  std::vector<CatalogListOfCase> lists_before;
  if (moved) lists_before = CatalogListsOf(lists_input, s.facets, *old_case);
  const size_t from = static_cast<size_t>(old_case - model.cases.begin());
  *old_case = std::move(c);
  // Newest first: a new date moves the case to its place, the ones between shift.
  const size_t to = reordered ? MoveCaseToPlace(model.cases, from) : from;
  const CaseStudy* edited = &model.cases[to];
  std::vector<CatalogListOfCase> lists_after;
  if (moved) {
    // Facets and related cases follow the case in place; phase 1 writes the
    // slices that show it before and after, the pages that appear (all
    // slices of the lists it enters) and removes those that go (the last
    // slices of the lists it leaves); the catalog's other pages (counts,
    // shifted lists) are phase 2's backlog.
    MoveCaseInFacets(s.facets, model, from, to);
    s.related->MoveCase(from, to);
    lists_after = CatalogListsOf(lists_input, s.facets, *edited);
    cpu_moved = ThreadCpuMs();
    std::set<std::string> stays;
    for (const auto& l : lists_after) {
      stays.insert(l.base_path);
      only.insert(l.pages[l.slice]);
      for (const auto& p : l.pages)
        if (!s.kept.fingerprints.count(OutputFileOf(p))) new_pages.insert(p);
    }
    const size_t per_page = static_cast<size_t>(site.config.cases_per_page);
    for (const auto& l : lists_before) {
      if (stays.count(l.base_path)) continue;
      const size_t left = l.size - 1;
      size_t kept = l.facet && left == 0 ? 0 : Paginate(left, per_page, l.base_path).size();
      for (size_t i = 0; i < l.pages.size(); ++i) {
        if (i < kept) {
          if (i == std::min(l.slice, kept - 1)) only.insert(l.pages[i]);  // the slice it left
        } else {
          removed_pages.insert(l.pages[i]);
        }
      }
    }
    only.insert(new_pages.begin(), new_pages.end());
    // A body's link to a page that went is an error a full build reports (E090).
    if (!removed_pages.empty()) {
      s.kept.links->ForgetAfter(s.kept.body_links_mark);
      const auto& targets = s.kept.links->Targets();
      for (const auto& p : removed_pages)
        if (targets.count(OutputFileOf(p))) return "link to a removed page: " + OutputFileOf(p);
    }
  } else {
    for (auto& l : CatalogListsOf(lists_input, s.facets, *edited)) only.insert(std::move(l.pages[l.slice]));
  }
  auto t_planned = Clock::now();
  Trace("case: planned");
  const double cpu_planned = ThreadCpuMs();
  std::vector<PageOutput> changed_pages;
  if (std::string r = Regenerate(only, new_pages, &changed_pages, &out.pages); !r.empty()) return r;
  if (std::string r = RemovePages(removed_pages); !r.empty()) return r;
  auto t_first = Clock::now();
  Trace("case: first pages written");
  const double cpu_first = ThreadCpuMs();
  const size_t first_pages = out.pages.size();
  double cpu_related = cpu_first;
  if (on_pages_written_) {
    on_pages_written_(out.pages);
    out.pages.clear();
  }
  if (moved) {
    // Related cases: the pages that showed the case (above) and those it
    // now enters (indices follow the cases that shifted).
    auto& at = s.related_at;
    MoveToIndex(at, from, to);
    if (from != to)
      for (auto& list : at)
        for (auto& i : list) i = static_cast<uint32_t>(MovedIndex(i, from, to));
    const std::set<std::string>& shown_by = s.related_by[case_id];
    std::vector<const CaseStudy*> recheck = {edited};
    std::vector<const CaseStudy*> others;
    for (const auto& x : model.cases) {
      if (&x == edited) continue;
      if (shown_by.count(x.id)) {
        recheck.push_back(&x);
        continue;
      }
      others.clear();
      for (uint32_t i : at[static_cast<size_t>(&x - model.cases.data())]) others.push_back(&model.cases[i]);
      if (s.related->Enters(x, others, *edited, kRelatedCasesShown)) recheck.push_back(&x);
    }
    for (const CaseStudy* x : recheck)
      if (s.SetRelated(*x, s.related->Find(*x, kRelatedCasesShown))) related_pages.insert(urls::Case(x->id));
    cpu_related = ThreadCpuMs();
  }
  for (const auto& p : only) related_pages.erase(p);
  if (std::string r = Regenerate(related_pages, {}, &changed_pages, &out.pages); !r.empty()) return r;
  auto t_written = Clock::now();
  Trace("case: written");
  const size_t pages_written = first_pages + out.pages.size();
  if (moved) {
    // The plan of the catalog, its other pages and the sitemap: phase 2,
    // which also checks again what phase 1 wrote (a page written from this
    // model may change again with the next edit before the plan is diffed).
    for (const auto& p : changed_pages) s.backlog.insert(p.path);
    s.plan_stale = true;
    s.artifacts_stale = true;
    backlog_ = true;
  }
  if (reordered && model.cases.size() > 1) {
    // Case pages come in the model's order: the edited one moves beside its
    // new neighbour.
    auto find = [&](const std::string& p) {
      return std::find_if(s.kept.pages.begin(), s.kept.pages.end(), [&](const PageInfo& i) { return i.path == p; });
    };
    auto mine = find(page_path);
    if (mine == s.kept.pages.end()) return "no page " + page_path;
    PageInfo info = std::move(*mine);
    s.kept.pages.erase(mine);
    bool last = to + 1 == model.cases.size();
    auto neighbour = find(urls::Case(model.cases[last ? to - 1 : to + 1].id));
    if (neighbour == s.kept.pages.end()) return "no page of a neighbour";
    s.kept.pages.insert(last ? neighbour + 1 : neighbour, std::move(info));
  }
  {
    std::vector<PageInfo> titles;
    AddTitles(titles, changed_pages);
    KeepTitles(s.kept.pages, titles);
  }
  const double cpu_written = ThreadCpuMs();
  // A moved case's artifacts wait for its phase 2, which writes the sitemap
  // too (writing them twice would only delay the second).
  if (!moved) StartCaseArtifacts(true);
  out.quick = true;
  out.pages_written = pages_written;
  if (std::getenv("NASTAVNIK_TIMINGS")) {
    auto ms = [](Clock::time_point a, Clock::time_point b) {
      return std::chrono::duration<double, std::milli>(b - a).count();
    };
    std::fprintf(stderr,
                 "  case edit (thread cpu %.1f ms to its page and lists written: checked %.1f, lists and facets %.1f, rest of plan %.1f, pages %.1f; then related %.1f, their pages %.1f): checked %.1f ms, planned %.1f ms, its page and lists written %.1f ms (%zu written, %zu wanted), related cases' pages %.1f ms (%zu written, %zu wanted)\n",
                 cpu_first - cpu0, cpu_checked - cpu0, cpu_moved - cpu_checked, cpu_planned - cpu_moved,
                 cpu_first - cpu_planned, cpu_related - cpu_first, cpu_written - cpu_related, ms(started, t_checked),
                 ms(t_checked, t_planned), ms(t_planned, t_first), first_pages, only.size(), ms(t_first, t_written),
                 pages_written - first_pages, related_pages.size());
  }
  return "";
}

void BuildSession::StartCaseArtifacts(bool low_priority) {
  BuildCapture::State& s = *capture_.state_;
  // From a copy of what they read, on their own thread (after the previous
  // edit's). The copy is made there too: the next change of the kept state
  // waits for it (copied_).
  std::promise<void> copied, done;
  copied_ = copied.get_future().share();
  artifacts_done_ = done.get_future().share();
  std::thread previous = std::move(artifacts_);
  artifacts_ = std::thread([this, &s, low_priority, copied = std::move(copied), done = std::move(done),
                            previous = std::move(previous)]() mutable {
    auto job = std::make_unique<ArtifactJob>(
        ArtifactJob{s.config, CaseArtifactModel(*s.model), s.kept.pages, s.pii.get(), s.written});
    copied.set_value();
    // Below the next edit's pages, which the preview waits for (phase 2
    // runs between changes: no need).
    if (low_priority) (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
    if (previous.joinable()) previous.join();
    WriteCaseArtifacts(*job);
    job.reset();
    done.set_value();
    ReleaseFreeMemory();  // see Dispose(); off the edit's path
  });
}

std::string BuildSession::Generate(const std::set<std::string>& only, const std::set<std::string>& new_pages,
                                   std::vector<Generated>* pages) {
  BuildCapture::State& s = *capture_.state_;
  Diagnostics gen_diags;
  // As the build ran the generators: the bodies' links only ("cited by"
  // lists links resolved by earlier generators, not by later ones).
  s.kept.links->ForgetAfter(s.kept.body_links_mark);
  RenderInput input{s.site->config, *s.model, *s.kept.bodies, *s.kept.links, gen_diags};
  input.only_pages = &only;
  input.case_facets = &s.facets;
  input.related_cases = &*s.related;
  std::string surprise;
  for (const PageGenerator& generate : AllPageGenerators()) {
    generate(input, [&](PageOutput page) {
      Generated g;
      g.file = OutputFileOf(page.path);
      g.fresh = new_pages.count(page.path) > 0;
      if (!g.fresh && !s.kept.fingerprints.count(g.file)) surprise = "new page " + g.file;
      g.page = std::move(page);
      pages->push_back(std::move(g));
    });
  }
  if (!surprise.empty()) return surprise;
  if (gen_diags.error_count() + gen_diags.warning_count() > 0) return "page diagnostics";
  return "";
}

std::string BuildSession::WritePages(Generated* begin, Generated* end, std::vector<PageOutput>* changed,
                                     std::vector<std::string>* written) {
  BuildCapture::State& s = *capture_.state_;
  const size_t n = static_cast<size_t>(end - begin);
  std::atomic<bool> personal{false};
  // Fingerprinted, and rendered and scanned when changed, in parallel.
  std::vector<char> differs(n, 0);
  tbb::parallel_for(size_t{0}, n, [&](size_t i) {
    Generated& g = begin[i];
    g.fingerprint = s.cache->Fingerprint(g.page);
    auto known = s.kept.fingerprints.find(g.file);
    if (known != s.kept.fingerprints.end() && known->second == g.fingerprint) return;
    differs[i] = 1;
    g.html = RenderPage(g.page, *s.theme, s.config);
    if (s.pii) {
      std::vector<PiiHit> hits;
      s.pii->Scan(g.html, hits);
      if (!hits.empty()) personal = true;
    }
  });
  if (personal) return "personal data on a page";
  Trace("pages: rendered");
  std::vector<Generated*> pages;
  for (size_t i = 0; i < n; ++i)
    if (differs[i]) pages.push_back(begin + i);
  std::string public_dir = options_.out_dir + "/public/";
  std::vector<char> unwritten(pages.size(), 0);
  for (size_t i = 0; i < pages.size(); ++i) {  // folders first, one thread
    std::error_code ec;
    if (pages[i]->fresh) std::filesystem::create_directories(public_dir + pages[i]->page.path, ec);
    if (ec) unwritten[i] = 1;
  }
  tbb::parallel_for(size_t{0}, pages.size(), [&](size_t i) {
    if (!unwritten[i] && !published_.Write(pages[i]->file, pages[i]->html)) unwritten[i] = 1;
  });
  for (size_t i = 0; i < pages.size(); ++i) {
    if (unwritten[i]) {
      last_ok_ = false;
      return "cannot write " + pages[i]->file;
    }
  }
  for (Generated* p : pages) {
    // A document's page written from the model: its quick record is stale
    // (a later body edit takes TryCase or a full build).
    if (auto doc = s.doc_of_page.find(p->page.path); doc != s.doc_of_page.end()) s.docs.erase(doc->second);
    s.written.insert(p->file);
    s.kept.fingerprints[p->file] = std::move(p->fingerprint);
    written->push_back(std::move(p->file));
    changed->push_back(std::move(p->page));
  }
  return "";
}

std::string BuildSession::Regenerate(const std::set<std::string>& only, const std::set<std::string>& new_pages,
                                     std::vector<PageOutput>* changed, std::vector<std::string>* written) {
  std::vector<Generated> pages;
  if (std::string r = Generate(only, new_pages, &pages); !r.empty()) return r;
  Trace("case: generated");
  return WritePages(pages.data(), pages.data() + pages.size(), changed, written);
}

void BuildSession::DropGenerated() {
  if (capture_.state_) KeepTitles(capture_.state_->kept.pages, generated_titles_);
  generated_titles_.clear();
  if (!generated_paths_.empty() && capture_.state_) capture_.state_->backlog.merge(generated_paths_);
  generated_.clear();
  generated_.shrink_to_fit();
  generated_paths_.clear();
  generated_at_ = 0;
}

std::string BuildSession::RemovePages(const std::set<std::string>& gone_pages) {
  BuildCapture::State& s = *capture_.state_;
  std::string public_dir = options_.out_dir + "/public/";
  for (const auto& gone : gone_pages) {
    // The file, then the folders it leaves empty (a full build has none).
    std::string file = OutputFileOf(gone);
    if (::unlink((public_dir + file).c_str()) != 0 && errno != ENOENT) {
      last_ok_ = false;
      return "cannot remove " + file;
    }
    for (std::string dir = gone; !dir.empty() && dir.back() == '/';) {
      if (::rmdir((public_dir + dir).c_str()) != 0) break;
      size_t cut = dir.rfind('/', dir.size() - 2);
      dir = cut == std::string::npos ? std::string() : dir.substr(0, cut + 1);
    }
    s.written.erase(file);
    s.kept.fingerprints.erase(file);
    s.backlog.erase(gone);
  }
  return "";
}

BuildSession::Step BuildSession::Continue(std::chrono::microseconds budget, size_t max_pages) {
  const auto started = std::chrono::steady_clock::now();
  const double cpu0 = ThreadCpuMs();
  StepKind what = StepKind::kOther;
  Step step = ContinueStep(budget, max_pages, &what);
  PhaseTimes& t = phase_times_;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  ++t.steps;
  const double cpu = ThreadCpuMs() - cpu0;
  t.cpu_ms += cpu;
  if (what == StepKind::kPlan) t.plan_ms += ms;
  if (what == StepKind::kWalk) {
    t.walk_ms += ms;
    t.walk_cpu_ms += cpu;
  }
  t.longest_ms = std::max(t.longest_ms, ms);
  if (step.finished || !step.refusal.empty()) {
    if (std::getenv("NASTAVNIK_TIMINGS") && t.steps > 1)
      std::fprintf(stderr,
                   "  phase 2: %zu steps, thread cpu %.0f ms; plan %.0f ms, generators walked %.0f ms (cpu %.0f), longest step %.0f ms\n",
                   t.steps, t.cpu_ms, t.plan_ms, t.walk_ms, t.walk_cpu_ms, t.longest_ms);
    t = PhaseTimes();
  }
  return step;
}

BuildSession::Step BuildSession::ContinueStep(std::chrono::microseconds budget, size_t max_pages, StepKind* what) {
  Step step;
  if (!backlog_) {
    step.finished = true;
    return step;
  }
  if (copied_.valid()) copied_.wait();  // the artifacts' thread has its copy of the state
  BuildCapture::State& s = *capture_.state_;
  auto refuse = [&](std::string why) {
    backlog_ = false;
    last_ok_ = false;
    step.refusal = std::move(why);
    return step;
  };
  if (!last_ok_ || !s.model || !s.related) return refuse("no loaded site");
  if (s.plan_stale) {
    *what = StepKind::kPlan;
    // The catalog's plan against the one the pages on disk were written
    // from: pages whose digest changed, appeared or went.
    s.plan_stale = false;
    Diagnostics d;
    RenderInput input{s.site->config, *s.model, *s.kept.bodies, *s.kept.links, d};
    std::vector<CatalogPagePlan> plan = PlanCaseCatalog(input, s.facets);
    std::unordered_map<std::string, const std::string*> before;
    for (const auto& p : s.catalog) before.emplace(p.path, &p.digest);
    for (const auto& p : plan) {
      auto it = before.find(p.path);
      if (it == before.end() || *it->second != p.digest) s.backlog.insert(p.path);
      if (it != before.end()) before.erase(it);
    }
    std::set<std::string> gone;  // still on disk (phase 1 removes most)
    std::unordered_set<std::string> catalog_paths;  // the old and the new plan's
    for (const auto& [path, digest] : before) {
      catalog_paths.insert(path);
      if (s.kept.fingerprints.count(OutputFileOf(path))) gone.insert(path);
    }
    s.catalog = std::move(plan);
    if (std::string r = RemovePages(gone); !r.empty()) return refuse(r);
    // The catalog's pages, in their new order, replace its old ones in the
    // list of pages (the sitemap's order).
    for (const auto& p : s.catalog) catalog_paths.insert(p.path);
    std::vector<PageInfo> list;
    list.reserve(s.kept.pages.size() + s.catalog.size());
    bool placed = false;
    for (auto& info : s.kept.pages) {
      if (!catalog_paths.count(info.path)) {
        list.push_back(std::move(info));
        continue;
      }
      if (placed) continue;
      placed = true;
      for (const auto& p : s.catalog) list.push_back({p.path, p.title, true});
    }
    s.kept.pages = std::move(list);
    step.written = backlog_written_;
    return step;
  }
  if (generated_.empty() && !s.backlog.empty()) {
    *what = StepKind::kWalk;
    // One walk of the generators for a part of the backlog (the catalog's
    // sidebars and the pages the generators emit anyway built once per walk,
    // not per chunk; lists with no page taken are skipped): about one
    // chunk's time, sized by the last walk's cost per page, so that a change
    // waits no longer for a walk than for a chunk. The pages are written by
    // the next steps.
    using Clock = std::chrono::steady_clock;
    const auto walk_started = Clock::now();
    size_t take = us_per_generated_ > 0 ? static_cast<size_t>(static_cast<double>(budget.count()) / us_per_generated_)
                                        : 64;
    take = std::max<size_t>(take, 16);
    while (!s.backlog.empty() && generated_paths_.size() < take)
      generated_paths_.insert(s.backlog.extract(s.backlog.begin()));
    std::set<std::string> new_pages;
    for (const auto& p : generated_paths_)
      if (!s.kept.fingerprints.count(OutputFileOf(p))) new_pages.insert(p);
    if (std::string r = Generate(generated_paths_, new_pages, &generated_); !r.empty()) {
      DropGenerated();
      return refuse(r);
    }
    generated_at_ = 0;
    us_per_generated_ = std::chrono::duration<double, std::micro>(Clock::now() - walk_started).count() /
                        static_cast<double>(generated_paths_.size());
    if (generated_.empty()) generated_paths_.clear();
    step.written = backlog_written_;
    return step;
  }
  if (generated_at_ < generated_.size()) {
    *what = StepKind::kWrite;
    // A chunk of about `budget`: batches sized by the last pages' cost.
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    const double budget_us = static_cast<double>(budget.count());
    std::vector<PageOutput> changed;
    size_t done = 0;
    while (generated_at_ < generated_.size() && done < max_pages) {
      const double spent = std::chrono::duration<double, std::micro>(Clock::now() - started).count();
      if (done > 0 && spent >= budget_us) break;
      size_t batch = us_per_page_ > 0 ? static_cast<size_t>((budget_us - spent) / us_per_page_) : 8;
      // Small batches: pages whose fingerprint did not change cost little,
      // those rendered much more, so a batch sized by the last one's cost
      // could overshoot the budget many times over.
      batch = std::clamp<size_t>(batch, 1, kMaxWriteBatch);
      batch = std::min({batch, generated_.size() - generated_at_, max_pages - done});
      Generated* first = generated_.data() + generated_at_;
      const auto batch_started = Clock::now();
      if (std::string r = WritePages(first, first + batch, &changed, &step.pages); !r.empty()) {
        DropGenerated();
        return refuse(r);
      }
      us_per_page_ = std::chrono::duration<double, std::micro>(Clock::now() - batch_started).count() /
                     static_cast<double>(batch);
      for (Generated* g = first; g != first + batch; ++g) {
        generated_paths_.erase(g->page.path);
        *g = Generated();  // written or unchanged: freed now
      }
      generated_at_ += batch;
      done += batch;
    }
    AddTitles(generated_titles_, changed);
    if (generated_at_ == generated_.size()) {
      generated_paths_.clear();  // paths no generator emitted (none expected) are done too
      DropGenerated();
    }
    backlog_written_ += step.pages.size();
    step.written = backlog_written_;
    return step;
  }
  if (s.artifacts_stale) {
    s.artifacts_stale = false;
    StartCaseArtifacts(false);
  }
  step.written = backlog_written_;
  if (artifacts_done_.valid() &&
      artifacts_done_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    step.waiting = true;
    return step;
  }
  if (artifacts_failed_) return refuse("artifacts");
  backlog_ = false;
  backlog_written_ = 0;
  step.finished = true;
  return step;
}

}  // namespace nastavnik
