#include "util/strings.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace nastavnik {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, p - start));
    start = p + 1;
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

namespace {

// Decodes one code point at s[i], advancing i. Invalid bytes decode as
// themselves (Latin-1) so that nothing is lost.
char32_t Next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0 && cont(1)) {
    char32_t cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    i += 2;
    return cp;
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    char32_t cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    i += 3;
    return cp;
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                  (s[i + 3] & 0x3F);
    i += 4;
    return cp;
  }
  ++i;
  return c;
}

}  // namespace

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

char32_t LowerCp(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;  // А-Я
  if (cp == 0x401) return 0x451;                    // Ё
  return cp;
}

char32_t UpperCp(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 32;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
  if (cp == 0x451) return 0x401;
  return cp;
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) out += Next(s, i);
  return out;
}

}  // namespace

std::string LowerUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) AppendUtf8(out, LowerCp(Next(s, i)));
  return out;
}

std::string CapitalizeUtf8(std::string_view s) {
  if (s.empty()) return {};
  std::string out;
  size_t i = 0;
  AppendUtf8(out, UpperCp(Next(s, i)));
  out.append(s.substr(i));
  return out;
}

std::string FoldKey(std::string_view s) {
  std::string out;
  FoldKeyTo(s, out);
  return out;
}

void FoldKeyTo(std::string_view s, std::string& out) {
  out.clear();
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    // Lower-case Latin letters, digits and Cyrillic а–я (not ё) are kept as
    // they are: most of an id or a name, copied without decoding.
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t same = 0;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      same = 1;
    } else if ((c == 0xD0 || c == 0xD1) && i + 1 < s.size()) {
      const unsigned char c2 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xD0 ? (c2 >= 0xB0 && c2 <= 0xBF) : (c2 >= 0x80 && c2 <= 0x8F)) same = 2;
    }
    if (same) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(s.data() + i, same);
      i += same;
      continue;
    }
    char32_t cp = LowerCp(Next(s, i));
    if (cp == 0x451) cp = 0x435;  // ё -> е
    if (cp == '.') continue;  // «Ф.И.О.» is «ФИО»
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '_' ||
        cp == '-' || cp == 0xA0) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    AppendUtf8(out, cp);
  }
}

size_t CodepointCount(std::string_view s) {
  size_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    Next(s, i);
    ++n;
  }
  return n;
}

size_t ByteOffsetOfCodepoint(std::string_view s, size_t n) {
  size_t i = 0;
  while (i < s.size() && n > 0) {
    Next(s, i);
    --n;
  }
  return i;
}

size_t FindLineBreak(std::string_view s, size_t from) {
  // In pieces, so that a file of lone '\r' does not scan to the next '\n'
  // for every line.
  constexpr size_t kPiece = 4096;
  for (size_t at = from; at < s.size(); at += kPiece) {
    const char* piece = s.data() + at;
    const size_t n = std::min(kPiece, s.size() - at);
    const void* lf = std::memchr(piece, '\n', n);
    const size_t before_lf = lf ? static_cast<size_t>(static_cast<const char*>(lf) - piece) : n;
    if (const void* cr = std::memchr(piece, '\r', before_lf)) return at + (static_cast<const char*>(cr) - piece);
    if (lf) return at + before_lf;
  }
  return std::string_view::npos;
}

size_t SkipAsciiAndTwoByteUtf8(std::string_view s, size_t i) {
  const char* const p = s.data();
  const size_t n = s.size();
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  constexpr uint64_t kLastByte = 0x8000000000000000ull;
  for (;;) {
    // A word of 8 bytes at a time, each byte's top bits in bit 7 of its
    // lane: ASCII 0xxxxxxx, continuation 10xxxxxx, two-byte lead 110xxxxx.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      const uint64_t b7 = w & kHigh;
      if (b7 == 0) {
        i += 8;
        continue;
      }
      const uint64_t b6 = (w << 1) & kHigh;
      const uint64_t b5 = (w << 2) & kHigh;
      if (b7 & b6 & b5) break;  // a longer sequence's lead, or F8..FF
      const uint64_t lead = b7 & b6 & ~b5;
      const uint64_t continuation = b7 & ~b6;
      // C0 and C1 (overlong) have bits 1..4 clear.
      const uint64_t payload = (((w & 0x1E1E1E1E1E1E1E1Eull) + 0x7F7F7F7F7F7F7F7Full) & kHigh);
      if (lead & ~payload) break;
      // Each continuation right after a lead; a lead in the last lane has
      // its continuation in the next word, which then starts at that lead.
      const uint64_t last_lead = lead & kLastByte;
      if (((lead & ~last_lead) << 8) != continuation) break;
      i += last_lead ? 7 : 8;
    }
    // The tail, or the sequence that stopped the words, by hand.
    if (i >= n) return n;
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (static_cast<unsigned char>(p[i + 1]) & 0xC0) == 0x80) {
      i += 2;
    } else {
      return i;
    }
  }
}

size_t FirstInvalidUtf8(std::string_view s) {
  for (size_t i = SkipAsciiAndTwoByteUtf8(s, 0); i < s.size(); i = SkipAsciiAndTwoByteUtf8(s, i)) {
    const size_t len = Utf8SequenceAt(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view s) { return FirstInvalidUtf8(s) == std::string_view::npos; }

size_t EditDistance(std::string_view a, std::string_view b) {
  std::u32string x = Decode(a), y = Decode(b);
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      size_t sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::string SuggestClosest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string folded = FoldKey(word);
  size_t limit = std::max<size_t>(1, CodepointCount(folded) / 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(folded, FoldKey(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best_d <= limit ? best : std::string();
}

}  // namespace nastavnik
