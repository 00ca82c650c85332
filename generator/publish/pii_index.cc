#include "publish/pii_index.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <set>
#include <tuple>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "model/privacy.h"
#include "publish/pii_text.h"
#include "util/date.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

using namespace pii_text;  // the character rules the reference scanner shares

// Bulk skips for the decoder, 16 bytes at a time where SSE2 is there (any
// x86-64), else a byte at a time: markup and the gaps between words are
// most of a page's bytes.

// The first byte of s[i…] that is ≥ 0x80 or one of `stops`; s.size() if none.
template <size_t N>
inline size_t SkipAsciiUntil(std::string_view s, size_t i, const char (&stops)[N]) {
  const size_t n = s.size();
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_setzero_si128();
    for (size_t k = 0; k + 1 < N; ++k) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(b, _mm_set1_epi8(stops[k])));
    if (const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(hit, b))))
      return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || std::memchr(stops, c, N - 1)) return i;
  }
  return n;
}

// Whether ASCII byte c, as text, is a plain gap: not a letter or digit (a
// word), not one the decoder treats apart ('&', '\\', '@', `stop`: '<' or
// the quote, NUL: the decoded kBreak).
inline bool PlainGapByte(unsigned char c, char stop) {
  const unsigned char l = c | 0x20;
  return c < 0x80 && !(l >= 'a' && l <= 'z') && !(c >= '0' && c <= '9') && c != '&' && c != '\\' && c != '@' &&
         c != static_cast<unsigned char>(stop) && c != 0;
}
// PlainGapByte (but for `stop`) and PhoneGapByte as a table: 0, or
// kPlainGapByte, or kPhoneGapByte for phone punctuation.
enum : uint8_t { kPlainGapByte = 1, kPhoneGapByte = 2 };
inline constexpr std::array<uint8_t, 256> kGapBytes = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 1; c < 0x80; ++c) {
    const int l = c | 0x20;
    if ((l >= 'a' && l <= 'z') || (c >= '0' && c <= '9') || c == '&' || c == '\\' || c == '@') continue;
    t[c] = kPlainGapByte;
  }
  for (char c : {' ', '\t', '\r', '\n', '-', '(', ')', '+', '.'}) t[static_cast<unsigned char>(c)] = kPhoneGapByte;
  return t;
}();

// Phone punctuation as raw bytes (pii_text::PhoneGap after Normalise).
inline bool PhoneGapByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-' || c == '(' || c == ')' || c == '+' || c == '.';
}

// The length of the run of plain gap bytes at s[i…], at most `max`; `phone`
// becomes false when one of them is not phone punctuation.
inline size_t PlainGapRun(std::string_view s, size_t i, char stop, bool& phone) {
  const size_t start = i, n = s.size();
#if defined(__SSE2__)
  const __m128i lo_a = _mm_set1_epi8('a' - 1), hi_z = _mm_set1_epi8('z' + 1), lo_0 = _mm_set1_epi8('0' - 1),
                hi_9 = _mm_set1_epi8('9' + 1), x20 = _mm_set1_epi8(0x20);
  for (; i + 16 <= n; i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i l = _mm_or_si128(b, x20);
    __m128i word = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(l, lo_a), _mm_cmpgt_epi8(hi_z, l)),
                                _mm_and_si128(_mm_cmpgt_epi8(b, lo_0), _mm_cmpgt_epi8(hi_9, b)));
    __m128i apart = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('&')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('@')), _mm_cmpeq_epi8(b, _mm_set1_epi8(stop))));
    apart = _mm_or_si128(apart, _mm_cmpeq_epi8(b, _mm_setzero_si128()));
    const unsigned stops = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(word, apart), b)));
    const unsigned run = stops ? static_cast<unsigned>(__builtin_ctz(stops)) : 16;
    if (phone) {
      for (unsigned k = 0; k < run && phone; ++k) phone = PhoneGapByte(static_cast<unsigned char>(s[i + k]));
    }
    if (run < 16) return i + run - start;
  }
#endif
  for (; i < n && PlainGapByte(static_cast<unsigned char>(s[i]), stop); ++i)
    phone = phone && PhoneGapByte(static_cast<unsigned char>(s[i]));
  return i - start;
}

// The gap between two words as the tokenizer counts it: its characters,
// whether they are all phone punctuation (a phone's digits may be grouped by
// up to 3 of them), whether the edge of a quoted value is among them (no
// n-gram reaches over it).
struct Gap {
  size_t len = 0;
  bool phone = true;
  bool brk = false;
  Gap Then(const Gap& next) const { return {len + next.len, phone && next.phone, brk || next.brk}; }
  bool Joins() const { return phone && len <= 3; }  // the numbers on both sides may be one phone
};

// Where the decoder is between two pieces of a text: outside markup, inside
// a tag, inside a quoted attribute value; as a byte (a memo's key).
struct DecoderState {
  bool in_tag = false;
  char quote = 0;
  uint8_t Code() const { return static_cast<uint8_t>(in_tag | (quote == '"') << 1 | (quote == '\'') << 2); }
  static DecoderState Of(uint8_t code) { return {(code & 1) != 0, code & 2 ? '"' : code & 4 ? '\'' : '\0'}; }
};

// The decoded, normalised text, one code point at a time, with the byte
// offset in the original text each came from. Tag and attribute names are
// skipped (a gap); a quoted attribute value is framed by kBreak; entities and
// JSON escapes are decoded; droppable characters never come out.
//
// Every byte of the text passes through the decoder once, so it also checks
// that the text is UTF-8 (FirstInvalidUtf8's rule) as it goes: invalid()
// tells whether it is not; with `utf8_only` it stops at the first such byte.
// saw_at() tells whether an '@' came out (only then are e-mails looked for).
class Decoder {
 public:
  using State = DecoderState;
  // `at`: the state where `s` starts (a text scanned a segment at a time).
  explicit Decoder(std::string_view s, bool utf8_only = false, State at = State())
      : s_(s), in_tag_(at.in_tag), quote_(at.quote), stop_(utf8_only) {}
  State state() const { return {in_tag_, quote_}; }
  bool invalid() const { return invalid_; }
  bool saw_at() const { return saw_at_; }
  std::string_view text() const { return s_; }
  size_t position() const { return i_; }  // of the next byte to decode

