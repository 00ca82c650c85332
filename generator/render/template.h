#pragma once
// The template adapter: the only place that includes mstch (Mustache).
//
// mstch escapes HTML by default but says nothing about a missing partial or an
// unclosed section, so Theme::Load checks every template first and reports
// problems as E061 diagnostics with the template's file and line.
#include <map>
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

  bool Has(const std::string& name) const { return templates_.count(name) > 0; }

  // REQUIRES: Has(name). Thread-safe (templates are immutable after Load).
  std::string Render(const std::string& name, const TemplateValue& context) const;

  // Static assets: path under `<dir>/static/` → bytes, sorted by path.
  const std::map<std::string, std::string>& static_files() const { return static_files_; }
  const std::string& dir() const { return dir_; }
  // Every template and partial text by "templates/<name>" / "partials/<name>":
  // what a page's rendering depends on besides its values (incremental builds).
  std::map<std::string, std::string> SourceTexts() const;
  bool embedded() const { return embedded_; }

 private:
  std::string dir_;
  std::map<std::string, std::string> templates_;
  std::map<std::string, std::string> partials_;
  std::map<std::string, std::string> static_files_;
  bool embedded_ = false;
};

// Checks one Mustache template: balanced sections, known partials, and raw
// output ({{{x}}} / {{&x}}) only for keys ending in "_html". Exposed for tests.
void ValidateTemplate(const std::string& path, const std::string& text,
                      const std::map<std::string, std::string>& partials, Diagnostics& diags);

}  // namespace nastavnik
