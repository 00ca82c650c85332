#include "validate/schema.h"

#include <algorithm>
#include <regex>

#include "load/yaml.h"
#include "util/strings.h"

namespace nastavnik {

const FieldSchema* Schema::Field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

int Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

std::string_view FieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kString: return "string";
    case FieldType::kInteger: return "integer";
    case FieldType::kNumber: return "number";
    case FieldType::kDate: return "date";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kEnum: return "enum";
    case FieldType::kList: return "list";
    case FieldType::kUrl: return "url";
    case FieldType::kEmail: return "email";
    case FieldType::kObjects: return "objects";
  }
  return "string";
}

std::string_view PublicationName(Publication p) {
  switch (p) {
    case Publication::kPublic: return "public";
    case Publication::kAggregate: return "aggregate";
    case Publication::kInternal: return "internal";
  }
  return "public";
}

namespace {

// Dashes of every kind fold to a space so «ученик - ученик» matches
// «ученик – ученик».
std::string EnumKey(std::string_view s) {
  std::string t = ReplaceAll(std::string(s), "–", "-");
  t = ReplaceAll(t, "—", "-");
  return FoldKey(t);
}

std::optional<FieldType> ParseType(std::string_view s) {
  static const std::pair<const char*, FieldType> kTypes[] = {
      {"string", FieldType::kString}, {"integer", FieldType::kInteger},
      {"number", FieldType::kNumber}, {"date", FieldType::kDate},
      {"boolean", FieldType::kBoolean}, {"enum", FieldType::kEnum},
      {"list", FieldType::kList},     {"url", FieldType::kUrl},
      {"email", FieldType::kEmail},   {"objects", FieldType::kObjects}};
  for (const auto& [name, type] : kTypes)
    if (s == name) return type;
  return std::nullopt;
}

class SchemaReader {
 public:
  SchemaReader(const std::string& path, Diagnostics& diags) : path_(path), diags_(diags) {}

  void Error(const YamlNode& at, const std::string& message, const std::string& hint = {}) {
    diags_.Error({path_, at.line, at.column}, "E062", message, hint);
    ok_ = false;
  }

  std::string Scalar(const YamlNode& map, std::string_view key) {
    const YamlNode* v = map.Find(key);
    if (!v || v->IsNull()) return {};
    if (!v->IsScalar()) {
      Error(*v, "«" + std::string(key) + "» должно быть строкой");
      return {};
    }
    return v->scalar;
  }

  std::vector<std::string> Strings(const YamlNode& map, std::string_view key) {
    std::vector<std::string> out;
    const YamlNode* v = map.Find(key);
    if (!v || v->IsNull()) return out;
    if (v->IsScalar()) return {v->scalar};
    if (!v->IsSequence()) {
      Error(*v, "«" + std::string(key) + "» должно быть списком");
      return out;
    }
    for (const auto& item : v->items) {
      if (item.IsScalar()) out.push_back(item.scalar);
      else Error(item, "элемент списка «" + std::string(key) + "» должен быть строкой");
    }
    return out;
  }

  bool Bool(const YamlNode& map, std::string_view key) {
    std::string s = Scalar(map, key);
    return s == "true" || s == "yes" || s == "да";
  }

