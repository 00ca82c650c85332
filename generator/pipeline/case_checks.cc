#include "pipeline/case_checks.h"

#include <algorithm>
#include <map>
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
std::map<std::string, std::vector<bool>> RestrictedNames(const LoadedSite& site, Date today) {
  std::map<std::string, std::vector<bool>> out;
  for (const auto& [key, people] : site.author_matches) {
    for (const auto& [mentee, born] : people) {
      // A birth date that failed validation is reported there (and stops the
      // build); here it would only repeat that error.
      bool minor = born && Date{born->year + 18, born->month, born->day} > today;
      out[key].push_back(mentee || minor);
    }
  }
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

// Scans the file as written, comments included (one report per line): the archetype marks the
// fields that already hold a valid example value (form, kind) with a
// comment, which the parsed front matter no longer shows.
void CheckPlaceholders(const FileSystem& fs, const ContentDoc& d, Diagnostics& diags) {
  auto text = fs.Read(d.path);
  if (!text) return;
  auto lines = Split(*text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t at = lines[i].find(kPlaceholderMarker);
    if (at == std::string::npos) continue;
    int column = static_cast<int>(CodepointCount(std::string_view(lines[i]).substr(0, at))) + 1;
    diags.Error({d.path, static_cast<int>(i) + 1, column}, "E041",
                "осталась заготовка «" + std::string(kPlaceholderMarker) + "»: место не заполнено",
                "впишите сведения о практике вместо заготовки и удалите пометку или верните в начало "
                "параметров строку «draft: да», пока практика не готова");
  }
}

}  // namespace

bool IsReservedCaseFolder(std::string_view name) {
  for (std::string_view r : {"page", "form", "kind", "org", "year", "tag"})
    if (name == r) return true;
  return false;
}

void CheckCases(const FileSystem& fs, const LoadedSite& site, Date today, Diagnostics& diags) {
  auto restricted = RestrictedNames(site, today);
  for (const auto& d : site.docs) {
    if (d.kind != ContentDoc::Kind::kCase) continue;
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
      CheckPlaceholders(fs, d, diags);
    }
  }
}

}  // namespace nastavnik
