#pragma once
// The template language (Mustache): the only file that knows it.
//
// A small renderer of the subset themes use: {{x}} (HTML-escaped), {{{x}}} and
// {{& x}} (raw; the loader allows them only for keys ending in "_html"),
// sections over lists, maps and true values, inverted sections, partials
// (an indented standalone partial indents its lines), comments, dotted names
// and {{.}}. Standalone section/partial/comment lines leave no blank line, as
// in the Mustache spec. Delimiter changes ({{=…=}}) and lambdas are not
// supported.
//
// Theme::Load parses every template and partial once into a compact
// instruction list and reports problems (unclosed tags or sections, unknown
// partials, raw output of other keys) as E061 diagnostics with the template's
// file, line and column. Rendering walks the instructions over a stack of
// pointers into the caller's values (nothing is copied) and appends to one
// output string.
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "render/template_value.h"

namespace nastavnik {

class FileSystem;

class Theme {
 public:
  // Loads `<dir>/templates/*.mustache` (pages), `<dir>/partials/*.mustache`
  // and `<dir>/static/**` from the site; when the site has no `<dir>/`
  // and `dir` is "themes/default", the copy built into nastavnik is used.
  // `required` lists page templates the site needs; a missing one is E061.
  // Returns nullopt when any template is broken.
  static std::optional<Theme> Load(const FileSystem& fs, const std::string& dir,
                                   const std::vector<std::string>& required, Diagnostics& diags);

  bool Has(const std::string& name) const { return texts_.count("templates/" + name) > 0; }

  // Renders template `name` and appends it to `out`. `scopes` is the context
  // stack from the bottom up: a name is looked up in the last scope first.
  // Does nothing when there is no such template. Thread-safe (templates are
  // immutable after Load); the scopes must outlive the call.
  void RenderTo(const std::string& name, std::initializer_list<const TemplateMap*> scopes, std::string& out) const;
  // The same with one context value (a map for ordinary templates).
  std::string Render(const std::string& name, const TemplateValue& context) const;

  // Static assets: path under `<dir>/static/` → bytes, sorted by path.
  const std::map<std::string, std::string>& static_files() const { return static_files_; }
  const std::string& dir() const { return dir_; }
  // Every template and partial text by "templates/<name>" / "partials/<name>":
  // what a page's rendering depends on besides its values (incremental builds).
  const std::map<std::string, std::string>& SourceTexts() const { return texts_; }
  bool embedded() const { return embedded_; }

  struct Compiled;  // parsed templates and partials (render/template.cc)

 private:
  std::string dir_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::string> static_files_;
  std::shared_ptr<const Compiled> compiled_;
  bool embedded_ = false;
};

// Checks one Mustache template: balanced sections, known partials, and raw
// output ({{{x}}} / {{&x}}) only for keys ending in "_html". Exposed for tests.
void ValidateTemplate(const std::string& path, const std::string& text,
                      const std::map<std::string, std::string>& partials, Diagnostics& diags);

// HTML-escapes `text` (& < > " ') onto `out`, as {{x}} does.
void AppendHtmlEscaped(std::string_view text, std::string& out);

}  // namespace nastavnik