  // The common cases inline: a plain ASCII character, a two-byte UTF-8
  // letter (Cyrillic) of text or of an attribute value; the rest in NextSlow.
  bool Next(char32_t& cp, size_t& off) {
    if (i_ < s_.size() && (!in_tag_ || quote_ != 0)) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c < 0x80) {
        if (c != '&' && c != '\\' && c != '@' && c != static_cast<unsigned char>(in_tag_ ? quote_ : '<')) {
          off = i_++;
          cp = Normalise(c);
          return true;
        }
      } else if ((c >> 5) == 6 && c >= 0xC2 && i_ + 1 < s_.size()) {
        unsigned char c2 = static_cast<unsigned char>(s_[i_ + 1]);
        char32_t x = (static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F);
        if ((c2 & 0xC0) == 0x80 && !Droppable(x)) {
          off = i_;
          i_ += 2;
          cp = Normalise(x);
          return true;
        }
      }
    }
    return NextSlow(cp, off);
  }

  // Consumes the Cyrillic letters (raw two-byte UTF-8, no markup) that
  // follow, writing them normalised at `w`; returns the new end. Next() would
  // return them one by one; the caller takes them in bulk only where each
  // would just extend the current word.
  // REQUIRES: 16 bytes past `w` + (the bytes left in the text) are writable
  // (Tokenize's arena): 8 letters are decoded, normalised and stored at
  // once, then as many of them kept as were letters.
  char* TakeCyrillicRun(char* w) {
    if (in_tag_ && quote_ == 0) return w;
    return CyrillicRun(w, i_);
  }

  // A whole word of Cyrillic letters (raw two-byte UTF-8) of text or of a
  // quoted value at the next byte, in one pass: TakeWordStart, then
  // TakeCyrillicRun. Written normalised at `w` (the new end returned), its
  // offset set; else nullptr and nothing consumed. The same REQUIRES as
  // TakeCyrillicRun.
  __attribute__((always_inline)) char* TakeCyrillicWord(char* w, size_t& off) {
    if ((in_tag_ && quote_ == 0) || i_ + 1 >= s_.size()) return nullptr;
    const unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c != 0xD0 && c != 0xD1) return nullptr;
    size_t i = i_;
    char* const end = CyrillicRun(w, i);
    if (end == w) return nullptr;  // not a letter (class kCyrillic)
    off = i_;
    i_ = i;
    return end;
  }

  // Consumes the plain gap characters that follow (ASCII punctuation and
  // spaces of text or of an attribute value, each of which Next() would
  // return as a kGap or itself, class kOther, none of them a kBreak, an
  // '@', a tag or a reference): returns how many; `phone` becomes false
  // when one is not phone punctuation.
  size_t TakeGapRun(bool& phone) {
    const char stop = in_tag_ ? quote_ : '<';
    // Most gaps between words are one character: no bulk for those.
    if ((in_tag_ && quote_ == 0) || i_ >= s_.size() || !PlainGapByte(static_cast<unsigned char>(s_[i_]), stop))
      return 0;
    const size_t k = PlainGapRun(s_, i_, stop, phone);
    i_ += k;
    return k;
  }

  // The fast path of the tokenizer, between words (Tokenize): consumes the
  // gap characters that follow, as Next() would return them one by one and
  // Tokenize would count them into `gap` — plain ASCII gaps (in runs), tags
  // (their names skipped), the edges of quoted values, two-byte UTF-8 that is
  // no letter and not droppable (NBSP, «, »…) — and stops before anything
  // else (a word's first character, '&', '\\', '@', NUL, a '<' that opens no
  // tag, other UTF-8 or a byte that is not UTF-8), which Next() decodes.
  __attribute__((always_inline)) void TakeGaps(Gap& gap) {
    // The most common gap, in prose: one space before a word (or before
    // anything the loop below would stop at: it stops there too).
    if (i_ + 1 < s_.size() && s_[i_] == ' ' && (!in_tag_ || quote_ != 0)) {
      const unsigned char next = static_cast<unsigned char>(s_[i_ + 1]);
      if (next == 0xD0 || next == 0xD1 || kGapBytes[next] == 0) {
        ++i_;
        gap.len += 1;
        return;
      }
    }
    TakeMoreGaps(gap);
  }
  __attribute__((noinline)) void TakeMoreGaps(Gap& gap) {
    const size_t n = s_.size();
    while (i_ < n) {
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (in_tag_ && quote_ == 0) {
        // A tag's name and attribute names, up to '>' or a quote (NextSlow).
        static constexpr char kTagStops[] = "\"'>";
        const size_t at = SkipAsciiUntil(s_, i_, kTagStops);
        if (at == n || static_cast<unsigned char>(s_[at]) >= 0x80) {
          i_ = at;  // (at the end Next() ends too; a non-ASCII byte is checked there)
          return;
        }
        i_ = at + 1;
        if (s_[at] == '>') {
          in_tag_ = false;
          gap.len += 1;  // kGap
        } else {
          quote_ = s_[at];
          gap = gap.Then(Gap{1, false, true});  // kBreak
        }
        continue;
      }
      const char stop = in_tag_ ? quote_ : '<';
      if (c < 0x80) {
        if (kGapBytes[c] && c != static_cast<unsigned char>(stop)) {
          // Most gaps are a few bytes: a byte at a time, in bulk past 16.
          size_t j = i_;
          bool phone = gap.phone;
          for (; j < n && j < i_ + 16; ++j) {
            const uint8_t g = kGapBytes[static_cast<unsigned char>(s_[j])];
            if (!g || s_[j] == stop) break;
            phone = phone && g == kPhoneGapByte;
          }
          if (j == i_ + 16) j += PlainGapRun(s_, j, stop, phone);
          gap.len += j - i_;
          gap.phone = phone;
          i_ = j;
          continue;
        }
        if (in_tag_ && c == static_cast<unsigned char>(quote_)) {
          quote_ = 0;
          ++i_;
          gap = gap.Then(Gap{1, false, true});  // kBreak
          continue;
        }
        if (!in_tag_ && c == '<') {
          // A tag with neither a quote nor UTF-8 in it (<p>, </a>, <br/>)
          // at once: the skip that passes its name finds its '>', which is
          // the first one OpensTag would find.
          static constexpr char kTagStops[] = "\"'>";
          if (i_ + 1 < n && StartsTag(s_[i_ + 1])) {
            const size_t at = SkipAsciiUntil(s_, i_ + 1, kTagStops);
            if (at < n && s_[at] == '>' && at - i_ < kTagReach) {
              i_ = at + 1;
              gap.len += 2;  // kGap, kGap
              continue;
            }
          }
          if (OpensTag(s_, i_)) {
            in_tag_ = true;
            ++i_;
            gap.len += 1;  // kGap
            continue;
          }
        }
        return;
      }
      if ((c >> 5) != 6 || c < 0xC2 || i_ + 1 >= n) return;
      const unsigned char c2 = static_cast<unsigned char>(s_[i_ + 1]);
      if ((c2 & 0xC0) != 0x80) return;
      const char32_t x = (static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F);
      if (Droppable(x)) return;
      const char32_t cp = Normalise(x);
      if (ClassOf(cp) != Cls::kOther) return;
      i_ += 2;
      gap.len += 1;
      gap.phone = gap.phone && PhoneGap(cp);
    }
  }

  // The first character of a word, where Next() would return it plainly (an
  // ASCII letter or digit, a two-byte Cyrillic letter of text or of a quoted
  // value): written normalised at `w` (the new end returned), its class and
  // offset set; else nullptr and nothing consumed.
  char* TakeWordStart(char* w, Cls& cls, size_t& off) {
    if ((in_tag_ && quote_ == 0) || i_ >= s_.size()) return nullptr;
    const unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c < 0x80) {
      const unsigned char l = c | 0x20;
      if (l >= 'a' && l <= 'z') cls = Cls::kLatin;
      else if (c >= '0' && c <= '9') cls = Cls::kDigit;
      else return nullptr;
      off = i_++;
      *w++ = static_cast<char>(cls == Cls::kLatin ? l : c);
      return w;
    }
    if ((c != 0xD0 && c != 0xD1) || i_ + 1 >= s_.size()) return nullptr;
    const unsigned char c2 = static_cast<unsigned char>(s_[i_ + 1]);
    if ((c2 & 0xC0) != 0x80) return nullptr;
    const char32_t x = Normalise((static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F));
    if (x < 0x430 || x > 0x44F) return nullptr;
    cls = Cls::kCyrillic;
    off = i_;
    i_ += 2;
    *w++ = static_cast<char>(0xC0 | (x >> 6));
    *w++ = static_cast<char>(0x80 | (x & 0x3F));
    return w;
  }

  // Whether the word just taken in a run (TakeCyrillicRun, TakeAsciiRun)
  // surely ends here: the text ends, or the next character cannot extend it
  // (any ASCII but a reference's '&' or an escape's '\\', which may decode
  // to a letter or a droppable character; UTF-8 that is not droppable).
  // `next`: the character as far as Tokenize's finish looks at it (a '.').
  bool WordEnds(char32_t& next) const {
    if (i_ >= s_.size()) {
      next = kGap;
      return true;
    }
    const unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c < 0x80) {
      next = c;
      return c != '&' && c != '\\';
    }
    const size_t len = Utf8SequenceAt(s_, i_);
    if (len == 0) return false;
    size_t j = i_;
    next = NextUtf8(s_, j);
    return !Droppable(next);
  }

  // The same for ASCII letters (lower-cased) or digits, as `digits` says.
  char* TakeAsciiRun(char* w, bool digits) {
    if (in_tag_ && quote_ == 0) return w;
    const char* const s = s_.data();
    const size_t n = s_.size();
    size_t i = i_;
    if (digits) {
      while (i < n && s[i] >= '0' && s[i] <= '9') *w++ = s[i++];
    } else {
      while (i < n) {
        char c = static_cast<char>(s[i] | 0x20);  // 'A'–'Z' → 'a'–'z'; '@' → '`', '[' → '{'…: not letters
        if (c < 'a' || c > 'z') break;
        *w++ = c;
        ++i;
      }
    }
    i_ = i;
    return w;
  }

 private:
  // The Cyrillic letters from byte `pos` on (TakeCyrillicRun's), written
  // normalised at `w`; `pos` advanced past them, the new end returned.
  __attribute__((always_inline)) char* CyrillicRun(char* w, size_t& pos) const {
    // In locals: the stores to `w` could alias the members.
    const char* const s = s_.data();
    const size_t n = s_.size();
    size_t i = pos;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16, w += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      const __m128i lead = _mm_and_si128(v, _mm_set1_epi16(0xFF)), cont = _mm_srli_epi16(v, 8);
      const __m128i ok = _mm_and_si128(_mm_cmpeq_epi16(_mm_and_si128(lead, _mm_set1_epi16(0xFE)), _mm_set1_epi16(0xD0)),
                                       _mm_cmpeq_epi16(_mm_and_si128(cont, _mm_set1_epi16(0xC0)), _mm_set1_epi16(0x80)));
      __m128i x = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(lead, _mm_set1_epi16(0x1F)), 6),
                               _mm_and_si128(cont, _mm_set1_epi16(0x3F)));
      // Normalise: А–Я → а–я, Ё and ё → е.
      const __m128i upper = _mm_and_si128(_mm_cmpgt_epi16(x, _mm_set1_epi16(0x40F)), _mm_cmplt_epi16(x, _mm_set1_epi16(0x430)));
      x = _mm_add_epi16(x, _mm_and_si128(upper, _mm_set1_epi16(0x20)));
      const __m128i yo = _mm_or_si128(_mm_cmpeq_epi16(x, _mm_set1_epi16(0x401)), _mm_cmpeq_epi16(x, _mm_set1_epi16(0x451)));
      x = _mm_or_si128(_mm_andnot_si128(yo, x), _mm_and_si128(yo, _mm_set1_epi16(0x435)));
      const __m128i letter = _mm_and_si128(_mm_cmpgt_epi16(x, _mm_set1_epi16(0x42F)), _mm_cmplt_epi16(x, _mm_set1_epi16(0x450)));
      const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(ok, letter)));
      const __m128i out = _mm_or_si128(_mm_or_si128(_mm_srli_epi16(x, 6), _mm_set1_epi16(0xC0)),
                                       _mm_slli_epi16(_mm_or_si128(_mm_and_si128(x, _mm_set1_epi16(0x3F)), _mm_set1_epi16(0x80)), 8));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), out);
      if (mask != 0xFFFF) {
        const size_t kept = static_cast<size_t>(__builtin_ctz(~mask)) & ~size_t{1};  // whole letters
        pos = i + kept;
        return w + kept;
      }
    }
