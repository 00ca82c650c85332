#include "pipeline/internal_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pipeline/page_cache.h"
#include "publish/published_files.h"
#include "util/hash.h"

namespace nastavnik {

namespace {

constexpr char kHeader[] = "nastavnik internal reports 1";

struct FileState {
  unsigned long long size = 0;
  long long mtime_ns = 0;
};

bool StatFile(const std::string& path, FileState* out) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  out->size = static_cast<unsigned long long>(st.st_size);
  out->mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return true;
}

}  // namespace

std::string InternalReportsFingerprint(const FileSystem& fs, const std::string& config_text, Date today,
                                       long long build_epoch) {
  Hasher h;
  // The binary and site.yaml (FingerprintSite without a theme).
  h.Add(FingerprintSite({}, config_text));
  h.Add(today.Iso()).Add(static_cast<uint64_t>(build_epoch));
  for (const char* dir : {"data", "schemas"}) {
    std::vector<std::string> unreadable;  // a folder that becomes readable changes the inputs
    const auto entries = fs.List(dir, &unreadable);  // sorted by path
    h.Add(dir).Add(uint64_t{entries.size()}).Add(uint64_t{unreadable.size()});
    for (const auto& u : unreadable) h.Add(u);
    for (const auto& e : entries) {
      h.Add(e.path);
      // In pieces of 1 MB: a registry of a million rows is 180 MB.
      auto src = fs.Open(e.path);
      h.Add(uint64_t{src != nullptr});
      if (!src) continue;
      std::string piece(size_t{1} << 20, '\0');
      for (bool more = true; more;) {
        size_t n = 0;  // a whole piece, however the reads come
        while (n < piece.size()) {
          size_t got = src->Read(piece.data() + n, piece.size() - n);
          if (got == 0) {
            more = false;
            break;
          }
          n += got;
        }
        h.Add(std::string_view(piece).substr(0, n));
      }
    }
  }
  return h.Hex();
}

InternalReportsCache::InternalReportsCache(std::string out_dir, std::string fingerprint)
    : out_dir_(std::move(out_dir)), fingerprint_(std::move(fingerprint)) {}

bool InternalReportsCache::ReuseInto(OutputTree& tree) const {
  std::ifstream in(out_dir_ + "/.nastavnik-internal");
  std::string line;
  if (!std::getline(in, line) || line != kHeader) return false;
  if (!std::getline(in, line) || line != fingerprint_) return false;
  std::vector<std::string> files;
  const std::string previous = tree.target_dir() + "/";
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    FileState recorded, now;
    std::string rel;
    if (!(ls >> recorded.size >> recorded.mtime_ns)) return false;
    ls.get();
    std::getline(ls, rel);
    if (rel.empty() || !StatFile(previous + rel, &now) || now.size != recorded.size ||
        now.mtime_ns != recorded.mtime_ns)
      return false;
    files.push_back(std::move(rel));
  }
  if (files.empty()) return false;
  for (size_t i = 0; i < files.size(); ++i) {
    if (tree.Reuse(files[i])) continue;
    // Writers open files in place: a link left here would be written through
    // into the published copy. Undo every link before the reports are written,
    // and let the writers have those paths.
    for (size_t k = 0; k < i; ++k) tree.Withdraw(files[k]);
    return false;
  }
  return true;
}

void InternalReportsCache::Save() const {
  namespace stdfs = std::filesystem;
  const std::string root = out_dir_ + "/internal";
  std::vector<std::string> rels;
  std::error_code ec;
  for (stdfs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) {
      // The path below root by its text (stdfs::relative would resolve every
      // component of every path).
      const std::string full = it->path().generic_string();
      if (full.size() > root.size() + 1 && full.compare(0, root.size() + 1, root + "/") == 0)
        rels.push_back(full.substr(root.size() + 1));
    }
  const std::string path = out_dir_ + "/.nastavnik-internal";
  if (ec) {
    ::unlink(path.c_str());
    return;
  }
  std::sort(rels.begin(), rels.end());
  std::ostringstream out;
  out << kHeader << "\n" << fingerprint_ << "\n";
  for (const auto& rel : rels) {
    FileState st;
    if (!StatFile(root + "/" + rel, &st)) {
      ::unlink(path.c_str());
      return;
    }
    out << st.size << " " << st.mtime_ns << " " << rel << "\n";
  }
  // Without the record the next build writes the reports anew: not an error.
  if (!WriteReplacing(path, out.str())) ::unlink(path.c_str());
}

}  // namespace nastavnik
