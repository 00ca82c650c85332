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
#include <algorithm>
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

// A map from 64-bit hashes to small values for tables filled once, then only
// read: entries are appended (Add), then Freeze() sorts them and builds a
// directory of buckets (the key's top bits), so a lookup reads a few
// neighbouring entries. 8 + sizeof(V) bytes an entry (packed), no empty slots
// and no rehash: a table of millions of distinct keys costs about 2/3 of
// FlatHashMap64's at its fullest, and half or less of it while it grows.
// Duplicates are dropped as the table fills (a direct-mapped cache of recent
// keys, and a sort whenever the entries doubled since the last one), so many
// adds of a few keys stay a few entries. Of the values added for one key,
// the smallest is kept (callers that add in order with increasing values
// keep the first).
//
// Reserve() sets the capacity only: the pages of memory are touched as
// entries fill them, so an estimate that is too large costs address space,
// not memory.
template <class V>
class FrozenHashMap64 {
 public:
  size_t size() const { return entries_.size(); }  // distinct keys once frozen
  bool empty() const { return entries_.empty(); }
  bool frozen() const { return frozen_; }

  void Reserve(size_t n) {
    if (n > entries_.capacity()) entries_.reserve(n);
  }

  // REQUIRES: !frozen().
  void Add(uint64_t key, const V& v) {
    if (recent_.empty()) recent_.assign(kRecent, kNone);
    uint32_t& slot = recent_[(key * 0x9e3779b97f4a7c15ull) >> (64 - kRecentBits)];
    if (slot != kNone && entries_[slot].key == key) {
      if (v < entries_[slot].value) entries_[slot].value = v;
      return;
    }
    if (entries_.size() == entries_.capacity() ||
        (entries_.size() >= kMinCompact && entries_.size() >= 2 * compacted_))
      Compact();
    slot = static_cast<uint32_t>(entries_.size());
    entries_.push_back(Entry{key, v});
  }

  // Sorts, drops duplicates, builds the directory; frees the cache. Idempotent.
  void Freeze() {
    if (frozen_) return;
    Compact();
    std::vector<uint32_t>().swap(recent_);
    frozen_ = true;
    size_t buckets = 1;
    shift_ = 64;
    while (buckets * 4 < entries_.size()) buckets <<= 1, --shift_;
    dir_.assign(buckets + 1, 0);
    // dir_[b]: the first entry whose bucket is b or later.
    size_t e = 0;
    for (size_t b = 0; b < buckets; ++b) {
      dir_[b] = static_cast<uint32_t>(e);
      while (e < entries_.size() && Bucket(entries_[e].key) == b) ++e;
    }
    dir_[buckets] = static_cast<uint32_t>(entries_.size());
  }

  // REQUIRES: frozen().
  const V* Find(uint64_t key) const {
    if (entries_.empty()) return nullptr;
    const size_t b = Bucket(key);
    for (uint32_t i = dir_[b], end = dir_[b + 1]; i < end; ++i) {
      if (entries_[i].key == key) return &entries_[i].value;
      if (entries_[i].key > key) break;
    }
    return nullptr;
  }
  bool Contains(uint64_t key) const { return Find(key) != nullptr; }

  // f(key, value) for every entry, in key order (once frozen).
  template <class F>
  void ForEach(F&& f) const {
    for (const Entry& e : entries_) f(e.key, e.value);
  }

 private:
#pragma pack(push, 4)
  struct Entry {
    uint64_t key;
    [[no_unique_address]] V value;
  };
#pragma pack(pop)
  static constexpr int kRecentBits = 14;
  static constexpr size_t kRecent = size_t{1} << kRecentBits, kMinCompact = size_t{1} << 16;
  static constexpr uint32_t kNone = ~uint32_t{0};

  size_t Bucket(uint64_t key) const { return shift_ == 64 ? 0 : static_cast<size_t>(key >> shift_); }
  void Compact() {
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      return a.key != b.key ? a.key < b.key : a.value < b.value;
    });
    entries_.erase(std::unique(entries_.begin(), entries_.end(),
                               [](const Entry& a, const Entry& b) { return a.key == b.key; }),
                   entries_.end());
    compacted_ = entries_.size();
    std::fill(recent_.begin(), recent_.end(), kNone);  // entries moved
  }

  std::vector<Entry> entries_;
  std::vector<uint32_t> recent_;  // cache: key's slot → the entry of a recent key
  std::vector<uint32_t> dir_;
  size_t compacted_ = 0;
  int shift_ = 64;
  bool frozen_ = false;
};

// A set of 64-bit hashes, the same way.
class FrozenHashSet64 {
 public:
  size_t size() const { return map_.size(); }
  void Reserve(size_t n) { map_.Reserve(n); }
  void Insert(uint64_t key) { map_.Add(key, Empty{}); }
  void Freeze() { map_.Freeze(); }
  bool Contains(uint64_t key) const { return map_.Contains(key); }
  template <class F>
  void ForEach(F&& f) const {
    map_.ForEach([&](uint64_t k, Empty) { f(k); });
  }

 private:
  struct Empty {
    bool operator<(const Empty&) const { return false; }
  };
  FrozenHashMap64<Empty> map_;
};

}  // namespace nastavnik
