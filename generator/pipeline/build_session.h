#pragma once
// A long-lived build session for `nastavnik serve`: full builds through
// BuildSite, and between them quick rebuilds of the pages an edit touches.
//
// A full build runs with a BuildCapture (BuildOptions::capture), which keeps
// what a later edit needs without the loaded site or the model: the theme,
// the site config, each document's front matter (as text), the page each
// body reaches and that page's PageOutput, the link targets of each body,
// the set of files published, and the privacy guard's needle index.
//
// The dependency map comes from the build itself: BodyHtml() reports every
// body a page generator reads (RenderInput::on_body_read), and the capture
// keeps a document only when its body was read exactly once, by its own page,
// and appears there as exactly one top-level template value. For such a
// document an edit of the body alone (front matter unchanged byte for byte)
// changes one page and nothing else: the model, lists, related cases and
// artifacts are built from front matter and registries; "cited by" sections
// from link targets, which must stay the same set.
//
// A quick rebuild (every changed file such a document, the edit keeping its
// link targets, producing no diagnostic and no personal-data match, the
// previous build clean for that file and no search index to refresh) renders
// the new bodies, re-renders their pages from the kept PageOutput, and only
// then writes each page in place into the published tree (`PublishedFiles`:
// its readers in the process never see a page half written). An edit of a theme's static file (CSS, scripts, images: copied
// as they are, named by no page) is copied the same way. Anything else runs
// a full build (incremental through the page
// cache; a failure leaves the published tree as it was).
//
// Thread safety: one thread calls Rebuild().
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>

#include "diag/diagnostic.h"
#include "pipeline/body_store.h"
#include "pipeline/build.h"
#include "pipeline/loaded_site.h"
#include "publish/artifacts.h"
#include "publish/published_files.h"
#include "model/site_model.h"
#include "render/links.h"
#include "render/page.h"
#include "render/template.h"

namespace nastavnik {

// What BuildSite records for a session. BuildSite calls, in order: Begin()
// before the page generators, BodyRead() (through on_body_read) and
// OnPage() while they run, Keep() after a publication.
class BuildCapture {
 public:
  BuildCapture();
  ~BuildCapture();
  BuildCapture(const BuildCapture&) = delete;
  BuildCapture& operator=(const BuildCapture&) = delete;

  // `body_links`: the resolver after the bodies were rendered.
  void Begin(const LoadedSite& site, const LinkResolver& body_links);
  void BodyRead(const std::string& source);  // thread-safe
  // A page shows the card of case `case_id` (RenderInput::on_case_card).
  void CaseCard(const std::string& case_id, const std::string& page_path);
  void OnPage(const PageOutput& page);
  // What the build hands over for case edits (BuildSession::TryCase).
  struct Kept {
    std::unique_ptr<BodyStore> bodies;
    std::unique_ptr<LinkResolver> links;  // the bodies' and front matters' links
    size_t body_links_mark = 0;           // links.Mark() before the page generators ran
    std::vector<PageInfo> pages;          // every page, in order
    std::map<std::string, std::string> fingerprints;  // page file → PageCache fingerprint
    std::string site_fingerprint;
    bool pages_diagnosed = false;         // the page generators reported something
  };
  // `search_index`: the published tree has a search index (which a quick
  // rebuild would leave stale).
  void Keep(const std::string& site_dir, const LoadedSite& site, Date today, Theme theme, Kept kept,
            const std::unordered_set<std::string>& written, bool search_index);
  // Takes the build's loaded site and model on a background thread, which
  // first prepares what a quick rebuild needs from the site (each kept
  // document's front matter; the privacy guard's needle index), so that the
  // build itself does not wait for it, then keeps them for case edits (a
  // published build) or frees them at low priority (millions of small
  // allocations for a large registry take seconds); the next WaitDisposed()
  // joins it.
  void Dispose(std::unique_ptr<LoadedSite> site, std::unique_ptr<SiteModel> model);
  void WaitDisposed();
  void WaitPrepared();
  // Forgets everything (a failed or unfinished build).
  void Clear();
  bool ready() const;
  // Documents a quick rebuild can handle.
  size_t quick_documents() const;

 private:
  friend class BuildSession;
  void Prepare(const LoadedSite& site);

  struct State;
  std::unique_ptr<State> state_;
  std::thread disposer_;
  std::mutex prepared_mu_;
  std::condition_variable prepared_cv_;
  bool prepared_ = true;
};

class BuildSession {
 public:
  explicit BuildSession(BuildOptions options);
  ~BuildSession();

  struct Outcome {
    Status status;            // environment failure of a full build
    bool quick = false;       // pages rewritten in place, no full build
    bool failed = false;      // errors: nothing published
    std::string report;       // diagnostics as printed (text format)
    BuildResult result;       // full builds
    size_t pages_written = 0; // quick rebuilds
    size_t files_written = 0; // quick rebuilds: other files (artifacts, static files)
    std::string quick_refusal;  // why a change needed a full build (for NASTAVNIK_TIMINGS)
    // Quick rebuilds: files of the public tree rewritten in place (those not
    // handed to the hook of SetOnPagesWritten already).
    std::vector<std::string> pages;
  };
  // `changed`: site-relative paths of the sources changed since the previous
  // call; `everything`: unknown (the first build, a watcher overflow).
  Outcome Rebuild(const std::set<std::string>& changed, bool everything);
  // A case edit returns once its pages are written; its artifacts (cases
  // workbook, feed) follow on a thread of their own, so that the next edit's
  // pages do not wait for them. Waits for them (tests; a full build does).
  void WaitIdle();
  // Called during a case edit once its page and the list slices showing it
  // are written, with their files, before the pages of the cases that show
  // it as a related case are rendered (`serve` reloads those pages at once).
  void SetOnPagesWritten(std::function<void(const std::vector<std::string>&)> hook) {
    on_pages_written_ = std::move(hook);
  }
  // The published tree as quick rebuilds write it: `serve` reads through it.
  PublishedFiles& published() { return published_; }

