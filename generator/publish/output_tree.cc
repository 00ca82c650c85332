#include "publish/output_tree.h"

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

OutputTree::OutputTree(std::string out_dir, std::string name)
    : out_dir_(std::move(out_dir)), name_(std::move(name)) {
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
  // Staging trees left by crashed runs (any pid) are garbage.
  for (auto& entry : stdfs::directory_iterator(out_dir_, ec)) {
    std::string fname = entry.path().filename().string();
    if (fname.rfind("." + name_ + ".staging-", 0) == 0 || fname.rfind("." + name_ + ".trash-", 0) == 0 ||
        fname == "." + name_ + ".old") {
      // A removal started by an earlier rebuild of this `serve` session may
      // still be deleting the same tree: retry until it is gone, whoever
      // removed which file.
      for (int attempt = 0; attempt < 5 && stdfs::exists(entry.path(), ec); ++attempt)
        stdfs::remove_all(entry.path(), ec);
    }
  }
  stdfs::create_directories(staging_, ec);
  if (ec) return Status::Error("не удалось создать папку " + staging_ + ": " + ec.message());
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

bool OutputTree::SameAsPrevious(const std::string& rel_path, std::string_view bytes, FileStamp* stamp) const {
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
  ::close(fd);
  return same;
}

Status OutputTree::Write(const std::string& rel_path, std::string_view bytes, FileStamp* stamp) {
  Status st = PrepareParent(rel_path);
  if (!st.ok()) return st;
  if (SameAsPrevious(rel_path, bytes, stamp) &&
      ::linkat(previous_fd_, rel_path.c_str(), staging_fd_, rel_path.c_str(), 0) == 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++reused_;
    }
    if (observer_) observer_(rel_path, bytes);
    return Status::Ok();
  }
  int fd = ::openat(staging_fd_, rel_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
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
  if (previous_fd_ < 0 || ::linkat(previous_fd_, rel_path.c_str(), staging_fd_, rel_path.c_str(), 0) != 0) {
    std::lock_guard<std::mutex> lock(mu_);
    written_.erase(rel_path);  // the caller writes it instead
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++reused_;
  return true;
}

Status OutputTree::Reserve(const std::string& rel_path, std::string* full_path) {
  Status st = PrepareParent(rel_path);
  if (!st.ok()) return st;
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
  if (::link(previous.c_str(), tmp.c_str()) == 0 && ::rename(tmp.c_str(), full.c_str()) == 0) {
    std::lock_guard<std::mutex> lock(mu_);
    ++reused_;
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

Status OutputTree::Commit() {
  if (!begun_ || committed_) return Status::Error("внутренняя ошибка: публикация без подготовки");
  std::string target = target_dir();
  std::error_code ec;
  if (stdfs::exists(target, ec)) {
    // RENAME_EXCHANGE swaps both names in one step: there is no moment at
    // which <out>/<name> is missing or half-written.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
      return Status::Error("не удалось заменить " + target + ": " + ErrnoText());
    committed_ = true;
    CloseDirs();
    // staging_ now holds the previous tree.
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
  stdfs::remove_all(staging_, ec);
  begun_ = false;
}

std::vector<std::string> OutputTree::written() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {written_.begin(), written_.end()};
}

}  // namespace nastavnik
