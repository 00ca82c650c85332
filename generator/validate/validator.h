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
class UniqueChecker {
 public:
  explicit UniqueChecker(const Schema& schema);  // REQUIRES: outlives it
  void Check(const Record& r, Diagnostics& diags);

 private:
  // The 64-bit hash of a folded value and the line it first appeared on.
  struct Slot {
    uint64_t key = 0;
    int line = 0;
    bool full = false;
  };
  struct Field {
    size_t index;
    const FieldSchema* field;
    // Open addressing in one array (16 bytes a slot, at most 3/4 full): a
    // registry of a million rows is one allocation, given back whole when
    // the check ends, not a million nodes left scattered over the heap.
    std::vector<Slot> slots;
    size_t used = 0;
  };
  // The slot of `key` in `fd`: its own, or the empty one it would take.
  static Slot& Probe(Field& fd, uint64_t key);
  std::vector<Field> fields_;
};

}  // namespace nastavnik
