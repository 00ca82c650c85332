#pragma once
// An index of the personal data that must never be published, and a scanner
// that finds it in any text: HTML, XML, JSON, Markdown.
//
// What is searched (the needles), built once from the people registries:
//   - full names of mentees and of pupils (category «обучающийся», also when
//     they mentor): «Фамилия Имя» and «Имя Фамилия» (which also match inside
//     «Фамилия Имя Отчество»), «Имя Отчество Фамилия», and with initials
//     «Фамилия И. О.» and «И. О. Фамилия» («Фамилия И.», «И. Фамилия» only
//     when the registry has no patronymic: one initial alone is too often
//     an official signing an order) — each in any grammatical case («Ивановым Петром», «Марии
//     Петровой», «Иванову П. С.»): a Cyrillic word is compared by its stem
//     (pii_text::CyrillicStem), needles and text alike, so a name costs one
//     entry per form, not one per case. An initial is one letter written
//     upper-case with a '.' right after it. When a form is also part of a
//     consenting mentor's published name (a namesake; compared by stems too,
//     so «Иванова Александра» is a namesake of «Иванов Александр»), it is left
//     out, since the mentor may be named, and the forms with the patronymic
//     («Фамилия Имя Отчество», «Имя Отчество Фамилия») are searched instead,
//     when they are not the mentor's too;
//   - birth dates of every participant: 14.03.1976, 14.3.1976, 1976-03-14,
//     «14 марта 1976»;
//   - phones (the last ten digits, however grouped: «+7 900 881-99-38»,
//     «8 (900) 8819938») and e-mails of every participant.
//
// Both needles and text go through one tokenizer, so they are normalised the
// same way: letters lower-cased, «ё» as «е», HTML entities (&#1040;, &nbsp;…)
// and JSON \u escapes decoded, soft hyphens dropped, any run of punctuation,
// spaces or markup between words treated as one gap. Tag names and attribute
// names are skipped; quoted attribute values are scanned on their own. Words
// are compared whole: «Анна» does not match inside «Аннушка».
//
// Matching is a hash lookup of word n-grams (n = lengths present among the
// needles, after a check that the first word starts some needle), so a scan is
// linear in the text whatever the registry's size.
//
// Not found (documented limits): a surname or a name alone; declined forms
// of names whose forms share only two letters («Яне», «Зоей»: found as the
// registry writes them); irregular declension (a fleeting vowel other than
// «е», «о», «ь» at the stem's end: «Заяц»/«Зайца»); one initial of someone
// with a patronymic («Иванову П.»); initials in lower case,
// without their '.', or written as HTML entities; diminutives («Маша» for
// «Мария»); names split by markup inside a word, look-alike Latin letters,
// text inside images and PDF files. Stems are coarse, so a pair of ordinary
// words could match a name («вера Белова»): rare, since both words must be
// the person's, side by side.
//
// Needles are kept as 64-bit hashes of their normalised text with the row
// that gave them, not as text: the registry itself is not held (a million
// rows), and a hash collision (about one in 10^12 per lookup) could only
// report a false match, never hide one. The row's details are read again from
// the file when a match is reported.
//
// Thread safety: Scan() is const and may run on several threads.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "model/participant.h"
#include "util/flat_hash.h"
#include "util/hash.h"
#include "util/recent_strings.h"

namespace nastavnik {

enum class PiiKind { kName, kBirthDate, kPhone, kEmail };

struct PiiHit {
  size_t person = 0;     // index into PeopleRegistry::participants
  PiiKind kind = PiiKind::kName;
  size_t offset = 0;     // byte offset of the match in the scanned text
  size_t length = 0;     // names: its length in bytes (reports tell another form from the registry's)
};

class PiiIndex;
class PiiScanMemo;

// The needles of the people registry gathered one participant at a time, in
// registry order, while LoadSite reads the registry (so it is not read again
// for them): birth dates, phones and e-mails indexed at once; name forms kept
// as hashes until PiiIndex knows which are a published mentor's, which only
// the whole registry tells.
class PiiNeedles {
 public:
  // Adds the next participant (registry order: the index of PiiHit::person).
  // Not after a PiiIndex has been built from these needles (it shares them).
  void Add(const Participant& p);
  size_t size() const { return count_; }
  // About `rows` participants are coming in all (an estimate, from the
  // registry's size once some rows were added): the tables' capacity set
  // once, in proportion to what the rows so far gave, instead of doubled on
  // the way. Optional.
  void Reserve(size_t rows);
  // Done adding: the tables sorted for lookups (else the first PiiIndex
  // built from these needles does it).
  void Freeze() {
    tables_->Freeze();
    memo_.reset();
  }

