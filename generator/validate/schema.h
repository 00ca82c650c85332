#pragma once
// Declared schemas, modeled on Frictionless Table Schema.
//
// One schema describes either a CSV registry in data/ or the front matter of
// one kind of content file. Defaults ship inside nastavnik (generator/schemas/,
// embedded at build time); a site overrides one by putting a file of the same
// name in its schemas/ folder. Every field carries a publication class, which
// is how personal data is kept off the public site (see model/privacy.h).
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace nastavnik {

struct YamlNode;

enum class FieldType {
  kString, kInteger, kNumber, kDate, kBoolean, kEnum, kList, kUrl, kEmail,
  kObjects,  // front matter only: a list of maps with their own fields
};

// Who may see a field's values.
enum class Publication {
  kPublic,     // may appear on the public site
  kAggregate,  // may be counted or averaged, never shown row by row
  kInternal,   // never leaves output/internal/
};

struct FieldSchema {
  std::string name;                  // identifier used by templates and code: "birth_date"
  std::string title;                 // Russian header: «Дата рождения»
  std::vector<std::string> aliases;  // other headers that mean the same: «Д.Р.»
  FieldType type = FieldType::kString;
  FieldType item_type = FieldType::kString;  // for kList
  bool required = false;
  bool unique = false;
  std::string pattern;               // ECMAScript regex the whole value must match
  std::optional<double> minimum, maximum;  // numbers: value; strings/lists: length
  std::vector<std::string> enum_values;    // canonical spellings
  std::vector<std::string> enum_keys;      // EnumKey of each (SchemaFromYaml); may be empty
  std::optional<std::string> default_value;
  std::string reference;             // "organizations.id", "orders" (content ids)
  Publication publish = Publication::kPublic;
  std::string description;
  std::vector<FieldSchema> fields;   // for kObjects
};

struct Schema {
  std::string name;         // "organizations", "orders"
  std::string title;        // «Организации»
  enum class Kind { kRegistry, kFrontMatter } kind = Kind::kRegistry;
  std::string path;         // "data/organizations.csv" or "content/orders/*.md"
  std::string primary_key;  // a registry's id field
  std::string encoding;     // registry: "utf-8" / "windows-1251"; empty = detect
  std::string delimiter;    // registry: ";" or ","; empty = detect
  std::vector<FieldSchema> fields;
  std::string source;       // where the schema came from, for diagnostics

  const FieldSchema* Field(std::string_view name) const;
  int FieldIndex(std::string_view name) const;  // -1 when absent
};

std::string_view FieldTypeName(FieldType t);
std::string_view PublicationName(Publication p);

// Parses a schema document. Problems become E060-range diagnostics on
// `source_path`; returns nullopt when the schema is unusable.
std::optional<Schema> SchemaFromYaml(const YamlNode& root, const std::string& source_path,
                                     Diagnostics& diags);

// The canonical spelling of `value` among `enum_values` when it matches one
// after folding case, «ё», spaces and dashes; nullopt otherwise.
std::optional<std::string> MatchEnum(std::string_view value,
                                     const std::vector<std::string>& enum_values);
// The same for field `f`, faster with its enum_keys: a value spelled exactly
// as an enum value is not folded at all. Null when there is no match.
const std::string* MatchEnum(std::string_view value, const FieldSchema& f);

}  // namespace nastavnik
