#pragma once
// The data a template sees: strings, booleans, lists and maps. Views build
// these from the model; render/template.cc converts them for mstch, so no
// other file depends on the template library.
//
// Escaping: every string is HTML-escaped by the template unless the template
// uses {{{key}}} — and the theme loader allows that only for keys ending in
// "_html", which views fill exclusively with HTML nastavnik produced itself.
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace nastavnik {

struct TemplateValue;
using TemplateMap = std::map<std::string, TemplateValue>;
using TemplateList = std::vector<TemplateValue>;

struct TemplateValue {
  std::variant<std::monostate, bool, std::string, TemplateList, TemplateMap> value;

  TemplateValue() = default;
  TemplateValue(bool b) : value(b) {}
  TemplateValue(const char* s) : value(std::string(s)) {}
  TemplateValue(std::string s) : value(std::move(s)) {}
  TemplateValue(TemplateList l) : value(std::move(l)) {}
  TemplateValue(TemplateMap m) : value(std::move(m)) {}
  TemplateValue(long long n) : value(std::to_string(n)) {}
  TemplateValue(int n) : value(std::to_string(n)) {}
  TemplateValue(size_t n) : value(std::to_string(n)) {}
};

}  // namespace nastavnik