 private:
  friend class PiiIndex;
  struct Needle {
    uint32_t person;
    PiiKind kind;
    bool operator<(const Needle& o) const { return person < o.person; }  // the first row
  };
  // What the scanner looks up, shared with every PiiIndex built from these
  // needles (not copied: a million distinct names are tens of MB). The
  // tables a registry's size can make large are filled by appending and
  // frozen (sorted) before the first lookup (util/flat_hash.h: 8 bytes a
  // name form, no empty slots, no rehash); the dates are a few thousand.
  // A name form keeps its NameKey only, not the first row that gives it
  // (4 bytes more a form, 8 MB for a million distinct names): a match
  // is a privacy error, rare, and PiiIndex finds that row again then.
  struct Tables {
    FlatHashMap64<Needle> words;        // birth dates
    FrozenHashSet64 names;              // the other name forms' NameKeys
    FrozenHashSet64 heads;              // first words of all of them
    std::vector<size_t> lengths;        // their word counts, ascending
    FrozenHashMap64<Needle> phones;
    FrozenHashMap64<Needle> emails;
    void Freeze() {
      names.Freeze();
      heads.Freeze();
      phones.Freeze();
      emails.Freeze();
    }
  };
  // The n-gram of words whose WordHashes are `words` (a birth date).
  void AddGram(const uint64_t* words, size_t n, Needle needle);
  void AddLength(size_t words);

  // Everything is kept once per distinct text (the first row that gives it),
  // in flat tables: a million rows of a few thousand distinct names cost a
  // few thousand entries. «Фамилия Имя Отчество» is not kept: it is a needle
  // only where a short form is a published mentor's (a namesake), and
  // PiiIndex then walks the registry again for it.
  size_t count_ = 0;
  size_t name_forms_ = 0, heads_added_ = 0, contacts_ = 0;  // added so far (for Reserve)
  // What Add already gave the tables, so that a name or a birth date seen
  // before is not hashed again (adding it again would change nothing: the
  // first row keeps a text). Names: the keys a recent name added, by its
  // three parts (a fixed cache); dates: a bit per day of 1900-2099.
  // A registry of (nearly) all distinct names turns the names' cache off
  // after a while: it would only cost a lookup and a cache miss a row.
  struct Memo {
    RecentStrings<uint8_t> names;
    bool names_on = true;
    size_t name_lookups = 0, name_hits = 0;
    std::string key;  // scratch
    std::vector<uint64_t> dates;
  };
  std::unique_ptr<Memo> memo_ = std::make_unique<Memo>();
  std::shared_ptr<Tables> tables_ = std::make_shared<Tables>();
};

// What PiiIndex::Scan learnt of the segments of text it scanned (the text
// cut after each line break where the scanner's state can be carried over:
// see ScanText in pii_index.cc), so that a segment seen again (the theme's
// header, navigation, sidebar and footer on every page; a case's card on
// every list that lists it) is not decoded and tokenized again. A segment is
// kept when it had no match of its own (no n-gram, phone or e-mail wholly
// inside it) and is valid UTF-8, keyed by its bytes and the decoder's state
// (inside a tag, a quoted value) where it starts, with what its neighbours
// can still combine with: its first and last words (an n-gram or a phone that
// crosses its edges is still looked up, from them), the gaps before its first
// and after its last word, the decoder's state after it and whether it held
// an '@'. So a scan with a memo finds exactly what a scan without one finds.
//
// A fixed number of slots (a segment replaces the one in its slot): memory
// does not grow with the site. Keys are 128-bit hashes of the bytes with
// their length: a collision, which could hide a match, is about one in 2^100
// for a build's millions of lookups.
//
// One memo per thread and per index (not thread-safe; its entries are true
// only of the index it was made for).
class PiiScanMemo {
 public:
  explicit PiiScanMemo(const PiiIndex& index, size_t slots = size_t{1} << 14);
  PiiScanMemo(const PiiScanMemo&) = delete;
  PiiScanMemo& operator=(const PiiScanMemo&) = delete;
  // Segments found in the memo and scanned (for tests and measurements).
  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }
  // Of the misses, segments too long to be looked up or kept (kLongest).
  size_t unkeyed() const { return unkeyed_; }
  // The longest segment (bytes) the memo looks up and keeps. Longer ones
  // are a page's own prose (a case's body paragraphs, ~1-2 KB a line), seen
  // once: at 10,000 cases they were 67.5 MB of the 139 MB of missed
  // segments and 28 KB of the 108 MB of hits, so hashing them for a key and
  // gathering their words for an entry was work thrown away.
  static constexpr size_t kLongest = 512;
  struct Key {
    uint64_t lo, hi;  // Hasher's digest of the decoder's state and the bytes
  };

