#include "load/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include <tbb/parallel_for.h>

#include "diag/diagnostic.h"
#include "util/strings.h"

namespace nastavnik {

namespace stdfs = std::filesystem;

bool IsSafeRelativePath(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find('\\') != std::string::npos) return false;
  if (path.find('\0') != std::string::npos) return false;
  // Component by component, in place: called for every file written.
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (std::string_view(path).substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

std::optional<std::string> JoinRelative(const std::string& dir, const std::string& ref) {
  if (ref.empty() || ref[0] == '/' || ref.find('\\') != std::string::npos) return std::nullopt;
  std::vector<std::string> parts;
  for (const auto& p : Split(dir, '/'))
    if (!p.empty() && p != ".") parts.push_back(p);
  for (const auto& p : Split(ref, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else {
      parts.push_back(p);
    }
  }
  return Join(parts, "/");
}

namespace {

// A regular file read through its descriptor, piece by piece.
class FdByteSource : public ByteSource {
 public:
  explicit FdByteSource(int fd) : fd_(fd) {}
  ~FdByteSource() override { ::close(fd_); }
  size_t Read(char* buf, size_t n) override {
    for (;;) {
      ssize_t got = ::read(fd_, buf, n);
      if (got < 0 && errno == EINTR) continue;
      return got > 0 ? static_cast<size_t>(got) : 0;
    }
  }
  bool Rewind() override { return ::lseek(fd_, 0, SEEK_SET) == 0; }

 private:
  int fd_;
};

class DiskFileSystem : public FileSystem {
 public:
  explicit DiskFileSystem(const std::string& root) {
    std::error_code ec;
    root_ = stdfs::weakly_canonical(stdfs::absolute(root, ec), ec);
    root_str_ = root_.string();
    // Listed files are opened relative to the root's descriptor: the root's
    // own components are not looked up again for each of them.
    root_fd_ = ::open(root_str_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  ~DiskFileSystem() override {
    if (root_fd_ >= 0) ::close(root_fd_);
  }
  DiskFileSystem(const DiskFileSystem&) = delete;
  DiskFileSystem& operator=(const DiskFileSystem&) = delete;

  std::optional<std::string> Read(const std::string& path) const override {
    auto full = Resolve(path);
    if (!full) return std::nullopt;
    return ReadFile(AT_FDCWD, full->c_str(), 0);
  }

  std::unique_ptr<ByteSource> Open(const std::string& path) const override {
    auto full = Resolve(path);
    if (!full) return nullptr;
    int fd = ::open(full->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return nullptr;
    }
    return std::make_unique<FdByteSource>(fd);
  }

  std::optional<std::string> ReadListed(const FileEntry& entry) const override {
    if (entry.symlink || !IsSafeRelativePath(entry.path)) return Read(entry.path);
    // O_NOFOLLOW: had the file been replaced by a link since the walk, the
    // open fails rather than following it.
    if (root_fd_ < 0) return ReadFile(AT_FDCWD, (root_str_ + "/" + entry.path).c_str(), O_NOFOLLOW, entry.size);
    return ReadFile(root_fd_, entry.path.c_str(), O_NOFOLLOW, entry.size);
  }

  // One recursive readdir pass: the entry's own type (d_type) says what it
  // is, so only regular files are stat'ed (for their size) and only links
  // are resolved. Symlinked directories are listed, never followed: a link
  // may lead anywhere.
  std::vector<FileEntry> List(const std::string& dir, std::vector<std::string>* unreadable) const override {
    Listing out;
    if (!dir.empty() && !IsSafeRelativePath(dir)) return {};
    std::string base = dir.empty() ? root_str_ : root_str_ + "/" + dir;
    const int fd = ::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      if (!Gone(errno)) out.unreadable.push_back(dir);
    } else {
      Walk(fd, dir, out);
    }
    std::sort(out.files.begin(), out.files.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    if (unreadable) {
      std::sort(out.unreadable.begin(), out.unreadable.end());
      *unreadable = std::move(out.unreadable);
    }
    return std::move(out.files);
  }

  std::optional<FileEntry> Stat(const std::string& path) const override {
    if (!IsSafeRelativePath(path)) return std::nullopt;
    std::error_code ec;
    stdfs::path p = root_ / path;
    auto st = stdfs::symlink_status(p, ec);
    if (ec || !stdfs::exists(st)) return std::nullopt;
    FileEntry fe;
    fe.path = path;
    fe.symlink = stdfs::is_symlink(st);
    auto target = Resolve(path);
    fe.escapes_root = !target.has_value();
    if (target && stdfs::is_regular_file(*target, ec)) fe.size = stdfs::file_size(*target, ec);
    return fe;
  }

  bool Missing(const std::string& path) const override {
    if (!IsSafeRelativePath(path)) return false;
    struct stat st;
    return ::fstatat(AT_FDCWD, (root_str_ + "/" + path).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 && Gone(errno);
  }

  std::string root() const override { return root_.string(); }

 private:
  // The canonical absolute path when `path` resolves inside the root.
  std::optional<stdfs::path> Resolve(const std::string& path) const {
    if (!IsSafeRelativePath(path)) return std::nullopt;
    std::error_code ec;
    stdfs::path full = stdfs::canonical(root_ / path, ec);
    if (ec) return std::nullopt;
    auto rel = full.lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..") return std::nullopt;
    return full;
  }

  // The whole file at `full` (relative to `dfd`); `flags` are added to the open flags (with
  // O_NONBLOCK, which regular files ignore: a FIFO put in a file's place
  // fails the S_ISREG check instead of blocking the read).
  //
  // `listed_size`: the size the walk stat'ed, or 0. One read asks for a
  // byte more; when it gives exactly that size, the read is short, so that
  // is the end of the file and no fstat is needed (10,000 calls fewer at
  // 10,000 cases). Any other count (the file changed since the walk, a read
  // cut short, a file that is not regular any more) goes on as without it.
  //
  // Without it, one read asks for a byte more than fstat's size: a short
  // read is the end of a regular file once fstat's size is read, so no
  // second read probes for it (20,000 fewer calls at 10,000 cases); a file
  // that grew since fstat is read on to its end.
  static std::optional<std::string> ReadFile(int dfd, const char* full, int flags, uint64_t listed_size = 0) {
    int fd = ::openat(dfd, full, O_RDONLY | O_CLOEXEC | O_NONBLOCK | flags);
    if (fd < 0) return std::nullopt;
    std::string out;
    size_t got = 0;
    if (listed_size > 0) {
      out.resize(static_cast<size_t>(listed_size) + 1);
      ssize_t n;
      do n = ::read(fd, out.data(), out.size());
      while (n < 0 && errno == EINTR);
      if (n == static_cast<ssize_t>(listed_size)) {
        ::close(fd);
        out.resize(static_cast<size_t>(n));
        return out;
      }
      got = n > 0 ? static_cast<size_t>(n) : 0;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return std::nullopt;
    }
    out.resize(std::max(got, static_cast<size_t>(st.st_size)) + 1);
    for (;;) {
      if (got == out.size()) out.resize(out.size() + 4096);  // it grew
      ssize_t n = ::read(fd, out.data() + got, out.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        ::close(fd);
        return std::nullopt;
      }
      if (n == 0) break;  // the end
      got += static_cast<size_t>(n);
      // Short, with fstat's size read: the end. A read cut short before it
      // (a signal, a network file system) reads on.
      if (got < out.size() && got >= static_cast<size_t>(st.st_size)) break;
    }
    ::close(fd);
    out.resize(got);
    return out;
  }

  // What a walk found, unsorted.
  struct Listing {
    std::vector<FileEntry> files;
    std::vector<std::string> unreadable;  // folders
  };

  // An error that means the entry is not there (any more), or is a link
  // where a folder was (O_NOFOLLOW): nothing to list, nothing lost.
  static bool Gone(int error) { return error == ENOENT || error == ENOTDIR || error == ELOOP; }

  // Appends the files below `rel` ("" is the root), open as `dfd`, to `out`,
  // unsorted, and closes `dfd`. Each folder is opened relative to its
  // parent's descriptor (no path walked from the root again) and read with
  // getdents64 into a buffer of the thread's (opendir would fstat it and
  // allocate 32 KB): at 10,000 cases, a folder each, that is 10,000 calls
  // and mallocs fewer. A folder is read until getdents64 gives 0: a short
  // read is not its end (the kernel stops early when a signal is pending).
  // A folder that cannot be read to its end, entered (its files stat'ed)
  // or opened goes to `out.unreadable`, once.
  void Walk(int dfd, const std::string& rel, Listing& out) const {
    std::vector<std::string> subdirs;
    thread_local std::vector<char> buf(32 << 10);
    bool unreadable = false;
    for (;;) {
      const ssize_t n = ::getdents64(dfd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) unreadable = true;
      if (n <= 0) break;
      for (ssize_t off = 0; off < n;) {
        const auto* e = reinterpret_cast<const struct dirent64*>(buf.data() + off);
        off += e->d_reclen;
        std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        unsigned char type = e->d_type;
        struct stat st;
        bool have_stat = false;
        if (type == DT_UNKNOWN || type == DT_REG) {
          if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            // Deleted since it was listed: gone. Otherwise the folder
            // can be read but not entered (no x permission).
            if (!Gone(errno)) unreadable = true;
            continue;
          }
          have_stat = true;
          type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        }
        std::string path = rel.empty() ? std::string(name) : rel + "/" + std::string(name);
        if (type == DT_DIR) {
          subdirs.push_back(std::move(path));
          continue;
        }
        if (type != DT_REG && type != DT_LNK) continue;
        FileEntry fe;
        fe.path = std::move(path);
        fe.symlink = type == DT_LNK;
        if (fe.symlink) {
          auto target = Resolve(fe.path);
          fe.escapes_root = !target.has_value();
          std::error_code ec;  // as before: a link to a folder has size -1
          if (target) fe.size = stdfs::file_size(*target, ec);
        } else if (have_stat) {
          fe.size = static_cast<uint64_t>(st.st_size);
        }
        out.files.push_back(std::move(fe));
      }
    }
    if (unreadable) out.unreadable.push_back(rel);
    // A folder replaced by a link since it was read is not followed.
    auto walk_sub = [&](const std::string& sub, Listing& into) {
      const char* name = sub.c_str() + (rel.empty() ? 0 : rel.size() + 1);
      const int sub_fd = ::openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub_fd >= 0) Walk(sub_fd, sub, into);
      else if (!Gone(errno)) into.unreadable.push_back(sub);
    };
    if (subdirs.size() < 2) {
      for (const auto& sub : subdirs) walk_sub(sub, out);
    } else {
      // Folders are walked on every core (content/cases/ holds a folder per
      // case); the caller sorts, so the order of the parts does not matter.
      std::vector<Listing> parts(subdirs.size());
      tbb::parallel_for(size_t{0}, subdirs.size(), [&](size_t i) { walk_sub(subdirs[i], parts[i]); });
      for (auto& part : parts) {
        for (auto& fe : part.files) out.files.push_back(std::move(fe));
        for (auto& u : part.unreadable) out.unreadable.push_back(std::move(u));
      }
    }
    ::close(dfd);
  }

  stdfs::path root_;
  std::string root_str_;
  int root_fd_ = -1;
};

}  // namespace

void ReportUnreadableFile(const std::string& path, Diagnostics& diags) {
  diags.Error({path, 0, 0}, "E001", "не удалось прочитать файл", "проверьте, что файл существует и доступен");
}

void ReportUnreadableFolders(const std::vector<std::string>& folders, Diagnostics& diags) {
  for (const auto& folder : folders)
    diags.Error({folder.empty() ? "." : folder, 0, 0}, "E001",
                "не удалось открыть папку: файлы в ней не попадут на сайт",
                "проверьте права доступа: папку должно быть можно открыть и прочитать тому, кто запускает сборку");
}

std::vector<FileEntry> ListReporting(const FileSystem& fs, const std::string& dir, Diagnostics& diags) {
  std::vector<std::string> unreadable;
  std::vector<FileEntry> files = fs.List(dir, &unreadable);
  ReportUnreadableFolders(unreadable, diags);
  return files;
}

std::unique_ptr<FileSystem> NewDiskFileSystem(const std::string& root) {
  return std::make_unique<DiskFileSystem>(root);
}

size_t MemoryByteSource::Read(char* buf, size_t n) {
  n = std::min(n, bytes_.size() - pos_);
  std::copy_n(bytes_.data() + pos_, n, buf);
  pos_ += n;
  return n;
}

std::unique_ptr<ByteSource> FileSystem::Open(const std::string& path) const {
  auto bytes = Read(path);
  if (!bytes) return nullptr;
  return std::make_unique<MemoryByteSource>(std::move(*bytes));
}

std::optional<std::string> MemoryFileSystem::Read(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::vector<FileEntry> MemoryFileSystem::List(const std::string& dir, std::vector<std::string>* unreadable) const {
  if (unreadable) unreadable->clear();  // a memory folder is always readable
  std::vector<FileEntry> out;
  std::string prefix = dir.empty() ? "" : dir + "/";
  for (const auto& [path, content] : files_) {
    if (StartsWith(path, prefix)) out.push_back(FileEntry{path, content.size(), false, false});
  }
  return out;
}

std::optional<FileEntry> MemoryFileSystem::Stat(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return FileEntry{path, it->second.size(), false, false};
}

}  // namespace nastavnik