#endif
    while (i + 1 < n) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c != 0xD0 && c != 0xD1) break;
      unsigned char c2 = static_cast<unsigned char>(s[i + 1]);
      if ((c2 & 0xC0) != 0x80) break;
      char32_t x = Normalise((static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F));
      if (x < 0x430 || x > 0x44F) break;  // not a Cyrillic letter (class kCyrillic)
      *w++ = static_cast<char>(0xC0 | (x >> 6));
      *w++ = static_cast<char>(0x80 | (x & 0x3F));
      i += 2;
    }
    pos = i;
    return w;
  }


  // A byte that is not UTF-8: noted; true when the decoder stops there.
  bool Invalid() {
    invalid_ = true;
    return stop_;
  }

  __attribute__((noinline)) bool NextSlow(char32_t& cp, size_t& off) {
    const size_t n = s_.size();
    while (i_ < n) {
      size_t at = i_;
      char c = s_[i_];
      // A plain ASCII character of text or of an attribute value.
      if (static_cast<unsigned char>(c) < 0x80 && c != '&' && c != '\\' &&
          (in_tag_ ? (quote_ != 0 && c != quote_) : c != '<')) {
        ++i_;
        cp = Normalise(static_cast<unsigned char>(c));
        saw_at_ = saw_at_ || c == '@';
        off = at;
        return true;
      }
      if (in_tag_ && !quote_) {
        // Skip a tag's name and attribute names up to '>' or a quote.
        static constexpr char kTagStops[] = "\"'>";
        while ((i_ = SkipAsciiUntil(s_, i_, kTagStops)) < n && s_[i_] != '"' && s_[i_] != '\'' && s_[i_] != '>') {
          size_t len = Utf8SequenceAt(s_, i_);
          if (len == 0 && Invalid()) return false;
          i_ += len ? len : 1;
        }
        if (i_ == n) return false;
        at = i_;
        c = s_[i_];
        ++i_;
        if (c == '"' || c == '\'') {
          quote_ = c;
          cp = kBreak;
        } else if (c == '>') {
          in_tag_ = false;
          cp = kGap;
        } else {
          continue;
        }
        off = at;
        return true;
      }
      if (in_tag_ && c == quote_) {
        quote_ = 0;
        ++i_;
        cp = kBreak;
        off = at;
        return true;
      }
      char32_t x;
      if (!in_tag_ && c == '<' && OpensTag(s_, i_)) {
        in_tag_ = true;
        ++i_;
        cp = kGap;
        off = at;
        return true;
      } else if (c == '&') {
        x = Entity(s_, i_);
        if (i_ - at > 1 && FirstInvalidUtf8(s_.substr(at, i_ - at)) != std::string_view::npos && Invalid())
          return false;
      } else if (c == '\\' && i_ + 1 < n) {
        // JSON and JavaScript string escapes.
        if (s_[i_ + 1] == 'u' && i_ + 5 < n && Hex(s_[i_ + 2]) >= 0 && Hex(s_[i_ + 3]) >= 0 &&
            Hex(s_[i_ + 4]) >= 0 && Hex(s_[i_ + 5]) >= 0) {
          x = (Hex(s_[i_ + 2]) << 12) | (Hex(s_[i_ + 3]) << 8) | (Hex(s_[i_ + 4]) << 4) | Hex(s_[i_ + 5]);
          i_ += 6;
        } else {
          x = kGap;
          i_ += std::strchr("nrtbf/\\\"'", s_[i_ + 1]) && s_[i_ + 1] ? 2 : 1;
        }
      } else {
        if (static_cast<unsigned char>(c) >= 0x80 && Utf8SequenceAt(s_, i_) == 0 && Invalid()) return false;
        x = NextUtf8(s_, i_);
      }
      if (Droppable(x)) continue;
      cp = Normalise(x);
      saw_at_ = saw_at_ || cp == U'@';
      off = at;
      return true;
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
  bool in_tag_ = false;
  char quote_ = 0;
  const bool stop_;
  bool invalid_ = false;
  bool saw_at_ = false;
};



// Writes `cp` as UTF-8 at `p`; returns the end. The scanner's hot loop
// (letters and digits are 1 or 2 bytes).
inline char* PutUtf8(char* p, char32_t cp) {
  if (cp < 0x80) {
    *p++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *p++ = static_cast<char>(0xC0 | (cp >> 6));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *p++ = static_cast<char>(0xE0 | (cp >> 12));
    *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *p++ = static_cast<char>(0xF0 | (cp >> 18));
    *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return p;
}

// FNV-1a of a word: the scanner's quick test whether a word may start a
// needle (PiiIndex::head_filter_) before the exact hash lookup.
inline uint64_t WordHash(std::string_view w) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : w) h = (h ^ c) * 1099511628211ull;
  return h;
}

// A word of the decoded text, as Tokenize passes it on. Its key (and, for
// numbers, the digits as written) are in the caller's arena and last only
// until the next word: no allocation per word.
struct Word {
  const char* key = nullptr;  // normalised word; numbers without leading zeros
  uint32_t key_len = 0;
  const char* digits = nullptr;  // numbers: the digits as written
  uint32_t digits_len = 0;
  size_t off = 0;      // byte offset in the original text
  size_t end = 0;      // byte offset just past it (past an initial's '.')
  uint64_t hash = 0;   // PiiIndex::WordHash of the key (of "x." for an initial)
  bool numeric = false;
  bool initial = false;      // hashed as an initial ("x.")
  bool after_break = false;  // an n-gram may not reach back over this word's start
  bool phone_join = false;   // only phone punctuation between this and the previous word
};

// What a text tokenized a segment at a time carries from one segment to the
// next: the gap since the last word, and whether there was one. A segment's
// first word takes its flags from it and the gap before it in the segment
// (`lead`); the others only from their own segment.
struct Carry {
  Gap gap;
  bool any = false;
  bool AfterBreak(const Gap& lead) const { return gap.brk || lead.brk; }
  bool PhoneJoin(const Gap& lead) const { return any && gap.Then(lead).Joins(); }
};

// A segment's gaps: before its first word (all of it when it has none) and
// after its last.
struct SegmentGaps {
  Gap lead, trail;
  bool words = false;
};

