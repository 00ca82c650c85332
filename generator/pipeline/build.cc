#include "pipeline/build.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include "load/fs.h"
#include "pipeline/body_renderer.h"
#include "pipeline/body_store.h"
#include "pipeline/build_model.h"
#include "pipeline/build_session.h"
#include "pipeline/case_checks.h"
#include "pipeline/content_files.h"
#include "pipeline/doc_bodies.h"
#include "pipeline/loaded_site.h"
#include "pipeline/internal_cache.h"
#include "pipeline/page_cache.h"
#include "pipeline/page_writer.h"
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
#include "util/allocator.h"
#include "util/strings.h"
#include "util/trace.h"

namespace nastavnik {

namespace {

const std::vector<std::string> kRequiredTemplates = {
    "layout", "home", "page", "orders", "order", "organizations", "organization",
    "programs", "working_group", "mentors", "not_found", "case", "cases", "roadmap", "indicators",
    "indicator", "search"};

// Scans every document's front matter for personal data, on every core, and
// unless `keep`, frees it: the model holds what pages need of it. It is the
// largest thing the load leaves (≈ 4 KB a case, 400 MB at 100,000 cases):
// freed before the bodies, the artifacts and the pages begin, it is never
// held beside them.
void ReleaseFrontMatter(LoadedSite& site, PersonalDataCheck& privacy, bool keep) {
  tbb::parallel_for(size_t{0}, site.docs.size(), [&](size_t i) {
    privacy.ScanFrontMatter(site.docs[i]);
    if (!keep) std::vector<Value>().swap(site.docs[i].front.values);
  });
}

// The documents' front matter was parsed on every core and freed before the
// bodies rendered, into the threads' malloc arenas (≈ 4 KB per case): give
// it back to the system when there is much of it (a large site's peak). Below
// kTrimAbove the pages' threads reuse it, and giving it back would cost more
// than it saves: glibc's malloc_trim madvises every free chunk of every arena
// (≈ 1,800 calls, 0.16 s of CPU, 0.3 s on this thread at 10,000 cases, 65 MB
// free) and the pages fault most of it back in (peak RSS at 10,000 cases:
// +4 MB without it).
void TrimFreedMemory() {
  constexpr size_t kTrimAbove = size_t{128} << 20;
  ReleaseFreeMemoryAbove(kTrimAbove);
}

// Phase timings on stderr when NASTAVNIK_TIMINGS is set: where a slow build
// spends its time, without a profiler.
class PhaseTimer {
 public:
  PhaseTimer() : on_(std::getenv("NASTAVNIK_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void Mark(const char* phase) {
    Trace("phase: ", phase);
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    double cpu = CpuMs();
    // CPU time of all threads as well: on a shared machine the wall time
    // says more about the neighbours than about the build.
    // Memory too: resident now and the peak so far (where a large site's
    // memory goes, phase by phase).
    long rss_kb = 0, hwm_kb = 0;
    if (FILE* f = std::fopen("/proc/self/status", "r")) {
      char line[256];
      while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "VmRSS: %ld", &rss_kb) == 1) continue;
        (void)std::sscanf(line, "VmHWM: %ld", &hwm_kb);
      }
      std::fclose(f);
    }
    std::fprintf(stderr, "  %-12s %8.1f ms  (cpu %8.1f ms)  rss %5ld MB (peak %5ld MB)\n", phase,
                 std::chrono::duration<double, std::milli>(now - last_).count(), cpu - last_cpu_, rss_kb / 1024,
                 hwm_kb / 1024);
    last_ = now;
    last_cpu_ = cpu;
  }
  // Work that ran beside the phases on a thread of its own (its wall and
  // that thread's CPU time).
  void Aside(const char* what, double wall_ms, double cpu_ms) const {
    if (on_) std::fprintf(stderr, "  (%-10s %8.1f ms  (cpu %8.1f ms) beside the phases)\n", what, wall_ms, cpu_ms);
  }
  static double ThreadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
  }

 private:
  static double CpuMs() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
    return ms(u.ru_utime) + ms(u.ru_stime);
  }

  bool on_;
  std::chrono::steady_clock::time_point last_;
  double last_cpu_ = CpuMs();
};

