#pragma once
// A fast 128-bit hash for change detection (incremental builds), not for
// security: it tells whether inputs changed between two builds of the same
// site, where a collision would at worst leave one page stale until a full
// build (CI builds from scratch).
#include <cstdint>
#include <string>
#include <string_view>

namespace nastavnik {

// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
inline uint64_t Fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

class Hasher {
 public:
  // Feeds bytes; Add("ab"), Add("c") differs from Add("a"), Add("bc")
  // because each call also feeds its length.
  Hasher& Add(std::string_view bytes);
  // Inline: page fingerprints feed a number (a tag, a size) for every value.
  Hasher& Add(uint64_t n) {
    Mix(n);
    return *this;
  }
  // The hash as two words (Hex() prints them).
  struct Digest {
    uint64_t lo, hi;
    bool operator==(const Digest&) const = default;
  };
  Digest Value() const;
  // 32 lowercase hex digits.
  std::string Hex() const;

 private:
  static uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
  void Mix(uint64_t w) {
    a_ = Rotl((a_ ^ w) * 0x87c37b91114253d5ULL, 31) + b_;
    b_ = Rotl((b_ ^ Rotl(w, 17)) * 0x4cf5ad432745937fULL, 33) + a_;
    ++count_;
  }
  // Sixteen bytes at a time for long inputs (bodies, documents): one 64×64 →
  // 128-bit multiply folds both words (as wyhash does), half the work of two
  // Mix calls.
  void MixBlock(uint64_t w0, uint64_t w1);
  // One 16-byte block into the state (a, b) of a lane.
  static void Fold(uint64_t& a, uint64_t& b, uint64_t w0, uint64_t w1);
  uint64_t a_ = 0x9e3779b97f4a7c15ULL;
  uint64_t b_ = 0xc2b2ae3d27d4eb4fULL;
  uint64_t count_ = 0;
};

}  // namespace nastavnik
