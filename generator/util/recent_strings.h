#pragma once
// A small cache of the results of work done per distinct short string (a
// date's text, a name): registries repeat the same few thousand values in
// millions of cells, and looking one up costs a hash and a compare where the
// work costs hundreds of instructions. Direct-mapped: each key has one slot
// (by its hash), a newer key takes it from an older one. Exact: the key's
// bytes are kept and compared, so a hit is never another key's result.
// Fixed size (2^kSlotBits slots of kMaxKey bytes, allocated at the first
// Put): memory does not grow with the input. Keys longer than kMaxKey are
// never kept (Find misses, Put does nothing).
//
// Thread safety: none; one cache per thread or per sequential user.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "util/hash.h"

namespace nastavnik {

// A cheap hash of a short string (not Hasher: no state, a few instructions
// for 10 bytes), for picking a slot.
inline uint64_t ShortStringHash(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = Fmix64(h ^ w) + i;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return Fmix64(h ^ tail);
}

template <class V, int kSlotBits = 12, size_t kMaxKey = 54>
class RecentStrings {
 public:
  static_assert(kMaxKey < 255, "the key's length is one byte");
  RecentStrings() = default;
  // A copy starts empty (it is a cache: only the time to fill it again is lost).
  RecentStrings(const RecentStrings&) {}
  RecentStrings& operator=(const RecentStrings&) {
    slots_.reset();
    return *this;
  }
  RecentStrings(RecentStrings&&) = default;
  RecentStrings& operator=(RecentStrings&&) = default;
  // The value kept for `key`, or null.
  const V* Find(std::string_view key) const {
    if (!slots_ || key.size() > kMaxKey) return nullptr;
    const Slot& s = slots_[SlotOf(key)];
    if (s.len != key.size() || std::memcmp(s.key, key.data(), key.size()) != 0) return nullptr;
    return &s.value;
  }
  // Keeps `value` for `key` (in place of whatever key had its slot).
  void Put(std::string_view key, const V& value) {
    if (key.size() > kMaxKey) return;
    if (!slots_) {
      slots_ = std::make_unique<Slot[]>(kSlots);
      for (size_t i = 0; i < kSlots; ++i) slots_[i].len = kEmpty;
    }
    Slot& s = slots_[SlotOf(key)];
    s.len = static_cast<uint8_t>(key.size());
    std::memcpy(s.key, key.data(), key.size());
    s.value = value;
  }
  // Forgets every key and frees the slots.
  void Clear() { slots_.reset(); }

 private:
  static constexpr size_t kSlots = size_t{1} << kSlotBits;
  static constexpr uint8_t kEmpty = 255;
  struct Slot {
    uint8_t len;
    char key[kMaxKey];
    V value;
  };
  static size_t SlotOf(std::string_view key) { return ShortStringHash(key) >> (64 - kSlotBits); }
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace nastavnik
