#include "cli/site_watcher.h"

#include <sys/stat.h>

#include <filesystem>

namespace nastavnik {

namespace stdfs = std::filesystem;

SiteWatcher::SiteWatcher(std::string site_dir) : site_dir_(std::move(site_dir)) {}

std::map<std::string, SiteWatcher::Stamp> SiteWatcher::Snapshot() const {
  std::map<std::string, Stamp> out;
  auto note = [&](const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return;
    out[path] = {st.st_size, st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
                 static_cast<unsigned long long>(st.st_ino)};
  };
  note(site_dir_ + "/site.yaml");
  for (const char* dir : {"content", "data", "themes", "schemas"}) {
    std::error_code ec;
    stdfs::path base = stdfs::path(site_dir_) / dir;
    for (auto it = stdfs::recursive_directory_iterator(base, ec);
         !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
      note(it->path().string());  // folders too: a rename shows in its mtime
    }
  }
  return out;
}

bool SiteWatcher::Scan() {
  auto now = Snapshot();
  bool changed = !first_ && now != last_;
  first_ = false;
  last_ = std::move(now);
  return changed;
}

}  // namespace nastavnik
