#pragma once
// Deterministic pseudo-random texts for tests that compare a fast path with
// a byte-at-a-time reference: each text is a run of pieces (letters, markup,
// broken bytes) drawn from one 64-bit linear congruential generator, so a
// failing text is the same on every run and machine.
#include <cstdint>
#include <string>

namespace nastavnik::test {

class RandomPieces {
 public:
  explicit RandomPieces(uint64_t seed) : x_(seed) {}
  // The generator's state, for drawing a length before the pieces.
  uint64_t state() const { return x_; }
  // `length` pieces; `pick(r)` returns the piece for a random number r < 2^31.
  template <class Pick>
  std::string Text(int length, Pick pick) {
    std::string s;
    for (int k = 0; k < length; ++k) {
      x_ = x_ * 6364136223846793005ull + 1442695040888963407ull;
      s += pick(x_ >> 33);
    }
    return s;
  }

 private:
  uint64_t x_;
};

}  // namespace nastavnik::test
