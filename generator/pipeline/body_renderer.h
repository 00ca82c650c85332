#pragma once
// Renders every Markdown body of a loaded site once (BuildSite, step 5 in
// pipeline/README.md), starting as soon as the content is loaded.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include <tbb/task_group.h>

#include "diag/diagnostic.h"
#include "pipeline/body_store.h"
#include "pipeline/loaded_site.h"
#include "pipeline/privacy_check.h"
#include "render/links.h"

namespace nastavnik {

// Renders every Markdown body once, rewriting and checking its links, into
// the body store (out of memory: pipeline/body_store.h), from the moment the
// content is loaded (LoadOptions::on_content_loaded), while the registries
// are still read: a thread of its own takes the bodies one by one (cmark-gfm
// parses one document at a time anyway, see render/markdown.h), beside the
// registry's reader and consumers; every core joins in once the build gets to
// the bodies (Finish). The texts were not held since loading: each is read
// again into a local string; no document is changed before Finish
// (CheckCases reads them meanwhile). Each body is scanned for personal data
// while it is at hand once the guard's index exists (SetScanner: it needs the
// whole registry); those rendered before are read again and scanned on a task
// of their own beside the model (ScanRendered). Unless `keep_texts`, Finish
// frees every text, so no document text, front matter (ReleaseFrontMatter)
// or HTML is held through the pages. Links written in draft cases go to
// `draft_links`: a draft's own page and files are not published, yet its
// links to them are right.
//
// Thread safety: Start() once (from any thread), then SetScanner(), Finish()
// and Stop() from one thread; the lane and the scan run on threads of their own.
class BodyRenderer {
 public:
  BodyRenderer(bool keep_texts, std::string store_dir, Diagnostics& diags)
      : keep_texts_(keep_texts), store_dir_(std::move(store_dir)), diags_(diags) {}
  ~BodyRenderer() { Stop(); }
  BodyRenderer(const BodyRenderer&) = delete;
  BodyRenderer& operator=(const BodyRenderer&) = delete;

  // Once the documents are loaded: the link resolvers, drafts and store are
  // made and the bodies begin to render, on a thread of its own when
  // `lane_thread` (otherwise all of them now). `site` is LoadSite's, moved
  // into the caller's when it returns: only what the move leaves in place is
  // kept (the documents' array, which nothing grows after the content is
  // loaded, and the file system).
  void Start(const LoadedSite& site, bool lane_thread);
  // Bodies rendered from now on are scanned at once; those rendered before
  // are read again and scanned on a task of their own.
  void SetScanner(PersonalDataCheck& privacy);
  // Every body rendered (on every core) and scanned; unless `keep_texts`,
  // every text of `site` (the one Start() saw, moved) freed.
  void Finish(LoadedSite& site);
  // No body is taken from now on; the lane and the scan are waited for.
  void Stop();

  std::set<std::string> drafts;  // sources of draft cases
  std::unique_ptr<LinkResolver> links;  // owned apart: a preview session keeps it (its links feed "cited by")
  std::unique_ptr<LinkResolver> draft_links;
  std::unique_ptr<BodyStore> store;  // owned apart: a preview session keeps it (case edits run generators again)

 private:
  enum State : char { kPending, kRendered, kScanned };  // kScanned: or nothing to scan

  std::optional<std::string_view> Body(const ContentDoc& d, std::optional<std::string>& text);
  void RenderFrom();
  void ScanRendered(size_t i);

  const bool keep_texts_;
  const std::string store_dir_;
  Diagnostics& diags_;
  const ContentDoc* docs_ = nullptr;
  size_t count_ = 0;  // of documents
  const FileSystem* fs_ = nullptr;
  bool unsafe_html_ = false;
  std::unique_ptr<std::atomic<char>[]> state_;  // State of each body
  std::atomic<size_t> next_{0};
  std::atomic<PersonalDataCheck*> scanner_{nullptr};
  std::jthread lane_;
  tbb::task_group scan_;
};

}  // namespace nastavnik
