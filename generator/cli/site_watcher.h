#pragma once
// Notices changes to a site's sources for `nastavnik serve`: content/,
// data/, themes/, schemas/ (recursively, new subfolders included) and
// site.yaml, and says which files changed.
//
// Linux inotify first: one descriptor, a watch per folder of those trees
// and one on the site folder (for site.yaml and for the trees appearing).
// A folder created later gets its watch when its creation is read, and is
// then walked once: files put into it before the watch existed (a case
// folder copied in at once) are reported as changed, so nothing is missed.
// Events are coalesced until none arrives for 2 ms and no modified file is
// still open for writing (an editor truncates, then writes, or writes a
// temporary file and renames it), at most 200 ms.
//
// Without inotify, or when the kernel's watch limit is reached, it falls back
// to polling: every 100 ms a walk compares each file's size, mtime and inode
// with the previous walk (stat only, a few milliseconds for 10,000 cases);
// a Wait() sooner than 100 ms after the last walk only sleeps.
// A queue overflow, a watched tree removed and renamed folders make a change
// of `everything` (the caller rebuilds in full).
//
// Thread safety: one thread calls Start() and Wait().
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace nastavnik {

struct SourceChanges {
  std::set<std::string> paths;  // site-relative, '/'-separated: "content/orders/x.md"
  bool everything = false;      // which files changed is unknown
  bool empty() const { return paths.empty() && !everything; }
};

class SiteWatcher {
 public:
  // `force_polling` skips inotify (tests of the fallback).
  explicit SiteWatcher(std::string site_dir, bool force_polling = false);
  ~SiteWatcher();
  SiteWatcher(const SiteWatcher&) = delete;
  SiteWatcher& operator=(const SiteWatcher&) = delete;

  // Records the current state; call once before the first build reads the
  // sources, so an edit made during it is reported by the next Wait().
  void Start();
  // Waits up to `timeout_ms` for a change and returns it (empty when none).
  SourceChanges Wait(int timeout_ms);
  // "inotify" or "polling".
  const char* mode() const { return fd_ >= 0 ? "inotify" : "polling"; }

 private:
  using Stamp = std::tuple<long long, long long, unsigned long long>;  // size, mtime ns, inode
  std::map<std::string, Stamp> Snapshot() const;
  SourceChanges Poll(int timeout_ms);
  // Adds watches for `rel` (a folder) and every folder below it; files met
  // go to `found` when not null. False when the watch limit is reached.
  bool WatchTree(const std::string& rel, std::set<std::string>* found);
  void FallBackToPolling();
  // Reads every pending event into `out`; false when none was pending.
  bool ReadEvents(SourceChanges& out);

  std::string site_dir_;
  int fd_ = -1;
  std::map<int, std::string> dirs_;  // watch descriptor → folder, site-relative ("" = the site)
  static constexpr int kPollMs = 100;  // polling: the period of the walks
  std::map<std::string, Stamp> last_;  // polling only
  std::chrono::steady_clock::time_point last_walk_;  // polling only
  std::set<std::string> writing_;      // modified, not closed yet (inotify)
};

// True when `rel` (a path relative to the site folder) is a watched source:
// site.yaml or anything under content/, data/, themes/, schemas/.
bool IsWatchedSource(const std::string& rel);

}  // namespace nastavnik
