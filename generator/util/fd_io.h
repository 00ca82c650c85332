#pragma once
// Whole reads and writes on a file descriptor: write/pwrite/pread may do
// fewer bytes at once, or be interrupted by a signal; these loop until all
// bytes are done or a real error (errno tells) stops them.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nastavnik {

// All of `bytes` at the file's position.
bool WriteAll(int fd, std::string_view bytes);
// All of `bytes` at `offset` (the file's position does not move).
bool WriteAllAt(int fd, std::string_view bytes, uint64_t offset);
// Exactly `size` bytes from `offset` into `data`; false at an early end.
bool ReadAllAt(int fd, char* data, size_t size, uint64_t offset);

}  // namespace nastavnik
