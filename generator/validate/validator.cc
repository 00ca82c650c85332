#include "validate/validator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>

#include "load/cell_values.h"
#include "load/yaml.h"
#include "util/hash.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

std::string FormatBound(double d) {
  if (d == std::floor(d)) return std::to_string(static_cast<long long>(d));
  return ReplaceAll(std::to_string(d), ".", ",");
}

// Registries often write shares with a percent sign: «12,5 %».
std::optional<double> ParseDecimal(std::string_view s) {
  std::string_view t = Trim(s);
  if (!t.empty() && t.back() == '%') t = Trim(t.substr(0, t.size() - 1));
  return ParseNumber(t);
}

bool LooksLikeUrl(std::string_view s) {
  if (!(StartsWith(s, "http://") || StartsWith(s, "https://"))) return false;
  std::string_view rest = s.substr(s.find("//") + 2);
  if (rest.empty() || rest[0] == '/' || rest[0] == '.') return false;
  for (char c : s)
    if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\'' || c == '`') return false;
  return true;
}

bool LooksLikeEmail(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view domain = s.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  for (char c : s)
    if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>') return false;
  return true;
}

std::string Quote(std::string_view s) { return "«" + std::string(s) + "»"; }

// v.pos = pos, the path not copied when it is already the same (a streamed
// registry's records are reused row after row: it always is).
inline void SetPos(Value& v, const SourcePos& pos) {
  if (v.pos.path.size() != pos.path.size() || std::memcmp(v.pos.path.data(), pos.path.data(), pos.path.size()) != 0)
    v.pos.path = pos.path;
  v.pos.line = pos.line;
  v.pos.column = pos.column;
}

// Checks one non-empty scalar of type `type` and fills `v`.
bool ParseTyped(std::string_view text, FieldType type, const FieldSchema& f, const SourcePos& pos,
                const std::string& label, Diagnostics& diags, Value& v) {
  if (type != FieldType::kEnum) AssignText(v.text, text);  // an enum's is its canonical spelling (text is never v's)
  SetPos(v, pos);
  switch (type) {
    case FieldType::kString:
    case FieldType::kList:
    case FieldType::kObjects:
      v.kind = Value::Kind::kString;
      return true;
    case FieldType::kInteger:
      if (auto i = ParseInteger(text)) {
        v.kind = Value::Kind::kInteger;
        v.integer = *i;
        v.number = static_cast<double>(*i);
        return true;
      }
      diags.Error(pos, "E042", label + ": " + Quote(text) + " — не целое число",
                  "укажите число цифрами, например 120");
      return false;
    case FieldType::kNumber:
      if (auto d = ParseDecimal(text)) {
        v.kind = Value::Kind::kNumber;
        v.number = *d;
        return true;
      }
      diags.Error(pos, "E042", label + ": " + Quote(text) + " — не число",
                  "укажите число, дробную часть — через запятую: 12,5");
      return false;
    case FieldType::kDate:
      if (auto d = ParseDate(text)) {
        v.kind = Value::Kind::kDate;
        v.date = *d;
        return true;
      }
      diags.Error(pos, "E042", label + ": " + Quote(text) + " — не дата или такой даты нет",
                  "запишите дату как ДД.ММ.ГГГГ, например 01.09.2021");
      return false;
    case FieldType::kBoolean:
      if (auto b = ParseBool(text)) {
        v.kind = Value::Kind::kBoolean;
        v.boolean = *b;
        return true;
      }
      diags.Error(pos, "E042", label + ": " + Quote(text) + " — ожидалось «да» или «нет»",
                  "напишите «да» или «нет»");
      return false;
    case FieldType::kEnum:
      if (const std::string* m = MatchEnum(text, f)) {
        v.kind = Value::Kind::kString;
        v.text = *m;
        return true;
      } else {
        v.text.assign(text.data(), text.size());
        std::string hint = "допустимые значения: " + Join(f.enum_values, ", ");
        std::string near = SuggestClosest(text, f.enum_values);
        if (!near.empty()) hint = "возможно, имелось в виду " + Quote(near) + "; " + hint;
        diags.Error(pos, "E043", label + ": значения " + Quote(text) + " нет в списке допустимых",
                    hint);
        return false;
      }
    case FieldType::kUrl:
      if (LooksLikeUrl(text)) {
        v.kind = Value::Kind::kString;
        return true;
      }
      {
        // «sch1.example.ru» is a site without its scheme: say what to write.
        bool bare_domain = text.find('.') != std::string_view::npos && text.find(' ') == std::string_view::npos &&
                           text.find("://") == std::string_view::npos;
        diags.Error(pos, "E042", label + ": " + Quote(text) + " — не адрес сайта",
                    bare_domain ? "допишите в начале https://, например https://" + std::string(text)
                                : "адрес начинается с https:// или http://");
      }
      return false;
    case FieldType::kEmail:
      if (LooksLikeEmail(text)) {
        v.kind = Value::Kind::kString;
        return true;
      }
      diags.Error(pos, "E042", label + ": " + Quote(text) + " — не адрес электронной почты",
                  "адрес почты выглядит так: name@example.ru");
      return false;
  }
  return false;
}