// Splits the decoded text into words: runs of Cyrillic letters, of Latin
// letters, of digits (after decoding and normalising); everything else is a
// gap. Calls `on_word(const Word&)` for each, in text order. Letters and
// digits that only extend the current word are taken in runs. `carry`: what
// the text before this piece of it left (see Carry); updated. A Cyrillic
// word is hashed by its stem (CyrillicStem); an initial (one letter written
// upper-case, a '.' right after it) as the letter and the '.'.
template <class OnWord>
SegmentGaps Tokenize(Decoder& dec, size_t text_size, std::string& arena, Carry& carry, OnWord&& on_word,
                     bool fast = true) {
  Gap gap;  // since the last word, or the start
  bool first = true;
  SegmentGaps out;
  Cls cur = Cls::kOther;
  Word t;
  // Words hold only ASCII letters and digits and Cyrillic letters (1 or 2
  // bytes), each written from at least as many source bytes (a reference or
  // an escape is longer), so a word never outgrows the text. Each word is
  // written from the arena's start. 16 bytes of slack: a word's hash reads 8
  // bytes past its last block.
  if (arena.size() < text_size + 16) arena.resize(text_size + 16);
  char* const base = arena.data();
  char* w = base;
  const std::string_view text = dec.text();
  // `next`, `next_off`: the character that ended the word and where.
  auto finish = [&](Cls cls, char32_t next, size_t next_off) __attribute__((always_inline)) {
    uint32_t len = static_cast<uint32_t>(w - base);
    const char* key = base;
    t.digits = base;
    t.digits_len = len;
    t.end = next_off;
    if (t.numeric)
      for (; len > 1 && *key == '0'; ++key) --len;  // "000" → "0"
    t.key = key;
    t.key_len = len;
    // One hash of `hashed` bytes from the key: an initial with its '.'
    // (the arena has slack past the word), a Cyrillic word's stem with its
    // fleeting vowel, if any, moved out for the hash and put back after.
    size_t hashed = len;
    char* fleeting = nullptr;
    char saved[2];
    if (next == U'.' && len == (cls == Cls::kCyrillic ? 2u : 1u) && !t.numeric && UpperAt(text, t.off)) {
      base[len] = '.';
      hashed = len + 1;
      ++t.end;
      t.initial = true;
    } else if (cls == Cls::kCyrillic) {
      const StemCut c = CyrillicStem(base, len);
      hashed = c.len;
      if (c.drop != kNoDrop) {
        fleeting = base + c.drop;
        saved[0] = fleeting[0];
        saved[1] = fleeting[1];
        fleeting[0] = fleeting[2];
        fleeting[1] = fleeting[3];
        hashed -= 2;
      }
    }
    t.hash = PiiIndex::KeyHashOf(key, hashed, true);
    if (fleeting) {
      fleeting[0] = saved[0];
      fleeting[1] = saved[1];
    }
    on_word(static_cast<const Word&>(t));
    w = base;
  };
  auto take_run = [&](Cls cls) {
    if (cls == Cls::kCyrillic) w = dec.TakeCyrillicRun(w);
    else w = dec.TakeAsciiRun(w, cls == Cls::kDigit);
  };
  // A word of class `cls` begins at `off`: its flags from the gap before it
  // (flags); with its first character already at w, the rest of its run
  // taken (begin).
  auto flags = [&](Cls cls, size_t off) __attribute__((always_inline)) {
    // (Every other field is set by finish, before the word is passed on.)
    t.initial = false;
    t.off = off;
    if (first) [[unlikely]] {
      out.lead = gap;
      t.after_break = carry.AfterBreak(gap);
      t.phone_join = carry.PhoneJoin(gap);
      first = false;
    } else {
      t.after_break = gap.brk;
      t.phone_join = gap.Joins();
    }
    t.numeric = cls == Cls::kDigit;
    gap = Gap();
  };
  auto begin = [&](Cls cls, size_t off) {
    flags(cls, off);
    take_run(cls);
  };
  char32_t cp;
  size_t off;
  for (;;) {
    // The fast path between words: gaps, tags and whole words that surely
    // end where their run ends are taken without Next(); what is left (a
    // reference, an escape, a droppable character, other UTF-8, a byte
    // that is not UTF-8, an '@') goes through Next() below, as all did.
    while (fast && cur == Cls::kOther) {
      dec.TakeGaps(gap);
      Cls cls = Cls::kCyrillic;
      if (char* const word = dec.TakeCyrillicWord(w, off)) {
        w = word;
        flags(cls, off);
      } else {
        char* const started = dec.TakeWordStart(w, cls, off);
        if (!started) break;
        w = started;
        begin(cls, off);
      }
      cur = cls;
      if (!dec.WordEnds(cp)) break;
      finish(cur, cp, dec.position());
      cur = Cls::kOther;
    }
    if (!dec.Next(cp, off)) break;
    Cls cls = ClassOf(cp);
    if (cls == cur && cls != Cls::kOther) {
      w = PutUtf8(w, cp);
      take_run(cls);
      continue;
    }
    if (cur != Cls::kOther) finish(cur, cp, off);
    cur = cls;
    if (cls == Cls::kOther) {
      if (cp == kBreak) gap.brk = true;
      gap.phone = gap.phone && PhoneGap(cp);
      gap.len += 1 + dec.TakeGapRun(gap.phone);
      continue;
    }
    w = PutUtf8(w, cp);
    begin(cls, off);
  }
  if (cur != Cls::kOther) finish(cur, kGap, text_size);
  if (first) {
    out.lead = gap;
    carry.gap = carry.gap.Then(gap);
  } else {
    out.words = true;
    out.trail = gap;
    carry = Carry{gap, true};
  }
  return out;
}


std::string NormalEmail(std::string_view text) {
  Decoder d(text);
  std::string out;
  char32_t c;
  size_t off;
  while (d.Next(c, off))
    if (c != kGap) AppendUtf8(out, c);
  return out;
}

std::string LastTenDigits(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9') digits += c;
  return digits.size() >= 10 ? digits.substr(digits.size() - 10) : std::string();
}

}  // namespace

uint64_t PiiIndex::WordHash(std::string_view w) {
  const unsigned char c = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
  if ((c != 0xD0 && c != 0xD1) || w.back() == '.') return KeyHash(w);  // not a Cyrillic word; an initial
  const StemCut cut = CyrillicStem(w.data(), w.size());
  if (cut.drop == kNoDrop) return KeyHash(w.substr(0, cut.len));
  std::string stem(w.substr(0, cut.len));  // short: no allocation
  stem.erase(cut.drop, 2);
  return KeyHash(stem);
}

std::vector<std::string> PiiWords(std::string_view text) {
  std::string arena;
  Decoder dec(text);
  std::vector<std::string> out;
  Carry carry;
  Tokenize(dec, text.size(), arena, carry, [&](const Word& w) { out.emplace_back(w.key, w.key_len); });
  return out;
}

