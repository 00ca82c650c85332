#pragma once
// The data a template sees: strings, booleans, lists and maps. Views build
// these from the model; render/template.cc renders them directly (no copy),
// so no other file depends on the template language.
//
// Escaping: every string is HTML-escaped by the template unless the template
// uses {{{key}}} — and the theme loader allows that only for keys ending in
// "_html", which views fill exclusively with HTML nastavnik produced itself.
//
// Borrowing: `TemplateValue::Borrow(s)` shows a string the model owns without
// copying it (a case's title, summary, form; an organization's names): the
// model outlives every page rendered from it within a build, and a page kept
// beyond that (a preview session's) is made `Owned()` first. It reads exactly
// like the same text owned: templates, fingerprints, every reader.
//
// Sharing: a `SharedTemplateValue` is an immutable subtree several pages
// point to (a case card listed on many catalog pages) instead of copying it.
// It behaves exactly like the value it points to: templates, the page cache's
// fingerprint and every reader see through it (`Resolved()`).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <string>
#include <variant>
#include <vector>

namespace nastavnik {

struct TemplateValue;

// A map kept as one sorted vector: views build thousands of small maps per
// page (cards, links, facet values), and one allocation per map instead of one
// per key, plus lookups in contiguous memory, is most of the cost of building
// and reading them. The std::map subset views use; iteration is by key.
template <class V>
class FlatMap {
 public:
  using value_type = std::pair<std::string, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  FlatMap() = default;
  FlatMap(std::initializer_list<value_type> items) {
    for (const auto& item : items) (*this)[item.first] = item.second;
  }

  // Keys inserted in increasing order are appended: builders of hot maps
  // (case cards, links) set their keys alphabetically, so no insertion moves
  // the elements after it and no binary search runs.
  V& operator[](std::string_view key) {
    keys_ |= KeyBit(key);
    if (items_.empty() || KeyLess(items_.back().first, key)) return items_.emplace_back(std::string(key), V()).second;
    auto it = LowerBound(key);
    if (it == items_.end() || it->first != key) it = items_.emplace(it, std::string(key), V());
    return it->second;
  }
  // Templates look every name up in several maps, most of them small and
  // most lookups missing. A map keeps one bit per key (KeyBit) of 64: a name
  // whose bit is not set is not there, found without reading a key (the
  // template gives the bit with the name, computed when it loads). Otherwise
  // a small map is scanned comparing lengths first, which is cheaper than a
  // binary search of string comparisons.
  iterator find(std::string_view key) { return find(key, KeyBit(key)); }
  iterator find(std::string_view key, uint64_t bit) {
    if (!(keys_ & bit)) return items_.end();
    if (items_.size() <= kScanned) {
      // Length and first byte before the bytes: most keys differ there.
      const size_t n = key.size();
      const char first = n ? key[0] : 0;
      for (auto it = items_.begin(); it != items_.end(); ++it)
        if (it->first.size() == n && (n == 0 || (it->first[0] == first && SameBytes(it->first.data(), key.data(), n))))
          return it;
      return items_.end();
    }
    auto it = LowerBound(key);
    return it != items_.end() && it->first == key ? it : items_.end();
  }
  const_iterator find(std::string_view key) const { return const_cast<FlatMap*>(this)->find(key); }
  const_iterator find(std::string_view key, uint64_t bit) const { return const_cast<FlatMap*>(this)->find(key, bit); }
  // The same, trying position `*hint` first and leaving there the position
  // found: the maps one template line reads are built by the same code with
  // the same keys in the same order (a page's values, a card), so the name
  // is where it was last time and one comparison finds it instead of a scan.
  // A wrong hint only costs that comparison.
  const_iterator find(std::string_view key, uint64_t bit, uint32_t* hint) const {
    if (!(keys_ & bit)) return items_.end();
    if (*hint < items_.size()) {
      const std::string& k = items_[*hint].first;
      if (k.size() == key.size() && SameBytes(k.data(), key.data(), key.size())) return items_.begin() + *hint;
    }
    auto it = find(key, bit);
    if (it != items_.end()) *hint = static_cast<uint32_t>(it - items_.begin());
    return it;
  }
  // The bit of `key` among a map's 64 (its length and first and last bytes:
  // cheap, and enough to tell apart the dozen keys of a typical map).
  static uint64_t KeyBit(std::string_view key) {
    if (key.empty()) return 1;
    const unsigned mix = static_cast<unsigned>(key.size()) * 7u + static_cast<unsigned char>(key.front()) +
                         static_cast<unsigned char>(key.back()) * 3u;
    return uint64_t{1} << (mix & 63);
  }
  size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  const V& at(std::string_view key) const { return find(key)->second; }
  template <class T>
  std::pair<iterator, bool> emplace(std::string_view key, T&& value) {
    keys_ |= KeyBit(key);
    if (items_.empty() || KeyLess(items_.back().first, key)) {
      items_.emplace_back(std::string(key), V(std::forward<T>(value)));
      return {items_.end() - 1, true};
    }
    auto it = LowerBound(key);
    if (it != items_.end() && it->first == key) return {it, false};
    return {items_.emplace(it, std::string(key), V(std::forward<T>(value))), true};
  }
  size_t erase(std::string_view key) {
    auto it = find(key);
    if (it == items_.end()) return 0;
    items_.erase(it);
    return 1;
  }
  void reserve(size_t n) { items_.reserve(n); }

  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  bool operator==(const FlatMap& o) const { return items_ == o.items_; }

