#include "pipeline/body_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "util/fd_io.h"

namespace nastavnik {

namespace {

int OpenUnnamed(const std::string& dir) {
  if (dir.empty()) return -1;
  return ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

int OpenSpillFile(const std::string& dir) {
  int fd = OpenUnnamed(dir);
  if (fd >= 0) return fd;
  const char* tmp = std::getenv("TMPDIR");
  fd = OpenUnnamed(tmp && *tmp ? tmp : "/tmp");
  if (fd >= 0) return fd;
  // File systems without O_TMPFILE: a named file, unlinked at once.
  std::string name = std::string(tmp && *tmp ? tmp : "/tmp") + "/nastavnik-bodies-XXXXXX";
  fd = ::mkstemp(name.data());
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

}  // namespace

BodyStore::BodyStore(std::vector<std::string> sources, const std::string& dir)
    : sources_(std::move(sources)), entries_(sources_.size()), fd_(OpenSpillFile(dir)) {}

BodyStore::~BodyStore() {
  if (fd_ >= 0) ::close(fd_);
}

void BodyStore::Put(size_t index, std::string html) {
  Entry& e = entries_[index];
  e.size = html.size();
  if (fd_ >= 0 && !html.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    e.offset = batch_offset_ + batch_.size();
    e.in_file = true;
    batch_.append(html);
    if (batch_.size() >= kBatch) FlushBatch();
    return;
  }
  e.held = std::move(html);  // no file: keep it
}

void BodyStore::FlushBatch() {
  if (!WriteAllAt(fd_, batch_, batch_offset_)) {
    // The disk is full: these bodies stay in memory.
    refused_.emplace_back(batch_offset_, batch_);
    any_refused_.store(true, std::memory_order_release);
  }
  batch_offset_ += batch_.size();
  batch_.clear();
  written_end_.store(batch_offset_, std::memory_order_release);
}

bool BodyStore::CopyUnwritten(const Entry& e, std::string* html) const {
  if (e.offset + e.size <= written_end_.load(std::memory_order_acquire) &&
      !any_refused_.load(std::memory_order_acquire))
    return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (e.offset >= batch_offset_) {
    html->assign(batch_, static_cast<size_t>(e.offset - batch_offset_), e.size);
    return true;
  }
  for (const auto& [offset, bytes] : refused_) {
    if (e.offset >= offset && e.offset + e.size <= offset + bytes.size()) {
      html->assign(bytes, static_cast<size_t>(e.offset - offset), e.size);
      return true;
    }
  }
  return false;
}

std::string BodyStore::Html(const std::string& source) const {
  auto it = std::lower_bound(sources_.begin(), sources_.end(), source);
  if (it == sources_.end() || *it != source) return std::string();
  const Entry& e = entries_[static_cast<size_t>(it - sources_.begin())];
  if (!e.in_file) return e.held;
  std::string html;
  if (CopyUnwritten(e, &html)) return html;
  html.assign(e.size, '\0');
  if (!ReadAllAt(fd_, html.data(), html.size(), e.offset)) {
    std::lock_guard<std::mutex> lock(mu_);
    if (failure_.ok())
      failure_ = Status::Error("не удалось прочитать временный файл с текстами страниц (" + source +
                               "): проверьте место на диске и запустите сборку ещё раз");
    return std::string();
  }
  return html;
}

bool BodyStore::Replace(const std::string& source, std::string html) {
  auto it = std::lower_bound(sources_.begin(), sources_.end(), source);
  if (it == sources_.end() || *it != source) return false;
  Entry& e = entries_[static_cast<size_t>(it - sources_.begin())];
  e.in_file = false;
  e.size = html.size();
  e.held = std::move(html);
  return true;
}

Status BodyStore::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

}  // namespace nastavnik