namespace {

// The ways a full name is written, in fixed slots (kShortForms…):
// «Фамилия Имя», «Имя Фамилия», «Фамилия Имя Отчество», «Имя Отчество
// Фамилия», and with initials «Фамилия И. О.» and «И. О. Фамилия» (both
// initials when the registry has a patronymic: «Иванова А.» alone is too
// often someone else — an official signing an order — to stop a build for;
// without a patronymic, «Фамилия И.» and «И. Фамилия»; the last slot repeats
// the one before). Words are compared by their stems
// (PiiIndex::WordHash), so each form also stands for its declined forms
// («Ивановым Петром», «Иванову П.»). Without a patronymic the forms with it
// repeat the ones without (the same needles). The first two already match
// inside «Фамилия Имя Отчество»; that one matters only when a short form is
// shared with a published mentor (see PublishedGrams).
constexpr size_t kShortForms = 2, kLongForm = 2, kWrittenForms = 4, kNameForms = 7;
// The initial of a name as the scanner hashes it ("x."; words are ASCII or
// Cyrillic letters: 1 or 2 bytes); none for no name.
std::vector<std::string> Initial(const std::vector<std::string>& words) {
  if (words.empty()) return {};
  const std::string& w = words.front();
  return {w.substr(0, static_cast<unsigned char>(w[0]) < 0x80 ? 1 : 2) + "."};
}
std::vector<std::vector<std::string>> NameForms(const Participant& p) {
  std::vector<std::string> s = PiiWords(p.surname), n = PiiWords(p.name), pt = PiiWords(p.patronymic);
  if (s.empty() || n.empty()) return {};
  const std::vector<std::string> ni = Initial(n), pi = Initial(pt);
  auto cat = [](std::initializer_list<const std::vector<std::string>*> parts) {
    std::vector<std::string> out;
    for (auto* part : parts) out.insert(out.end(), part->begin(), part->end());
    return out;
  };
  return {cat({&s, &n}),       cat({&n, &s}),        cat({&s, &n, &pt}), cat({&n, &pt, &s}),
          cat({&s, &ni, &pi}), cat({&ni, &pi, &s}), cat({&ni, &pi, &s})};
}

// The GramHash and the NameKey of each of NameForms' slots and its word
// count, each word hashed once (a million rows are gathered): false when p
// has no surname or name.
struct NameKeys {
  uint64_t key[kNameForms];   // GramHash
  uint64_t name[kNameForms];  // NameKey
  size_t words[kNameForms];
  uint64_t heads[3];  // the forms begin with the surname, the name or its initial
  bool AnyShort(const FlatHashMap64<uint64_t>& published) const {
    for (size_t k = 0; k < kShortForms; ++k)
      if (published.Contains(key[k])) return true;
    return false;
  }
};
// NameFormKeys' buffers, reused from row to row (a million rows are
// gathered): nothing is allocated per row once they have grown.
struct NameScratch {
  std::string arena;  // Tokenize's
  std::vector<uint64_t> s, n, pt;
  std::vector<std::pair<uint64_t, bool>> form;  // a form's words: WordHash, initial
};
// The WordHash of each word of `text` as PiiWords gives it, into `out`; the
// KeyHash of its first word's initial ("x.", as Initial writes it) into
// `*initial` when there is a word.
void PiiWordHashes(std::string_view text, std::string& arena, std::vector<uint64_t>& out, uint64_t* initial) {
  out.clear();
  if (text.empty()) return;
  Decoder dec(text);
  Carry carry;  // (a whole text: nothing carried)
  Tokenize(dec, text.size(), arena, carry, [&](const Word& w) {
    const std::string_view key(w.key, w.key_len);
    if (out.empty() && initial) {
      char buf[3];
      const size_t len = static_cast<unsigned char>(key[0]) < 0x80 ? 1 : 2;
      std::memcpy(buf, key.data(), len);
      buf[len] = '.';
      *initial = PiiIndex::KeyHash(std::string_view(buf, len + 1));
    }
    // The tokenizer's hash is WordHash(key) but for a letter it took for an
    // initial ("x." in the text).
    out.push_back(w.initial ? PiiIndex::WordHash(key) : w.hash);
  });
}
bool NameFormKeys(const Participant& p, NameKeys& out, NameScratch& w) {
  struct Part {
    const uint64_t* hashes;
    size_t size;
    bool initial;
  };
  uint64_t name_initial = 0, patronymic_initial = 0;
  PiiWordHashes(p.surname, w.arena, w.s, nullptr);
  PiiWordHashes(p.name, w.arena, w.n, &name_initial);
  if (w.s.empty() || w.n.empty()) return false;
  PiiWordHashes(p.patronymic, w.arena, w.pt, &patronymic_initial);
  const Part s{w.s.data(), w.s.size(), false}, n{w.n.data(), w.n.size(), false},
      pt{w.pt.data(), w.pt.size(), false};
  const Part ni{&name_initial, 1, true}, pi{&patronymic_initial, w.pt.empty() ? size_t{0} : size_t{1}, true};
  out.heads[0] = s.hashes[0];
  out.heads[1] = n.hashes[0];
  out.heads[2] = ni.hashes[0];
  const Part* slots[kNameForms][3] = {{&s, &n, nullptr}, {&n, &s, nullptr}, {&s, &n, &pt}, {&n, &pt, &s},
                                      {&s, &ni, &pi},    {&ni, &pi, &s},    {&ni, &pi, &s}};
  std::vector<std::pair<uint64_t, bool>>& form = w.form;
  for (size_t k = 0; k < kNameForms; ++k) {
    form.clear();
    uint64_t h = 0;
    for (const Part* part : slots[k])
      if (part)
        for (size_t j = 0; j < part->size; ++j) {
          const uint64_t word = part->hashes[j];
          h = form.empty() ? word : PiiIndex::Extend(h, word);
          form.emplace_back(word, part->initial);
        }
    out.key[k] = h;
    out.name[k] = PiiIndex::NameKey(form.size(), h, [&](size_t j) { return form[j].first; },
                                    [&](size_t j) { return form[j].second; });
    out.words[k] = form.size();
  }
  return true;
}

}  // namespace

bool IsRegistryNameForm(const Participant& p, std::string_view found) {
  const std::vector<std::string> words = PiiWords(found);
  const auto forms = NameForms(p);
  for (size_t k = 0; k < forms.size() && k < kWrittenForms; ++k)
    if (forms[k] == words) return true;
  return false;
}

namespace {

// Whose names are needles: mentees and pupils.
bool IsNeedleName(const Participant& p) { return !p.IsMentor() || p.category == "обучающийся"; }

// Every run of two or more words inside the ways a published mentor's name is
// written: a needle equal to one of them would fire on the mentor.
void PublishedGrams(const Participant& p, std::set<std::string>& out) {
  for (const auto& form : NameForms(p))
    for (size_t b = 0; b < form.size(); ++b)
      for (size_t e = b + 2; e <= form.size(); ++e)
        out.insert(Join(std::vector<std::string>(form.begin() + b, form.begin() + e), " "));
  // A mentor who may be named may also be written with one initial
  // («И. Белова»), which is a mentee's form when the mentee has no patronymic.
  const std::vector<std::string> s = PiiWords(p.surname), ni = Initial(PiiWords(p.name));
  if (s.empty() || ni.empty()) return;
  out.insert(Join(s, " ") + " " + ni[0]);
  out.insert(ni[0] + " " + Join(s, " "));
}

}  // namespace

PiiIndex::PiiIndex(const PeopleRegistry& people, std::string_view site_address, Date today)
    : PiiIndex(people.participants,
               // (kept by the index: the registry's address, not the reference)
               [all = &people.participants](const std::function<void(const Participant&)>& fn) {
                 for (const auto& p : *all) fn(p);
               },
               site_address, today, nullptr) {
  all_ = &people.participants;
}

void PiiNeedles::AddLength(size_t words) {
  std::vector<size_t>& lengths = tables_->lengths;
  if (std::find(lengths.begin(), lengths.end(), words) == lengths.end()) {
    lengths.push_back(words);
    std::sort(lengths.begin(), lengths.end());
  }
}

void PiiNeedles::AddGram(const uint64_t* words, size_t n, Needle needle) {
  if (n < 2) return;
  uint64_t gram = words[0];  // as PiiIndex::GramHash
  for (size_t k = 1; k < n; ++k) gram = PiiIndex::Extend(gram, words[k]);
  if (!tables_->words.Emplace(gram, needle).second) return;  // the first row keeps it
  tables_->heads.Insert(words[0]);
  AddLength(n);
}

namespace {

// The WordHash of a number as a date is written ("7", "2011").
uint64_t NumberHash(int v) {
  char buf[16];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return PiiIndex::KeyHash(std::string_view(buf, static_cast<size_t>(end - buf)));
}

// The WordHash of a month's name in the genitive («мая»).
uint64_t MonthHash(int month) {
  static const std::array<uint64_t, 13> kHashes = [] {
    std::array<uint64_t, 13> h{};
    for (int m = 1; m <= 12; ++m) h[static_cast<size_t>(m)] = PiiIndex::WordHash(MonthGenitive(m));
    return h;
  }();
  if (month >= 1 && month <= 12) return kHashes[static_cast<size_t>(month)];
  return PiiIndex::WordHash(MonthGenitive(month));
}

}  // namespace