  std::optional<double> Number(const YamlNode& map, std::string_view key) {
    std::string s = Scalar(map, key);
    if (s.empty()) return std::nullopt;
    try {
      size_t used = 0;
      double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (...) {
    }
    Error(*map.Find(key), "«" + std::string(key) + "» должно быть числом");
    return std::nullopt;
  }

  std::vector<FieldSchema> Fields(const YamlNode& list) {
    std::vector<FieldSchema> out;
    if (!list.IsSequence()) {
      Error(list, "«fields» должно быть списком полей");
      return out;
    }
    for (const auto& item : list.items) {
      if (!item.IsMap()) {
        Error(item, "описание поля должно быть списком «ключ: значение»");
        continue;
      }
      CheckKeys(item, {"name", "title", "aliases", "type", "item_type", "required", "unique", "pattern",
                       "minimum", "maximum", "enum", "default", "reference", "publish", "description", "fields"},
                "в описании поля");
      FieldSchema f;
      f.name = Scalar(item, "name");
      if (f.name.empty()) Error(item, "у поля нет «name»");
      f.title = Scalar(item, "title");
      if (f.title.empty()) f.title = f.name;
      f.aliases = Strings(item, "aliases");
      std::string type = Scalar(item, "type");
      if (!type.empty()) {
        if (auto t = ParseType(type)) f.type = *t;
        else Error(*item.Find("type"), "неизвестный тип поля «" + type + "»",
                   "допустимы: string, integer, number, date, boolean, enum, list, url, email, objects");
      }
      std::string item_type = Scalar(item, "item_type");
      if (!item_type.empty()) {
        if (auto t = ParseType(item_type); t && *t != FieldType::kObjects && *t != FieldType::kList)
          f.item_type = *t;
        else Error(*item.Find("item_type"), "недопустимый тип элементов «" + item_type + "»");
      }
      f.required = Bool(item, "required");
      f.unique = Bool(item, "unique");
      f.pattern = Scalar(item, "pattern");
      if (!f.pattern.empty()) {
        try {
          std::regex re(f.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
          Error(*item.Find("pattern"), "образец «" + f.pattern + "» не является регулярным выражением");
          f.pattern.clear();
        }
      }
      f.minimum = Number(item, "minimum");
      f.maximum = Number(item, "maximum");
      f.enum_values = Strings(item, "enum");
      for (const auto& v : f.enum_values) f.enum_keys.push_back(EnumKey(v));
      if (f.type == FieldType::kEnum && f.enum_values.empty())
        Error(item, "у поля «" + f.name + "» типа enum нет списка «enum»",
              "перечислите допустимые значения: enum: [первое, второе]");
      if (item.Find("default")) f.default_value = Scalar(item, "default");
      f.reference = Scalar(item, "reference");
      std::string publish = Scalar(item, "publish");
      if (publish.empty() || publish == "public") f.publish = Publication::kPublic;
      else if (publish == "aggregate") f.publish = Publication::kAggregate;
      else if (publish == "internal") f.publish = Publication::kInternal;
      else Error(*item.Find("publish"), "неизвестный класс публикации «" + publish + "»",
                 "допустимы: public, aggregate, internal");
      f.description = Scalar(item, "description");
      if (const YamlNode* sub = item.Find("fields")) f.fields = Fields(*sub);
      if (f.type == FieldType::kObjects && f.fields.empty())
        Error(item, "у поля «" + f.name + "» типа objects нет вложенных «fields»");
      out.push_back(std::move(f));
    }
    return out;
  }

  // A misspelt key («requred: true») would be ignored silently and the
  // rule it meant would never apply: report it with a suggestion.
  void CheckKeys(const YamlNode& map, const std::vector<std::string>& known, const std::string& where) {
    for (const auto& [key, value] : map.entries) {
      if (std::find(known.begin(), known.end(), key.scalar) != known.end()) continue;
      std::string near = SuggestClosest(key.scalar, known);
      Error(key, "неизвестный ключ «" + key.scalar + "» " + where,
            near.empty() ? "допустимы: " + Join(known, ", ") : "возможно, имелось в виду «" + near + "»");
    }
  }

  bool ok() const { return ok_; }

 private:
  const std::string& path_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

std::optional<std::string> MatchEnum(std::string_view value,
                                     const std::vector<std::string>& enum_values) {
  std::string key = EnumKey(value);
  for (const auto& v : enum_values)
    if (EnumKey(v) == key) return v;
  return std::nullopt;
}

const std::string* MatchEnum(std::string_view value, const FieldSchema& f) {
  const auto& values = f.enum_values;
  if (f.enum_keys.size() != values.size()) {
    const std::string key = EnumKey(value);
    for (const auto& v : values)
      if (EnumKey(v) == key) return &v;
    return nullptr;
  }
  // The first value with the same key, as the folding search would find.
  auto first_with_key = [&](const std::string& key) -> const std::string* {
    for (size_t i = 0; i < values.size(); ++i)
      if (f.enum_keys[i] == key) return &values[i];
    return nullptr;
  };
  for (size_t j = 0; j < values.size(); ++j)
    if (values[j] == value) return first_with_key(f.enum_keys[j]);
  return first_with_key(EnumKey(value));
}

std::optional<Schema> SchemaFromYaml(const YamlNode& root, const std::string& source_path,
                                     Diagnostics& diags) {
  SchemaReader r(source_path, diags);
  if (!root.IsMap()) {
    r.Error(root, "схема должна быть списком «ключ: значение»");
    return std::nullopt;
  }
  r.CheckKeys(root, {"name", "title", "kind", "path", "primary_key", "encoding", "delimiter", "fields", "description"},
              "в схеме");
  Schema s;
  s.source = source_path;
  s.name = r.Scalar(root, "name");
  s.title = r.Scalar(root, "title");
  std::string kind = r.Scalar(root, "kind");
  if (kind == "registry" || kind.empty()) s.kind = Schema::Kind::kRegistry;
  else if (kind == "front_matter") s.kind = Schema::Kind::kFrontMatter;
  else r.Error(*root.Find("kind"), "неизвестный вид схемы «" + kind + "»",
               "допустимы: registry, front_matter");
  s.path = r.Scalar(root, "path");
  s.primary_key = r.Scalar(root, "primary_key");
  s.encoding = r.Scalar(root, "encoding");
  s.delimiter = r.Scalar(root, "delimiter");
  if (const YamlNode* fields = root.Find("fields")) s.fields = r.Fields(*fields);
  else r.Error(root, "в схеме нет списка полей «fields»");
  if (s.name.empty()) r.Error(root, "в схеме нет имени «name»");
  if (!s.primary_key.empty() && !s.Field(s.primary_key))
    r.Error(*root.Find("primary_key"), "ключевое поле «" + s.primary_key + "» не описано в «fields»");
  if (!r.ok()) return std::nullopt;
  return s;
}

}  // namespace nastavnik
