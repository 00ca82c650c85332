#include "publish/output_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <tbb/parallel_for.h>

#include "load/fs.h"
#include "publish/tree_remover.h"
#include "util/fd_io.h"

namespace nastavnik {

namespace stdfs = std::filesystem;

namespace {

std::string ErrnoText() { return std::strerror(errno); }

void StampOf(const struct stat& st, FileStamp* stamp) {
  stamp->size = st.st_size;
  stamp->mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

}  // namespace

OutputTree::OutputTree(std::string out_dir, std::string name, KeepPrevious keep)
    : out_dir_(std::move(out_dir)), name_(std::move(name)), keep_(keep) {
  staging_ = out_dir_ + "/." + name_ + ".staging-" + std::to_string(::getpid());
}

OutputTree::~OutputTree() {
  if (begun_ && !committed_) Abort();
  CloseDirs();
}

void OutputTree::CloseDirs() {
  if (staging_fd_ >= 0) ::close(staging_fd_);
  if (previous_fd_ >= 0) ::close(previous_fd_);
  staging_fd_ = previous_fd_ = -1;
}

Status OutputTree::Begin() {
  std::error_code ec;
  stdfs::create_directories(out_dir_, ec);
  if (ec) return Status::Error("не удалось создать папку " + out_dir_ + ": " + ec.message());
  const bool keep = keep_ == KeepPrevious::kYes;
  const std::string kept = out_dir_ + "/." + name_ + ".previous";
  bool have_kept = keep && stdfs::is_directory(stdfs::symlink_status(kept, ec));
  std::vector<stdfs::path> leftovers;
  for (auto& entry : stdfs::directory_iterator(out_dir_, ec)) {
    std::string fname = entry.path().filename().string();
    if (fname.rfind("." + name_ + ".staging-", 0) == 0 || fname.rfind("." + name_ + ".trash-", 0) == 0 ||
        fname == "." + name_ + ".old")
      leftovers.push_back(entry.path());
  }
  std::sort(leftovers.begin(), leftovers.end());
  for (const auto& path : leftovers) {
    // A staging tree a killed run left is reconciled like a kept tree
    // (anything this build does not write is pruned before publication).
    if (keep && !have_kept && path.filename().string().rfind("." + name_ + ".staging-", 0) == 0 &&
        stdfs::is_directory(stdfs::symlink_status(path, ec)) && ::rename(path.c_str(), kept.c_str()) == 0) {
      have_kept = true;
      continue;
    }
    // A removal started by an earlier rebuild of this `serve` session may
    // still be deleting the same tree: retry until it is gone, whoever
    // removed which file.
    for (int attempt = 0; attempt < 5 && stdfs::exists(stdfs::symlink_status(path, ec)); ++attempt)
      stdfs::remove_all(path, ec);
  }
  if (!keep && stdfs::is_directory(stdfs::symlink_status(kept, ec))) {
    // A tree kept by a one-shot build, now in the way of one that does not
    // keep (serve): its shared inodes would make every in-place rewrite of a
    // published file a copy (publish/published_files.h).
    const std::string trash = out_dir_ + "/." + name_ + ".trash-" + std::to_string(::getpid()) + "-kept";
    if (::rename(kept.c_str(), trash.c_str()) == 0) RemoveTreeInBackground(trash);
    else stdfs::remove_all(kept, ec);
  }
  reconciling_ = have_kept && ::rename(kept.c_str(), staging_.c_str()) == 0;
  pruned_ = false;
  if (!reconciling_) {
    if (have_kept) stdfs::remove_all(kept, ec);
    stdfs::create_directories(staging_, ec);
    if (ec) return Status::Error("не удалось создать папку " + staging_ + ": " + ec.message());
  }
  CloseDirs();
  staging_fd_ = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (staging_fd_ < 0) return Status::Error("не удалось открыть папку " + staging_ + ": " + ErrnoText());
  // No previous tree (a first build, an emptied folder): nothing to compare
  // with or link from, so no file costs a look-up there.
  previous_fd_ = ::open(target_dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  begun_ = true;
  return Status::Ok();
}

Status OutputTree::PrepareParent(const std::string& rel_path) {
  if (!IsSafeRelativePath(rel_path))
    return Status::Error("недопустимый путь в результате сборки: " + rel_path);
  const size_t slash = rel_path.rfind('/');
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!written_.insert(rel_path).second)
      return Status::Error("файл " + rel_path + " записывается дважды: два материала с одним адресом");
  }
  // The folder is made outside the lock: threads writing into different
  // folders do not wait for each other's mkdir.
  return slash == std::string::npos ? Status::Ok() : MakeDirs(rel_path.substr(0, slash));
}

Status OutputTree::MakeDirs(const std::string& dir) {
  if (reconciling_) {
    // The kept tree has (nearly) every folder already: no mkdir here, the
    // folders are only recorded so that Prune() keeps them. Each is looked
    // at once, from the top, before anything is written under it: a
    // symbolic link where a folder should be (planted in output/, or in a
    // CI cache of it) would make the writes below land outside the tree, so
    // it is removed, and CreateEntry makes the real folder on the ENOENT.
    std::vector<std::string> fresh;  // deepest first
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (std::string d = dir; !d.empty() && !made_dirs_.count(d);) {
        fresh.push_back(d);
        const size_t up = d.rfind('/');
        d.resize(up == std::string::npos ? 0 : up);
      }
    }
    for (auto d = fresh.rbegin(); d != fresh.rend(); ++d) {
      struct stat st {};
      if (::fstatat(staging_fd_, d->c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode) &&
          ::unlinkat(staging_fd_, d->c_str(), 0) != 0 && errno != ENOENT)
        return Status::Error("не удалось удалить символическую ссылку " + *d + ": " + ErrnoText());
      // Recorded only once looked at: another thread that finds it recorded
      // writes below it at once.
      std::lock_guard<std::mutex> lock(mu_);
      made_dirs_.insert(*d);
    }
    return Status::Ok();
  }
  const size_t slash = dir.rfind('/');
  bool parent_made = slash == std::string::npos;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (made_dirs_.count(dir)) return Status::Ok();
    if (!parent_made) parent_made = made_dirs_.count(dir.substr(0, slash)) > 0;
  }
  // The staging tree is new: a folder not made here does not exist (or is
  // being made by another thread), so a parent not made yet is made first
  // instead of being learnt of from an ENOENT.
  if (!parent_made) {
    Status st = MakeDirs(dir.substr(0, slash));
    if (!st.ok()) return st;
  }
  // EEXIST: another thread made it meanwhile.
  if (::mkdirat(staging_fd_, dir.c_str(), 0777) != 0 && errno != EEXIST)
    return Status::Error("не удалось создать папку " + dir + ": " + ErrnoText());
  std::lock_guard<std::mutex> lock(mu_);
  made_dirs_.insert(dir);
  return Status::Ok();
}