 private:
  friend class PiiIndex;
  // A segment known clean. Gaps (before its first word, all of it when it
  // has none; after its last) packed: length up to 4 (only ≤ 3 joins the
  // numbers of a phone), phone punctuation only (8), a quoted value's edge
  // in it (16).
  struct Entry {
    uint64_t lo = 0, hi = 0;  // its Key; a free slot holds len 0
    uint32_t len = 0;         // its bytes
    uint32_t words = 0;       // its words
    uint8_t kept = 0;         // of them in words_ (its first and last ones)
    uint8_t exit = 0;         // the decoder's state after it
    uint8_t lead = 0, trail = 0;
    bool saw_at = false;
    bool heads = false;       // one of its kept words may start a needle
  };
  // A word kept, as the scanner's n-grams and phones need it.
  struct Word {
    uint64_t hash;
    uint32_t off, end;   // from the segment's start
    uint32_t index;      // its place among the segment's words
    uint8_t flags;       // kInitial, kAfterBreak, kPhoneJoin, kNumeric, kHead
    uint8_t digits_len;  // a number's digits as written, up to 11 (12: more)
    uint64_t digits;     // 4 bits a digit
  };
  enum : uint8_t { kInitial = 1, kAfterBreak = 2, kPhoneJoin = 4, kNumeric = 8, kHead = 16 };
  const Entry* Find(const Key& key, size_t len) const {
    const Entry& e = entries_[key.lo & (entries_.size() - 1)];
    return e.len == len && e.lo == key.lo && e.hi == key.hi ? &e : nullptr;
  }
  const Word* WordsOf(const Entry& e) const { return &words_[static_cast<size_t>(&e - entries_.data()) * per_entry_]; }
  Entry& Slot(const Key& key) { return entries_[key.lo & (entries_.size() - 1)]; }
  Word* WordsOf(Entry& e) { return &words_[static_cast<size_t>(&e - entries_.data()) * per_entry_]; }

  const PiiIndex* index_;
  size_t edge_;       // words an n-gram may reach over a segment's edge: the longest − 1
  size_t per_entry_;  // words kept at most a segment
  std::vector<Entry> entries_;  // a power of two
  std::vector<Word> words_;     // per_entry_ a slot
  size_t hits_ = 0, misses_ = 0, unkeyed_ = 0;
};

class PiiIndex {
 public:
  // REQUIRES: `people` outlives the index. `site_address` and `today` decide
  // which mentors' names are published (model/privacy.h).
  // For tests: `people.participants` is everyone.
  PiiIndex(const PeopleRegistry& people, std::string_view site_address, Date today);
  // Calls its argument with every participant, in registry order.
  using ParticipantSource = std::function<void(const std::function<void(const Participant&)>&)>;
  // `may_be_named`: the mentors whose names may be published (their names
  // are not needles when CheckConsent allows them); `everyone` is walked once;
  // `load(i)` reads participant i again for a report.
  PiiIndex(const std::vector<Participant>& may_be_named, const ParticipantSource& everyone,
           std::string_view site_address, Date today, std::function<Participant(size_t)> load);
  // The same from needles gathered beforehand (LoadSite): `everyone` is
  // walked again only when a mentee's short name form is a published
  // mentor's (for the «Фамилия Имя Отчество» forms that then become needles),
  // and when a scan finds a name (its first row, see FirstRowOf); it is
  // kept, and must stay callable as long as the index is used.
  // Whether a name form is a published mentor's is decided by the 64-bit
  // hashes of the two texts.
  PiiIndex(const std::vector<Participant>& may_be_named, const PiiNeedles& needles,
           const ParticipantSource& everyone, std::string_view site_address, Date today,
           std::function<Participant(size_t)> load);

