#include "validate/record.h"

#include "validate/schema.h"

namespace nastavnik {

namespace {
const Value kNull;
const std::string kEmpty;
}  // namespace

const Value& Record::Get(std::string_view name) const {
  const std::vector<FieldSchema>* list = schema ? &schema->fields : fields;
  if (!list) return kNull;
  for (size_t i = 0; i < list->size() && i < values.size(); ++i)
    if ((*list)[i].name == name) return values[i];
  return kNull;
}

const std::string& Record::Text(std::string_view name) const {
  const Value& v = Get(name);
  return v.IsNull() ? kEmpty : v.text;
}

std::vector<std::string> Record::Texts(std::string_view name) const {
  std::vector<std::string> out;
  const Value& v = Get(name);
  if (v.kind == Value::Kind::kList) {
    for (const auto& item : v.list) out.push_back(item.text);
  } else if (!v.IsNull()) {
    out.push_back(v.text);
  }
  return out;
}

std::optional<Date> Record::DateOf(std::string_view name) const {
  const Value& v = Get(name);
  if (v.kind == Value::Kind::kDate) return v.date;
  return std::nullopt;
}

std::optional<double> Record::NumberOf(std::string_view name) const {
  const Value& v = Get(name);
  if (v.kind == Value::Kind::kNumber) return v.number;
  if (v.kind == Value::Kind::kInteger) return static_cast<double>(v.integer);
  return std::nullopt;
}

bool Record::BoolOf(std::string_view name) const {
  const Value& v = Get(name);
  return v.kind == Value::Kind::kBoolean && v.boolean;
}

}  // namespace nastavnik