Status OutputTree::MakeDirsOnDisk(const std::string& dir) {
  // From the top: a missing folder's parents may be missing too, and a file
  // of the kept tree may stand at any level.
  for (size_t end = dir.find('/');; end = dir.find('/', end + 1)) {
    const std::string part = dir.substr(0, end);
    for (int attempt = 0;; ++attempt) {
      if (::mkdirat(staging_fd_, part.c_str(), 0777) == 0) break;
      if (errno != EEXIST) return Status::Error("не удалось создать папку " + part + ": " + ErrnoText());
      struct stat st {};
      if (::fstatat(staging_fd_, part.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) break;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (written_.count(part) || attempt == 3)
          return Status::Error("не удалось создать папку " + part + ": на её месте файл");
      }
      // A file the kept tree had where this build needs a folder. Another
      // thread may remove it first: the mkdir is simply tried again.
      ::unlinkat(staging_fd_, part.c_str(), 0);
    }
    if (end == std::string::npos) break;
  }
  return Status::Ok();
}

Status OutputTree::ClearEntry(const std::string& rel_path) {
  if (::unlinkat(staging_fd_, rel_path.c_str(), 0) == 0 || errno == ENOENT || errno == ENOTDIR)
    return Status::Ok();  // ENOTDIR: a file stands above it (CreateEntry makes the folders)
  if (errno != EISDIR) return Status::Error("не удалось записать " + rel_path + ": " + ErrnoText());
  {
    // A folder this build needs is never removed for a file: that is the
    // same conflict as in a new tree.
    std::lock_guard<std::mutex> lock(mu_);
    if (made_dirs_.count(rel_path)) return Status::Error("не удалось записать " + rel_path + ": на его месте папка");
  }
  std::error_code ec;
  stdfs::remove_all(staging_ + "/" + rel_path, ec);
  if (ec) return Status::Error("не удалось удалить папку " + rel_path + ": " + ec.message());
  return Status::Ok();
}