namespace {

// The memo key of a name: its parts with their lengths (so that no two
// names share one).
const std::string& NameMemoKey(const Participant& p, std::string& key) {
  key.clear();
  for (const std::string* part : {&p.surname, &p.name, &p.patronymic}) {
    key.push_back(static_cast<char>(std::min<size_t>(part->size(), 255)));
    key.append(*part);
  }
  return key;
}

// A birth date's bit in PiiNeedles::Memo::dates, or -1 outside 1900-2099.
long DateBit(const Date& d) {
  if (d.year < 1900 || d.year >= 2100 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return -1;
  return (d.year - 1900) * 372L + (d.month - 1) * 31L + (d.day - 1);
}

}  // namespace

void PiiNeedles::Add(const Participant& p) {
  thread_local NameScratch scratch;
  const uint32_t i = static_cast<uint32_t>(count_++);
  if (!memo_) memo_ = std::make_unique<Memo>();
  if (IsNeedleName(p)) {
    NameKeys forms;
    Memo& m = *memo_;
    if (m.names_on && m.name_lookups >= 8192 && m.name_hits * 4 < m.name_lookups) {
      m.names_on = false;
      m.names.Clear();
    }
    const std::string& memo_key = m.names_on ? NameMemoKey(p, m.key) : m.key;
    const uint8_t* added = m.names_on ? m.names.Find(memo_key) : nullptr;
    m.name_lookups += m.names_on;
    m.name_hits += added != nullptr;
    if (added) {
      // Seen: every key is in the tables already, with an earlier row.
      if (*added) {
        name_forms_ += *added;
        heads_added_ += 3;
      }
    } else if (!NameFormKeys(p, forms, scratch)) {
      if (m.names_on) m.names.Put(memo_key, 0);
    } else {
      // Rows come in registry order: the first row that gives a text keeps
      // it. A key is added once a row (the orders of a name share one).
      uint64_t added[kNameForms];
      size_t count = 0;
      for (size_t k = 0; k < kNameForms; ++k) {
        AddLength(forms.words[k]);
        if (k == kLongForm || std::find(added, added + count, forms.name[k]) != added + count) continue;
        tables_->names.Insert(forms.name[k]);
        added[count++] = forms.name[k];
      }
      for (uint64_t head : forms.heads) tables_->heads.Insert(head);
      name_forms_ += count;
      heads_added_ += 3;
      if (m.names_on) m.names.Put(memo_key, static_cast<uint8_t>(count));
    }
  }
  const long bit = p.birth_date ? DateBit(*p.birth_date) : -1;
  std::vector<uint64_t>& dates = memo_->dates;
  if (bit >= 0 && dates.empty()) dates.assign((200 * 372 + 63) / 64, 0);
  if (bit >= 0 && (dates[bit / 64] >> (bit % 64) & 1)) {
    // Its grams are in the tables already, with an earlier row.
  } else if (p.birth_date) {
    if (bit >= 0) dates[bit / 64] |= uint64_t{1} << (bit % 64);
    const Date& b = *p.birth_date;
    const uint64_t d = NumberHash(b.day), m = NumberHash(b.month), y = NumberHash(b.year);
    const uint64_t dmy[3] = {d, m, y}, ymd[3] = {y, m, d}, named[3] = {d, MonthHash(b.month), y};
    AddGram(dmy, 3, {i, PiiKind::kBirthDate});
    AddGram(ymd, 3, {i, PiiKind::kBirthDate});
    AddGram(named, 3, {i, PiiKind::kBirthDate});
  }
  std::string phone = LastTenDigits(p.phone);
  if (!phone.empty()) tables_->phones.Add(PiiIndex::KeyHash(phone), Needle{i, PiiKind::kPhone});
  std::string email = NormalEmail(p.email);
  if (email.find('@') != std::string::npos) tables_->emails.Add(PiiIndex::KeyHash(email), Needle{i, PiiKind::kEmail});
  contacts_ += !phone.empty() + (email.find('@') != std::string::npos);
}

void PiiNeedles::Reserve(size_t rows) {
  if (count_ == 0 || rows <= count_) return;
  // Rows like the ones so far: as many entries per row, at most (the
  // tables drop repeats as they go, so a registry of few distinct names
  // never fills what is reserved, and untouched capacity costs no memory).
  auto scaled = [&](size_t added) { return added / count_ * rows + (added % count_) * rows / count_; };
  tables_->names.Reserve(scaled(name_forms_));
  tables_->heads.Reserve(scaled(heads_added_));
  tables_->phones.Reserve(scaled(contacts_));
  tables_->emails.Reserve(scaled(contacts_));
}

PiiIndex::PiiIndex(const std::vector<Participant>& may_be_named, const ParticipantSource& everyone,
                   std::string_view site_address, Date today, std::function<Participant(size_t)> load)
    : PiiIndex(may_be_named,
               [&] {
                 PiiNeedles needles;
                 everyone([&](const Participant& p) { needles.Add(p); });
                 return needles;
               }(),
               everyone, site_address, today, std::move(load)) {}

PiiIndex::PiiIndex(const std::vector<Participant>& may_be_named, const PiiNeedles& needles,
                   const ParticipantSource& everyone, std::string_view site_address, Date today,
                   std::function<Participant(size_t)> load)
    : load_(std::move(load)), everyone_(everyone), t_(needles.tables_) {
  needles.tables_->Freeze();  // no more Add (see PiiNeedles::Add)
  std::set<std::string> published_text;
  for (const auto& p : may_be_named)
    if (CheckConsent(p, site_address, today) == ConsentStatus::kPublishable)
      PublishedGrams(p, published_text);
  FlatHashMap64<uint64_t> published;  // GramHash → NameKey
  for (const auto& gram : published_text) {
    const Keys keys = KeysOf(Split(gram, ' '));  // words have no spaces
    published.Emplace(keys.gram, keys.name);
  }
  // A name form is a needle unless it is a published mentor's; each text
  // keeps the first row that gives it, as if rows were added in registry
  // order after every date (name and date needles never share a text).
  // The gathered names hold the forms every row gives; what a published
  // mentor changes goes to overrides_ (a few entries: namesakes).
  published.ForEach([&](uint64_t gram, uint64_t name) {
    if (t_->names.Contains(name)) overrides_.Emplace(gram, Needle{0, PiiKind::kPhone});  // left out
  });
  // «Фамилия Имя Отчество» contains «Фамилия Имя»: it only adds something
  // when the short forms are left out as a published mentor's.
  // Only then is the registry walked again, for the rows whose short form
  // is left out.
  if (!overrides_.empty() && everyone) {
    struct LongForm {
      uint64_t gram, name;
      uint32_t row;
    };
    std::vector<LongForm> long_forms;  // set after the walk: SetName may walk the registry itself
    uint32_t i = 0;
    NameScratch scratch;
    everyone([&](const Participant& p) {
      const uint32_t row = i++;
      if (!IsNeedleName(p)) return;
      NameKeys forms;
      if (!NameFormKeys(p, forms, scratch)) return;
      if (!published.Contains(forms.key[kLongForm]) && forms.AnyShort(published))
        long_forms.push_back({forms.key[kLongForm], forms.name[kLongForm], row});
    });
    for (const LongForm& f : long_forms) SetName(f.gram, f.name, f.row);
  }
  BuildHeadFilter();
}

uint32_t PiiIndex::FirstRowOf(uint64_t name) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = first_rows_.find(name); it != first_rows_.end()) return it->second;
  // The rows that give a name form, as PiiNeedles::Add keys them: the first
  // one that gives this key is the row the tables would have kept.
  uint32_t first = 0, i = 0;
  bool found = false;
  NameScratch scratch;
  if (everyone_)
    everyone_([&](const Participant& p) {
      const uint32_t row = i++;
      if (found || !IsNeedleName(p)) return;
      NameKeys forms;
      if (!NameFormKeys(p, forms, scratch)) return;
      for (size_t k = 0; k < kNameForms && !found; ++k)
        if (k != kLongForm && forms.name[k] == name) first = row, found = true;
    });
  first_rows_.emplace(name, first);
  return first;
}

void PiiIndex::SetName(uint64_t gram, uint64_t name, uint32_t person) {
  // Whatever order the long forms are walked in, the first row wins.
  if (t_->words.Contains(gram)) return;  // a date's
  if (t_->names.Contains(name)) person = std::min(person, FirstRowOf(name));
  auto [have, added] = overrides_.Emplace(gram, Needle{person, PiiKind::kName});
  if (!added) have->person = std::min(have->person, person);
}

size_t PiiIndex::needle_count() const {
  // The entries of the lookup tables (a name's orders share one; a name
  // form left out or changed by a published mentor's name counts too).
  return t_->words.size() + t_->names.size() + overrides_.size() + t_->phones.size() + t_->emails.size();
}

const Participant& PiiIndex::person(size_t i) const {
  if (all_) return (*all_)[i];
  std::lock_guard<std::mutex> lock(mu_);
  auto it = loaded_.find(i);
  if (it == loaded_.end()) it = loaded_.emplace(i, load_ ? load_(i) : Participant{}).first;
  return it->second;
}

void PiiIndex::BuildHeadFilter() {
  uint64_t bits = uint64_t{1} << 16;
  while (bits < 8 * t_->heads.size()) bits <<= 1;
  head_mask_ = bits - 1;
  head_filter_.assign(bits / 64, 0);
  t_->heads.ForEach([&](uint64_t head) {
    uint64_t h = head & head_mask_;
    head_filter_[h >> 6] |= uint64_t{1} << (h & 63);
  });
}