  // Appends every match in `text` to `hits`, in text order; one hit per
  // person, kind and position.
  // `memo` (null, or the calling thread's, made for this index): segments it
  // knows clean are not decoded again; the hits are the same.
  void Scan(std::string_view text, std::vector<PiiHit>& hits, PiiScanMemo* memo = nullptr) const {
    ScanText(text, hits, false, memo);
  }
  // As Scan, for a text that is scanned only if it is UTF-8: false (and no
  // hits) when it is not (FirstInvalidUtf8's rule), found in the same pass
  // (the scan stops at the first invalid byte).
  bool ScanUtf8(std::string_view text, std::vector<PiiHit>& hits, PiiScanMemo* memo = nullptr) const {
    return ScanText(text, hits, true, memo);
  }

  // Participant i (registry order); read again on first use.
  const Participant& person(size_t i) const;
  size_t needle_count() const;  // entries of its lookup tables

  // A word's (or a phone's, an e-mail's) 64-bit hash: 8 bytes per step,
  // since the scanner hashes every word of every page.
  static uint64_t KeyHash(std::string_view s) { return KeyHashOf(s.data(), s.size(), false); }
  // `padded`: at least 8 bytes past s + n are readable (the scanner's
  // arena), so the last block is one load; the hash is the same.
  __attribute__((always_inline)) static inline uint64_t KeyHashOf(const char* s, size_t n, bool padded) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      h = (h ^ w) * 0x87c37b91114253d5ull;
      h ^= h >> 31;
    }
    if (i < n) {
      uint64_t w = 0;
      if (padded) {
        std::memcpy(&w, s + i, 8);
        w &= ~uint64_t{0} >> (8 * (8 - (n - i)));  // little-endian: the first n - i bytes
      } else {
        for (size_t k = 0; k < n - i; ++k) w |= uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
      }
      h = (h ^ w) * 0x87c37b91114253d5ull;
      h ^= h >> 31;
    }
    return Fmix64(h);
  }
  // The hash of an n-gram: its first word's KeyHash extended by the KeyHash
  // of each next word, so a scan hashes each word once, however many
  // n-grams it starts or continues.
  static uint64_t Extend(uint64_t gram, uint64_t word) { return Fmix64(gram * 0x4cf5ad432745937full ^ word); }
  // The hash a word of the text is compared by (a word as PiiWords gives
  // it): a Cyrillic word's stem (pii_text::CyrillicStem), so that every case
  // form of a name has the same; other words as they are. An initial is
  // written "x." (the scanner hashes one so: an upper-case letter with a '.'
  // right after it).
  static uint64_t WordHash(std::string_view w);
  static uint64_t GramHash(const std::vector<std::string>& words) {
    uint64_t h = WordHash(words.front());
    for (size_t k = 1; k < words.size(); ++k) h = Extend(h, WordHash(words[k]));
    return h;
  }
  // The key a name form is gathered by (PiiNeedles' names), one for the
  // orders a name is written in, so a mentee costs 3 entries, not 5: two
  // words are keyed alike in either order («Фамилия Имя» = «Имя Фамилия»),
  // a word and two initials alike with the initials after or before it
  // («Фамилия И. О.» = «И. О. Фамилия»); any other run of `n` words by its
  // GramHash `gram`. `hash(j)`, `initial(j)`: word j's WordHash and whether
  // it is an initial. Every row that gives one of these orders gives the
  // others too (NameForms), so the key matches the same texts and rows as
  // the ordered forms did; what a published mentor's name leaves out is
  // looked up by `gram` (overrides_), so one order can still be left out
  // alone.
  template <class Hash, class Initial>
  static uint64_t NameKey(size_t n, uint64_t gram, Hash&& hash, Initial&& initial) {
    if (n == 2) {
      const uint64_t a = hash(0), b = hash(1);
      return a < b ? Extend(a, b) : Extend(b, a);
    }
    if (n == 3 && initial(0) && initial(1) && !initial(2)) return Extend(Extend(hash(2), hash(0)), hash(1));
    return gram;  // a word then two initials: already in the order the key takes
  }
  // Both keys of a run of words as PiiWords gives them (an initial written
  // "x."): GramHash, and NameKey.
  struct Keys {
    uint64_t gram, name;
  };
  static Keys KeysOf(const std::vector<std::string>& words) {
    std::vector<uint64_t> h;
    for (const auto& w : words) h.push_back(WordHash(w));
    uint64_t gram = h.front();
    for (size_t k = 1; k < h.size(); ++k) gram = Extend(gram, h[k]);
    return {gram, NameKey(h.size(), gram, [&](size_t j) { return h[j]; },
                          [&](size_t j) { return !words[j].empty() && words[j].back() == '.'; })};
  }

 private:
  friend struct PiiIndexTestPeer;  // pii_index_scan_test.cc: the reference scanner
  friend struct PiiFastPathTestPeer;  // pii_fast_path_test.cc: the general path
  friend class PiiNeedles;
  friend class PiiScanMemo;
  using Needle = PiiNeedles::Needle;
  bool ScanText(std::string_view text, std::vector<PiiHit>& hits, bool utf8_only, PiiScanMemo* memo) const;
  size_t LongestGram() const { return t_->lengths.empty() ? 0 : t_->lengths.back(); }
  // The needle of the n-gram of GramHash `gram` and NameKey `name`, if any:
  // a date; else a name form, as the gathered names say or, where a
  // published mentor's name changed that, as overrides_ says.
  bool Find(uint64_t gram, uint64_t name, Needle& out) const {
    if (const Needle* d = t_->words.Find(gram)) {
      out = *d;
      return true;
    }
    if (!overrides_.empty())
      if (const Needle* o = overrides_.Find(gram)) {
        out = *o;
        return o->kind == PiiKind::kName;
      }
    if (t_->names.Contains(name)) {
      out = Needle{FirstRowOf(name), PiiKind::kName};
      return true;
    }
    return false;
  }
  // The first row (registry order) one of whose name forms has NameKey
  // `name` (in t_->names): the registry walked again through everyone_,
  // once a key (a match is an error to report: rare).
  uint32_t FirstRowOf(uint64_t name) const;
  void SetName(uint64_t gram, uint64_t name, uint32_t person);
  void BuildHeadFilter();


  const std::vector<Participant>* all_ = nullptr;   // the test constructor's
  std::function<Participant(size_t)> load_;
  mutable std::mutex mu_;
  mutable std::map<size_t, Participant> loaded_;
  ParticipantSource everyone_;                      // for FirstRowOf
  mutable std::map<uint64_t, uint32_t> first_rows_;  // FirstRowOf's answers (under mu_)
  // The needles LoadSite gathered (or the constructor's walk): n-grams,
  // phones, e-mails. Its heads and lengths (hashes of first words, n of the
  // n-grams) may hold more than the needles need (a published mentor's name
  // left out): a wasted probe, never a lost match.
  std::shared_ptr<const PiiNeedles::Tables> t_;
  // Name forms whose needle differs from names: left out as a published
  // mentor's (kind kPhone marks those: no n-gram is a phone), or added, or
  // given to an earlier row, by «Фамилия Имя Отчество».
  FlatHashMap64<Needle> overrides_;
  // A bit per head hash (a one-hash Bloom filter): most words of a text are
  // rejected without probing the heads.
  std::vector<uint64_t> head_filter_;
  uint64_t head_mask_ = 0;  // bits in the filter − 1 (a power of two, ≥ 8 per head)
  // The tokenizer's fast path between words (Tokenize in pii_index.cc); off
  // only in tests, which compare the two.
  bool fast_path_ = true;
};

// The words of `text` as the scanner sees them (exposed for tests).
std::vector<std::string> PiiWords(std::string_view text);

// Whether `found` (a name the scanner found) is written as the registry
// writes p's name («Фамилия Имя», «Имя Фамилия», with the patronymic), not
// declined nor with initials.
bool IsRegistryNameForm(const Participant& p, std::string_view found);

}  // namespace nastavnik
