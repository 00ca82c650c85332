#include "publish/published_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <functional>
#include <mutex>

#include "util/fd_io.h"

namespace nastavnik {

bool WriteReplacing(const std::string& path, std::string_view bytes) {
  std::string tmp = path + ".nastavnik-tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = WriteAll(fd, bytes);
  if (::close(fd) != 0) ok = false;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

std::shared_mutex& PublishedFiles::LockOf(std::string_view rel) {
  return locks_[std::hash<std::string_view>()(rel) % locks_.size()];
}

bool PublishedFiles::Write(const std::string& rel, std::string_view bytes) {
  const std::string path = dir_ + "/" + rel;
  std::unique_lock<std::shared_mutex> lock(LockOf(rel));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  struct stat st;
  if (::fstat(fd, &st) != 0 || st.st_nlink > 1) {
    ::close(fd);
    return WriteReplacing(path, bytes);  // shared with another tree: not changed under it
  }
  // No O_TRUNC: truncating to zero makes ext4 start the writeback at close.
  bool ok = WriteAllAt(fd, bytes, 0) && ::ftruncate(fd, static_cast<off_t>(bytes.size())) == 0;
  if (::close(fd) != 0) ok = false;
  return ok;
}

std::optional<std::string> PublishedFiles::Read(const std::string& rel, const std::string& path) {
  std::shared_lock<std::shared_mutex> lock(LockOf(rel));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace nastavnik