  // Phase 2 of a case edit that moved the case in the catalog. Phase 1
  // (Rebuild) writes what shows the case's card before or after the edit and
  // the list pages that appear or go; the rest the edit may have changed
  // (pages whose only change is the sidebar's counts, lists shifted by one,
  // the facet index pages, the sitemap's order) is a backlog. Each call is
  // one step: the catalog's plan diffed (the backlog found), or the page
  // generators walked once for a part of the backlog (≈ `budget`, at least
  // 16 pages), or the generated pages fingerprinted, rendered and written
  // for about `budget` (in batches of at most 16 pages, the budget checked
  // after each; at least one page, at most `max_pages`), or the artifacts. A change handled between
  // steps (Rebuild) first drops the generated pages not yet written: they
  // stay in the backlog, generated again from the newer model afterwards.
  // Every file on disk always matches its kept fingerprint. A full build
  // clears the backlog.
  bool HasBacklog() const { return backlog_; }
  struct Step {
    bool finished = false;           // the backlog is done: the tree is a full build's
    bool waiting = false;            // nothing to do but wait for the artifacts' thread
    std::string refusal;             // not empty: a full build is needed (Rebuild(everything))
    std::vector<std::string> pages;  // files of the public tree rewritten in place
    size_t written = 0;              // pages rewritten by this phase 2 so far
  };
  Step Continue(std::chrono::microseconds budget, size_t max_pages = SIZE_MAX);

 private:
  // Empty when done; otherwise why a full build is needed.
  std::string TryQuick(const std::set<std::string>& changed, Outcome& out);
  // An edit of one published case (same organization, authors and
  // attachments; facets and date may change): the document is loaded and
  // checked again alone, the kept model updated, and only its page, the pages
  // that show its card and, when it moved in the catalog, the catalog pages
  // whose plan changed and the case pages whose related cases changed are
  // generated again (list pages that appear or go are added or removed); pages whose
  // fingerprint changed, and artifacts whose bytes changed, are written in
  // place. Empty when done; otherwise why a full build is needed (the kept
  // state may then be half updated: the full build replaces it).
  std::string TryCase(const std::set<std::string>& changed, Outcome& out);
  Outcome Full();
  struct ArtifactJob;
  void WriteCaseArtifacts(const ArtifactJob& job);
  // The case artifacts (cases workbook, feed, sitemap) from the kept state,
  // on their thread (at a lower priority when `low_priority`).
  void StartCaseArtifacts(bool low_priority);
  // A page generated again, with what writing it needs.
  struct Generated;
  // Generates the pages in `only` (and whatever pages generators that do not
  // honour only_pages emit); `new_pages` may appear, no other page may.
  // Empty when done.
  std::string Generate(const std::set<std::string>& only, const std::set<std::string>& new_pages,
                       std::vector<Generated>* pages);
  // Fingerprints [begin, end), renders and scans those whose fingerprint
  // changed and writes them in place (folders made for new pages); their
  // PageOutputs move to `changed`, their files to `written`. Empty when done.
  std::string WritePages(Generated* begin, Generated* end, std::vector<PageOutput>* changed,
                         std::vector<std::string>* written);
  // Generate() and WritePages() over all of it.
  std::string Regenerate(const std::set<std::string>& only, const std::set<std::string>& new_pages,
                         std::vector<PageOutput>* changed, std::vector<std::string>* written);
  // Continue()'s step; `what`: which kind of step it was (for the timings).
  enum class StepKind { kPlan, kWalk, kWrite, kOther };
  Step ContinueStep(std::chrono::microseconds budget, size_t max_pages, StepKind* what);
  // Phase 2's generated pages not yet written go; their paths stay in the
  // backlog (a change is coming that may change them). The page list takes
  // the titles of those written.
  void DropGenerated();
  // Removes pages that went (files, then folders left empty).
  std::string RemovePages(const std::set<std::string>& pages);

  BuildOptions options_;
  PublishedFiles published_;  // <out>/public, written in place between builds
  std::function<void(const std::vector<std::string>&)> on_pages_written_;
  BuildCapture capture_;
  std::set<std::string> diagnosed_;  // files with a diagnostic in the last full build
  bool last_ok_ = false;
  std::thread artifacts_;                  // the last case edit's artifacts
  std::shared_future<void> copied_;        // ready once they copied what they read
  std::shared_future<void> artifacts_done_;  // ready once they are written
  bool backlog_ = false;                   // a phase 2 to run (Continue)
  size_t backlog_written_ = 0;             // pages it wrote so far
  // Phase 2's pages, generated by one walk for a part of the backlog (the
  // paths taken from it, `generated_paths_` until written), written from
  // `generated_at_`.
  std::vector<Generated> generated_;
  size_t generated_at_ = 0;
  std::set<std::string> generated_paths_;
  std::vector<PageInfo> generated_titles_;  // of the pages written, for the page list at the end
  double us_per_page_ = 0;                 // of WritePages, the last step's
  double us_per_generated_ = 0;            // of Generate, the last walk's
  struct PhaseTimes {                      // of this phase 2, for NASTAVNIK_TIMINGS
    size_t steps = 0;
    double plan_ms = 0, walk_ms = 0, walk_cpu_ms = 0, longest_ms = 0, cpu_ms = 0;
  } phase_times_;
  std::atomic<bool> artifacts_failed_{false};  // then the next change builds in full
};

}  // namespace nastavnik