void CheckBoundsSlow(const Value& v, const FieldSchema& f, const std::string& label, Diagnostics& diags);

// Inline: most fields have no bounds (called for every cell of a registry).
inline void CheckBounds(const Value& v, const FieldSchema& f, const std::string& label, Diagnostics& diags) {
  if (f.minimum || f.maximum) CheckBoundsSlow(v, f, label, diags);
}

void CheckBoundsSlow(const Value& v, const FieldSchema& f, const std::string& label, Diagnostics& diags) {
  double measure = 0;
  std::string what;
  if (v.kind == Value::Kind::kInteger || v.kind == Value::Kind::kNumber) {
    measure = v.number;
    what = "значение";
  } else if (v.kind == Value::Kind::kList) {
    measure = static_cast<double>(v.list.size());
    what = "число элементов";
  } else if (v.kind == Value::Kind::kString) {
    measure = static_cast<double>(CodepointCount(v.text));
    what = "длина";
  } else {
    return;
  }
  // The message says what was found and what is allowed, in words that fit
  // the kind of value: characters of a text, items of a list, a number.
  auto say = [&](bool too_small, double bound) {
    std::string got = FormatBound(measure), lim = FormatBound(bound);
    std::string message, hint;
    if (v.kind == Value::Kind::kString) {
      message = label + (too_small ? ": слишком короткое значение (" : ": слишком длинное значение (") + got +
                " симв.), " + (too_small ? "нужно не меньше " : "допускается не больше ") + lim;
      hint = too_small ? "напишите значение полностью, без сокращений" : "сократите текст до " + lim + " символов";
    } else if (v.kind == Value::Kind::kList) {
      message = label + ": элементов " + got + ", " + (too_small ? "нужно не меньше " : "допускается не больше ") + lim;
      hint = too_small ? "добавьте элементы списка" : "оставьте не больше " + lim + " самых важных";
    } else {
      message = label + ": " + ReplaceAll(v.text, ".", ",") + (too_small ? " — меньше допустимого " : " — больше допустимого ") + lim;
      hint = too_small ? "значение не может быть меньше " + lim : "значение не может быть больше " + lim;
    }
    diags.Error(v.pos, "E045", message, hint);
  };
  if (f.minimum && measure < *f.minimum) say(true, *f.minimum);
  if (f.maximum && measure > *f.maximum) say(false, *f.maximum);
}

}  // namespace

namespace {

// A schema's pattern compiled once per process: compiling a std::regex
// costs far more than matching one value, and every row or front matter
// would compile it again. Schemas are validated when loaded (schema.cc), so
// a pattern here compiles. Matching a const regex is thread-safe.
const std::regex& CompiledPattern(const std::string& pattern) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<const std::regex>>* cache =
      new std::map<std::string, std::unique_ptr<const std::regex>>();  // never freed: used until exit
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = (*cache)[pattern];
  if (!slot) slot = std::make_unique<const std::regex>(pattern, std::regex::ECMAScript);
  return *slot;
}

}  // namespace

