#pragma once
// Cyrillic to Latin for URLs and file names.
#include <string>
#include <string_view>
#include <unordered_map>

namespace nastavnik {

// Transliterates Russian text to Latin (ГОСТ 7.79-2000 system B without
// diacritics, the style of Russian government URLs: ж→zh, х→kh, ц→cz→"ts",
// щ→shh→"shch", ъ and ь dropped) and keeps ASCII as it is.
std::string Transliterate(std::string_view text);

// A URL- and file-safe slug: transliterated, lower case, [a-z0-9] runs joined
// by single '-', at most `max_len` bytes cut at a '-' when possible.
// «Приказ № 125 от 01.09.2021» → "prikaz-125-ot-01-09-2021".
std::string Slugify(std::string_view text, size_t max_len = 80);

// Slugify with the default length, each distinct text done once: forms, kinds
// and tags repeat from case to case, and transliteration costs ≈ 10,000
// instructions a value. Not thread-safe; the reference lives as the memo.
class SlugMemo {
 public:
  const std::string& operator()(const std::string& text) {
    auto it = slugs_.find(text);
    if (it == slugs_.end()) it = slugs_.emplace(text, Slugify(text)).first;
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::string> slugs_;
};

}  // namespace nastavnik
