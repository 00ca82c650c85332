#include "util/allocator.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace nastavnik;

TEST_CASE("malloc is the allocator the build links") {
#ifdef NASTAVNIK_JEMALLOC
  CHECK(std::string(AllocatorName()) == "jemalloc");
#else
  CHECK(std::string(AllocatorName()) == "glibc");
#endif
}

TEST_CASE("memory freed is held by the allocator until given back") {
  ReleaseFreeMemory();
  const size_t before = AllocatorFreeBytes();
  {
    std::vector<char> big(size_t{4} << 20, 'x');  // every page touched
    CHECK(big[12345] == 'x');
  }
#ifdef NASTAVNIK_JEMALLOC
  // Freed through jemalloc (its dirty pages count it), then given back.
  CHECK(AllocatorFreeBytes() >= before + (size_t{3} << 20));
  ReleaseFreeMemoryAbove(size_t{1} << 40);  // below the threshold: kept
  CHECK(AllocatorFreeBytes() >= before + (size_t{3} << 20));
  ReleaseFreeMemoryAbove(size_t{1} << 20);
  CHECK(AllocatorFreeBytes() < (size_t{1} << 20));
#else
  // glibc maps a block this large apart and unmaps it when freed.
  ReleaseFreeMemoryAbove(0);
  CHECK(AllocatorFreeBytes() <= before + (size_t{4} << 20));
#endif
}
