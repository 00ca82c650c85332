#include "cli/site_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "util/trace.h"

namespace nastavnik {

namespace stdfs = std::filesystem;

namespace {

const char* const kTrees[] = {"content", "data", "themes", "schemas"};

constexpr uint32_t kMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
                           IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
// After the first event: gather more until none arrives for this long, but
// never wait longer than the cap (a long copy is then rebuilt in steps).
constexpr int kQuietMs = 2;
constexpr int kMaxGatherMs = 200;

std::string Join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

}  // namespace

bool IsWatchedSource(const std::string& rel) {
  if (rel == "site.yaml") return true;
  for (const char* tree : kTrees) {
    std::string t = tree;
    if (rel == t || (rel.size() > t.size() && rel.compare(0, t.size(), t) == 0 && rel[t.size()] == '/')) return true;
  }
  return false;
}

SiteWatcher::SiteWatcher(std::string site_dir, bool force_polling) : site_dir_(std::move(site_dir)) {
  if (!force_polling) fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

SiteWatcher::~SiteWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void SiteWatcher::FallBackToPolling() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  dirs_.clear();
  last_ = Snapshot();
  last_walk_ = std::chrono::steady_clock::now();
}

bool SiteWatcher::WatchTree(const std::string& rel, std::set<std::string>* found) {
  std::string full = site_dir_ + "/" + rel;
  int wd = ::inotify_add_watch(fd_, full.c_str(), kMask);
  if (wd < 0) return errno != ENOSPC && errno != ENOMEM;  // gone already: nothing to watch
  dirs_[wd] = rel;
  std::error_code ec;
  for (auto it = stdfs::directory_iterator(full, ec); !ec && it != stdfs::directory_iterator(); it.increment(ec)) {
    std::string child = Join(rel, it->path().filename().string());
    std::error_code tec;
    if (it->is_directory(tec) && !it->is_symlink(tec)) {
      if (!WatchTree(child, found)) return false;
    } else if (found) {
      found->insert(child);
    }
  }
  return true;
}

void SiteWatcher::Start() {
  if (fd_ >= 0) {
    int root = ::inotify_add_watch(fd_, site_dir_.c_str(), kMask);
    bool ok = root >= 0;
    if (ok) {
      dirs_[root] = "";
      for (const char* tree : kTrees) {
        struct stat st;
        if (::stat((site_dir_ + "/" + tree).c_str(), &st) == 0 && S_ISDIR(st.st_mode) && !WatchTree(tree, nullptr)) {
          ok = false;
          break;
        }
      }
    }
    if (ok) return;
    FallBackToPolling();
    return;
  }
  last_ = Snapshot();
  last_walk_ = std::chrono::steady_clock::now();
}

std::map<std::string, SiteWatcher::Stamp> SiteWatcher::Snapshot() const {
  std::map<std::string, Stamp> out;
  auto note = [&](const std::string& rel) {
    struct stat st;
    if (::lstat((site_dir_ + "/" + rel).c_str(), &st) != 0) return;
    out[rel] = {st.st_size, st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
                static_cast<unsigned long long>(st.st_ino)};
  };
  note("site.yaml");
  for (const char* dir : kTrees) {
    std::error_code ec;
    stdfs::path base = stdfs::path(site_dir_) / dir;
    for (auto it = stdfs::recursive_directory_iterator(base, ec);
         !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
      note(stdfs::path(it->path()).lexically_relative(site_dir_).generic_string());  // folders too
    }
  }
  return out;
}

SourceChanges SiteWatcher::Poll(int timeout_ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
  SourceChanges out;
  // One walk per period, however often the caller asks (serve's phase 2
  // asks between steps of ≈ 25 ms).
  if (std::chrono::steady_clock::now() - last_walk_ < std::chrono::milliseconds(kPollMs)) return out;
  last_walk_ = std::chrono::steady_clock::now();
  auto now = Snapshot();
  if (now == last_) return out;
  // Let a change settle for one more period (a folder copied file by file).
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::max(timeout_ms, kPollMs)));
    auto again = Snapshot();
    if (again == now) break;
    now = std::move(again);
  }
  auto a = last_.begin();
  auto b = now.begin();
  while (a != last_.end() || b != now.end()) {
    if (b == now.end() || (a != last_.end() && a->first < b->first)) {
      out.paths.insert((a++)->first);
    } else if (a == last_.end() || b->first < a->first) {
      out.paths.insert((b++)->first);
    } else {
      if (a->second != b->second) out.paths.insert(a->first);
      ++a;
      ++b;
    }
  }
  last_ = std::move(now);
  last_walk_ = std::chrono::steady_clock::now();
  return out;
}

bool SiteWatcher::ReadEvents(SourceChanges& out) {
  alignas(inotify_event) char buf[64 * 1024];
  bool any = false;
  for (;;) {
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;
    any = true;
    for (char* p = buf; p < buf + n;) {
      auto* e = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + e->len;
      if (e->mask & IN_Q_OVERFLOW) {
        out.everything = true;
        continue;
      }
      auto dir = dirs_.find(e->wd);
      if (dir == dirs_.end()) continue;
      if (e->mask & IN_IGNORED) {
        dirs_.erase(dir);
        continue;
      }
      std::string name = e->len ? std::string(e->name) : std::string();
      std::string rel = name.empty() ? dir->second : Join(dir->second, name);
      if (!IsWatchedSource(rel)) continue;  // the output folder, editor files beside site.yaml
      if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
        // A watched folder removed or renamed: its files are gone or moved.
        if (e->mask & IN_MOVE_SELF) out.everything = true;
        out.paths.insert(dir->second);
        continue;
      }
      out.paths.insert(rel);
      // A file being written (truncated, then filled) is read once closed.
      if (!(e->mask & IN_ISDIR)) {
        if (e->mask & IN_MODIFY) writing_.insert(rel);
        if (e->mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM)) writing_.erase(rel);
      }
      if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO))) {
        // A new folder: watch it (and what is already inside), report its files.
        if (!WatchTree(rel, &out.paths)) {
          FallBackToPolling();
          out.everything = true;
          return true;
        }
      }
      if ((e->mask & IN_ISDIR) && (e->mask & IN_MOVED_FROM)) out.everything = true;  // its files moved away
    }
  }
  return any;
}

SourceChanges SiteWatcher::Wait(int timeout_ms) {
  if (fd_ < 0) return Poll(timeout_ms);
  SourceChanges out;
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, timeout_ms) <= 0) return out;
  Trace("watch: first event");
  auto started = std::chrono::steady_clock::now();
  while (ReadEvents(out)) {
    if (fd_ < 0) return out;  // fell back to polling
    int left = kMaxGatherMs - static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::chrono::steady_clock::now() - started)
                                                    .count());
    if (left <= 0) break;
    pfd.revents = 0;
    // Quiet for kQuietMs ends the gathering, unless a file is still open
    // for writing (then wait for its close, up to the cap).
    int wait = writing_.empty() ? std::min(kQuietMs, left) : left;
    if (::poll(&pfd, 1, wait) <= 0) break;
  }
  writing_.clear();
  Trace("watch: gathered");
  return out;
}

}  // namespace nastavnik