namespace {

// Value{} without giving up the buffers `v` already has.
void ResetValue(Value& v) {
  v.kind = Value::Kind::kNull;
  v.text.clear();
  v.integer = 0;
  v.number = 0;
  v.date = Date{};
  v.boolean = false;
  v.list.clear();
  v.objects.clear();
}

}  // namespace

void ParseFieldValueInto(std::string_view raw, const FieldSchema& f, const SourcePos& pos,
                         const std::string& label, Diagnostics& diags, Value& v) {
  std::string_view text = Trim(raw);
  ResetValue(v);
  // (ParseTyped sets the position of a scalar.)
  if (text.empty()) {
    if (f.default_value) text = *f.default_value;
    else {
      SetPos(v, pos);
      if (f.required)
        diags.Error(pos, "E041", label + " не заполнен", "это обязательное поле: заполните его");
      return;
    }
  }
  if (f.type == FieldType::kList) {
    v.pos = pos;
    v.kind = Value::Kind::kList;
    v.text.assign(text.data(), text.size());
    size_t cursor = 0;
    for (const auto& part : ParseList(text)) {
      std::string_view item = part;
      // Each item points at itself, so a wrong code in «p001, p03» is found
      // at once. Offsets are in the value as read (line breaks are Alt+Enter).
      SourcePos ipos = pos;
      size_t at = raw.find(part, cursor);
      if (at != std::string_view::npos && pos.line > 0) {
        cursor = at + part.size();
        std::string_view before = raw.substr(0, at);
        size_t nl = before.rfind('\n');
        if (nl == std::string_view::npos) {
          ipos.column = pos.column + static_cast<int>(CodepointCount(before));
        } else {
          ipos.line = pos.line + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
          ipos.column = 1 + static_cast<int>(CodepointCount(before.substr(nl + 1)));
        }
      }
      Value iv;
      if (ParseTyped(item, f.item_type, f, ipos, label, diags, iv)) v.list.push_back(std::move(iv));
    }
    CheckBounds(v, f, label, diags);
    return;
  }
  if (!ParseTyped(text, f.type, f, pos, label, diags, v)) {
    ResetValue(v);  // as Value{}: no text, no position
    v.pos.path.clear();
    v.pos.line = 0;
    v.pos.column = 0;
    return;
  }
  if (!f.pattern.empty() && v.kind == Value::Kind::kString) {
    if (!std::regex_match(v.text, CompiledPattern(f.pattern)))
      diags.Error(pos, "E044", label + ": " + Quote(v.text) + " не соответствует образцу",
                  f.description.empty() ? "образец: " + f.pattern : f.description);
  }
  CheckBounds(v, f, label, diags);
}

Value ParseFieldValue(std::string_view raw, const FieldSchema& f, const SourcePos& pos,
                      const std::string& label, Diagnostics& diags) {
  Value v;
  ParseFieldValueInto(raw, f, pos, label, diags, v);
  return v;
}