namespace {

// Where a segment of a text scanned with a memo ends: after a line break (or
// at the text's end), so that no word, entity, escape or UTF-8 sequence
// spans two segments (a line break is none of these, and a gap wherever it
// stands), and the scanner's state at the edge is the decoder's (a tag, a
// quoted value: part of the memo's key) and the tokenizer's Carry. The
// decoder of a segment sees only its bytes, so a segment also ends only
// where nothing the decoder looks ahead for lies past it: a '<' is a tag
// only when a '>' follows (OpensTag), an '&' starts a reference only when a
// ';' follows within 10 bytes (Entity). Else the segment takes the next line
// too.
inline size_t LineEnd(std::string_view text, size_t pos) {
  const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
}

// Whether the decoder of text[seg, end) could look past `end` (had the text
// gone on), the line [line, end) its last; `open` (whether a '<' without a
// '>' after it is in the segment so far) updated, so each line is read once.
inline bool LooksPast(std::string_view text, size_t seg, size_t line, size_t end, bool& open) {
  const char* p = text.data();
  if (const void* lt = memrchr(p + line, '<', end - line)) {
    const char* after = static_cast<const char*>(lt) + 1;
    open = std::memchr(after, '>', static_cast<size_t>(p + end - after)) == nullptr;
  } else if (std::memchr(p + line, '>', end - line)) {
    open = false;
  }
  const size_t tail = std::max(seg, end > 11 ? end - 11 : 0);
  return open || std::memchr(p + tail, '&', end - tail) != nullptr;
}

inline PiiScanMemo::Key SegmentKey(std::string_view bytes, uint8_t state) {
  const Hasher::Digest d = Hasher().Add(uint64_t{state}).Add(bytes).Value();
  return {d.lo, d.hi};
}

inline uint8_t PackGap(const Gap& g) {
  return static_cast<uint8_t>(std::min<size_t>(g.len, 4) | (g.phone ? 8 : 0) | (g.brk ? 16 : 0));
}
inline Gap UnpackGap(uint8_t b) { return Gap{static_cast<size_t>(b & 7), (b & 8) != 0, (b & 16) != 0}; }

}  // namespace

PiiScanMemo::PiiScanMemo(const PiiIndex& index, size_t slots) : index_(&index) {
  const size_t longest = index.LongestGram();
  edge_ = longest > 0 ? longest - 1 : 0;
  per_entry_ = std::min<size_t>(std::max<size_t>(4, 2 * edge_), 255);  // Entry::kept
  size_t n = 1;
  while (n < slots) n <<= 1;
  entries_.resize(n);
  words_.resize(n * per_entry_);
}

