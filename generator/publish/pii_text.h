#pragma once
// The character rules of the privacy guard's scanner (publish/pii_index.cc):
// how text is decoded and normalised before names, dates, phones and e-mails
// are looked up. In a header of their own so that the reference scanner of
// pii_index_scan_test.cc applies the very same rules and differs only in the
// part it checks: the decoding loop and the tokenizer.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace nastavnik::pii_text {

// In the decoded stream: kGap separates words that may still form an n-gram;
// kBreak ends a run (the edge of a quoted attribute value).
inline constexpr char32_t kGap = U' ';
inline constexpr char32_t kBreak = 0;

inline char32_t Normalise(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;     // А–Я
  if (c == 0x401 || c == 0x451) return 0x435;        // Ё, ё → е
  if (c == 0xA0 || c == '\t' || c == '\r' || c == '\n') return kGap;
  return c;
}

inline bool Droppable(char32_t c) { return c == 0xAD || c == 0x301 || c == 0x200B; }  // soft hyphen, stress, ZWSP

inline int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one UTF-8 code point at s[i]; advances i. Invalid bytes are a gap.
inline char32_t NextUtf8(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return kGap;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return kGap;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

// An HTML character reference at s[i] ('&'); advances i past it. Unknown
// references are a gap; a bare '&' too.
inline char32_t Entity(std::string_view s, size_t& i) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    ++i;
    return kGap;
  }
  std::string_view body = s.substr(i + 1, semi - i - 1);
  i = semi + 1;
  if (!body.empty() && body[0] == '#') {
    char32_t cp = 0;
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return kGap;
    for (char d : digits) {
      int v = hex ? Hex(d) : (d >= '0' && d <= '9' ? d - '0' : -1);
      if (v < 0 || cp > 0x10FFFF) return kGap;
      cp = cp * (hex ? 16 : 10) + v;
    }
    return cp;
  }
  if (body == "amp") return U'&';
  if (body == "shy") return 0xAD;
  if (body == "commat") return U'@';
  if (body == "period") return U'.';
  return kGap;  // &nbsp; &lt; &quot; &laquo; …: all separate words
}

// Where a '<' opens a tag: a letter, '/', '!' or '?' follows and a '>'
// closes it within 4 KiB (so a lone '<' in text does not hide the rest).
inline bool OpensTag(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return false;
  char n = s[i + 1];
  bool starts = (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!' || n == '?';
  if (!starts) return false;
  size_t limit = std::min(s.size(), i + 4096);
  return std::memchr(s.data() + i, '>', limit - i) != nullptr;
}

enum class Cls { kOther, kCyrillic, kLatin, kDigit };

inline Cls ClassOf(char32_t c) {
  if (c >= 0x430 && c <= 0x44F) return Cls::kCyrillic;
  if (c >= U'a' && c <= U'z') return Cls::kLatin;
  if (c >= U'0' && c <= U'9') return Cls::kDigit;
  return Cls::kOther;
}

inline bool PhoneGap(char32_t c) { return c == kGap || c == U'-' || c == U'(' || c == U')' || c == U'+' || c == U'.'; }

inline bool EmailChar(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || c == U'.' || c == U'_' || c == U'%' ||
         c == U'+' || c == U'-';
}

}  // namespace nastavnik::pii_text
