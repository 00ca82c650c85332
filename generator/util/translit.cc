#include "util/translit.h"

#include "util/strings.h"

namespace nastavnik {

namespace {

struct Pair {
  const char* cyr;
  const char* lat;
};

// Lower-case table; upper case is lowered first.
const Pair kTable[] = {
    {"а", "a"},  {"б", "b"},  {"в", "v"},  {"г", "g"},   {"д", "d"},    {"е", "e"},  {"ё", "e"},
    {"ж", "zh"}, {"з", "z"},  {"и", "i"},  {"й", "j"},   {"к", "k"},    {"л", "l"},  {"м", "m"},
    {"н", "n"},  {"о", "o"},  {"п", "p"},  {"р", "r"},   {"с", "s"},    {"т", "t"},  {"у", "u"},
    {"ф", "f"},  {"х", "kh"}, {"ц", "ts"}, {"ч", "ch"},  {"ш", "sh"},   {"щ", "shch"}, {"ъ", ""},
    {"ы", "y"},  {"ь", ""},   {"э", "e"},  {"ю", "yu"},  {"я", "ya"},
};

}  // namespace

std::string Transliterate(std::string_view text) {
  std::string lower = LowerUtf8(text);
  std::string out;
  out.reserve(lower.size());
  size_t i = 0;
  while (i < lower.size()) {
    unsigned char c = static_cast<unsigned char>(lower[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    bool matched = false;
    for (const auto& p : kTable) {
      std::string_view cyr(p.cyr);
      if (lower.compare(i, cyr.size(), cyr) == 0) {
        out += p.lat;
        i += cyr.size();
        matched = true;
        break;
      }
    }
    if (!matched) {
      // Any other non-ASCII character becomes a separator.
      size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      out += ' ';
      i += len;
    }
  }
  return out;
}

std::string Slugify(std::string_view text, size_t max_len) {
  std::string lat = Transliterate(text);
  std::string out;
  bool dash = false;
  for (char ch : lat) {
    char c = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += c;
    } else {
      dash = true;
    }
  }
  if (out.size() > max_len) {
    size_t cut = out.rfind('-', max_len);
    out.resize(cut != std::string::npos && cut > max_len / 2 ? cut : max_len);
    while (!out.empty() && out.back() == '-') out.pop_back();
  }
  return out;
}

}  // namespace nastavnik