template <typename Create>
int OutputTree::CreateEntry(const std::string& rel_path, Create create) {
  int r = create();
  if (r >= 0 || !reconciling_ || (errno != ENOENT && errno != ENOTDIR)) return r;
  const size_t slash = rel_path.rfind('/');
  if (slash == std::string::npos) return r;
  const int saved = errno;
  if (!MakeDirsOnDisk(rel_path.substr(0, slash)).ok()) {
    errno = saved;
    return -1;
  }
  return create();
}

bool OutputTree::StagedIs(const std::string& rel_path, const struct stat& st) const {
  struct stat staged {};
  return ::fstatat(staging_fd_, rel_path.c_str(), &staged, AT_SYMLINK_NOFOLLOW) == 0 && staged.st_ino == st.st_ino &&
         staged.st_dev == st.st_dev;
}

bool OutputTree::SameAsPrevious(const std::string& rel_path, std::string_view bytes, FileStamp* stamp,
                                struct stat* previous_st) const {
  if (previous_fd_ < 0) return false;
  int fd = ::openat(previous_fd_, rel_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  struct stat st {};
  bool same = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) == bytes.size();
  if (same) {
    // Read one byte more than expected: a file that grew is not the same.
    std::string buf(bytes.size() + 1, '\0');
    size_t got = 0;
    while (got < buf.size()) {
      ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    same = got == bytes.size() && std::string_view(buf.data(), got) == bytes;
  }
  if (same && stamp) StampOf(st, stamp);
  if (same && previous_st) *previous_st = st;
  ::close(fd);
  return same;
}

Status OutputTree::Write(const std::string& rel_path, std::string_view bytes, FileStamp* stamp) {
  Status st = PrepareParent(rel_path);
  if (!st.ok()) return st;
  auto reused = [&] {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++reused_;
    }
    if (observer_) observer_(rel_path, bytes);
    return Status::Ok();
  };
  struct stat previous {};
  bool cleared = false;
  if (SameAsPrevious(rel_path, bytes, stamp, &previous)) {
    // A kept tree's entry that already is the published file: nothing to do.
    if (reconciling_ && StagedIs(rel_path, previous)) return reused();
    if (reconciling_) {
      if (st = ClearEntry(rel_path); !st.ok()) return st;
      cleared = true;
    }
    if (CreateEntry(rel_path, [&] {
          return ::linkat(previous_fd_, rel_path.c_str(), staging_fd_, rel_path.c_str(), 0);
        }) == 0)
      return reused();
  }
  // Never into an existing inode of a kept tree: it may be shared with the
  // published tree. A new staging tree has nothing to clear.
  if (reconciling_ && !cleared) {
    if (st = ClearEntry(rel_path); !st.ok()) return st;
  }
  const int excl = reconciling_ ? O_EXCL : O_TRUNC;
  int fd = CreateEntry(rel_path, [&] {
    return ::openat(staging_fd_, rel_path.c_str(), O_WRONLY | O_CREAT | excl | O_CLOEXEC, 0666);
  });
  if (fd < 0) return Status::Error("не удалось записать " + rel_path + ": " + ErrnoText());
  bool ok = WriteAll(fd, bytes);
  int saved = errno;
  // The last write set the modification time; closing does not change it.
  struct stat file_st;
  if (stamp) *stamp = FileStamp{};
  if (ok && stamp && ::fstat(fd, &file_st) == 0) StampOf(file_st, stamp);
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    errno = saved;
    return Status::Error("не удалось записать " + rel_path + ": " + ErrnoText());
  }
  if (observer_) observer_(rel_path, bytes);
  return Status::Ok();
}

bool OutputTree::Reuse(const std::string& rel_path) {
  if (!PrepareParent(rel_path).ok()) return false;
  bool linked = false;
  if (previous_fd_ >= 0 && !reconciling_) {
    linked = ::linkat(previous_fd_, rel_path.c_str(), staging_fd_, rel_path.c_str(), 0) == 0;
  } else if (previous_fd_ >= 0) {
    struct stat previous {};
    linked = ::fstatat(previous_fd_, rel_path.c_str(), &previous, AT_SYMLINK_NOFOLLOW) == 0 &&
             S_ISREG(previous.st_mode) &&
             (StagedIs(rel_path, previous) ||
              (ClearEntry(rel_path).ok() && CreateEntry(rel_path, [&] {
                 return ::linkat(previous_fd_, rel_path.c_str(), staging_fd_, rel_path.c_str(), 0);
               }) == 0));
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!linked) {
    written_.erase(rel_path);  // the caller writes it instead
    return false;
  }
  ++reused_;
  return true;
}

