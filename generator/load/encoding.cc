#include "load/encoding.h"

#include <Poco/TextConverter.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1251Encoding.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>

#include "util/strings.h"

namespace nastavnik {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 when the byte at s[i]
// does not start one.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto in = [&](size_t k, unsigned lo, unsigned hi) {
    return i + k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  unsigned char c = byte(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : 0xBF;
    return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
    return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

bool IsWellFormedUtf8(std::string_view s) {
  for (size_t i = SkipAsciiAndTwoByteUtf8(s, 0); i < s.size(); i = SkipAsciiAndTwoByteUtf8(s, i)) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// UTF-8 with every ill-formed byte replaced by U+FFFD. Done by hand rather
// than with Poco: Poco's converter swallows the byte after a broken lead byte,
// which could be a delimiter or a line break and would shift every position
// reported after it.
DecodedText RepairUtf8(std::string_view s) {
  DecodedText out;
  out.text.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      if (out.first_invalid == std::string::npos) out.first_invalid = out.text.size();
      ++out.invalid_count;
      out.text += kReplacement;
      ++i;
    } else {
      out.text.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

DecodedText FromWindows1251(std::string_view s) {
  DecodedText out;
  try {
    Poco::Windows1251Encoding cp1251;
    Poco::UTF8Encoding utf8;
    // Poco maps the one undefined byte (0x98) to U+FFFE rather than failing;
    // find undefined bytes in its table and make them U+FFFD ourselves.
    const Poco::TextEncoding::CharacterMap& map = cp1251.characterMap();
    auto undefined = [&](unsigned char b) { return map[b] < 0 || map[b] == 0xFFFE; };
    Poco::TextConverter converter(cp1251, utf8, 0xFFFD);
    out.text.reserve(s.size() * 2);
    size_t run = 0;  // start of the current run of defined bytes
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && !undefined(static_cast<unsigned char>(s[i]))) continue;
      // TextConverter takes an int length; a single-byte encoding can be cut
      // anywhere, so long runs go in blocks.
      constexpr size_t kBlock = size_t{1} << 20;
      for (size_t pos = run; pos < i; pos += kBlock) {
        size_t len = std::min(kBlock, i - pos);
        converter.convert(s.data() + pos, static_cast<int>(len), out.text);
      }
      if (i < s.size()) {
        if (out.first_invalid == std::string::npos) out.first_invalid = out.text.size();
        ++out.invalid_count;
        out.text += kReplacement;
      }
      run = i + 1;
    }
  } catch (const std::exception&) {
    // Poco does not throw here in practice; never let it escape the adapter.
    return RepairUtf8(s);
  }
  return out;
}

}  // namespace

TextEncoding DetectEncoding(std::string_view bytes) {
  if (StartsWith(bytes, kUtf8Bom)) return TextEncoding::kUtf8;
  return IsWellFormedUtf8(bytes) ? TextEncoding::kUtf8 : TextEncoding::kWindows1251;
}

DecodedText DecodeToUtf8(std::string_view bytes, TextEncoding from) {
  if (from == TextEncoding::kUtf8) {
    if (StartsWith(bytes, kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
    if (IsWellFormedUtf8(bytes)) return DecodedText{std::string(bytes), 0, std::string::npos};
    return RepairUtf8(bytes);
  }
  return FromWindows1251(bytes);
}

namespace {

// The length a UTF-8 lead byte announces (1 for anything else).
size_t AnnouncedLength(unsigned char c) { return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

// Bytes at the end of `s` that begin a UTF-8 sequence longer than what is
// left: decoded with the next piece. Whole-text decoding never lets a
// sequence that starts earlier run into a lead byte, so the text before the
// split decodes the same either way.
size_t CutTail(std::string_view s) {
  for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    unsigned char c = static_cast<unsigned char>(s[s.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    return AnnouncedLength(c) > back ? back : 0;
  }
  return 0;
}

// Completes the sequence held back in `carry` with the continuation bytes
// that start `bytes` (removed from it). True when `carry` is ready to be
// decoded on its own: complete, or broken by a byte that continues nothing.
bool CompleteCarry(std::string& carry, std::string_view& bytes) {
  size_t need = AnnouncedLength(static_cast<unsigned char>(carry[0]));
  size_t n = 0;
  while (carry.size() + n < need && n < bytes.size() && (static_cast<unsigned char>(bytes[n]) & 0xC0) == 0x80) ++n;
  carry.append(bytes.substr(0, n));
  bytes.remove_prefix(n);
  return carry.size() == need || !bytes.empty();
}

}  // namespace

void StreamDecoder::Append(std::string_view bytes, std::string& out) {
  DecodedText d;
  if (from_ == TextEncoding::kUtf8) {
    if (IsWellFormedUtf8(bytes)) {
      out.append(bytes);
      decoded_ += bytes.size();
      return;
    }
    d = RepairUtf8(bytes);
  } else {
    d = FromWindows1251(bytes);
  }
  if (d.invalid_count > 0 && first_invalid_ == std::string::npos) first_invalid_ = decoded_ + d.first_invalid;
  invalid_count_ += d.invalid_count;
  out.append(d.text);
  decoded_ += d.text.size();
}

void StreamDecoder::Decode(std::string_view bytes, std::string& out) {
  if (from_ != TextEncoding::kUtf8) return Append(bytes, out);
  if (!carry_.empty()) {
    if (!CompleteCarry(carry_, bytes)) return;
    Append(carry_, out);
    carry_.clear();
  }
  size_t cut = CutTail(bytes);
  Append(bytes.substr(0, bytes.size() - cut), out);
  carry_.assign(bytes.substr(bytes.size() - cut));
}

void StreamDecoder::Finish(std::string& out) {
  if (carry_.empty()) return;
  Append(carry_, out);
  carry_.clear();
}

void Utf8Check::Add(std::string_view bytes) {
  if (!ok_) return;
  if (!carry_.empty()) {
    if (!CompleteCarry(carry_, bytes)) return;
    ok_ = IsWellFormedUtf8(carry_);
    carry_.clear();
    if (!ok_) return;
  }
  size_t cut = CutTail(bytes);
  ok_ = IsWellFormedUtf8(bytes.substr(0, bytes.size() - cut));
  carry_.assign(bytes.substr(bytes.size() - cut));
}

bool Utf8Check::Finish() {
  if (!carry_.empty()) ok_ = false;
  carry_.clear();
  return ok_;
}

std::string ToUtf8(std::string_view bytes, TextEncoding from) {
  return DecodeToUtf8(bytes, from).text;
}

std::string Utf8ToWindows1251(std::string_view utf8) {
  Poco::UTF8Encoding from;
  Poco::Windows1251Encoding to;
  Poco::TextConverter converter(from, to, '?');
  std::string out;
  try {
    converter.convert(utf8.data(), static_cast<int>(utf8.size()), out);
  } catch (const std::exception&) {
    return {};
  }
  return out;
}

std::optional<TextEncoding> EncodingFromName(std::string_view name) {
  std::string n = LowerUtf8(Trim(name));
  if (n == "utf-8" || n == "utf8") return TextEncoding::kUtf8;
  if (n == "windows-1251" || n == "windows1251" || n == "cp1251" || n == "cp-1251" ||
      n == "win-1251" || n == "win1251")
    return TextEncoding::kWindows1251;
  return std::nullopt;
}

std::string_view EncodingName(TextEncoding e) {
  return e == TextEncoding::kUtf8 ? "UTF-8" : "Windows-1251";
}

}  // namespace nastavnik
