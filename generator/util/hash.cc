#include "util/hash.h"

#include <cstring>

namespace nastavnik {

namespace {

uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The last 1–7 bytes as a little word, without a call to memcpy of a
// variable size (most strings a page feeds are short).
uint64_t LoadTail(const char* p, size_t n) {
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return w;
}

}  // namespace

void Hasher::MixBlock(uint64_t w0, uint64_t w1) {
  const unsigned __int128 p =
      static_cast<unsigned __int128>(w0 ^ a_ ^ 0xa0761d6478bd642fULL) * (w1 ^ b_ ^ 0xe7037ed1a0b428dbULL);
  a_ = static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
  b_ = Rotl(b_ ^ w0, 29) + w1 + a_;
  ++count_;
}

Hasher& Hasher::Add(std::string_view bytes) {
  Mix(bytes.size());
  const char* p = bytes.data();
  size_t n = bytes.size();
  for (; n >= 16; p += 16, n -= 16) MixBlock(Load64(p), Load64(p + 8));
  if (n >= 8) {
    Mix(Load64(p));
    p += 8;
    n -= 8;
  }
  if (n > 0) Mix(LoadTail(p, n));
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
