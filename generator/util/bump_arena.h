#pragma once
// A bump allocator for short-lived work that allocates many small blocks and
// frees them all together: one Markdown document's parse tree and HTML
// (render/markdown.cc gives it to cmark-gfm, which otherwise makes ≈ 500
// malloc/free pairs per document).
//
// Blocks are carved from chunks kept across Reset(), so a thread parsing
// document after document reuses the same memory and allocates nothing once
// warm. Free() does nothing; the last block can grow in place (cmark's
// string buffers grow by realloc). A block larger than a quarter of a chunk
// gets a chunk of its own, released at Reset().
//
// Not thread-safe: one arena per thread.
#include <cstddef>
#include <memory>
#include <vector>

namespace nastavnik {

class BumpArena {
 public:
  explicit BumpArena(size_t chunk_size = 64 * 1024) : chunk_size_(chunk_size) {}
  BumpArena(const BumpArena&) = delete;
  BumpArena& operator=(const BumpArena&) = delete;

  // `size` bytes aligned for any type, zeroed when `zero`. Null only when
  // the system is out of memory.
  void* Allocate(size_t size, bool zero);
  // As realloc(): the first min(old, size) bytes are kept. `p` may be null.
  void* Reallocate(void* p, size_t size);
  // Every block handed out since the last Reset() becomes invalid. Keeps at
  // most `keep_bytes` of chunks for the next round.
  void Reset(size_t keep_bytes = 1 << 20);

  // Bytes of chunks held.
  size_t held() const;

 private:
  struct Chunk {
    std::unique_ptr<char[]> data;
    size_t size = 0;
  };
  // Moves to the next chunk (a kept one, or a new one); false when out of memory.
  bool Grow();

  size_t chunk_size_;
  std::vector<Chunk> chunks_;      // chunks_[current_] is being carved
  std::vector<Chunk> oversized_;   // one block each, freed at Reset()
  size_t current_ = 0;
  size_t used_ = 0;                // bytes used in chunks_[current_]
  char* last_ = nullptr;           // the last block carved from a chunk (its header)
};

}  // namespace nastavnik
