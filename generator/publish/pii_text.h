#pragma once
// The character rules of the privacy guard's scanner (publish/pii_index.cc):
// how text is decoded and normalised before names, dates, phones and e-mails
// are looked up. In a header of their own so that the reference scanner of
// pii_index_scan_test.cc applies the very same rules and differs only in the
// part it checks: the decoding loop and the tokenizer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
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

// Whether `n`, after a '<', may start a tag.
inline bool StartsTag(char n) {
  return (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!' || n == '?';
}
// Where a '<' opens a tag: a letter, '/', '!' or '?' follows and a '>'
// closes it within kTagReach bytes (so a lone '<' in text does not hide the rest).
inline constexpr size_t kTagReach = 4096;
inline bool OpensTag(std::string_view s, size_t i) {
  if (i + 1 >= s.size() || !StartsTag(s[i + 1])) return false;
  size_t limit = std::min(s.size(), i + kTagReach);
  return std::memchr(s.data() + i, '>', limit - i) != nullptr;
}

enum class Cls { kOther, kCyrillic, kLatin, kDigit };

inline Cls ClassOf(char32_t c) {
  if (c >= 0x430 && c <= 0x44F) return Cls::kCyrillic;
  if (c >= U'a' && c <= U'z') return Cls::kLatin;
  if (c >= U'0' && c <= U'9') return Cls::kDigit;
  return Cls::kOther;
}

// Declension. A Cyrillic word of a name is compared by its stem, so that
// every case form of a name has the same key: «Иванов», «Иванову»,
// «Ивановым», «Ивановой» → «иванв»; «Пётр», «Петром» → «петр»; «Павел»,
// «Павла» → «павл»; «Лев», «Льва» → «лв». The rule, on a normalised word
// (lower case, «ё» as «е»):
//   1. «-ого», «-его» (adjectival genitive) lose «го» (5 letters or more);
//   2. then trailing vowels, «й», «ь» and «м» go, keeping at least 3
//      letters: every singular case ending of a noun or an adjective is
//      made of these letters, so the forms of one word reach the same stem
//      (names in «-м» lose it in every form alike: «Максим», «Максимом» →
//      «макс»). Names whose forms share only two letters («Яна», «Зоя»,
//      «Лия») are found as the registry writes them, not declined: a
//      two-letter stem would make «или» an «Илья»;
//   3. then a fleeting vowel: «е», «о» or «ь» between two consonants at the
//      stem's end is dropped («Павел»/«Павла», «Лев»/«Льва», «Любовь»/«Любви»).
// Indeclinable names (-ко, -их/-ых, foreign ones in vowels) have one form,
// so any key is consistent. Stems are coarse («Вера» and «вера» share
// «вер»): names are matched as pairs of words, never one word alone.
//
// Cyrillic letters are 2 bytes each here (U+0430–U+044F). The stem is the
// first `len` bytes with, when `drop` != kNoDrop, the 2 bytes at `drop` left
// out (the fleeting vowel, always the second letter from the end).
inline constexpr size_t kNoDrop = ~size_t{0};
struct StemCut {
  size_t len;
  size_t drop;
};

// A letter's index in а..я (0–31); `p` points at its 2 bytes.
inline unsigned LetterAt(const char* p) {
  return (((static_cast<unsigned char>(p[0]) & 0x1F) << 6 | (static_cast<unsigned char>(p[1]) & 0x3F)) - 0x430) & 31;
}
inline constexpr uint32_t LetterBit(char32_t c) { return uint32_t{1} << (c - 0x430); }
// а е и о у ы э ю я
inline constexpr uint32_t kVowels = LetterBit(U'а') | LetterBit(U'е') | LetterBit(U'и') | LetterBit(U'о') |
                                    LetterBit(U'у') | LetterBit(U'ы') | LetterBit(U'э') | LetterBit(U'ю') |
                                    LetterBit(U'я');
inline constexpr uint32_t kNotConsonant = kVowels | LetterBit(U'й') | LetterBit(U'ь') | LetterBit(U'ъ');
inline constexpr uint32_t kEnding = kVowels | LetterBit(U'й') | LetterBit(U'ь') | LetterBit(U'м');
inline constexpr uint32_t kFleeting = LetterBit(U'е') | LetterBit(U'о') | LetterBit(U'ь');

// `w` holds `n` bytes of Cyrillic letters only (a word of class kCyrillic).
__attribute__((always_inline)) inline StemCut CyrillicStem(const char* w, size_t n) {
  size_t letters = n / 2;
  if (letters >= 5) {
    unsigned a = LetterAt(w + n - 6), g = LetterAt(w + n - 4), o = LetterAt(w + n - 2);
    if ((a == U'о' - 0x430 || a == U'е' - 0x430) && g == U'г' - 0x430 && o == U'о' - 0x430) letters -= 2;
  }
  while (letters > 3 && (kEnding >> LetterAt(w + 2 * (letters - 1)) & 1)) --letters;
  size_t drop = kNoDrop;
  if (letters >= 3) {
    const char* e = w + 2 * letters;
    if (!(kNotConsonant >> LetterAt(e - 2) & 1) && (kFleeting >> LetterAt(e - 4) & 1) &&
        !(kNotConsonant >> LetterAt(e - 6) & 1))
      drop = 2 * (letters - 2);
  }
  return {2 * letters, drop};
}

// Where an initial may stand: the character at byte `off` is an upper-case
// letter as written (raw UTF-8 А–Я, Ё or A–Z; not one decoded from an entity).
inline bool UpperAt(std::string_view s, size_t off) {
  if (off >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[off]);
  if (c >= 'A' && c <= 'Z') return true;
  if (c != 0xD0 || off + 1 >= s.size()) return false;
  unsigned char c2 = static_cast<unsigned char>(s[off + 1]);
  return (c2 >= 0x90 && c2 <= 0xAF) || c2 == 0x81;
}

inline bool PhoneGap(char32_t c) { return c == kGap || c == U'-' || c == U'(' || c == U')' || c == U'+' || c == U'.'; }

inline bool EmailChar(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || c == U'.' || c == U'_' || c == U'%' ||
         c == U'+' || c == U'-';
}

}  // namespace nastavnik::pii_text
