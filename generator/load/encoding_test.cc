#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "load/encoding.h"
#include "util/random_text_test_util.h"

namespace nastavnik {
namespace {

// RFC 3629 a byte at a time (no overlong forms, no surrogates, nothing above
// U+10FFFF): what DetectEncoding's fast paths must agree with.
bool ReferenceWellFormed(std::string_view s) {
  auto at = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  for (size_t i = 0; i < s.size();) {
    const unsigned c = at(i);
    size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) n = 1;
    else if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return false;
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const unsigned b = at(i + k);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    i += n;
  }
  return true;
}

TEST_CASE("DetectEncoding calls UTF-8 exactly the well-formed texts, Cyrillic runs and broken bytes mixed") {
  const std::string pieces[] = {"д", "ё", " ", "a", "Я", "\xD0", "\x80", "€", "\xC1\x81", "\xED\xA0\x80",
                                "\xF4\x90\x80\x80", "😀", "\xE0\x80\x80"};
  test::RandomPieces random(99);
  for (int n = 0; n < 20000; ++n) {
    const int length = 2 + static_cast<int>((random.state() >> 40) % 50);
    const std::string s = random.Text(length, [&](uint64_t r) {
      r %= 200;
      return pieces[r < 195 ? r % 5 : 5 + r % 8];
    });
    INFO(s);
    REQUIRE((DetectEncoding(s) == TextEncoding::kUtf8) == ReferenceWellFormed(s));
  }
}

}  // namespace
}  // namespace nastavnik
