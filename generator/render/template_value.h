#pragma once
// The data a template sees: strings, booleans, lists and maps. Views build
// these from the model; render/template.cc renders them directly (no copy),
// so no other file depends on the template language.
//
// Escaping: every string is HTML-escaped by the template unless the template
// uses {{{key}}} — and the theme loader allows that only for keys ending in
// "_html", which views fill exclusively with HTML nastavnik produced itself.
//
// Sharing: a `SharedTemplateValue` is an immutable subtree several pages
// point to (a case card listed on many catalog pages) instead of copying it.
// It behaves exactly like the value it points to: templates, the page cache's
// fingerprint and every reader see through it (`Resolved()`).
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace nastavnik {

struct TemplateValue;
// std::less<> lets lookups use string_view keys without building strings.
using TemplateMap = std::map<std::string, TemplateValue, std::less<>>;
using TemplateList = std::vector<TemplateValue>;
using SharedTemplateValue = std::shared_ptr<const TemplateValue>;

struct TemplateValue {
  std::variant<std::monostate, bool, std::string, TemplateList, TemplateMap, SharedTemplateValue> value;

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

  // The value itself, or the one a shared pointer leads to (never a
  // SharedTemplateValue; a null pointer reads as an empty value).
  const TemplateValue& Resolved() const {
    const TemplateValue* v = this;
    while (auto* p = std::get_if<SharedTemplateValue>(&v->value)) {
      if (!*p) {
        static const TemplateValue kEmpty;
        return kEmpty;
      }
      v = p->get();
    }
    return *v;
  }
};

// Freezes `v` for sharing between pages.
inline SharedTemplateValue Share(TemplateValue v) { return std::make_shared<const TemplateValue>(std::move(v)); }

}  // namespace nastavnik