 private:
  // Keys are a few bytes long: compared inline, without a call to memcmp.
  // Words of up to 16 bytes are read as two overlapping loads.
  static bool SameBytes(const char* a, const char* b, size_t n) {
    if (n > 16) return std::memcmp(a, b, n) == 0;
    if (n >= 8) return SameEnds<uint64_t>(a, b, n);
    if (n >= 4) return SameEnds<uint32_t>(a, b, n);
    for (size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  // The first and the last sizeof(W) bytes of both (overlapping when n is
  // less than twice that): all n bytes. REQUIRES: sizeof(W) <= n.
  template <class W>
  static bool SameEnds(const char* a, const char* b, size_t n) {
    W a0, b0, a1, b1;
    std::memcpy(&a0, a, sizeof(W));
    std::memcpy(&b0, b, sizeof(W));
    std::memcpy(&a1, a + n - sizeof(W), sizeof(W));
    std::memcpy(&b1, b + n - sizeof(W), sizeof(W));
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  // a < key as std::string orders them (bytes unsigned), deciding on the
  // first byte when it differs: keys set in alphabetical order mostly do.
  static bool KeyLess(const std::string& a, std::string_view key) {
    if (!a.empty() && !key.empty() && a[0] != key[0])
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(key[0]);
    return std::string_view(a) < key;
  }
  iterator LowerBound(std::string_view key) {
    return std::lower_bound(items_.begin(), items_.end(), key,
                            [](const value_type& item, std::string_view k) { return item.first < k; });
  }
  static constexpr size_t kScanned = 32;  // a case page's values: 23 keys
  std::vector<value_type> items_;
  uint64_t keys_ = 0;  // KeyBit of every key inserted (erased ones may stay: only a filter)
};

struct SharedTemplate;
using TemplateMap = FlatMap<TemplateValue>;
using TemplateList = std::vector<TemplateValue>;
using SharedTemplateValue = std::shared_ptr<const SharedTemplate>;

struct TemplateValue {
  // The string_view is borrowed text (Borrow); keep it last: readers switch
  // on the index.
  std::variant<std::monostate, bool, std::string, TemplateList, TemplateMap, SharedTemplateValue, std::string_view>
      value;

  TemplateValue() = default;
  TemplateValue(bool b) : value(b) {}
  TemplateValue(const char* s) : value(std::string(s)) {}
  TemplateValue(std::string s) : value(std::move(s)) {}
  TemplateValue(TemplateList l) : value(std::move(l)) {}
  TemplateValue(TemplateMap m) : value(std::move(m)) {}
  TemplateValue(SharedTemplateValue p) : value(std::move(p)) {}
  TemplateValue(long long n) : value(std::to_string(n)) {}
  TemplateValue(int n) : value(std::to_string(n)) {}
  TemplateValue(size_t n) : value(std::to_string(n)) {}

  // Text owned by something that outlives the page (the model), not copied.
  // REQUIRES: `s` outlives every use of the value. A temporary cannot be
  // borrowed.
  static TemplateValue Borrow(const std::string& s) {
    TemplateValue v;
    v.value = std::string_view(s);
    return v;
  }
  static TemplateValue Borrow(std::string&&) = delete;

  // The value itself, or the one a shared pointer leads to (never a
  // SharedTemplateValue; a null pointer reads as an empty value).
  inline const TemplateValue& Resolved() const;
  // The text of a string, owned or borrowed, into `out`; false for any
  // other value.
  bool Text(std::string_view* out) const {
    if (auto* s = std::get_if<std::string>(&value)) *out = *s;
    else if (auto* b = std::get_if<std::string_view>(&value)) *out = *b;
    else return false;
    return true;
  }
};


// An immutable subtree shared by several pages.
struct SharedTemplate {
  explicit SharedTemplate(TemplateValue v, bool borrowing = false) : value(std::move(v)), borrows(borrowing) {}
  TemplateValue value;
  // The value may borrow text (ShareBorrowing): MakeOwned replaces it, in a
  // page kept beyond the build, by an owned copy.
  const bool borrows = false;
  // The page cache's digest of `value` (pipeline/page_cache.cc), computed
  // once by the first page that needs it, so a card listed on many pages is
  // hashed once, not on every page.
  mutable std::once_flag digest_once;
  mutable uint64_t digest[2] = {0, 0};  // Hasher::Value(): two words, no string to allocate
  // The HTML template sections rendered over this value alone (no name read
  // from outside it), by the section's instruction and partial depth
  // (render/template.cc): a catalog list's sidebar is rendered once, not once
  // per page of the list; a case card listed on many catalog pages, once.
  struct Rendered {
    uint64_t theme;       // the loaded theme's serial number (never reused)
    const void* section;  // its instruction, in that theme
    int depth;
    bool item;            // the body once for this value as an item of a listed section
    std::string html;
  };
  mutable std::mutex rendered_mu;
  mutable std::vector<Rendered> rendered;
};

inline const TemplateValue& TemplateValue::Resolved() const {
  const TemplateValue* v = this;
  while (auto* p = std::get_if<SharedTemplateValue>(&v->value)) {
    if (!*p) {
      static const TemplateValue kEmpty;
      return kEmpty;
    }
    v = &(*p)->value;
  }
  return *v;
}

// Copies every borrowed text of `v` into it: for a page kept after the model
// it was built from may change (a preview session's). Shared subtrees own
// their text already (Share), so they stay shared; one that borrows
// (ShareBorrowing) is replaced by an owned copy of its value.
void MakeOwned(TemplateValue& v);
void MakeOwned(TemplateMap& m);

// Freezes `v` for sharing between pages. A shared subtree borrows nothing: it
// may be kept as long as any page showing it.
inline SharedTemplateValue Share(TemplateValue v) {
  MakeOwned(v);
  return std::make_shared<const SharedTemplate>(std::move(v));
}

// Shares `v` as it is, borrowed texts included (no copy): for a subtree many
// pages of one generator show (a case card on the catalog's pages), built
// from the model those pages are rendered from. REQUIRES: the borrowed texts
// outlive every page showing it that is not made owned (MakeOwned).
inline SharedTemplateValue ShareBorrowing(TemplateValue v) {
  return std::make_shared<const SharedTemplate>(std::move(v), /*borrowing=*/true);
}

}  // namespace nastavnik
