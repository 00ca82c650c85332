#include "render/template.h"

#include <mstch/mstch.hpp>

#include "load/fs.h"
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
          diags.Error({path, line, col}, "E061",
                      "закрывается «" + name + "», но открыт «" + stack.back().name + "» (строка " +
                          std::to_string(stack.back().line) + ")",
                      "проверьте порядок {{#…}} и {{/…}}");
          stack.pop_back();
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
  for (const auto& e : fs.List(dir + "/partials")) {
    if (!EndsWith(e.path, ".mustache")) continue;
    if (auto text = fs.Read(e.path)) theme.partials_[StemOf(e.path)] = *text;
  }
  for (const auto& e : fs.List(dir + "/templates")) {
    if (!EndsWith(e.path, ".mustache")) continue;
    if (auto text = fs.Read(e.path)) theme.templates_[StemOf(e.path)] = *text;
  }
  for (const auto& [name, text] : theme.partials_)
    ValidateTemplate(dir + "/partials/" + name + ".mustache", text, theme.partials_, diags);
  for (const auto& [name, text] : theme.templates_)
    ValidateTemplate(dir + "/templates/" + name + ".mustache", text, theme.partials_, diags);
  for (const auto& name : required) {
    if (!theme.templates_.count(name))
      diags.Error({dir + "/templates", 0, 0}, "E061", "в теме нет шаблона «" + name + "»",
                  "создайте " + dir + "/templates/" + name + ".mustache");
  }
  std::string static_dir = dir + "/static/";
  for (const auto& e : fs.List(dir + "/static")) {
    if (e.symlink) continue;  // a theme's static files are copied as they are; links are not followed
    theme.static_files_.push_back(e.path.substr(static_dir.size()));
  }
  if (diags.error_count() > before) return std::nullopt;
  return theme;
}

std::string Theme::Render(const std::string& name, const TemplateValue& context) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return {};
  return mstch::render(it->second, ToMstch(context), partials_);
}

}  // namespace nastavnik