void OutputTree::Withdraw(const std::string& rel_path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (written_.erase(rel_path) == 0) return;
  ::unlinkat(staging_fd_, rel_path.c_str(), 0);
  if (reused_ > 0) --reused_;
}

Status OutputTree::Reserve(const std::string& rel_path, std::string* full_path) {
  Status st = PrepareParent(rel_path);
  if (!st.ok()) return st;
  if (reconciling_) {
    // The writer opens the path itself (fopen "wb" truncates in place): the
    // kept entry goes first, and the folder must exist before the open.
    if (st = ClearEntry(rel_path); !st.ok()) return st;
    const size_t slash = rel_path.rfind('/');
    if (slash != std::string::npos) {
      if (st = MakeDirsOnDisk(rel_path.substr(0, slash)); !st.ok()) return st;
    }
  }
  *full_path = staging_ + "/" + rel_path;
  return Status::Ok();
}

Status OutputTree::AdoptWritten(const std::string& rel_path) {
  std::string full = staging_ + "/" + rel_path;
  std::string previous = target_dir() + "/" + rel_path;
  if (observer_) {
    // The observer (the privacy guard) reads the bytes anyway: public files.
    std::ifstream in(full, std::ios::binary);
    if (!in) return Status::Error("файл " + rel_path + " не записан");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    observer_(rel_path, bytes);
    if (!SameAsPrevious(rel_path, bytes)) return Status::Ok();
  } else {
    if (previous_fd_ < 0) return Status::Ok();
    // Compared in blocks, never held: an internal registry export may be
    // hundreds of megabytes.
    std::error_code ec;
    const auto size = stdfs::file_size(full, ec);
    if (ec) return Status::Error("файл " + rel_path + " не записан");
    const auto previous_size = stdfs::file_size(previous, ec);
    if (ec || previous_size != size) return Status::Ok();
    std::ifstream a(full, std::ios::binary), b(previous, std::ios::binary);
    if (!a) return Status::Error("файл " + rel_path + " не записан");
    if (!b) return Status::Ok();
    std::vector<char> x(1 << 16), y(1 << 16);
    for (uintmax_t left = size; left > 0;) {
      const auto n = static_cast<std::streamsize>(std::min<uintmax_t>(left, x.size()));
      a.read(x.data(), n);
      b.read(y.data(), n);
      if (a.gcount() != n || b.gcount() != n || std::memcmp(x.data(), y.data(), static_cast<size_t>(n)) != 0)
        return Status::Ok();
      left -= static_cast<uintmax_t>(n);
    }
  }
  std::string tmp = full + ".link";
  if (reconciling_) ::unlink(tmp.c_str());  // a killed run's, in a kept tree
  if (::link(previous.c_str(), tmp.c_str()) == 0) {
    if (::rename(tmp.c_str(), full.c_str()) == 0) {
      std::lock_guard<std::mutex> lock(mu_);
      ++reused_;
    } else {
      ::unlink(tmp.c_str());
    }
  }
  return Status::Ok();
}

Status OutputTree::Copy(const std::string& source_abs, const std::string& rel_path) {
  std::ifstream in(source_abs, std::ios::binary);
  if (!in) return Status::Error("не удалось прочитать " + source_abs);
  std::ostringstream ss;
  ss << in.rdbuf();
  return Write(rel_path, ss.str());
}

