#pragma once
// The YAML adapter: the only place that includes yaml-cpp.
//
// yaml-cpp's own Node loses duplicate keys silently and its marks count from
// zero relative to the text it was given. We drive its event parser instead
// and build our own tree, with 1-based absolute positions, duplicate keys
// reported, and anchors/aliases refused (front matter has no use for them and
// they are the "billion laughs" vector).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"

namespace nastavnik {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;  // kScalar only
  bool quoted = false; // kScalar written in quotes or as a block scalar
  std::vector<YamlNode> items;                           // kSequence
  std::vector<YamlEntry> entries;  // kMap, in written order
  int line = 0;    // 1-based, in the file (not the snippet)
  int column = 0;  // 1-based, in code points

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // For kMap: the value of `key`, or nullptr.
  const YamlNode* Find(std::string_view key) const;
  // For kMap: the key node whose scalar is `key`, or nullptr.
  const YamlNode* FindKey(std::string_view key) const;
};

// One "key: value" of a map. A separate struct (not std::pair) because the
// node type is incomplete inside its own definition; libc++/clang refuse pair.
struct YamlEntry {
  YamlNode key;  // a scalar
  YamlNode value;
};

// Parses one YAML document. `origin.path` names the file for diagnostics and
// `origin.line` is the file line on which `text` starts (1 for a whole file).
// On a syntax error returns nullopt after adding an E003 diagnostic; duplicate
// keys give E005 and the first value is kept.
// A flat map of one-line values (most front matter) is scanned directly,
// giving the tree yaml-cpp would; `fast_path = false` always uses yaml-cpp
// (tests compare the two).
std::optional<YamlNode> ParseYaml(std::string_view text, const SourcePos& origin,
                                  Diagnostics& diags, bool fast_path = true);

}  // namespace nastavnik