namespace {

void ValidateMap(const YamlNode& map, const std::vector<FieldSchema>& fields,
                 const Schema& schema, const std::string& path, const std::string& prefix,
                 Diagnostics& diags, std::vector<Value>& out);

Value ValidateNode(const YamlNode& node, const FieldSchema& f, const Schema& schema,
                   const std::string& path, const std::string& label, Diagnostics& diags) {
  SourcePos pos{path, node.line, node.column};
  if (f.type == FieldType::kObjects) {
    Value v;
    v.pos = pos;
    if (node.IsNull()) {
      if (f.required) diags.Error(pos, "E041", label + " не заполнен", "добавьте хотя бы один элемент");
      return v;
    }
    if (!node.IsSequence()) {
      diags.Error(pos, "E042", label + " должен быть списком",
                  "каждый элемент начинается с «- » на новой строке");
      return v;
    }
    v.kind = Value::Kind::kObjects;
    for (const auto& item : node.items) {
      SourcePos ipos{path, item.line, item.column};
      if (!item.IsMap()) {
        diags.Error(ipos, "E042", label + ": элемент должен быть списком «ключ: значение»",
                    "например: - {title: …, file: …}");
        continue;
      }
      Record r;
      r.fields = &f.fields;
      r.pos = ipos;
      ValidateMap(item, f.fields, schema, path, f.name + ".", diags, r.values);
      v.objects.push_back(std::move(r));
    }
    return v;
  }
  if (f.type == FieldType::kList) {
    Value v;
    v.pos = pos;
    if (node.IsNull()) {
      if (f.required) diags.Error(pos, "E041", label + " не заполнен", "добавьте хотя бы одно значение");
      return v;
    }
    if (node.IsScalar()) {
      // In front matter a single value stands for a one-item list; commas
      // inside it are text («Рост, итог»), unlike in a CSV cell.
      Value iv;
      if (ParseTyped(Trim(node.scalar), f.item_type, f, pos, label, diags, iv)) {
        v.kind = Value::Kind::kList;
        v.text = iv.text;
        v.list.push_back(std::move(iv));
      }
      return v;
    }
    if (!node.IsSequence()) {
      diags.Error(pos, "E042", label + " должен быть списком, а не набором «ключ: значение»",
                  "перечислите значения через запятую в квадратных скобках: [первое, второе]");
      return v;
    }
    v.kind = Value::Kind::kList;
    for (const auto& item : node.items) {
      SourcePos ipos{path, item.line, item.column};
      if (!item.IsScalar()) {
        diags.Error(ipos, "E042", label + ": элемент списка должен быть строкой", "");
        continue;
      }
      Value iv;
      if (ParseTyped(Trim(item.scalar), f.item_type, f, ipos, label, diags, iv))
        v.list.push_back(std::move(iv));
    }
    std::vector<std::string> texts;
    for (const auto& iv : v.list) texts.push_back(iv.text);
    v.text = Join(texts, ", ");
    CheckBounds(v, f, label, diags);
    return v;
  }
  if (node.IsNull()) return ParseFieldValue("", f, pos, label, diags);
  if (!node.IsScalar()) {
    diags.Error(pos, "E042", label + " должен быть одним значением, а не списком",
                "запишите значение в одну строку");
    return Value{};
  }
  return ParseFieldValue(node.scalar, f, pos, label, diags);
}

void ValidateMap(const YamlNode& map, const std::vector<FieldSchema>& fields,
                 const Schema& schema, const std::string& path, const std::string& prefix,
                 Diagnostics& diags, std::vector<Value>& out) {
  out.clear();
  out.resize(fields.size());
  std::vector<std::string> names;  // for the hint of an unknown key only
  std::vector<bool> seen(fields.size(), false);
  std::set<std::string> suggested;  // a typo for a required key is one mistake, not two
  for (const YamlEntry& entry : map.entries) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
    const YamlNode& key = entry.key;
    const YamlNode& value = entry.value;
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const FieldSchema& f) { return f.name == key.scalar; });
    if (it == fields.end()) {
      if (names.empty())
        for (const auto& f : fields) names.push_back(f.name);
      std::string near = SuggestClosest(key.scalar, names);
      suggested.insert(near);
      diags.Error({path, key.line, key.column}, "E040",
                  "неизвестный параметр «" + prefix + key.scalar + "»",
                  near.empty() ? "допустимые параметры: " + Join(names, ", ")
                               : "возможно, имелось в виду «" + near + "»");
      continue;
    }
    size_t i = static_cast<size_t>(it - fields.begin());
    seen[i] = true;
    // An empty value ("number:") has yaml-cpp's position of the next token,
    // often the next line; point at the key instead.
    YamlNode empty_at_key;
    if (value.IsNull()) {
      empty_at_key.line = key.line;
      empty_at_key.column = key.column;
    }
    out[i] = ValidateNode(value.IsNull() ? empty_at_key : value, *it, schema, path,
                          "параметр «" + prefix + it->name + "»", diags);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (seen[i]) continue;
    const FieldSchema& f = fields[i];
    SourcePos pos{path, map.line, map.column};
    if (f.default_value) {
      out[i] = ParseFieldValue(*f.default_value, f, pos, "параметр «" + prefix + f.name + "»", diags);
    } else if (f.required && !suggested.count(f.name)) {
      std::string about = !f.description.empty() ? " (" + f.description + ")"
                          : f.type == FieldType::kEnum ? " (одно из: " + Join(f.enum_values, ", ") + ")"
                          : f.type == FieldType::kDate ? " (дата как ДД.ММ.ГГГГ)"
                                                       : "";
      diags.Error(pos, "E041", "не указан обязательный параметр «" + prefix + f.name + "»",
                  "добавьте строку «" + f.name + ": …»" + about);
    }
  }
}

}  // namespace

