#include "util/hash.h"

#include <cstring>

namespace nastavnik {

namespace {

inline uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

void Hasher::Mix(uint64_t w) {
  a_ = Rotl((a_ ^ w) * 0x87c37b91114253d5ULL, 31) + b_;
  b_ = Rotl((b_ ^ Rotl(w, 17)) * 0x4cf5ad432745937fULL, 33) + a_;
  ++count_;
}

Hasher& Hasher::Add(uint64_t n) {
  Mix(n);
  return *this;
}

Hasher& Hasher::Add(std::string_view bytes) {
  Mix(bytes.size());
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    Mix(w);
  }
  if (i < bytes.size()) {
    uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, bytes.size() - i);
    Mix(w);
  }
  return *this;
}

std::string Hasher::Hex() const {
  uint64_t h1 = Fmix64(a_ ^ count_), h2 = Fmix64(b_ + h1);
  h1 = Fmix64(h1 + h2);
  static const char* kDigits = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(h1 >> (4 * i)) & 15];
    out[31 - i] = kDigits[(h2 >> (4 * i)) & 15];
  }
  return out;
}

}  // namespace nastavnik
