#pragma once
// A map from 64-bit hashes to small values: open addressing in two flat
// arrays (keys, values), at most 3/4 full. A million entries are two
// allocations, 8 + sizeof(V) bytes a slot, not a million heap nodes; a table
// reserved for its size (any size, not a power of two) never grows.
//
// Keys are hashes already: the key 0 is stored as 1 (as likely a collision
// as any other). Iteration (ForEach) is in slot order, which depends on the
// history of insertions: callers that need a deterministic result must not
// depend on it.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace nastavnik {

template <class V>
class FlatHashMap64 {
 public:
  size_t size() const { return used_; }
  bool empty() const { return used_ == 0; }

  // Sizes the table for `n` entries at once (no growth, no copy on the way).
  void Reserve(size_t n) {
    const size_t want = n / 3 * 4 + 16;
    if (want > keys_.size()) Rehash(want);
  }

  const V* Find(uint64_t key) const {
    if (keys_.empty()) return nullptr;
    key = key ? key : 1;
    for (size_t i = Home(key);; i = Next(i)) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == 0) return nullptr;
    }
  }
  bool Contains(uint64_t key) const { return Find(key) != nullptr; }

  // The value of `key`, inserted as `v` when absent; `second`: inserted.
  std::pair<V*, bool> Emplace(uint64_t key, const V& v) {
    if ((used_ + 1) * 4 > keys_.size() * 3) Rehash(keys_.empty() ? 16 : keys_.size() * 2);
    key = key ? key : 1;
    size_t i = Home(key);
    for (; keys_[i] != 0; i = Next(i))
      if (keys_[i] == key) return {&values_[i], false};
    keys_[i] = key;
    values_[i] = v;
    ++used_;
    return {&values_[i], true};
  }

  // f(key, value) for every entry, in slot order (see above).
  template <class F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i] != 0) f(keys_[i], values_[i]);
  }

 private:
  // The key mixed, then scaled to the table (Lemire's multiply-shift).
  size_t Home(uint64_t key) const {
    return static_cast<size_t>((static_cast<unsigned __int128>(key * 0x9e3779b97f4a7c15ull) * keys_.size()) >> 64);
  }
  size_t Next(size_t i) const { return i + 1 == keys_.size() ? 0 : i + 1; }
  void Rehash(size_t slots) {
    std::vector<uint64_t> keys(slots, 0);
    std::vector<V> values(slots);
    keys.swap(keys_);
    values.swap(values_);
    used_ = 0;
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] != 0) Emplace(keys[i], values[i]);
  }

  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  size_t used_ = 0;
};

// A set of 64-bit hashes, the same way.
class FlatHashSet64 {
 public:
  size_t size() const { return map_.size(); }
  bool Contains(uint64_t key) const { return map_.Contains(key); }
  bool Insert(uint64_t key) { return map_.Emplace(key, Empty{}).second; }
  void Reserve(size_t n) { map_.Reserve(n); }
  template <class F>
  void ForEach(F&& f) const {
    map_.ForEach([&](uint64_t k, Empty) { f(k); });
  }

 private:
  struct Empty {};
  FlatHashMap64<Empty> map_;
};

}  // namespace nastavnik
