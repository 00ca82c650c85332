#pragma once
// Renders pages through the theme and writes them, on every core, while the
// page generators keep producing the next ones.
//
// Pages arrive one by one (PageSink order). They are queued in batches; a
// full batch is rendered and written in parallel (TBB) while the caller
// fills the next one, so at most two batches of pages are in memory however
// large the site is. Rendering is a pure function of the page, the theme and
// the site config, and every page goes to its own file, so the output does
// not depend on the number of threads. PageInfo is recorded in the order
// pages arrive, which is the order artifacts (sitemap) list them.
//
// Thread safety: Add() and Finish() are called from one thread; `write` is
// called from several threads at once and must be thread-safe.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "publish/artifacts.h"
#include "render/page.h"
#include "render/template.h"
#include "util/status.h"

namespace nastavnik {

class LayoutCache;
class PageCache;

class PageWriter {
 public:
  // Writes `html` as page file `output_file` ("orders/x/index.html"); sets
  // *stamp, when not null, to the written file's (OutputTree::Write).
  using WriteFn = std::function<Status(const std::string& output_file, std::string_view html, FileStamp* stamp)>;
  // Links the previous build's identical file instead of rendering; false
  // when it cannot (then the page is rendered and written).
  using ReuseFn = std::function<bool(const std::string& output_file)>;

  // `cache` may be null (no incremental rendering). REQUIRES: theme, config
  // and cache outlive the writer.
  PageWriter(const Theme& theme, const SiteConfig& config, WriteFn write, PageCache* cache = nullptr,
             ReuseFn reuse = nullptr);
  ~PageWriter();

  // Queues a page; may render and write a batch.
  void Add(PageOutput page);
  // Renders and writes what is queued; returns the first write failure.
  Status Finish();

  // Every page added, in order.
  const std::vector<PageInfo>& pages() const { return pages_; }
  // Pages whose rendering was skipped because their inputs had not changed.
  size_t skipped() const { return skipped_total_; }

 private:
  struct Batch;
  void Launch();
  void Wait();

  const Theme& theme_;
  const SiteConfig& config_;
  WriteFn write_;
  PageCache* cache_;
  ReuseFn reuse_;
  std::unique_ptr<LayoutCache> layout_;  // what pages of one depth share
  std::vector<PageInfo> pages_;
  std::unique_ptr<Batch> filling_;
  std::unique_ptr<Batch> running_;
  Status failure_;
  size_t skipped_total_ = 0;
};

}  // namespace nastavnik
