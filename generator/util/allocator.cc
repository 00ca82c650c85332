#include "util/allocator.h"

#include <unistd.h>

#ifdef NASTAVNIK_JEMALLOC
#include <jemalloc/jemalloc.h>
#else
#include <malloc.h>
#endif

#include <cstdint>
#include <string>

namespace nastavnik {

#ifdef NASTAVNIK_JEMALLOC

const char* AllocatorName() {
  // mallctl answers only when jemalloc's symbols are the ones linked.
  const char* version = nullptr;
  size_t size = sizeof version;
  return mallctl("version", &version, &size, nullptr, 0) == 0 ? "jemalloc" : "glibc";
}

size_t AllocatorFreeBytes() {
  uint64_t epoch = 1;
  size_t size = sizeof epoch;
  if (mallctl("epoch", &epoch, &size, &epoch, size) != 0) return 0;  // statistics refreshed
  size_t dirty_pages = 0;
  size = sizeof dirty_pages;
  const std::string all = "stats.arenas." + std::to_string(MALLCTL_ARENAS_ALL) + ".pdirty";
  if (mallctl(all.c_str(), &dirty_pages, &size, nullptr, 0) != 0) return 0;
  return dirty_pages * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

void ReleaseFreeMemory() {
  const std::string all = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  (void)mallctl(all.c_str(), nullptr, nullptr, nullptr, 0);
}

#else

const char* AllocatorName() { return "glibc"; }

size_t AllocatorFreeBytes() { return mallinfo2().fordblks; }

void ReleaseFreeMemory() { ::malloc_trim(0); }

#endif

void ReleaseFreeMemoryAbove(size_t bytes) {
  if (AllocatorFreeBytes() > bytes) ReleaseFreeMemory();
}

}  // namespace nastavnik
