#include "render/template.h"

#include <algorithm>

#include <mstch/mstch.hpp>

#include "load/fs.h"
#include "render/embedded_theme.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

mstch::node ToMstch(const TemplateValue& v) {
  struct Visitor {
    mstch::node operator()(std::monostate) const { return std::string(); }
    mstch::node operator()(bool b) const { return b; }
    mstch::node operator()(const std::string& s) const { return s; }
    mstch::node operator()(const TemplateList& l) const {
      mstch::array a;
      a.reserve(l.size());
      for (const auto& item : l) a.push_back(ToMstch(item));
      return a;
    }
    mstch::node operator()(const TemplateMap& m) const {
      mstch::map out;
      for (const auto& [k, item] : m) out.emplace(k, ToMstch(item));
      return out;
    }
  };
  return std::visit(Visitor{}, v.value);
}

std::string StemOf(const std::string& path) {
  std::string name = path.substr(path.rfind('/') + 1);
  return name.substr(0, name.size() - std::string(".mustache").size());
}

}  // namespace

void ValidateTemplate(const std::string& path, const std::string& text,
                      const std::map<std::string, std::string>& partials, Diagnostics& diags) {
  struct Open {
    std::string name;
    int line;
    int column;
  };
  std::vector<Open> stack;
  size_t pos = 0;
  auto line_col = [&](size_t at, int& line, int& col) {
    line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < at; ++i)
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    col = static_cast<int>(CodepointCount(std::string_view(text).substr(line_start, at - line_start))) + 1;
  };
  while ((pos = text.find("{{", pos)) != std::string::npos) {
    int line, col;
    line_col(pos, line, col);
    bool triple = text.compare(pos, 3, "{{{") == 0;
    std::string close = triple ? "}}}" : "}}";
    size_t end = text.find(close, pos + (triple ? 3 : 2));
    if (end == std::string::npos) {
      diags.Error({path, line, col}, "E061", "тег шаблона не закрыт", "добавьте " + close);
      return;
    }
    std::string tag(Trim(std::string_view(text).substr(pos + (triple ? 3 : 2), end - pos - (triple ? 3 : 2))));
    pos = end + close.size();
    if (tag.empty()) continue;
    char sigil = tag[0];
    std::string name(Trim(std::string_view(tag).substr(1)));
    if (triple || sigil == '&') {
      std::string key = triple ? tag : name;
      if (!EndsWith(key, "_html")) {
        diags.Error({path, line, col}, "E061",
                    "неэкранированный вывод «" + key + "»: так можно вставить чужой HTML на сайт",
                    "используйте {{" + key + "}}; без экранирования выводятся только значения *_html");
      }
      continue;
    }
    switch (sigil) {
      case '#':
      case '^':
        stack.push_back({name, line, col});
        break;
      case '/':
        if (stack.empty()) {
          diags.Error({path, line, col}, "E061", "закрывается раздел «" + name + "», который не открыт",
                      "удалите {{/" + name + "}} или добавьте {{#" + name + "}} выше");
        } else if (stack.back().name != name) {
          auto match = std::find_if(stack.rbegin(), stack.rend(), [&](const Open& o) { return o.name == name; });
          if (match == stack.rend()) {
            diags.Error({path, line, col}, "E061",
                        "закрывается «" + name + "», но открыт «" + stack.back().name + "» (строка " +
                            std::to_string(stack.back().line) + ")",
                        "проверьте порядок {{#…}} и {{/…}}");
            stack.pop_back();
          } else {
            // «{{#a}}{{#b}}…{{/a}}»: the mistake is the unclosed «b», not «a»,
            // so report the sections left open inside and close them.
            while (stack.back().name != name) {
              const Open& open = stack.back();
              diags.Error({path, open.line, open.column}, "E061", "раздел «" + open.name + "» не закрыт",
                          "добавьте {{/" + open.name + "}} перед {{/" + name + "}} (строка " +
                              std::to_string(line) + ")");
              stack.pop_back();
            }
            stack.pop_back();
          }
        } else {
          stack.pop_back();
        }
        break;
      case '>':
        if (!partials.count(name))
          diags.Error({path, line, col}, "E061", "нет вложенного шаблона «" + name + "»",
                      "создайте partials/" + name + ".mustache или исправьте имя");
        break;
      case '!':
      case '=':
        break;
      default:
        break;
    }
  }
  for (const auto& open : stack)
    diags.Error({path, open.line, open.column}, "E061", "раздел «" + open.name + "» не закрыт",
                "добавьте {{/" + open.name + "}}");
}

std::optional<Theme> Theme::Load(const FileSystem& fs, const std::string& dir,
                                 const std::vector<std::string>& required, Diagnostics& diags) {
  Theme theme;
  theme.dir_ = dir;
  size_t before = diags.error_count();
  // Files as (path relative to the theme folder, bytes).
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<FileEntry> entries = fs.List(dir);
  if (entries.empty() && dir == "themes/default") {
    theme.embedded_ = true;
    for (const auto& f : EmbeddedThemeFiles()) files.emplace_back(std::string(f.path), std::string(f.bytes));
  } else if (entries.empty()) {
    diags.Error({"site.yaml", 0, 0}, "E061", "нет папки темы " + dir,
                "создайте её или уберите параметр theme из site.yaml, чтобы взять встроенную тему");
    return std::nullopt;
  } else {
    for (const auto& e : entries) {
      if (e.symlink) continue;  // links are not followed: they may lead anywhere
      if (auto text = fs.Read(e.path)) files.emplace_back(e.path.substr(dir.size() + 1), std::move(*text));
    }
  }
  for (auto& [rel, bytes] : files) {
    if (StartsWith(rel, "partials/") && EndsWith(rel, ".mustache")) theme.partials_[StemOf(rel)] = bytes;
    else if (StartsWith(rel, "templates/") && EndsWith(rel, ".mustache")) theme.templates_[StemOf(rel)] = bytes;
    else if (StartsWith(rel, "static/")) theme.static_files_[rel.substr(7)] = std::move(bytes);
  }
  std::string shown = theme.embedded_ ? "<nastavnik>/themes/default" : dir;
  for (const auto& [name, text] : theme.partials_)
    ValidateTemplate(shown + "/partials/" + name + ".mustache", text, theme.partials_, diags);
  for (const auto& [name, text] : theme.templates_)
    ValidateTemplate(shown + "/templates/" + name + ".mustache", text, theme.partials_, diags);
  for (const auto& name : required) {
    if (!theme.templates_.count(name))
      diags.Error({shown + "/templates", 0, 0}, "E061", "в теме нет шаблона «" + name + "»",
                  "создайте " + dir + "/templates/" + name + ".mustache");
  }
  if (diags.error_count() > before) return std::nullopt;
  return theme;
}

std::map<std::string, std::string> Theme::SourceTexts() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, text] : templates_) out["templates/" + name] = text;
  for (const auto& [name, text] : partials_) out["partials/" + name] = text;
  return out;
}

std::string Theme::Render(const std::string& name, const TemplateValue& context) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return {};
  return mstch::render(it->second, ToMstch(context), partials_);
}

}  // namespace nastavnik