Status OutputTree::Prune() {
  if (!begun_ || committed_) return Status::Error("внутренняя ошибка: публикация без подготовки");
  if (pruned_ || !reconciling_) {
    pruned_ = true;
    return Status::Ok();
  }
  // REQUIRES no write in flight: the sets are only read from here on, by
  // several threads at once.
  int root = ::openat(staging_fd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // read from its start
  if (root < 0) return Status::Error("не удалось открыть папку " + staging_ + ": " + ErrnoText());
  Status st = PruneFolder(root, "");
  ::close(root);
  if (st.ok()) pruned_ = true;
  return st;
}

namespace {

// The names in folder `fd` (read from its start) with their d_type, by
// getdents64 into a buffer on the stack: a walk of 15,000 folders allocates
// no DIR buffer for each and opens each once.
bool ListFolder(int fd, std::vector<std::pair<std::string, unsigned char>>* entries) {
  alignas(struct dirent64) char buf[16384];
  for (;;) {
    const ssize_t n = ::getdents64(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    for (ssize_t off = 0; off < n;) {
      const auto* d = reinterpret_cast<const struct dirent64*>(buf + off);
      off += d->d_reclen;
      if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0) continue;
      entries->emplace_back(d->d_name, d->d_type);
    }
  }
}

}  // namespace

Status OutputTree::PruneFolder(int dir_fd, const std::string& prefix) {
  // The names are listed first, then acted on: no entry is removed while
  // the folder is being read.
  std::vector<std::pair<std::string, unsigned char>> entries;
  if (!ListFolder(dir_fd, &entries))
    return Status::Error("не удалось прочитать папку " + staging_ + "/" + prefix + ": " + ErrnoText());
  std::vector<std::string> subfolders;
  for (auto& [name, type] : entries) {
    std::string rel = prefix + name;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
    }
    if (type != DT_DIR) {
      if (!written_.count(rel) && ::unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT)
        return Status::Error("не удалось удалить " + rel + ": " + ErrnoText());
      continue;
    }
    if (!made_dirs_.count(rel)) {  // a folder of an older build only
      std::error_code ec;
      stdfs::remove_all(staging_ + "/" + rel, ec);
      if (ec) return Status::Error("не удалось удалить папку " + rel + ": " + ec.message());
      continue;
    }
    subfolders.push_back(std::move(name));
  }
  // The folders of a site (≈ 15,000 at 10,000 cases) are walked on every
  // core: most of the time is the kernel's, per folder.
  std::mutex error_mu;
  Status error = Status::Ok();
  tbb::parallel_for(size_t(0), subfolders.size(), [&](size_t i) {
    const std::string rel = prefix + subfolders[i];
    Status st;
    int sub = ::openat(dir_fd, subfolders[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
      st = Status::Error("не удалось открыть папку " + rel + ": " + ErrnoText());
    } else {
      st = PruneFolder(sub, rel + "/");
      ::close(sub);
    }
    if (!st.ok()) {
      std::lock_guard<std::mutex> lock(error_mu);
      if (error.ok()) error = st;
    }
  });
  return error;
}

Status OutputTree::Commit() {
  if (!begun_ || committed_) return Status::Error("внутренняя ошибка: публикация без подготовки");
  if (Status st = Prune(); !st.ok()) return st;
  std::string target = target_dir();
  std::error_code ec;
  if (stdfs::exists(target, ec)) {
    // RENAME_EXCHANGE swaps both names in one step: there is no moment at
    // which <out>/<name> is missing or half-written.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
      return Status::Error("не удалось заменить " + target + ": " + ErrnoText());
    committed_ = true;
    CloseDirs();
    // staging_ now holds the previous tree: kept to stage the next build in,
    // or removed.
    if (keep_ == KeepPrevious::kYes &&
        ::rename(staging_.c_str(), (out_dir_ + "/." + name_ + ".previous").c_str()) == 0)
      return Status::Ok();
    std::string trash = out_dir_ + "/." + name_ + ".trash-" + std::to_string(::getpid());
    if (::rename(staging_.c_str(), trash.c_str()) == 0) RemoveTreeInBackground(trash);
    else stdfs::remove_all(staging_, ec);
  } else {
    if (::rename(staging_.c_str(), target.c_str()) != 0)
      return Status::Error("не удалось создать " + target + ": " + ErrnoText());
    committed_ = true;
    CloseDirs();
  }
  return Status::Ok();
}

void OutputTree::Abort() {
  std::error_code ec;
  CloseDirs();
  // A kept tree is as large as the site: removed in the background like a
  // replaced one (main() waits for it). It may hold a refused page, so it is
  // never kept again. A new staging tree holds only this build's files.
  const std::string trash = out_dir_ + "/." + name_ + ".trash-" + std::to_string(::getpid());
  if (reconciling_ && ::rename(staging_.c_str(), trash.c_str()) == 0) RemoveTreeInBackground(trash);
  else stdfs::remove_all(staging_, ec);
  begun_ = false;
  reconciling_ = false;
}

std::vector<std::string> OutputTree::written() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {written_.begin(), written_.end()};
}

}  // namespace nastavnik
