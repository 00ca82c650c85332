#include "util/hash.h"

#include <cstring>

namespace nastavnik {

namespace {

uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

uint64_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

// The last 1–7 bytes as one word, without a loop (most strings a page feeds
// are short): two overlapping 4-byte loads, or the first, middle and last
// bytes of 1–3 (as wyhash reads them). Every byte is in the word, and the
// length was fed before, so different tails give different words.
uint64_t LoadTail(const char* p, size_t n) {
  if (n >= 4) return Load32(p) | (Load32(p + n - 4) << 32);
  const auto byte = [p](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(p[i])); };
  return byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
}

}  // namespace

inline void Hasher::Fold(uint64_t& a, uint64_t& b, uint64_t w0, uint64_t w1) {
  const unsigned __int128 p =
      static_cast<unsigned __int128>(w0 ^ a ^ 0xa0761d6478bd642fULL) * (w1 ^ b ^ 0xe7037ed1a0b428dbULL);
  a = static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
  b = Rotl(b ^ w0, 29) + w1 + a;
}

void Hasher::MixBlock(uint64_t w0, uint64_t w1) {
  Fold(a_, b_, w0, w1);
  ++count_;
}

Hasher& Hasher::Add(std::string_view bytes) {
  Mix(bytes.size());
  const char* p = bytes.data();
  size_t n = bytes.size();
  if (n >= 64) {
    // Four lanes, each folding every fourth 16-byte block: their multiplies
    // do not wait for one another (one lane waits for its previous block's
    // multiply), so long inputs hash about three times faster than through
    // one chain. The lanes start from the state and end in it.
    uint64_t a0 = a_, a1 = a_ ^ 0x2d358dccaa6c78a5ULL, a2 = a_ ^ 0x8bb84b93962eacc9ULL, a3 = a_ ^ 0x4b33a62ed433d4a3ULL;
    uint64_t b0 = b_, b1 = b_ ^ 0x4d5a2da51de1aa47ULL, b2 = b_ ^ 0x1d8e4e27c47d124fULL, b3 = b_ ^ 0xa0761d6478bd642fULL;
    for (; n >= 64; p += 64, n -= 64) {
      Fold(a0, b0, Load64(p), Load64(p + 8));
      Fold(a1, b1, Load64(p + 16), Load64(p + 24));
      Fold(a2, b2, Load64(p + 32), Load64(p + 40));
      Fold(a3, b3, Load64(p + 48), Load64(p + 56));
    }
    MixBlock(a0, b0);
    MixBlock(a1, b1);
    MixBlock(a2, b2);
    MixBlock(a3, b3);
  }
  for (; n >= 16; p += 16, n -= 16) MixBlock(Load64(p), Load64(p + 8));
  if (n >= 8) {
    Mix(Load64(p));
    p += 8;
    n -= 8;
  }
  if (n > 0) Mix(LoadTail(p, n));
  return *this;
}

Hasher::Digest Hasher::Value() const {
  uint64_t h1 = Fmix64(a_ ^ count_), h2 = Fmix64(b_ + h1);
  h1 = Fmix64(h1 + h2);
  return {h1, h2};
}

std::string Hasher::Hex() const {
  const auto [h1, h2] = Value();
  static const char* kDigits = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(h1 >> (4 * i)) & 15];
    out[31 - i] = kDigits[(h2 >> (4 * i)) & 15];
  }
  return out;
}

}  // namespace nastavnik
