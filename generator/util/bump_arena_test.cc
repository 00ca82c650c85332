#include "util/bump_arena.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace nastavnik {
namespace {

bool Aligned(const void* p) { return reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t) == 0; }

TEST_CASE("BumpArena: blocks are aligned, distinct and zeroed on request") {
  BumpArena arena(1024);
  std::vector<char*> blocks;
  for (size_t n : {1, 7, 16, 33, 100, 200, 3, 250}) {
    auto* p = static_cast<char*>(arena.Allocate(n, true));
    REQUIRE(p);
    CHECK(Aligned(p));
    for (size_t i = 0; i < n; ++i) CHECK(p[i] == 0);
    std::memset(p, static_cast<int>(n), n);
    blocks.push_back(p);
  }
  // Nothing overlaps: every block still holds its own byte.
  size_t k = 0;
  for (size_t n : {1, 7, 16, 33, 100, 200, 3, 250}) {
    for (size_t i = 0; i < n; ++i) CHECK(static_cast<unsigned char>(blocks[k][i]) == n);
    ++k;
  }
}

TEST_CASE("BumpArena: realloc keeps the bytes, grows the last block in place") {
  BumpArena arena(4096);
  auto* a = static_cast<char*>(arena.Allocate(10, false));
  std::memcpy(a, "0123456789", 10);
  auto* grown = static_cast<char*>(arena.Reallocate(a, 100));
  CHECK(grown == a);  // the last block: room after it
  CHECK(std::string(grown, 10) == "0123456789");
  auto* b = static_cast<char*>(arena.Allocate(8, false));
  std::memcpy(b, "abcdefgh", 8);
  auto* moved = static_cast<char*>(arena.Reallocate(a, 200));  // no longer the last: copied
  CHECK(moved != a);
  CHECK(std::string(moved, 10) == "0123456789");
  CHECK(std::string(b, 8) == "abcdefgh");
  CHECK(arena.Reallocate(moved, 5) == moved);  // shrinking keeps the block
  auto* fresh = static_cast<char*>(arena.Reallocate(nullptr, 3));
  REQUIRE(fresh);
  CHECK(Aligned(fresh));
}

TEST_CASE("BumpArena: a block larger than the chunks, and growth past a chunk") {
  BumpArena arena(1024);
  auto* big = static_cast<char*>(arena.Allocate(5000, true));
  REQUIRE(big);
  big[4999] = 'x';
  std::string text;
  char* buf = nullptr;
  // A string buffer growing as cmark's does, interleaved with small blocks.
  for (int i = 0; i < 200; ++i) {
    text += static_cast<char>('a' + i % 26);
    buf = static_cast<char*>(arena.Reallocate(buf, text.size()));
    REQUIRE(buf);
    buf[text.size() - 1] = text.back();
    if (i % 7 == 0) REQUIRE(arena.Allocate(40, false));
  }
  CHECK(std::string(buf, text.size()) == text);
  CHECK(big[4999] == 'x');
}

TEST_CASE("BumpArena: Reset reuses the chunks and frees what exceeds the limit") {
  BumpArena arena(1024);
  for (int i = 0; i < 50; ++i) REQUIRE(arena.Allocate(200, false));
  REQUIRE(arena.Allocate(10000, false));
  const size_t before = arena.held();
  CHECK(before >= 50 * 200 + 10000);
  arena.Reset(4096);
  CHECK(arena.held() <= 4096);
  CHECK(arena.held() > 0);
  // The kept chunks serve the next round without growing.
  const size_t kept = arena.held();
  for (int i = 0; i < 12; ++i) REQUIRE(arena.Allocate(200, true));
  CHECK(arena.held() == kept);
}

}  // namespace
}  // namespace nastavnik
