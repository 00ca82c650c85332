#include "util/flat_hash.h"

#include <doctest/doctest.h>

#include <random>
#include <unordered_map>

#include "util/hash.h"

using namespace nastavnik;

TEST_CASE("FlatHashMap64 keeps what an unordered_map keeps, the first value of each key") {
  for (size_t reserve : {size_t{0}, size_t{100}, size_t{1000}, size_t{5000}}) {
    FlatHashMap64<uint32_t> flat;
    flat.Reserve(reserve);
    std::unordered_map<uint64_t, uint32_t> want;
    std::mt19937_64 rng(reserve);
    for (uint32_t i = 0; i < 5000; ++i) {
      // Few distinct keys among the first, then mostly new ones; some keys
      // are small numbers (neighbouring home slots).
      uint64_t key = i < 2000 ? rng() % 300 + 2 : Fmix64(rng());
      auto [v, added] = flat.Emplace(key, i);
      auto [it, want_added] = want.emplace(key, i);
      REQUIRE(added == want_added);
      REQUIRE(*v == it->second);
    }
    CHECK(flat.size() == want.size());
    for (const auto& [key, value] : want) {
      const uint32_t* v = flat.Find(key);
      REQUIRE(v != nullptr);
      CHECK(*v == value);
    }
    CHECK(flat.Find(1u << 20) == nullptr);
    size_t seen = 0;
    flat.ForEach([&](uint64_t key, uint32_t value) {
      ++seen;
      CHECK(want.at(key) == value);
    });
    CHECK(seen == want.size());
  }
}

TEST_CASE("FlatHashMap64 reserved for n entries does not move them while n are added") {
  FlatHashMap64<int> flat;
  flat.Reserve(1000);
  const int* first = flat.Emplace(Fmix64(0), 7).first;
  for (uint64_t k = 1; k < 1000; ++k) flat.Emplace(Fmix64(k), 0);
  CHECK(flat.Find(Fmix64(0)) == first);
  CHECK(*first == 7);
}

TEST_CASE("FlatHashMap64 and FlatHashSet64: the key 0 is a key") {
  FlatHashMap64<int> map;
  CHECK(map.Find(0) == nullptr);
  CHECK(map.Emplace(0, 5).second);
  REQUIRE(map.Find(0) != nullptr);
  CHECK(*map.Find(0) == 5);
  FlatHashSet64 set;
  CHECK(set.Insert(0));
  CHECK_FALSE(set.Insert(0));
  CHECK(set.Contains(0));
  CHECK_FALSE(set.Contains(2));
  CHECK(set.size() == 1);
}

TEST_CASE("FrozenHashMap64 keeps each key once with its smallest value, however many repeats") {
  for (size_t distinct : {size_t{1}, size_t{50}, size_t{20000}, size_t{200000}}) {
    for (size_t reserve : {size_t{0}, size_t{300000}}) {
      FrozenHashMap64<uint32_t> frozen;
      frozen.Reserve(reserve);
      std::unordered_map<uint64_t, uint32_t> want;
      std::mt19937_64 rng(distinct + reserve);
      for (uint32_t i = 0; i < 300000; ++i) {
        const uint64_t key = Fmix64(rng() % distinct + 1);
        const uint32_t value = i % 7 == 0 ? static_cast<uint32_t>(rng() % 1000) : i;  // mostly increasing
        auto [it, added] = want.emplace(key, value);
        if (!added) it->second = std::min(it->second, value);
        frozen.Add(key, value);
      }
      frozen.Freeze();
      frozen.Freeze();  // idempotent
      REQUIRE(frozen.size() == want.size());
      for (const auto& [key, value] : want) {
        const uint32_t* got = frozen.Find(key);
        REQUIRE(got);
        CHECK(*got == value);
      }
      for (uint64_t k = 0; k < 1000; ++k) CHECK_FALSE(frozen.Contains(Fmix64(k + distinct + 1)));
      uint64_t last = 0;
      size_t seen = 0;
      frozen.ForEach([&](uint64_t key, uint32_t) {
        CHECK((seen == 0 || key > last));
        last = key;
        ++seen;
      });
      CHECK(seen == want.size());
    }
  }
  FrozenHashSet64 empty;
  empty.Freeze();
  CHECK_FALSE(empty.Contains(1));
  FrozenHashSet64 set;
  for (uint64_t k : {uint64_t{5}, uint64_t{0}, uint64_t{5}, ~uint64_t{0}}) set.Insert(k);
  set.Freeze();
  CHECK(set.size() == 3);
  CHECK(set.Contains(0));
  CHECK(set.Contains(~uint64_t{0}));
  CHECK_FALSE(set.Contains(6));
}
