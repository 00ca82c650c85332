#pragma once
// Validated values: what a registry row or a front matter becomes once its
// schema has checked it. Every value remembers where it was written so later
// checks (foreign keys, links, the privacy guard) can point at it.
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "util/date.h"

namespace nastavnik {

struct Schema;
struct FieldSchema;
struct Record;

struct Value {
  enum class Kind { kNull, kString, kInteger, kNumber, kDate, kBoolean, kList, kObjects };
  Kind kind = Kind::kNull;
  std::string text;  // the value as written (trimmed); canonical spelling for enums
  long long integer = 0;
  double number = 0;
  Date date;
  bool boolean = false;
  std::vector<Value> list;
  std::vector<Record> objects;
  SourcePos pos;

  bool IsNull() const { return kind == Kind::kNull; }
};

struct Record {
  const Schema* schema = nullptr;  // REQUIRES: outlives the record
  // For a nested record (an item of an `objects` field): its fields.
  const std::vector<FieldSchema>* fields = nullptr;
  SourcePos pos;                   // the row or the front matter's first line
  std::string id;                  // primary key (registries) or content id
  std::vector<Value> values;       // one per schema field, in schema order
  bool has_errors = false;         // validation reported a problem in this record
  // Every text is known to be valid UTF-8 (a registry row: the CSV reader
  // decodes to UTF-8, the schema's own strings are checked), so writers need
  // not check it again.
  bool utf8 = false;

  // The value of field `name`; a null Value when the field is unknown or empty.
  const Value& Get(std::string_view name) const;
  // Text of a scalar field, "" when null.
  const std::string& Text(std::string_view name) const;
  // Texts of a list field (empty when null).
  std::vector<std::string> Texts(std::string_view name) const;
  std::optional<Date> DateOf(std::string_view name) const;
  std::optional<double> NumberOf(std::string_view name) const;
  bool BoolOf(std::string_view name) const;
};

}  // namespace nastavnik
