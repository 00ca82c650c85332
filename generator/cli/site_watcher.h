#pragma once
// Notices changes to a site's sources for `nastavnik serve`: content/,
// data/, themes/, schemas/ (recursively, new subfolders included) and
// site.yaml.
//
// It polls: each Scan() walks those folders and compares every file's size,
// mtime and inode with the previous scan. Poco's DirectoryWatcher (inotify)
// watches one folder, not a tree, and a folder created and filled at once
// (a new case copied in) can be filled before a watch on it exists; a scan
// sees the tree as it is. A scan of a 10,000-case site takes a few
// milliseconds (stat only, no reads).
//
// Thread safety: one thread calls Scan().
#include <map>
#include <string>
#include <tuple>

namespace nastavnik {

class SiteWatcher {
 public:
  explicit SiteWatcher(std::string site_dir);
  // True when anything was added, removed or modified since the previous
  // scan (the first scan only records the state and returns false).
  bool Scan();

 private:
  using Stamp = std::tuple<long long, long long, unsigned long long>;  // size, mtime ns, inode
  std::map<std::string, Stamp> Snapshot() const;

  std::string site_dir_;
  std::map<std::string, Stamp> last_;
  bool first_ = true;
};

}  // namespace nastavnik
