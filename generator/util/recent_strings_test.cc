#include "util/recent_strings.h"

#include <doctest/doctest.h>

#include <string>

using namespace nastavnik;

TEST_CASE("RecentStrings: an exact, fixed-size cache of the last key of each slot") {
  RecentStrings<int, 4, 16> cache;  // 16 slots
  CHECK(cache.Find("01.09.2021") == nullptr);
  cache.Put("01.09.2021", 7);
  REQUIRE(cache.Find("01.09.2021") != nullptr);
  CHECK(*cache.Find("01.09.2021") == 7);
  CHECK(cache.Find("01.09.2022") == nullptr);
  CHECK(cache.Find("01.09.202") == nullptr);
  cache.Put("01.09.2021", 8);  // replaced
  CHECK(*cache.Find("01.09.2021") == 8);
  // The empty key is a key like any other.
  CHECK(cache.Find("") == nullptr);
  cache.Put("", 1);
  REQUIRE(cache.Find("") != nullptr);
  CHECK(*cache.Find("") == 1);
  // Keys longer than kMaxKey are never kept.
  const std::string long_key(17, 'x');
  cache.Put(long_key, 3);
  CHECK(cache.Find(long_key) == nullptr);
  CHECK(cache.Find(std::string(16, 'x')) == nullptr);
  // Many keys: a hit is always the key's own value (a newer key sharing
  // the slot evicts an older one, never answers for it).
  for (int i = 0; i < 200; ++i) cache.Put("k" + std::to_string(i), i);
  int hits = 0;
  for (int i = 0; i < 200; ++i)
    if (const int* v = cache.Find("k" + std::to_string(i))) {
      CHECK(*v == i);
      ++hits;
    }
  CHECK(hits > 0);
  CHECK(hits <= 16);
  cache.Clear();
  CHECK(cache.Find("k199") == nullptr);
}

TEST_CASE("ShortStringHash: every byte and the length count") {
  CHECK(ShortStringHash("abc") != ShortStringHash("abd"));
  CHECK(ShortStringHash("abcdefgh1") != ShortStringHash("abcdefgh2"));
  CHECK(ShortStringHash(std::string_view("a\0", 2)) != ShortStringHash("a"));
  CHECK(ShortStringHash("") == ShortStringHash(std::string()));
}
