#pragma once
// Checks loaded content against schemas and turns it into Records.
//
// Every problem is a diagnostic on the file, line and column where the value
// was written; validation never stops at the first one.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "diag/diagnostic.h"
#include "util/flat_hash.h"
#include "validate/record.h"
#include "validate/schema.h"

namespace nastavnik {

struct YamlNode;

// Parses one written value for `field`. `label` names the field in messages
// («столбец «Дата рождения»» or «параметр «date»»). Empty text gives the
// default or a null value (E041 when required).
Value ParseFieldValue(std::string_view text, const FieldSchema& field, const SourcePos& pos,
                      const std::string& label, Diagnostics& diags);
// The same into `out`, reusing its buffers (a registry validated row by row
// allocates nothing per cell once they have grown).
void ParseFieldValueInto(std::string_view text, const FieldSchema& field, const SourcePos& pos,
                         const std::string& label, Diagnostics& diags, Value& out);

// Validates a front matter map. Unknown keys are E040 with a suggestion;
// `id` becomes Record::id.
Record ValidateFrontMatter(const YamlNode& root, const Schema& schema, const std::string& path,
                           std::string id, Diagnostics& diags);

// Reports E046 for repeated values of every `unique` field (and the primary key).
void CheckUnique(const std::vector<Record>& records, const Schema& schema, Diagnostics& diags);

// What a reference may point at ("organizations.id", "orders").
struct ReferenceTarget {
  std::vector<std::string> ids;  // every id, for the check and suggestions
  // Completes the message «поле «X»: «v» …», e.g. «нет в реестре «Организации»
  // (data/organizations.csv)».
  std::string missing;
  std::string hint;  // when no id is close enough to suggest
  // Folded ids (FoldKey) of records that have errors of their own («Sch-1»
  // against the pattern): a reference matching one of them up to case is
  // that same mistake and is not reported again.
  std::set<std::string> doubtful;
  // Records were lost to a reading error (a broken quote, a file that is not
  // CSV): a missing id may be among them, so nothing is reported.
  bool incomplete = false;
};
using ReferenceTargets = std::map<std::string, ReferenceTarget>;

// Reports E047 for every value of a field with `reference:` that is not among
// the targets. References to unknown or incomplete targets are skipped (the
// schema check and the reader report those).
void CheckReferences(const std::vector<Record>& records, const Schema& schema,
                     const ReferenceTargets& targets, Diagnostics& diags);

// CheckReferences one record at a time (for streamed registries): the
// target ids are put in a hash set once.
class ReferenceChecker {
 public:
  ReferenceChecker(const Schema& schema, const ReferenceTargets& targets);  // REQUIRES: both outlive it
  void Check(const Record& r, Diagnostics& diags) const;

 private:
  struct Field {
    size_t index;
    const FieldSchema* field;
    const ReferenceTarget* target;
    std::unordered_set<std::string> ids;
  };
  std::vector<Field> fields_;
};

// CheckUnique one record at a time, for registries that are streamed and not
// held: remembers a 64-bit hash of each folded value and its line, not the
// value (a hash collision, about one in 10^7 for a million rows, would report
// a false duplicate).
//
// The hashes are kept in a sorted array (12 bytes a row, touched only as it
// fills: a million rows ≈ 12 MB) and a small hash table of the latest ones,
// merged into the array when it is full. An open-addressing table of every
// row, kept under 3/4 full, cost ≈ 17 MB at once: the largest thing held
// while a million rows are read.
class UniqueChecker {
 public:
  // `recent`: the rows the small table holds before a merge (a power of
  // two; tests make it small, so that a few rows cross many merges).
  explicit UniqueChecker(const Schema& schema, size_t recent = size_t{1} << 14);  // REQUIRES: schema outlives it
  void Check(const Record& r, Diagnostics& diags);
  // Sizes the arrays for about `rows` rows at once (their capacity: memory
  // is touched as they fill), not doubled (a copy of the whole) on the way.
  void Reserve(size_t rows);

 private:
#pragma pack(push, 4)
  struct Entry {
    uint64_t key;
    int32_t line;
  };
#pragma pack(pop)
  struct Field {
    size_t index;
    const FieldSchema* field;
    std::vector<Entry> sorted;  // by key; merged from `recent`
    std::vector<Entry> recent;  // open addressing, key 0 = free (stored as 1)
    size_t recent_used = 0;
  };
  // The line `key` first appeared on, if it did; else adds it at `line`.
  const int32_t* FindOrAdd(Field& fd, uint64_t key, int32_t line);
  static void Merge(Field& fd);
  std::vector<Field> fields_;
  size_t recent_slots_;  // 4/3 of the rows merged at once, a power of two
  size_t recent_limit_;
};
}  // namespace nastavnik
