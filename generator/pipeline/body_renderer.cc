#include "pipeline/body_renderer.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "pipeline/doc_bodies.h"

namespace nastavnik {

void BodyRenderer::Start(const LoadedSite& site, bool lane_thread) {
  docs_ = site.docs.data();
  count_ = site.docs.size();
  fs_ = site.fs;
  unsafe_html_ = site.config.unsafe_html;
  std::map<std::string, std::string> doc_pages;
  std::vector<std::string> sources;
  sources.reserve(site.docs.size());
  for (const auto& d : site.docs) {
    doc_pages[d.path] = PagePathOf(d);
    sources.push_back(d.path);
    // As BuildModel files a case among the drafts.
    if (d.kind == ContentDoc::Kind::kCase && d.front.Get("draft").boolean) drafts.insert(d.path);
  }
  links = std::make_unique<LinkResolver>(doc_pages);
  draft_links = std::make_unique<LinkResolver>(std::move(doc_pages));
  store = std::make_unique<BodyStore>(std::move(sources), store_dir_);
  state_ = std::make_unique<std::atomic<char>[]>(count_);
  if (lane_thread) lane_ = std::jthread([this] { RenderFrom(); });
  else RenderFrom();
}

void BodyRenderer::SetScanner(PersonalDataCheck& privacy) {
  scanner_.store(&privacy, std::memory_order_release);
  if (!state_) return;
  scan_.run([this] { tbb::parallel_for(size_t{0}, count_, [this](size_t i) { ScanRendered(i); }); });
}

void BodyRenderer::Finish(LoadedSite& site) {
  if (!state_) return;
  tbb::parallel_for(0, tbb::this_task_arena::max_concurrency(), [this](int) { RenderFrom(); });
  lane_ = {};
  scan_.wait();
  tbb::parallel_for(size_t{0}, site.docs.size(), [&](size_t i) {
    if (scanner_.load(std::memory_order_acquire)) ScanRendered(i);  // one the lane rendered as the scanner came
    if (!keep_texts_) site.docs[i].ReleaseText();
  });
}

void BodyRenderer::Stop() {
  next_.store(count_);
  lane_ = {};
  scan_.wait();
}

// The body of `d`, read again into `text` when the document does not hold it;
// nullopt (reported) when the file changed since it was loaded.
std::optional<std::string_view> BodyRenderer::Body(const ContentDoc& d, std::optional<std::string>& text) {
  if (!d.text_released || d.body_size == 0) return d.body();
  text = d.ReadTextAgain(*fs_);
  if (text) return std::string_view(*text).substr(d.body_offset, d.body_size);
  diags_.Error({d.path, 0, 0}, "E001", "файл изменился или пропал во время сборки",
               "запустите сборку ещё раз, когда файл будет сохранён");
  return std::nullopt;
}

// Renders the bodies not yet taken, one at a time.
void BodyRenderer::RenderFrom() {
  std::optional<std::string> text;
  for (size_t i = next_.fetch_add(1); i < count_; i = next_.fetch_add(1)) {
    const ContentDoc& d = docs_[i];
    std::optional<std::string_view> body = Body(d, text);
    if (!body) {
      state_[i].store(kScanned);
      continue;
    }
    LinkResolver& resolver = drafts.count(d.path) ? *draft_links : *links;
    MarkdownResult r = RenderDocBody(d.path, *body, d.body_line, PagePathOf(d), unsafe_html_, resolver, diags_);
    store->Put(i, std::move(r.html));  // pages need only the HTML
    PersonalDataCheck* privacy = scanner_.load(std::memory_order_acquire);
    if (privacy) privacy->ScanBody(d, *body);
    state_[i].store(privacy ? kScanned : kRendered);
  }
}

// Scans body `i` when it was rendered before the scanner came (once).
void BodyRenderer::ScanRendered(size_t i) {
  char rendered = kRendered;
  if (!state_[i].compare_exchange_strong(rendered, kScanned)) return;
  const ContentDoc& d = docs_[i];
  std::optional<std::string> text;
  if (std::optional<std::string_view> body = Body(d, text)) scanner_.load(std::memory_order_acquire)->ScanBody(d, *body);
}

}  // namespace nastavnik