bool PiiIndex::ScanText(std::string_view text, std::vector<PiiHit>& hits, bool utf8_only, PiiScanMemo* memo) const {
  // The last words (a ring as long as the longest n-gram): an n-gram is
  // looked up when its last word arrives, so no list of words is kept.
  struct Recent {
    uint64_t hash;
    size_t off, end;
    bool after_break, head, initial;
  };
  // A number, for the phones: `seq` is its place among all words.
  struct Number {
    size_t seq, off, at, len;  // the digits as written: digits[at, at + len)
    bool phone_join;
  };
  using MemoWord = PiiScanMemo::Word;
  if (memo && memo->index_ != this) memo = nullptr;  // its entries are another index's
  // Buffers reused from one text to the next on each thread.
  thread_local std::string tl_arena, tl_digits, tl_run, tl_left, tl_email;
  thread_local std::vector<Recent> tl_recent;
  thread_local std::vector<Number> tl_numbers;
  thread_local std::vector<MemoWord> tl_segment;
  std::string &digits = tl_digits, &run = tl_run, &left = tl_left, &email = tl_email;
  std::vector<Number>& numbers = tl_numbers;
  std::vector<PiiHit> found;

  const std::vector<size_t>& lengths = t_->lengths;
  const size_t longest = LongestGram();
  size_t ring = 1;
  while (ring < longest) ring <<= 1;
  std::vector<Recent>& recent = tl_recent;
  if (recent.size() < ring) recent.resize(ring);
  const size_t mask = ring - 1;
  const bool want_phones = !t_->phones.empty();
  numbers.clear();
  digits.clear();
  size_t k = 0;                      // words so far
  size_t since_head = longest + 1;   // words since the last head (+1)
  size_t segment_k = 0;              // the first word of the current segment
  bool inner_hit = false;            // a match wholly inside the current segment
  bool saw_at = false;

  // Word k into the ring; the n-grams it ends looked up when `look`.
  auto feed = [&](const Recent& r, bool look) __attribute__((always_inline)) {
    const uint64_t h = r.hash & head_mask_;
    // Most words are rejected by the filter without probing the heads.
    const bool head = (head_filter_[h >> 6] >> (h & 63) & 1) && t_->heads.Contains(r.hash);
    Recent& slot = recent[k & mask];
    slot = r;
    slot.head = head;
    ++k;
    since_head = head ? 1 : since_head + 1;
    if (!look || since_head > longest) return;
    for (size_t n : lengths) {
      if (n > k) break;
      const size_t start = k - n;
      const Recent& first = recent[start & mask];
      if (!first.head) continue;
      uint64_t gram = first.hash;
      bool broken = false;
      for (size_t j = start + 1; j < k && !broken; ++j) {
        broken = recent[j & mask].after_break;
        gram = Extend(gram, recent[j & mask].hash);
      }
      if (broken) continue;
      const uint64_t name = NameKey(n, gram, [&](size_t j) { return recent[(start + j) & mask].hash; },
                                    [&](size_t j) { return recent[(start + j) & mask].initial; });
      Needle w;
      if (Find(gram, name, w)) {
        found.push_back({w.person, w.kind, first.off, r.end - first.off});
        inner_hit = inner_hit || start >= segment_k;
      }
    }
  };
  // The last word fed, a number.
  auto number = [&](size_t off, const char* d, size_t len, bool phone_join) {
    numbers.push_back({k - 1, off, digits.size(), len, phone_join});
    digits.append(d, len);
  };
  // Phones: runs of numbers[from, to) with only a little phone punctuation
  // between them, of 10 or 11 digits (the last 10 compared).
  auto phones = [&](size_t from, size_t to, auto&& on_phone) {
    for (size_t i = from; i < to; ++i) {
      run.clear();
      for (size_t j = i; j < to; ++j) {
        if (j > i && !(numbers[j].seq == numbers[j - 1].seq + 1 && numbers[j].phone_join)) break;
        run.append(digits, numbers[j].at, numbers[j].len);
        if (run.size() > 11) break;
        if (run.size() < 10) continue;
        if (const Needle* n = t_->phones.Find(KeyHash(std::string_view(run).substr(run.size() - 10)))) {
          on_phone(*n, numbers[i].off);
          i = j;
          break;
        }
      }
    }
  };

  Decoder::State at;  // the decoder's, where the next segment starts
  Carry carry;        // the tokenizer's
  std::vector<MemoWord>& segment = tl_segment;

  // Decodes and scans text[pos, end) as the piece of the text it is; with
  // `key`, keeps it in the memo if it had no match of its own. False: the
  // text is not UTF-8 (with utf8_only).
  auto scan = [&](size_t pos, size_t end, const PiiScanMemo::Key* key) {
    Decoder dec(text.substr(pos, end - pos), utf8_only, at);
    segment_k = k;
    inner_hit = false;
    const size_t first_number = numbers.size();
    segment.clear();
    const SegmentGaps gaps = Tokenize(dec, end - pos, tl_arena, carry, [&](const Word& wd) __attribute__((always_inline)) {
      feed(Recent{wd.hash, pos + wd.off, pos + wd.end, wd.after_break, false, wd.initial}, true);
      if (want_phones && wd.numeric) number(pos + wd.off, wd.digits, wd.digits_len, wd.phone_join);
      if (!key) return;
      MemoWord m{wd.hash, static_cast<uint32_t>(wd.off), static_cast<uint32_t>(wd.end),
                 static_cast<uint32_t>(k - 1 - segment_k),
                 static_cast<uint8_t>((wd.initial ? PiiScanMemo::kInitial : 0) |
                                      (wd.after_break ? PiiScanMemo::kAfterBreak : 0) |
                                      (wd.phone_join ? PiiScanMemo::kPhoneJoin : 0) |
                                      (wd.numeric ? PiiScanMemo::kNumeric : 0) |
                                      (recent[(k - 1) & mask].head ? PiiScanMemo::kHead : 0)),
                 0, 0};
      if (wd.numeric) {
        m.digits_len = static_cast<uint8_t>(std::min<size_t>(wd.digits_len, 12));
        for (size_t i = 0; i < wd.digits_len && i < 11; ++i) m.digits |= uint64_t(wd.digits[i] - '0') << (4 * i);
      }
      segment.push_back(m);
    }, fast_path_);
    saw_at = saw_at || dec.saw_at();
    at = dec.state();
    if (dec.invalid() && utf8_only) return false;
    if (!key || dec.invalid() || inner_hit || end - pos > UINT32_MAX) return true;
    bool phone = false;
    if (want_phones) phones(first_number, numbers.size(), [&](const Needle&, size_t) { phone = true; });
    if (phone) return true;
    // Kept: the first and last memo->edge_ words (an n-gram across an edge
    // reaches no further) and the numbers at either end a phone across an
    // edge could take (up to 11 digits).
    const size_t m = segment.size();
    size_t lead = std::min(m, memo->edge_), trail = lead;
    // The numbers of a run that may be one phone (at most 11 digits, joined
    // by phone punctuation: `links(i)`, the flag of the later of words i
    // and i + 1 in the run) from one end of the segment: `at_(i)`, word i from it.
    auto numbers_at_end = [&](auto&& at_, auto&& link) {
      size_t n = 0, sum = 0;
      for (; n < m && (at_(n).flags & PiiScanMemo::kNumeric); ++n) {
        if (n > 0 && !(link(n) & PiiScanMemo::kPhoneJoin)) break;
        if ((sum += at_(n).digits_len) > 11) break;
      }
      return n;
    };
    lead = std::max(lead, numbers_at_end([&](size_t i) -> const MemoWord& { return segment[i]; },
                                         [&](size_t i) { return segment[i].flags; }));
    trail = std::max(trail, numbers_at_end([&](size_t i) -> const MemoWord& { return segment[m - 1 - i]; },
                                           [&](size_t i) { return segment[m - i].flags; }));
    if (lead + trail >= m) lead = m, trail = 0;
    if (lead + trail > memo->per_entry_) return true;
    PiiScanMemo::Entry& e = memo->Slot(*key);
    e = PiiScanMemo::Entry{key->lo, key->hi, static_cast<uint32_t>(end - pos), static_cast<uint32_t>(m),
                           static_cast<uint8_t>(lead + trail), at.Code(), PackGap(gaps.lead), PackGap(gaps.trail),
                           dec.saw_at(), false};
    MemoWord* kept = memo->WordsOf(e);
    std::copy(segment.begin(), segment.begin() + lead, kept);
    std::copy(segment.end() - trail, segment.end(), kept + lead);
    for (size_t i = 0; i < lead + trail; ++i) e.heads = e.heads || (kept[i].flags & PiiScanMemo::kHead);
    return true;
  };

  // A segment the memo knows clean: only its kept words are fed, and only
  // its first ones look n-grams up (those that start before it); the words
  // between are skipped (counted).
  auto replay = [&](size_t pos, const PiiScanMemo::Entry& e, const MemoWord* kept) {
    const size_t k0 = k;
    segment_k = k0;
    const Gap lead = UnpackGap(e.lead);
    // No n-gram reaches into the segment from before it (the last head is
    // too far back) and none of its kept words is a head, so none of its
    // words is looked up, now or later: they are only counted (their slots
    // in the ring marked no head, so that no later n-gram starts there);
    // its numbers still go to the phones.
    const bool counted = !e.heads && since_head >= longest;
    for (size_t i = 0; i < e.kept; ++i) {
      const MemoWord& w = kept[i];
      const bool first = w.index == 0;
      if (counted) {
        k = k0 + w.index + 1;  // (a number's place among the words)
      } else {
        if (const size_t skipped = k0 + w.index - k) {
          k += skipped;
          since_head = std::min(since_head + skipped, longest + 1);
        }
        const bool after_break = first ? carry.AfterBreak(lead) : (w.flags & PiiScanMemo::kAfterBreak) != 0;
        feed(Recent{w.hash, pos + w.off, pos + w.end, after_break, false, (w.flags & PiiScanMemo::kInitial) != 0},
             w.index < memo->edge_);
      }
      if (want_phones && (w.flags & PiiScanMemo::kNumeric)) {
        char d[12];
        for (size_t j = 0; j < 12; ++j) d[j] = static_cast<char>('0' + (j < 11 ? (w.digits >> (4 * j)) & 15 : 0));
        number(pos + w.off, d, w.digits_len,
               first ? carry.PhoneJoin(lead) : (w.flags & PiiScanMemo::kPhoneJoin) != 0);
      }
    }
    k = k0 + e.words;
    if (counted && e.words > 0) {
      since_head = longest + 1;
      for (size_t j = k0 + (e.words > ring ? e.words - ring : 0); j < k; ++j) recent[j & mask].head = false;
    }
    if (e.words == 0) carry.gap = carry.gap.Then(lead);
    else carry = Carry{UnpackGap(e.trail), true};
    at = Decoder::State::Of(e.exit);
    saw_at = saw_at || e.saw_at;
  };

  if (!memo) {
    if (!scan(0, text.size(), nullptr)) return false;
  } else {
    for (size_t pos = 0; pos < text.size();) {
      size_t end = LineEnd(text, pos);
      // A long segment is neither looked up nor kept (PiiScanMemo::kLongest):
      // its key is not hashed, its words not gathered for an entry.
      bool keyed = end - pos <= PiiScanMemo::kLongest;
      PiiScanMemo::Key key{0, 0};
      const PiiScanMemo::Entry* e = nullptr;
      if (keyed) {
        key = SegmentKey(text.substr(pos, end - pos), at.Code());
        e = memo->Find(key, end - pos);
      }
      bool past = false;  // the segment's decoder could look past its end
      if (!e) {
        bool open = false;
        past = LooksPast(text, pos, pos, end, open);
        if (past && end < text.size()) {
          do {
            const size_t line = end;
            end = LineEnd(text, line);
            past = LooksPast(text, pos, line, end, open);
          } while (past && end < text.size());
          keyed = end - pos <= PiiScanMemo::kLongest;
          if (keyed) {
            key = SegmentKey(text.substr(pos, end - pos), at.Code());
            e = memo->Find(key, end - pos);
          }
        }
      }
      if (e) {
        ++memo->hits_;
        replay(pos, *e, memo->WordsOf(*e));
      } else {
        ++memo->misses_;
        if (!keyed) ++memo->unkeyed_;
        // Kept only if its decoding did not depend on what follows it (at
        // the text's end too: the same bytes may end a line elsewhere).
        if (!scan(pos, end, past || !keyed ? nullptr : &key)) return false;
      }
      pos = end;
    }
  }

  phones(0, numbers.size(), [&](const Needle& n, size_t off) { found.push_back({n.person, PiiKind::kPhone, off}); });

  // E-mails, on the decoded stream again, only when an '@' came out: `left`
  // is the run of e-mail characters before the current point; at an '@' it
  // becomes the local part and the domain follows (no '+' or '%'), trailing
  // '.' and '-' trimmed.
  if (!t_->emails.empty() && saw_at) {
    size_t left_off = 0, email_off = 0, local_len = 0;
    bool in_domain = false;
    left.clear();
    auto finish_email = [&] {
      while (email.size() > local_len && (email.back() == '.' || email.back() == '-')) email.pop_back();
      if (const Needle* n = t_->emails.Find(KeyHash(email))) found.push_back({n->person, PiiKind::kEmail, email_off});
      in_domain = false;
    };
    Decoder again(text);
    char32_t cp;
    size_t off;
    while (again.Next(cp, off)) {
      bool ec = EmailChar(cp);
      if (in_domain) {
        if (ec && cp != U'+' && cp != U'%') email += static_cast<char>(cp);
        else finish_email();
      }
      if (cp == U'@') {
        email = left;
        email += '@';
        local_len = email.size();
        email_off = left.empty() ? off : left_off;
        in_domain = true;
      }
      if (ec) {
        if (left.empty()) left_off = off;
        left += static_cast<char>(cp);
      } else {
        left.clear();
      }
    }
    if (in_domain) finish_email();
  }

  // Of the names a person has at one place, the longest form is kept.
  std::sort(found.begin(), found.end(), [](const PiiHit& a, const PiiHit& b) {
    return std::tie(a.offset, a.person, a.kind, b.length) < std::tie(b.offset, b.person, b.kind, a.length);
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const PiiHit& a, const PiiHit& b) {
                            return a.offset == b.offset && a.person == b.person && a.kind == b.kind;
                          }),
              found.end());
  hits.insert(hits.end(), found.begin(), found.end());
  return true;
}

}  // namespace nastavnik
