#include "util/fd_io.h"

#include <sys/types.h>
#include <unistd.h>

#include <cerrno>

namespace nastavnik {

namespace {

// `io` (write, pwrite or pread, as a call taking the bytes done so far)
// until `size` bytes are done.
template <typename Io>
bool Loop(size_t size, Io io) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = io(done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

bool WriteAll(int fd, std::string_view bytes) {
  return Loop(bytes.size(), [&](size_t done) { return ::write(fd, bytes.data() + done, bytes.size() - done); });
}

bool WriteAllAt(int fd, std::string_view bytes, uint64_t offset) {
  return Loop(bytes.size(), [&](size_t done) {
    return ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
  });
}

bool ReadAllAt(int fd, char* data, size_t size, uint64_t offset) {
  return Loop(size, [&](size_t done) { return ::pread(fd, data + done, size - done, static_cast<off_t>(offset + done)); });
}

}  // namespace nastavnik
