#include "pipeline/build_session.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include <tbb/parallel_for.h>

#include "diag/report.h"
#include "load/front_matter.h"
#include "pipeline/doc_bodies.h"
#include "pipeline/privacy_check.h"
#include "pipeline/source_lines.h"
#include "publish/pii_index.h"
#include "render/layout.h"
#include "render/urls.h"
#include "util/strings.h"

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

// Writes `bytes` to `path` through a temporary file in the same folder, so a
// reader sees the old file or the new one, never a part.
bool WriteReplacing(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".nastavnik-tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace

struct BuildCapture::State {
  bool ready = false;
  std::string site_dir;
  Date today;
  std::vector<QuickCandidate> candidates;          // until Prepare()
  std::map<std::string, std::string> doc_pages;    // source → page path, every document
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
    if (site && state_->ready) Prepare(*site);
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

void BuildCapture::BodyRead(const std::string& source) {
  std::lock_guard<std::mutex> lock(state_->reads_mu);
  ++state_->reads[source];
}

void BuildCapture::OnPage(const PageOutput& page) {
  auto doc = state_->doc_of_page.find(page.path);
  if (doc == state_->doc_of_page.end()) return;
  // A page path emitted twice is an error of the build (E010): keep neither.
  if (!state_->pages.emplace(doc->second, page).second) state_->reads[doc->second] = -1;
}

void BuildCapture::Keep(const std::string& site_dir, const LoadedSite& site, Date today, Theme theme,
                        const RenderedBodies& bodies, const std::unordered_set<std::string>& written,
                        bool search_index) {
  State& s = *state_;
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
      const auto* text = std::get_if<std::string>(&value.value);
      if (text && *text == html) {
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
    q.targets = std::move(s.body_targets[d.path]);
    q.page = std::move(c.page);
    q.page.vars[c.key] = std::string();
    q.key = c.key;
    s.docs.emplace(d.path, std::move(q));
  }
  s.candidates.clear();
  s.body_targets.clear();
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

BuildSession::BuildSession(BuildOptions options) : options_(std::move(options)) {}
BuildSession::~BuildSession() = default;

BuildSession::Outcome BuildSession::Rebuild(const std::set<std::string>& changed, bool everything) {
  std::string refusal;
  if (everything) {
    refusal = "unknown change";
  } else if (!last_ok_ || !capture_.ready()) {
    refusal = "no published build to update";
  } else {
    Outcome quick;
    refusal = TryQuick(changed, quick);
    if (refusal.empty()) return quick;
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
  capture_.WaitDisposed();  // one loaded site in memory at a time
  capture_.Clear();
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
      edits.push_back({file, std::move(*bytes)});
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
    LinkResolver links(s.doc_pages);
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
    edits.push_back({OutputFileOf(q.page_path), std::move(html)});
  }
  // Everything rendered and checked: only now is the published tree touched.
  auto write_started = Clock::now();
  std::string public_dir = options_.out_dir + "/public/";
  for (const auto& e : edits) {
    if (!WriteReplacing(public_dir + e.file, e.html)) {
      last_ok_ = false;  // a full build puts the tree right
      return "cannot write " + e.file;
    }
  }
  out.quick = true;
  out.pages_written = edits.size();
  if (std::getenv("NASTAVNIK_TIMINGS")) {
    auto t = Clock::now();
    double t_write = std::chrono::duration<double, std::milli>(t - write_started).count();
    std::fprintf(stderr, "  quick: read %.1f ms, body %.1f ms, page %.1f ms, guard %.1f ms, write %.1f ms\n", t_read,
                 t_body, t_page, t_guard, t_write);
  }
  return "";
}

}  // namespace nastavnik
