#pragma once
// Text encodings of the files users bring: registries exported from Excel come
// as UTF-8 (with or without a byte order mark) or as Windows-1251 («CSV
// (разделители — точки с запятой)» in a Russian Excel). Everything inside
// nastavnik is UTF-8 without a BOM.
//
// This is the only file that uses Poco's text-encoding classes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nastavnik {

enum class TextEncoding { kUtf8, kWindows1251 };

// The UTF-8 byte order mark, EF BB BF.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Detects the encoding of raw bytes: a UTF-8 BOM or valid UTF-8 means UTF-8;
// anything else is taken for Windows-1251 (every byte but 0x98 is a character
// there, so that is the only other encoding a Russian Excel produces).
TextEncoding DetectEncoding(std::string_view bytes);

// Text decoded to UTF-8, with what went wrong on the way.
struct DecodedText {
  std::string text;            // UTF-8 without a BOM
  size_t invalid_count = 0;    // bytes that are not a character in the source encoding
  // Byte offset in `text` of the first U+FFFD that replaced an invalid byte;
  // std::string::npos when there was none.
  size_t first_invalid = std::string::npos;
};

// Converts to UTF-8 and strips a leading UTF-8 BOM. Each byte that is not a
// character in `from` (a broken UTF-8 sequence, 0x98 in Windows-1251) becomes
// U+FFFD and is counted. Never throws.
DecodedText DecodeToUtf8(std::string_view bytes, TextEncoding from);

// DecodeToUtf8 for a text that arrives in pieces (a registry read in chunks):
// the pieces decoded one after another give exactly what DecodeToUtf8 gives
// for the whole text, except that a leading BOM is not stripped (the caller
// skips it). A UTF-8 sequence cut at the end of a piece waits for the next.
class StreamDecoder {
 public:
  explicit StreamDecoder(TextEncoding from) : from_(from) {}
  // Appends the decoded `bytes` to `out`.
  void Decode(std::string_view bytes, std::string& out);
  // At the end of the text: what was held back, as the whole text would end.
  void Finish(std::string& out);
  size_t invalid_count() const { return invalid_count_; }
  // Offset of the first U+FFFD for an invalid byte in everything decoded so
  // far (all pieces together); npos when there was none.
  size_t first_invalid() const { return first_invalid_; }

 private:
  void Append(std::string_view bytes, std::string& out);
  TextEncoding from_;
  std::string carry_;        // the start of a UTF-8 sequence cut at the end of a piece
  size_t decoded_ = 0;       // bytes appended so far
  size_t invalid_count_ = 0;
  size_t first_invalid_ = std::string::npos;
};

// True when the pieces given one after another are well-formed UTF-8, as
// DetectEncoding decides for the whole text.
class Utf8Check {
 public:
  void Add(std::string_view bytes);
  bool Finish();  // true when everything added was well-formed

 private:
  std::string carry_;
  bool ok_ = true;
};

// DecodeToUtf8(bytes, from).text.
std::string ToUtf8(std::string_view bytes, TextEncoding from);

// UTF-8 text to Windows-1251; characters that have no Windows-1251 form become
// '?'. For tests and for users who need the old encoding.
std::string Utf8ToWindows1251(std::string_view utf8);

// "utf-8", "utf8", "windows-1251", "cp1251" (also "win1251", "cp-1251"), in
// any letter case and with surrounding spaces; nullopt for anything else.
std::optional<TextEncoding> EncodingFromName(std::string_view name);

// "UTF-8" or "Windows-1251", for messages.
std::string_view EncodingName(TextEncoding e);

}  // namespace nastavnik