Record ValidateFrontMatter(const YamlNode& root, const Schema& schema, const std::string& path,
                           std::string id, Diagnostics& diags) {
  Record r;
  r.schema = &schema;
  r.pos = {path, root.line, 1};
  r.id = std::move(id);
  if (!root.IsMap()) {
    if (!root.IsNull()) {
      // One mistake, one error: the missing keys are not reported as well.
      diags.Error({path, root.line, root.column}, "E004",
                  "параметры документа должны быть списком «ключ: значение»",
                  "каждый параметр — на своей строке: «title: Название», без «-» в начале");
      r.values.resize(schema.fields.size());
      return r;
    }
    YamlNode empty;
    empty.kind = YamlNode::Kind::kMap;
    empty.line = root.line;
    empty.column = 1;
    ValidateMap(empty, schema.fields, schema, path, "", diags, r.values);
    return r;
  }
  ValidateMap(root, schema.fields, schema, path, "", diags, r.values);
  return r;
}

void CheckUnique(const std::vector<Record>& records, const Schema& schema, Diagnostics& diags) {
  for (size_t fi = 0; fi < schema.fields.size(); ++fi) {
    const FieldSchema& f = schema.fields[fi];
    if (!f.unique && f.name != schema.primary_key) continue;
    std::map<std::string, const Value*> first;
    for (const auto& r : records) {
      if (fi >= r.values.size() || r.values[fi].IsNull()) continue;
      const Value& v = r.values[fi];
      std::string key = FoldKey(v.text);
      auto [it, inserted] = first.emplace(key, &v);
      if (!inserted) {
        diags.Error(v.pos, "E046",
                    "значение «" + v.text + "» в поле «" + f.title + "» уже встречается в строке " +
                        std::to_string(it->second->pos.line),
                    "у каждой записи должно быть своё значение «" + f.title + "»");
      }
    }
  }
}

ReferenceChecker::ReferenceChecker(const Schema& schema, const ReferenceTargets& targets) {
  for (size_t fi = 0; fi < schema.fields.size(); ++fi) {
    const FieldSchema& f = schema.fields[fi];
    if (f.reference.empty()) continue;
    auto t = targets.find(f.reference);
    if (t == targets.end() || t->second.incomplete) continue;
    Field field{fi, &f, &t->second, {}};
    field.ids.reserve(t->second.ids.size());
    for (const auto& id : t->second.ids) field.ids.insert(id);
    fields_.push_back(std::move(field));
  }
}

void ReferenceChecker::Check(const Record& r, Diagnostics& diags) const {
  for (const Field& fd : fields_) {
    if (fd.index >= r.values.size()) continue;
    const ReferenceTarget& target = *fd.target;
    const FieldSchema& f = *fd.field;
    auto check = [&](const Value& v) {
      if (v.IsNull() || fd.ids.count(v.text) || target.doubtful.count(FoldKey(v.text))) return;
      std::string near = SuggestClosest(v.text, target.ids);
      std::string hint = near.empty() ? target.hint : "возможно, имелось в виду «" + near + "»";
      Diagnostic d{v.pos, Severity::kError, "E047",
                   "поле «" + f.title + "»: «" + v.text + "» " + target.missing, hint, {}};
      diags.Add(std::move(d));
    };
    const Value& v = r.values[fd.index];
    if (v.kind == Value::Kind::kList) {
      for (const auto& item : v.list) check(item);
    } else {
      check(v);
    }
  }
}

void CheckReferences(const std::vector<Record>& records, const Schema& schema,
                     const ReferenceTargets& targets, Diagnostics& diags) {
  if (records.empty()) return;  // (the checker copies every target id)
  // Field by field, as before: diagnostics are sorted anyway.
  ReferenceChecker checker(schema, targets);
  for (const auto& r : records) checker.Check(r, diags);
}

