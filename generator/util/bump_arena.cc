#include "util/bump_arena.h"

#include <cstring>
#include <new>

namespace nastavnik {

namespace {

// Each block is preceded by a header holding its size; blocks start at
// multiples of kAlign, as malloc's do.
constexpr size_t kAlign = alignof(std::max_align_t);
constexpr size_t kHeader = kAlign;

size_t RoundUp(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

size_t& SizeOf(char* header) { return *reinterpret_cast<size_t*>(header); }

}  // namespace

bool BumpArena::Grow() {
  if (!chunks_.empty() && current_ + 1 < chunks_.size()) {  // kept from an earlier round
    ++current_;
    used_ = 0;
    return true;
  }
  Chunk c;
  c.size = chunk_size_;
  c.data.reset(new (std::nothrow) char[c.size]);
  if (!c.data) return false;
  chunks_.push_back(std::move(c));
  current_ = chunks_.size() - 1;
  used_ = 0;
  return true;
}

void* BumpArena::Allocate(size_t size, bool zero) {
  const size_t need = kHeader + RoundUp(size == 0 ? 1 : size);
  if (need < size) return nullptr;  // overflow
  char* header;
  if (need > chunk_size_ / 4) {
    Chunk c;
    c.size = need;
    c.data.reset(new (std::nothrow) char[need]);
    if (!c.data) return nullptr;
    header = c.data.get();
    oversized_.push_back(std::move(c));
  } else {
    if (chunks_.empty() || used_ + need > chunks_[current_].size) {
      if (!Grow()) return nullptr;
    }
    header = chunks_[current_].data.get() + used_;
    used_ += need;
    last_ = header;
  }
  SizeOf(header) = size;
  char* block = header + kHeader;
  if (zero) std::memset(block, 0, size);
  return block;
}

void* BumpArena::Reallocate(void* p, size_t size) {
  if (!p) return Allocate(size, false);
  char* header = static_cast<char*>(p) - kHeader;
  const size_t old = SizeOf(header);
  if (size <= old) {
    SizeOf(header) = size;
    return p;
  }
  if (header == last_) {
    // The last block of the current chunk grows in place when it fits.
    const size_t start = static_cast<size_t>(header - chunks_[current_].data.get());
    const size_t need = kHeader + RoundUp(size);
    if (need >= size && start + need <= chunks_[current_].size) {
      used_ = start + need;
      SizeOf(header) = size;
      return p;
    }
  }
  void* q = Allocate(size, false);
  if (q) std::memcpy(q, p, old);
  return q;
}

void BumpArena::Reset(size_t keep_bytes) {
  oversized_.clear();
  size_t kept = 0, n = 0;
  while (n < chunks_.size() && kept + chunks_[n].size <= keep_bytes) kept += chunks_[n++].size;
  chunks_.resize(n);
  current_ = 0;
  used_ = 0;
  last_ = nullptr;
}

size_t BumpArena::held() const {
  size_t n = 0;
  for (const auto& c : chunks_) n += c.size;
  for (const auto& c : oversized_) n += c.size;
  return n;
}

}  // namespace nastavnik
