#include "pipeline/page_writer.h"

#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <atomic>

#include "pipeline/page_cache.h"
#include "render/layout.h"

namespace nastavnik {

namespace {

// Pages per batch: enough to keep every core busy, few enough that two
// batches of rendered pages stay a few megabytes.
constexpr size_t kBatchSize = 256;
// Render buffers larger than this are freed after the page, not kept.
constexpr size_t kKeptBuffer = 1 << 20;

}  // namespace

struct PageWriter::Batch {
  std::vector<PageOutput> pages;
  std::vector<Status> results;
  tbb::task_group group;
  std::atomic<size_t> skipped{0};
};

PageWriter::PageWriter(const Theme& theme, const SiteConfig& config, WriteFn write, PageCache* cache,
                       ReuseFn reuse)
    : theme_(theme), config_(config), write_(std::move(write)), cache_(cache), reuse_(std::move(reuse)),
      layout_(std::make_unique<LayoutCache>(config)), filling_(std::make_unique<Batch>()) {}

PageWriter::~PageWriter() { Wait(); }

void PageWriter::Add(PageOutput page) {
  if (filling_->pages.empty()) filling_->pages.reserve(kBatchSize);
  pages_.push_back({page.path, page.title, page.in_sitemap});
  filling_->pages.push_back(std::move(page));
  if (filling_->pages.size() >= kBatchSize) Launch();
}

void PageWriter::Launch() {
  Wait();  // at most one batch renders while the next one fills
  running_ = std::move(filling_);
  filling_ = std::make_unique<Batch>();
  Batch* b = running_.get();
  b->results.assign(b->pages.size(), Status::Ok());
  b->group.run([this, b] {
    tbb::parallel_for(size_t{0}, b->pages.size(), [this, b](size_t i) {
      // The page's values are freed here, on the worker, not by the thread
      // that generates the next batch.
      PageOutput page = std::move(b->pages[i]);
      std::string file = OutputFileOf(page.path);
      std::string fingerprint;
      FileStamp stamp;
      if (cache_) {
        fingerprint = cache_->Fingerprint(page);
        if (reuse_ && cache_->Unchanged(file, fingerprint, &stamp) && reuse_(file)) {
          cache_->Record(file, std::move(fingerprint), stamp);  // a link: the same inode
          ++b->skipped;
          return;
        }
      }
      // Each thread renders into the same two buffers page after page.
      thread_local std::string scratch, html;
      RenderPageTo(page, theme_, config_, scratch, html, layout_.get());
      b->results[i] = write_(file, html, cache_ ? &stamp : nullptr);
      if (cache_) cache_->Record(file, std::move(fingerprint), stamp);
      if (html.capacity() > kKeptBuffer) std::string().swap(html);  // an unusually large page
      if (scratch.capacity() > kKeptBuffer) std::string().swap(scratch);
    });
  });
}

void PageWriter::Wait() {
  if (!running_) return;
  running_->group.wait();
  for (const auto& st : running_->results)
    if (!st.ok() && failure_.ok()) failure_ = st;
  skipped_total_ += running_->skipped;
  running_.reset();
}

Status PageWriter::Finish() {
  if (!filling_->pages.empty()) Launch();
  Wait();
  return failure_;
}

}  // namespace nastavnik