UniqueChecker::UniqueChecker(const Schema& schema, size_t recent) {
  recent_limit_ = std::max<size_t>(recent, 4);
  recent_slots_ = 8;
  while (recent_slots_ * 3 < recent_limit_ * 4) recent_slots_ <<= 1;
  for (size_t fi = 0; fi < schema.fields.size(); ++fi) {
    const FieldSchema& f = schema.fields[fi];
    if (f.unique || f.name == schema.primary_key) fields_.push_back({fi, &f, {}, {}, 0});
  }
}

void UniqueChecker::Reserve(size_t rows) {
  for (Field& fd : fields_) fd.sorted.reserve(std::max(rows, fd.sorted.capacity()));
}

const int32_t* UniqueChecker::FindOrAdd(Field& fd, uint64_t key, int32_t line) {
  key = key ? key : 1;
  // The sorted rows: keys are hashes, spread evenly, so a key's place is
  // about key / 2^64 of the way; searched outwards from there.
  const std::vector<Entry>& s = fd.sorted;
  if (!s.empty()) {
    const size_t n = s.size();
    size_t guess = static_cast<size_t>((static_cast<unsigned __int128>(key) * n) >> 64);
    size_t lo, hi;  // the key's place is in [lo, hi)
    if (s[guess].key < key) {
      size_t step = 1;
      lo = guess + 1;
      hi = lo;
      while (hi < n && s[hi].key < key) lo = hi + 1, hi = std::min(n, hi + (step *= 2));
    } else {
      size_t step = 1;
      hi = guess;
      lo = hi;
      while (lo > 0 && s[lo - 1].key >= key) hi = lo - 1, lo = hi >= step ? hi - step : 0, step *= 2;
    }
    auto it = std::lower_bound(s.begin() + static_cast<std::ptrdiff_t>(lo), s.begin() + static_cast<std::ptrdiff_t>(hi),
                               key, [](const Entry& e, uint64_t k) { return e.key < k; });
    if (it != s.end() && it->key == key) return &it->line;
  }
  if (fd.recent.empty()) fd.recent.assign(recent_slots_, Entry{0, 0});
  const size_t mask = fd.recent.size() - 1;
  size_t i = static_cast<size_t>((key * 0x9e3779b97f4a7c15ull) >> 20) & mask;
  for (; fd.recent[i].key != 0; i = (i + 1) & mask)
    if (fd.recent[i].key == key) return &fd.recent[i].line;
  fd.recent[i] = Entry{key, line};
  if (++fd.recent_used == recent_limit_) Merge(fd);
  return nullptr;
}

void UniqueChecker::Merge(Field& fd) {
  // The recent keys sorted (none is in `sorted`: each was looked up there
  // first), then merged in from the back: no second array of all the rows.
  std::vector<Entry> add;
  add.reserve(fd.recent_used);
  for (Entry& e : fd.recent)
    if (e.key != 0) add.push_back(e), e = Entry{0, 0};
  fd.recent_used = 0;
  std::sort(add.begin(), add.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  std::vector<Entry>& s = fd.sorted;
  size_t a = s.size(), b = add.size(), out = a + b;
  s.resize(out);
  while (b > 0) {
    if (a > 0 && s[a - 1].key > add[b - 1].key) s[--out] = s[--a];
    else s[--out] = add[--b];
  }
}

void UniqueChecker::Check(const Record& r, Diagnostics& diags) {
  for (Field& fd : fields_) {
    if (fd.index >= r.values.size() || r.values[fd.index].IsNull()) continue;
    const Value& v = r.values[fd.index];
    thread_local std::string folded;
    FoldKeyTo(v.text, folded);
    uint64_t key = std::hash<std::string>()(folded);
    if (const int32_t* line = FindOrAdd(fd, key, v.pos.line)) {
      diags.Error(v.pos, "E046",
                  "значение «" + v.text + "» в поле «" + fd.field->title + "» уже встречается в строке " +
                      std::to_string(*line),
                  "у каждой записи должно быть своё значение «" + fd.field->title + "»");
    }
  }
}

}  // namespace nastavnik