// Runs `work` on a thread of its own, so that it neither waits for a free
// TBB worker nor is picked up by a thread that waits in the pages' pool;
// with one job (--jobs 1), at once on this thread. The thread is joined
// when the result is destroyed (on every return).
std::jthread Beside(int jobs, std::function<void()> work) {
  if (jobs == 1) {
    work();
    return {};
  }
  return std::jthread(std::move(work));
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
  std::optional<tbb::global_control> threads;
  if (options.jobs > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, options.jobs);

  // The order listed matches the order of execution. The output trees are
  // begun and the internal reports' cache looked up before loading, because
  // the large registry feeds the internal reports while LoadSite reads it.
  // Bodies are rendered before pages because pages embed them; links are
  // checked last, once every page and file has been written and so is known
  // to exist.
  PhaseTimer timer;
  const bool writes = !options.dry_run;  // `check` writes nothing
  std::error_code out_ec;
  if (writes) stdfs::create_directories(options.out_dir, out_ec);
  // The public tree replaced by a one-shot build is kept to stage the next one
  // in (publish/output_tree.h); the internal one, which holds personal data,
  // is removed at once. A preview session keeps none: its quick rebuilds
  // rewrite published files in place, which a kept tree sharing their inodes
  // would turn into copies (publish/published_files.h).
  OutputTree public_tree(options.out_dir, "public",
                         options.capture ? OutputTree::KeepPrevious::kNo : OutputTree::KeepPrevious::kYes);
  OutputTree internal_tree(options.out_dir, "internal");
  if (writes) {
    Status st = public_tree.Begin();
    if (st.ok()) st = internal_tree.Begin();
    if (!st.ok()) return st;
  }
  // The internal reports (the personal registries as CSV and workbooks)
  // depend on no page. Reused whole from the previous build when none of
  // their inputs changed (pipeline/internal_cache.h): decided by a task that
  // hashes data/ while the content loads (an incremental build waits for it
  // before the large registry is read; a full build only records it).
  // Otherwise the large registry feeds their sinks as LoadSite reads it
  // (LoadOptions::streamed_records: it is read once), and a task finishes
  // them (held registries, workbooks compressed) while the bodies and pages
  // render.
  struct Wait {  // never leave with a task running (an early return)
    tbb::task_group& group;
    ~Wait() { group.wait(); }
  };
  std::optional<InternalReportsCache> internal_cache;
  bool internal_reused = false;  // written by the task only when incremental
  std::unique_ptr<InternalReports> internal_reports;
  tbb::task_group cache_group;
  Wait wait_cache{cache_group};
  // False when the reports are reused; otherwise they are begun (once).
  auto begin_internal_reports = [&](const LoadedSite& loading) {
    if (options.incremental) cache_group.wait();
    if (internal_reused) return false;
    if (!internal_reports)
      internal_reports = std::make_unique<InternalReports>(
          InternalReportsSetup{loading.config, options.build_epoch, internal_tree, OrganizationsOf(loading)});
    return true;
  };
  if (writes) {
    cache_group.run([&, disk = fs.get()] {
      internal_cache.emplace(options.out_dir, InternalReportsFingerprint(*disk, disk->Read("site.yaml").value_or(""),
                                                                         options.today, options.build_epoch));
      if (options.incremental) internal_reused = internal_cache->ReuseInto(internal_tree);
    });
  }
  // Document texts are not held: each is read for its front matter, then
  // again for its body (BodyRenderer). A preview session keeps them. The
  // bodies render from the moment the content is loaded, beside the
  // registries; their HTML goes to a temporary file next to the output (or
  // in the temporary folder for `check`).
  LoadOptions load_options;
  load_options.keep_texts = options.capture != nullptr;
  BodyRenderer body_renderer(/*keep_texts=*/options.capture != nullptr,
                             options.dry_run || out_ec ? std::string() : options.out_dir, diags);
  load_options.on_content_loaded = [&](const LoadedSite& loaded) { body_renderer.Start(loaded, options.jobs != 1); };
  if (writes)
    load_options.streamed_records = [&](const LoadedSite& loading, const Schema& schema) -> RecordPipeline::Consumer {
      return begin_internal_reports(loading) ? internal_reports->Feed(schema.name, schema) : nullptr;
    };
  auto site_owner = std::make_unique<LoadedSite>(LoadSite(*fs, diags, load_options));
  // The site may outlive this call (BuildCapture::Dispose reads registries
  // again on its own thread), so it owns the file system it reads through.
  site_owner->owned_fs = std::move(fs);
  const FileSystem* const fs_view = site_owner->fs;
  LoadedSite& site = *site_owner;
  struct StopBodies {  // never leave the lane rendering from a site that goes
    BodyRenderer& renderer;
    ~StopBodies() { renderer.Stop(); }
  } stop_bodies{body_renderer};
  timer.Mark("load");
  std::unique_ptr<SiteModel> model_owner;
  struct Release {  // see BuildOptions::free_memory and BuildCapture::Dispose
    bool free;
    BuildCapture* capture;
    std::unique_ptr<LoadedSite>& site;
    std::unique_ptr<SiteModel>& model;
    ~Release() {
      if (capture) {
        capture->Dispose(std::move(site), std::move(model));
        return;
      }
      if (free) return;
      (void)model.release();
      (void)site.release();
    }
  } release{options.free_memory, options.capture, site_owner, model_owner};
  // Personal data (E075–E078): documents are scanned as their bodies are
  // rendered (those rendered during the load on a task of their own, beside
  // the model), every public file from memory as it is written; the rest
  // (registry cells, linked files) before the commit. Its index is built from
  // the needles LoadSite gathered.
  PersonalDataCheck privacy(site, options.today, options.out_dir + "/public");
  if (!options.dry_run) privacy.Observe(public_tree);  // before the first public file
  body_renderer.SetScanner(privacy);
  StopBodies stop_scanning{body_renderer};  // before `privacy` goes
  // Indexed (PersonalDataCheck above): their memory goes back. A preview
  // session keeps them for its own index.
  if (!options.capture) site.pii_needles.reset();
  model_owner = std::make_unique<SiteModel>(BuildModel(site, options.today));
  SiteModel& model = *model_owner;
  timer.Mark("model");
  AddPlans(*fs_view, site, model, diags);
  CheckCases(site, options.today, diags);
  auto theme = Theme::Load(*fs_view, site.theme_dir, kRequiredTemplates, diags);
  std::set<std::string> refused_files;  // reported already; links to them are not "broken"
  std::vector<ContentFileCopy> copies = CheckContentFiles(site, model, diags, &refused_files);
  timer.Mark("theme+files");

  std::unordered_set<std::string> draft_outputs;  // their pages and files, never written
  for (const auto& c : model.draft_cases) {
    draft_outputs.insert(OutputFileOf(urls::Case(c.id)));
    std::string dir = c.source.substr(0, c.source.rfind('/') + 1);
    for (const auto& e : site.content_files)
      if (StartsWith(e.path, dir)) draft_outputs.insert(LinkResolver::OutputPathOfContentFile(e.path));
  }
  // Scanned (front matter), their memory goes back before the bodies render
  // (a preview session keeps them: BuildCapture::Prepare).
  ReleaseFrontMatter(site, privacy, /*keep=*/options.capture != nullptr);
  if (!options.capture) TrimFreedMemory();
  timer.Mark("front matter");
  // The internal reports are finished (held registries fed, workbooks
  // compressed: they need the model's indicators) on a task of their own
  // while the bodies and pages render.
  Status internal_status;
  const std::vector<PageInfo> no_pages;
  ArtifactInput internal_ai{site.config, model, no_pages, options.build_epoch, public_tree, internal_tree, diags};
  tbb::task_group internal_group;
  Wait wait_internal{internal_group};
  if (writes && theme) {
    if (begin_internal_reports(site)) {
      internal_ai.internal_registries = &site.registries;  // for the internal reports only
      internal_group.run([&] { internal_status = internal_reports->Finish(internal_ai); });
    }
  }
  // The public artifacts (AllArtifactWriters: each writes its own files; the
  // tree and the diagnostics are thread-safe). Those that read only the model
  // run one after another on a thread of their own beside the bodies and
  // pages, where a core is partly idle (the page generators run on one
  // thread); the sitemap, which lists the pages, as soon as the generators
  // are done. The first failure in their order is reported.
  const std::vector<ArtifactWriter>& artifact_writers = AllArtifactWriters();
  std::vector<Status> artifact_statuses(artifact_writers.size(), Status::Ok());
  ArtifactInput model_ai{site.config, model, no_pages, options.build_epoch, public_tree, internal_tree, diags};
  double artifacts_wall_ms = 0, artifacts_cpu_ms = 0;
  auto write_model_artifacts = [&] {
    const auto start = std::chrono::steady_clock::now();
    const double cpu = PhaseTimer::ThreadCpuMs();
    for (size_t i = 0; i < artifact_writers.size(); ++i)
      if (!ArtifactReadsPages(artifact_writers[i])) artifact_statuses[i] = artifact_writers[i](model_ai);
    artifacts_wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    artifacts_cpu_ms = PhaseTimer::ThreadCpuMs() - cpu;
  };
  std::jthread model_artifacts;
  if (writes && theme) model_artifacts = Beside(options.jobs, write_model_artifacts);
  // A preview session reads the documents' front matter from their text
  // after the build (BuildCapture::Prepare).
  body_renderer.Finish(site);
  std::unique_ptr<LinkResolver> links_owner = std::move(body_renderer.links);
  LinkResolver& links = *links_owner;
  std::unique_ptr<LinkResolver> draft_links = std::move(body_renderer.draft_links);
  std::unique_ptr<BodyStore> bodies_owner = std::move(body_renderer.store);
  BodyStore& bodies = *bodies_owner;
  const size_t body_links_mark = links.Mark();  // the generators add front-matter links
  if (!options.capture) TrimFreedMemory();
  timer.Mark("markdown");
  if (!theme) return Status::Ok();  // E061 already reported

  std::unordered_set<std::string> written;
  std::mutex written_mu;
  auto write = [&](const std::string& path, std::string_view bytes, FileStamp* stamp = nullptr) -> Status {
    {
      std::lock_guard<std::mutex> lock(written_mu);
      written.insert(path);
    }
    return options.dry_run ? Status::Ok() : public_tree.Write(path, bytes, stamp);
  };

  // Incremental rendering: pages whose inputs are unchanged since the
  // previous publication are linked, not rendered (pipeline/page_cache.h).
  // A full build (--full) ignores the previous record but writes a new one.
  std::optional<PageCache> cache;
  std::string site_fingerprint;
  if (!options.dry_run) {
    site_fingerprint = FingerprintSite(theme->SourceTexts(), fs_view->Read("site.yaml").value_or(""));
    cache.emplace(options.out_dir, site_fingerprint);
    if (options.incremental) cache->Load();
  }
  // A page path emitted twice would be overwritten silently: a text page
  // named like a section («organizations.md») takes the section's address.
  std::map<std::string, std::string> doc_of_page;  // page path → content file
  for (const auto& d : site.docs) doc_of_page.emplace(PagePathOf(d), d.path);
  std::set<std::string> emitted;
  auto reuse = [&](const std::string& path) {
    if (!public_tree.Reuse(path)) return false;
    std::lock_guard<std::mutex> lock(written_mu);
    written.insert(path);
    return true;
  };
  PageWriter page_writer(*theme, site.config, write, cache ? &*cache : nullptr, reuse);
  RenderInput input{site.config, model, bodies, links, diags};
  if (options.capture) {  // a preview session records which page embeds which body
    options.capture->Begin(site, links);
    input.on_body_read = [&](const std::string& source) { options.capture->BodyRead(source); };
    input.on_case_card = [&](const CaseStudy& c, const std::string& page) { options.capture->CaseCard(c.id, page); };
  }
  // Beside the pages: registry cells do not change while they render.
  privacy.StartSourceScan(/*with_documents=*/false);  // documents were scanned with their bodies
  const size_t diags_before_pages = diags.error_count() + diags.warning_count();
  for (PageGenerator generate : AllPageGenerators()) {
    generate(input, [&](PageOutput page) {
      if (!emitted.insert(page.path).second) {
        auto doc = doc_of_page.find(page.path);
        if (doc != doc_of_page.end())
          diags.Error({doc->second, 0, 0}, "E010",
                      "адрес /" + page.path + " уже занят страницей, которую nastavnik создаёт сам",
                      "переименуйте файл: имя файла становится адресом страницы");
        return;
      }
      if (options.capture) options.capture->OnPage(page);
      page_writer.Add(std::move(page));
    });
  }
  // Every page is known once the generators are done: the artifacts that
  // list them (the sitemap) are written beside the last batches.
  const std::vector<PageInfo>& pages = page_writer.pages();
  ArtifactInput pages_ai{site.config, model, pages, options.build_epoch, public_tree, internal_tree, diags};
  std::jthread page_artifacts;
  if (writes)
    page_artifacts = Beside(options.jobs, [&] {
      for (size_t i = 0; i < artifact_writers.size(); ++i)
        if (ArtifactReadsPages(artifact_writers[i])) artifact_statuses[i] = artifact_writers[i](pages_ai);
    });
  if (Status st = page_writer.Finish(); !st.ok()) return st;
  if (Status st = bodies.status(); !st.ok()) return st;
  const bool pages_diagnosed = diags.error_count() + diags.warning_count() != diags_before_pages;
  timer.Mark("pages");
  // The page record (the stamps taken as pages were written) is formatted
  // while the artifacts finish; it is saved after the swap.
  std::string page_record;
  std::jthread page_record_thread;
  if (cache) page_record_thread = Beside(options.jobs, [&] { page_record = cache->Snapshot(); });
  for (const auto& [rel, bytes] : theme->static_files()) {
    Status st = write("static/" + rel, bytes);
    if (!st.ok()) return st;
  }
  for (const auto& c : copies) {
    written.insert(c.output_path);
    if (!options.dry_run) {
      Status st = public_tree.Copy(fs_view->root() + "/" + c.source_path, c.output_path);
      if (!st.ok()) return st;
    }
  }
  if (writes) {
    if (page_artifacts.joinable()) page_artifacts.join();
    if (model_artifacts.joinable()) model_artifacts.join();
    timer.Aside("artifacts", artifacts_wall_ms, artifacts_cpu_ms);
    for (const Status& st : artifact_statuses)
      if (!st.ok()) return st;
    internal_group.wait();
    if (!internal_status.ok()) return internal_status;
    cache_group.wait();  // a full build records the fingerprint (Save, below)
    for (const auto& p : public_tree.written()) written.insert(p);
  }
  timer.Mark("artifacts");
  written.insert(refused_files.begin(), refused_files.end());
  // Personal data (E075–E078): every file is written, nothing is committed yet.
  privacy.Finish(options.dry_run ? nullptr : &public_tree, diags);
  timer.Mark("privacy");
  links.CheckTargets(written, diags);
  draft_outputs.insert(written.begin(), written.end());
  draft_links->CheckTargets(draft_outputs, diags);

  if (result) {
    result->pages = pages.size();
    result->files = written.size();
  }
  timer.Mark("links");
  if (options.dry_run || ShouldStop(diags, options.strict)) return Status::Ok();
  // The index reads the finished pages, and is written into the staging tree
  // so that it is published together with them or not at all. Whatever a
  // kept tree held from an older build (stale pages, the old index) is gone
  // first: Pagefind indexes every page it finds, and its files must be new
  // inodes, not ones shared with the published tree.
  Status st = public_tree.Prune();
  if (!st.ok()) return st;
  timer.Mark("prune");
  SearchIndexResult search;
  st = BuildSearchIndex(options.site_dir, public_tree.staging_dir(), &search);
  if (!st.ok()) return st;
  if (result) result->search_notice = search.notice;
  timer.Mark("search");
  // The record reads the staging tree: done before the tree moves (a
  // snapshot opening it after the swap recorded no page).
  if (page_record_thread.joinable()) page_record_thread.join();
  st = public_tree.Commit();
  if (st.ok()) st = internal_tree.Commit();
  if (!st.ok()) return st;
  timer.Mark("swap");
  if (cache) {
    // Without the record the next build is a full one: not an error.
    (void)cache->Save(page_record);
  }
  if (internal_cache) internal_cache->Save();
  timer.Mark("commit");
  if (options.capture) {
    BuildCapture::Kept kept{std::move(bodies_owner), std::move(links_owner), body_links_mark, pages, cache->recorded(),
                            site_fingerprint, pages_diagnosed};
    options.capture->Keep(options.site_dir, site, options.today, std::move(*theme), std::move(kept), written,
                          search.indexed);
    timer.Mark("capture");
  }
  if (result) {
    result->published = true;
    result->reused = public_tree.reused_count();
    result->rendered = result->pages - page_writer.skipped();
  }
  return Status::Ok();
}

}  // namespace nastavnik
