#include <doctest/doctest.h>

#include <set>

#include "pipeline/case_checks.h"

using namespace nastavnik;

namespace {

const char kOrganizations[] =
    "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\nsch-1;Школа № 1;Школа № 1;ОО\n"
    "sch-2;Школа № 2;Школа № 2;ОО\n";
const char kParticipants[] =
    "Код;Фамилия;Имя;Отчество;Дата рождения;Организация;Роль;Категория;Форма;Начало\n"
    "p1;Белова;Ирина;Сергеевна;14.03.1976;sch-1;наставник;педагог;учитель – учитель;01.09.2021\n"
    "p2;Ершов;Кирилл;Андреевич;02.02.2010;sch-1;наставляемый;обучающийся;ученик – ученик;01.09.2021\n"
    "p3;Зуева;Анна;Петровна;05.05.2007;sch-1;наставник;обучающийся;ученик – ученик;01.09.2021\n"
    "p4;Котов;Олег;Игоревич;01.01.1999;sch-1;наставляемый;молодой специалист;учитель – учитель;01.09.2021\n"
    // Two people with the same initials: one adult mentor, one mentee.
    "p5;Орлова;Мария;Ивановна;01.01.1980;sch-1;наставник;педагог;учитель – учитель;01.09.2021\n"
    "p6;Орлова;Марина;Игоревна;01.01.2011;sch-1;наставляемый;обучающийся;ученик – ученик;01.09.2021\n";

std::string CaseFile(const std::string& org, const std::string& authors, const std::string& extra = "",
                     const std::string& body = "Текст.\n") {
  return "---\ntitle: Практика для проверки\norganization: " + org + "\ndate: 01.06.2023\nauthors: " + authors +
         "\nform: учитель – учитель\nkind: традиционное\nelement: адаптация\nacademic_year: 2022-2023\n"
         "summary: Кратко о практике.\n" + extra + "---\n" + body;
}

// "path:line:col: CODE" lines, sorted, one string so a failure shows them.
std::string Found(const Diagnostics& diags) {
  std::set<std::string> lines;
  for (const auto& d : diags.Sorted())
    lines.insert(d.pos.path + ":" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + ": " + d.code);
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string Lines(std::set<std::string> lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("Case authors: mentees and minors are refused, adult mentors and staff allowed") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", kOrganizations);
  fs.Add("data/participants.csv", kParticipants);
  // Line 5 is `authors:`; every item is on it.
  fs.Add("content/cases/sch-1/a/index.md",
         CaseFile("sch-1", "[Белова Ирина Сергеевна, Ершов Кирилл Андреевич, Зуева А. П., КОТОВ олег, "
                           "Петров Пётр Петрович, Орлова М. И.]"));
  Diagnostics load_diags;
  LoadedSite site = LoadSite(fs, load_diags);
  REQUIRE(load_diags.error_count() == 0);
  Diagnostics diags;
  CheckCases(site, Date{2023, 11, 1}, diags);
  auto found = Found(diags);
  // Ершов: a mentee and a child. Зуева: a mentor, but 16. Котов: an adult,
  // but a mentee. Белова: an adult mentor. Петров: not in the registry
  // (staff). «Орлова М. И.» matches an adult mentor too: not refused.
  CHECK(found == Lines({"content/cases/sch-1/a/index.md:5:35: E089",
                                       "content/cases/sch-1/a/index.md:5:59: E089",
                                       "content/cases/sch-1/a/index.md:5:72: E089"}));
  // The message repeats only the name the case wrote, nothing from the registry.
  for (const auto& d : diags.Sorted()) {
    CHECK(d.message.find("2010") == std::string::npos);
    CHECK(d.message.find("p2") == std::string::npos);
  }
  // Zuева turns 18 on 05.05.2025: from then on she may be named.
  Diagnostics later;
  CheckCases(site, Date{2025, 5, 5}, later);
  CHECK(later.error_count() == 2);
}

TEST_CASE("A case in another organization's folder, or in a catalog folder, is refused") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", kOrganizations);
  fs.Add("content/cases/sch-1/a/index.md", CaseFile("sch-2", "[Белова Ирина Сергеевна]"));
  fs.Add("content/cases/tag/b/index.md", CaseFile("sch-1", "[Белова Ирина Сергеевна]"));
  Diagnostics load_diags;
  LoadedSite site = LoadSite(fs, load_diags);
  Diagnostics diags;
  CheckCases(site, Date{2023, 11, 1}, diags);
  CHECK(Found(diags) == Lines({"content/cases/sch-1/a/index.md:3:15: E088",
                                              "content/cases/tag/b/index.md:0:0: E088"}));
  CHECK(IsReservedCaseFolder("page"));
  CHECK_FALSE(IsReservedCaseFolder("sch-1"));
}

TEST_CASE("Drafts are a warning; placeholders left in a published case are errors") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", kOrganizations);
  fs.Add("content/cases/sch-1/draft/index.md",
         CaseFile("sch-1", "[Белова Ирина Сергеевна]", "draft: да\n", "ЗАПОЛНИТЕ: текст\n"));
  fs.Add("content/cases/sch-1/ready/index.md",
         CaseFile("sch-1", "[Белова Ирина Сергеевна]", "tags: [ЗАПОЛНИТЕ тег]  # ЗАПОЛНИТЕ\n",
                  "## Контекст\n\nТекст: ЗАПОЛНИТЕ\n"));
  Diagnostics load_diags;
  LoadedSite site = LoadSite(fs, load_diags);
  REQUIRE(load_diags.error_count() == 0);
  Diagnostics diags;
  CheckCases(site, Date{2023, 11, 1}, diags);
  CHECK(Found(diags) == Lines({"content/cases/sch-1/draft/index.md:11:8: W080",
                                              "content/cases/sch-1/ready/index.md:11:8: E041",
                                              "content/cases/sch-1/ready/index.md:15:8: E041"}));
}

TEST_CASE("Placeholders are found in the file as written: a BOM counts on the first line, one report per line") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", kOrganizations);
  // No front matter at all (E002 when loading): the text is still scanned.
  fs.Add("content/cases/sch-1/bom/index.md", "\xEF\xBB\xBFЗАПОЛНИТЕ и ЗАПОЛНИТЕ\nтекст\n  ЗАПОЛНИТЕ");
  Diagnostics load_diags;
  LoadedSite site = LoadSite(fs, load_diags);
  Diagnostics diags;
  CheckCases(site, Date{2023, 11, 1}, diags);
  CHECK(Found(diags) == Lines({"content/cases/sch-1/bom/index.md:1:2: E041",
                                              "content/cases/sch-1/bom/index.md:3:3: E041"}));
}

TEST_CASE("FindPlaceholder finds the marker in Cyrillic text where find() does, from any offset") {
  const std::string text = "Заполните поле: ЗАПОЛНИ ЗАПОЛНИТЕ, и ещё раз ЗАПОЛНИТЕ";
  for (size_t from = 0; from <= text.size() + 1; ++from)
    CHECK(FindPlaceholder(text, from) == (from > text.size() ? std::string::npos : text.find(kPlaceholderMarker, from)));
  CHECK(FindPlaceholder("") == std::string_view::npos);
  CHECK(FindPlaceholder("Наставничество") == std::string_view::npos);
}
