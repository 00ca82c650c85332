#include "pipeline/case_checks.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "util/strings.h"

namespace nastavnik {

namespace {

// Keys a person's name may be written under in a case: the full name,
// surname and name, and surname with initials either side («Белова И. С.»,
// «И.С. Белова»). FoldKey drops dots and folds case and «ё».
}  // namespace

std::vector<std::string> PersonNameKeys(const std::string& surname, const std::string& name,
                                  const std::string& patronymic) {
  auto initial = [](const std::string& s) {
    std::string lower = LowerUtf8(s);
    if (lower.empty()) return std::string();
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(lower[0]);
    if (c >= 0xC0) len = c >= 0xE0 ? 3 : 2;
    return lower.substr(0, len);
  };
  std::string s = FoldKey(surname), n = FoldKey(name), p = FoldKey(patronymic);
  std::string i = initial(name), j = initial(patronymic);
  std::vector<std::string> keys = {FoldKey(s + " " + n + " " + p), FoldKey(s + " " + n),
                                   FoldKey(s + " " + i + " " + j), FoldKey(s + " " + i + j),
                                   FoldKey(i + " " + j + " " + s), FoldKey(i + j + " " + s)};
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

namespace {

// FoldKey(name) → for each person written so, whether they may not be named.
// Only names some case gives as an author were kept while the registry was
// read (LoadedSite::author_matches).
// `only`: the keys wanted (all when null).
std::map<std::string, std::vector<bool>> RestrictedNames(const LoadedSite& site, Date today,
                                                         const std::set<std::string>* only = nullptr) {
  std::map<std::string, std::vector<bool>> out;
  auto add = [&](const std::string& key, const std::vector<std::pair<bool, std::optional<Date>>>& people) {
    for (const auto& [mentee, born] : people) {
      // A birth date that failed validation is reported there (and stops the
      // build); here it would only repeat that error.
      bool minor = born && Date{born->year + 18, born->month, born->day} > today;
      out[key].push_back(mentee || minor);
    }
  };
  if (only) {
    for (const auto& key : *only)
      if (auto it = site.author_matches.find(key); it != site.author_matches.end()) add(key, it->second);
    return out;
  }
  for (const auto& [key, people] : site.author_matches) add(key, people);
  return out;
}

void CheckAuthors(const ContentDoc& d, const std::map<std::string, std::vector<bool>>& restricted,
                  Diagnostics& diags) {
  for (const auto& author : d.front.Get("authors").list) {
    auto it = restricted.find(FoldKey(author.text));
    if (it == restricted.end()) continue;
    bool all_restricted = true;
    for (bool r : it->second) all_restricted = all_restricted && r;
    if (!all_restricted) continue;
    // The message names only what the case itself wrote: the registry's
    // details (birth date, role, organization) stay out of public CI logs.
    diags.Error(author.pos, "E089",
                "автор «" + author.text + "» по реестру участников — наставляемый или несовершеннолетний",
                "авторами практики указывают только взрослых наставников и педагогов; наставляемых на "
                "сайте не называют — уберите это имя из authors");
  }
}

}  // namespace

size_t FindPlaceholder(std::string_view text, size_t from) {
  // The marker's first byte starts every other Cyrillic letter: a plain find
  // stops at each; Boyer–Moore–Horspool skips by the marker's length.
  static const std::boyer_moore_horspool_searcher marker(kPlaceholderMarker.begin(), kPlaceholderMarker.end());
  if (from >= text.size()) return std::string_view::npos;
  auto it = std::search(text.begin() + static_cast<long>(from), text.end(), marker);
  return it == text.end() ? std::string_view::npos : static_cast<size_t>(it - text.begin());
}

namespace {

// Scans the file as written, comments included (one report per line): the archetype marks the
// fields that already hold a valid example value (form, kind) with a
// comment, which the parsed front matter no longer shows. The document holds
// its text, so the file is not read again.
void CheckPlaceholders(const ContentDoc& d, Diagnostics& diags) {
  std::string_view text = d.source;
  auto find = [&](size_t from) { return FindPlaceholder(text, from); };
  size_t at = find(0);
  if (at == std::string_view::npos) return;
  int line = 1;
  size_t line_start = 0;  // of `line`
  while (at != std::string_view::npos) {
    for (size_t nl = text.find('\n', line_start); nl != std::string_view::npos && nl < at;
         nl = text.find('\n', line_start)) {
      ++line;
      line_start = nl + 1;
    }
    // The file's first line starts with the BOM the loader took off.
    int column = static_cast<int>(CodepointCount(text.substr(line_start, at - line_start))) + 1 +
                 (line == 1 && d.had_bom ? 1 : 0);
    diags.Error({d.path, line, column}, "E041",
                "осталась заготовка «" + std::string(kPlaceholderMarker) + "»: место не заполнено",
                "впишите сведения о практике вместо заготовки и удалите пометку или верните в начало "
                "параметров строку «draft: да», пока практика не готова");
    size_t next_line = text.find('\n', at);
    if (next_line == std::string_view::npos) break;
    at = find(next_line + 1);
  }
}

}  // namespace

bool IsReservedCaseFolder(std::string_view name) {
  for (std::string_view r : {"page", "form", "kind", "org", "year", "tag"})
    if (name == r) return true;
  return false;
}

namespace {

void CheckOneCase(const ContentDoc& d, const std::map<std::string, std::vector<bool>>& restricted, Diagnostics& diags) {
  std::string folder = d.id.substr(0, d.id.find('/'));
  const Value& org = d.front.Get("organization");
  if (IsReservedCaseFolder(folder)) {
    diags.Error({d.path, 0, 0}, "E088", "папка «" + folder + "» занята страницами каталога практик",
                "положите практику в папку content/cases/<код организации>/ с кодом из data/organizations.csv");
  } else if (!org.IsNull() && org.text != folder) {
    diags.Error(org.pos, "E088",
                "практика лежит в папке организации «" + folder + "», а в organization указано «" + org.text + "»",
                "положите практику в папку content/cases/" + org.text + "/ или исправьте organization: папку "
                "проверяет куратор своей организации");
  }
  CheckAuthors(d, restricted, diags);
  const Value& draft = d.front.Get("draft");
  if (draft.boolean) {
    diags.Warning(draft.pos, "W080", "практика — черновик и не будет опубликована",
                  "когда все поля заполнены, удалите строку «draft: да»");
  } else {
    CheckPlaceholders(d, diags);
  }
}

}  // namespace

void CheckCases(const LoadedSite& site, Date today, Diagnostics& diags) {
  auto restricted = RestrictedNames(site, today);
  for (const auto& d : site.docs)
    if (d.kind == ContentDoc::Kind::kCase) CheckOneCase(d, restricted, diags);
}

void CheckCase(const LoadedSite& site, const ContentDoc& d, Date today, Diagnostics& diags) {
  if (d.kind != ContentDoc::Kind::kCase) return;
  std::set<std::string> authors;
  for (const auto& a : d.front.Get("authors").list) authors.insert(FoldKey(a.text));
  CheckOneCase(d, RestrictedNames(site, today, &authors), diags);
}

}  // namespace nastavnik
