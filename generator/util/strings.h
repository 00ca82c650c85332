#pragma once
// Small string helpers shared by every stage. UTF-8 everywhere.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace nastavnik {

// s without white space (ASCII: space, \t \n \v \f \r) at either end.
inline std::string_view Trim(std::string_view s) {
  // " \t\n\v\f\r": the space and 9 to 13.
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  if (b == e) return {};
  while (space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// s = v, keeping s's buffer. REQUIRES: v does not point into s. Cheaper than
// assign(), which must allow that: for the many short values of a registry.
inline void AssignText(std::string& s, std::string_view v) {
  s.clear();
  s.append(v.data(), v.size());
}

std::vector<std::string> Split(std::string_view s, char sep);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// The offset of the first '\r' or '\n' at or after `from`; npos when there is
// none. Vectorised (memchr in pieces), unlike std::string_view::find_first_of,
// which calls memchr once per byte of `s`.
size_t FindLineBreak(std::string_view s, size_t from = 0);

// Lower-cases ASCII and Cyrillic letters (А–Я, Ё) in UTF-8 text; other bytes
// are kept as they are.
std::string LowerUtf8(std::string_view s);
// Upper-cases the first letter (ASCII or Cyrillic) of UTF-8 text.
std::string CapitalizeUtf8(std::string_view s);

// A key for matching human-written names: lower case, «ё» as «е», dots
// dropped, runs of white space, '_' and '-' folded to one space, trimmed. «Ф.И.О.» and
// «фио » give the same key as «ФИО».
std::string FoldKey(std::string_view s);
// FoldKey(s) into `out` (replacing its text, keeping its buffer).
void FoldKeyTo(std::string_view s, std::string& out);

// Number of Unicode code points (for column numbers and caret padding).
size_t CodepointCount(std::string_view s);
// The bytes of s that are not UTF-8 continuation bytes (10xxxxxx), counted 8
// at a time: the code points of valid UTF-8 (CodepointCount for text known
// to be valid, such as decoded CSV).
inline size_t Utf8LeadBytes(std::string_view s) {
  // Bit 7 of each byte of w set where the byte is 10xxxxxx, those bits
  // summed by a multiply (no popcount instruction in baseline x86-64).
  auto continuation = [](uint64_t w) {
    return static_cast<size_t>((((w & ~(w << 1)) >> 7) & 0x0101010101010101ull) * 0x0101010101010101ull >> 56);
  };
  size_t n = 0, i = 0;
  uint64_t w;
  for (; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, s.data() + i, 8);
    n += continuation(w);
  }
  if (i < s.size()) {  // the rest, zero-padded (a zero byte is no continuation)
    w = 0;
    std::memcpy(&w, s.data() + i, s.size() - i);
    n += continuation(w);
  }
  return s.size() - n;
}// Byte offset of the `n`-th code point (0-based); s.size() when past the end.
size_t ByteOffsetOfCodepoint(std::string_view s, size_t n);
// Byte offset of the first byte that does not start a valid UTF-8 sequence
// (lead and continuation bytes, no overlong two-byte forms); npos when the
// whole text is valid.
size_t FirstInvalidUtf8(std::string_view s);
// The length of the valid UTF-8 sequence at s[i] by the same rule (1 to 4),
// 0 when s[i] does not start one.
inline size_t Utf8SequenceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  if (len == 2 && c < 0xC2) return 0;  // overlong
  for (size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return len;
}
// True when `s` is valid UTF-8 (FirstInvalidUtf8 finds nothing).
bool IsValidUtf8(std::string_view s);
// From s[i], a sequence boundary, past every ASCII byte and two-byte
// sequence (lead C2..DF, one continuation byte): where the first other byte
// is (a longer sequence's lead or a bad byte), or s.size(). Eight bytes at a
// time, Cyrillic included: both UTF-8 checks (FirstInvalidUtf8 here, the
// strict one of load/encoding) run their own rule only where it stops.
size_t SkipAsciiAndTwoByteUtf8(std::string_view s, size_t i);

// Whether `s` holds one of the bytes `Bytes` (or, with kControls, any byte
// below 0x20): eight bytes at a time, for the checks made on every cell of a
// registry («does this text need escaping, quoting?»).
template <bool kControls, char... Bytes>
bool ContainsAnyByte(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    // A byte below 0x20 (exact: 0x20 <= 0x80), then each of Bytes.
    if ((kControls && ((x - kOnes * 0x20) & ~x & kHigh) != 0) ||
        (... || has_zero(x ^ (kOnes * static_cast<unsigned char>(Bytes)))))
      return true;
  }
  for (; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((kControls && c < 0x20) || (... || (c == static_cast<unsigned char>(Bytes)))) return true;
  }
  return false;
}

// Appends the UTF-8 encoding of code point `cp`.
void AppendUtf8(std::string& out, char32_t cp);

// Levenshtein distance over code points, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough to be a likely typo
// (distance at most a third of the word, at least 1); empty otherwise.
std::string SuggestClosest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace nastavnik
