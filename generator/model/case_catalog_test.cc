#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "model/case_catalog.h"
#include "util/translit.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "util/translit.h"

using namespace nastavnik;

namespace {

CaseStudy Case(std::string id, Date date, std::string form, std::vector<std::string> tags,
               std::string year = "2022-2023", std::string kind = "традиционное") {
  CaseStudy c;
  c.id = id;
  c.organization = id.substr(0, id.find('/'));
  c.date = date;
  c.form = std::move(form);
  c.kind = std::move(kind);
  c.tags = std::move(tags);
  c.academic_year = std::move(year);
  return c;
}

std::vector<std::string> Ids(const std::vector<const CaseStudy*>& cases) {
  std::vector<std::string> out;
  for (const auto* c : cases) out.push_back(c->id);
  return out;
}

// Cases in the model's order: newest first, then by id.
SiteModel Model() {
  SiteModel m;
  m.organizations.push_back({"sch-1", "", "Школа № 1", "ОО"});
  m.organizations.push_back({"sch-2", "", "Гимназия", "ОО"});
  m.cases.push_back(Case("sch-1/a", {2023, 5, 1}, "учитель – учитель", {"Адаптация", "молодые специалисты"}));
  m.cases.push_back(Case("sch-2/b", {2023, 4, 1}, "ученик – ученик", {"адаптация", "олимпиады"}, "2021/2022",
                         "групповое"));
  m.cases.push_back(Case("sch-1/c", {2023, 3, 1}, "учитель – учитель", {}, "2022–2023"));
  m.cases.push_back(Case("sch-2/d", {2023, 3, 1}, "учитель – учитель", {"молодые специалисты", "!!!"}));
  return m;
}

}  // namespace

TEST_CASE("Facets: the five in order, values in the documented order, counts by case") {
  SiteModel m = Model();
  auto facets = BuildCaseFacets(m);
  REQUIRE(facets.size() == 5);
  CHECK(facets[0].key == "form");
  CHECK(facets[1].key == "kind");
  CHECK(facets[2].key == "org");
  CHECK(facets[3].key == "year");
  CHECK(facets[4].key == "tag");

  // Forms in the target model's order, not alphabetically; unused ones left out.
  REQUIRE(facets[0].values.size() == 2);
  CHECK(facets[0].values[0].label == "ученик – ученик");
  CHECK(facets[0].values[0].slug == "uchenik-uchenik");
  CHECK(facets[0].values[1].label == "учитель – учитель");
  CHECK(Ids(facets[0].values[1].cases) == std::vector<std::string>{"sch-1/a", "sch-1/c", "sch-2/d"});

  CHECK(facets[1].values[0].label == "традиционное");
  CHECK(facets[1].values[1].label == "групповое");

  // Organizations by short name: «Гимназия» before «Школа № 1»; slug is the id.
  REQUIRE(facets[2].values.size() == 2);
  CHECK(facets[2].values[0].slug == "sch-2");
  CHECK(facets[2].values[0].label == "Гимназия");
  CHECK(facets[2].values[1].slug == "sch-1");

  // Years merged across spellings, newest first.
  REQUIRE(facets[3].values.size() == 2);
  CHECK(facets[3].values[0].slug == "2022-2023");
  CHECK(facets[3].values[0].cases.size() == 3);
  CHECK(facets[3].values[1].slug == "2021-2022");

  // Tags merged by slug, most used first, then by slug; the newest spelling
  // wins; a punctuation-only tag has no slug and no value.
  auto& tags = facets[4].values;
  REQUIRE(tags.size() == 3);
  CHECK(tags[0].slug == "adaptatsiya");
  CHECK(tags[0].label == "Адаптация");
  CHECK(tags[0].cases.size() == 2);
  CHECK(tags[1].slug == "molodye-spetsialisty");
  CHECK(tags[2].slug == "olimpiady");
}

TEST_CASE("Related cases: same form counts 2, each shared tag 1, ties to the newer, then the id") {
  SiteModel m = Model();
  // For a: d shares the form and a tag (3); c shares the form (2); b shares a tag (1).
  CHECK(Ids(RelatedCases(m, m.cases[0], 10)) == std::vector<std::string>{"sch-2/d", "sch-1/c", "sch-2/b"});
  CHECK(Ids(RelatedCases(m, m.cases[0], 2)) == std::vector<std::string>{"sch-2/d", "sch-1/c"});
  // For c: a and d both score 2 (form); a is newer.
  CHECK(Ids(RelatedCases(m, m.cases[2], 10)) == std::vector<std::string>{"sch-1/a", "sch-2/d"});
  // A case with nothing in common has no related cases.
  SiteModel lone;
  lone.cases.push_back(Case("x/a", {2023, 1, 1}, "ученик – ученик", {"a"}));
  lone.cases.push_back(Case("x/b", {2023, 1, 1}, "учитель – учитель", {"b"}));
  CHECK(RelatedCases(lone, lone.cases[0], 4).empty());
}

namespace {

// The definition of related cases, written the simple way: every case scored
// against every other (O(N) per case).
std::vector<const CaseStudy*> RelatedByDefinition(const SiteModel& m, const CaseStudy& c, size_t limit) {
  auto slugs = [](const CaseStudy& x) {
    std::vector<std::string> out;
    for (const auto& t : x.tags)
      if (!Slugify(t).empty()) out.push_back(Slugify(t));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  std::vector<std::string> mine = slugs(c);
  std::vector<std::pair<int, const CaseStudy*>> scored;
  for (const auto& o : m.cases) {
    if (&o == &c || o.id == c.id) continue;
    int score = o.form == c.form ? 2 : 0;
    for (const auto& t : slugs(o)) score += std::binary_search(mine.begin(), mine.end(), t) ? 1 : 0;
    if (score > 0) scored.push_back({score, &o});
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    if (a.second->date != b.second->date) return a.second->date > b.second->date;
    return a.second->id < b.second->id;
  });
  std::vector<const CaseStudy*> out;
  for (size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace

TEST_CASE("Related cases: the inverted index gives the definition's results on random catalogs") {
  std::mt19937 rng(20261122);
  const std::vector<std::string> forms = {"ученик – ученик", "учитель – учитель", "студент – ученик"};
  const std::vector<std::string> tag_words = {"Адаптация", "адаптация", "ИКТ", "икт", "олимпиады", "!!!",
                                              "экология", "чтение", "проекты", "молодые специалисты"};
  for (int round = 0; round < 40; ++round) {
    SiteModel m;
    size_t n = 1 + rng() % 80;
    size_t tag_count = 1 + rng() % tag_words.size();
    for (size_t i = 0; i < n; ++i) {
      std::vector<std::string> tags;
      for (size_t k = rng() % 5; k > 0; --k) tags.push_back(tag_words[rng() % tag_count]);
      // Few dates, so ties on the date are common; ids (unique, as in a site)
      // in no particular order.
      Date date{2023, 1 + static_cast<int>(rng() % 3), 1};
      std::string id = "org/c" + std::to_string(rng() % 100) + "-" + std::to_string(i);
      m.cases.push_back(Case(id, date, forms[rng() % (1 + round % forms.size())], tags));
    }
    RelatedCaseFinder finder(m);
    for (size_t limit : {size_t{0}, size_t{1}, size_t{4}, n}) {
      RelatedCaseFinder::Memo memo;  // one ranking per group, each case drops itself
      for (const auto& c : m.cases) {
        auto got = finder.Find(c, limit);
        auto want = RelatedByDefinition(m, c, limit);
        REQUIRE(Ids(got) == Ids(want));
        REQUIRE(got == want);
        REQUIRE(finder.Find(c, limit, memo) == want);
      }
    }
  }
}

TEST_CASE("RelatedCaseFinder's memo drops every case sharing the id, not only the case itself") {
  // Two cases with one id in one group: the kept ranking (limit + 1) loses
  // two places, and the query falls back to a full one.
  SiteModel m;
  m.cases.push_back(Case("o/a", {2023, 3, 1}, "ученик – ученик", {"x"}));
  m.cases.push_back(Case("o/a", {2023, 2, 1}, "ученик – ученик", {"x"}));
  m.cases.push_back(Case("o/b", {2023, 1, 1}, "ученик – ученик", {"x"}));
  m.cases.push_back(Case("o/c", {2022, 1, 1}, "ученик – ученик", {"x"}));
  RelatedCaseFinder finder(m);
  RelatedCaseFinder::Memo memo;
  for (const auto& c : m.cases) REQUIRE(finder.Find(c, 2, memo) == RelatedByDefinition(m, c, 2));
}

TEST_CASE("Academic year slugs accept a dash, an en dash and a slash") {
  CHECK(AcademicYearSlug("2022-2023") == "2022-2023");
  CHECK(AcademicYearSlug("2022–2023") == "2022-2023");
  CHECK(AcademicYearSlug(" 2022/2023 ") == "2022-2023");
}

TEST_CASE("RelatedCaseFinder matches a scan of every case") {
  // A pseudo-random catalog: few forms and tags, many ties on date.
  SiteModel m;
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  const std::vector<std::string> forms = {"ученик – ученик", "учитель – учитель", "студент – ученик"};
  const std::vector<std::string> tag_pool = {"а", "б", "в", "г", "д", "е", "Ж", "ж"};
  for (int i = 0; i < 300; ++i) {
    std::vector<std::string> tags;
    for (unsigned k = next() % 4; k > 0; --k) tags.push_back(tag_pool[next() % tag_pool.size()]);
    m.cases.push_back(Case("o" + std::to_string(next() % 20) + "/c" + std::to_string(i),
                           {2020 + static_cast<int>(next() % 3), 1 + static_cast<int>(next() % 2), 1},
                           forms[next() % forms.size()], tags));
  }
  RelatedCaseFinder finder(m);
  for (size_t self = 0; self < m.cases.size(); ++self) {
    const CaseStudy& c = m.cases[self];
    std::vector<std::tuple<int, const CaseStudy*>> scored;
    for (const auto& o : m.cases) {
      if (&o == &c) continue;
      int score = o.form == c.form ? 2 : 0;
      std::set<std::string> mine, theirs;
      for (const auto& t : c.tags) mine.insert(Slugify(t));
      for (const auto& t : o.tags) theirs.insert(Slugify(t));
      for (const auto& t : mine) score += theirs.count(t) ? 1 : 0;
      if (score > 0) scored.push_back({score, &o});
    }
    std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
      const CaseStudy* a = std::get<1>(x);
      const CaseStudy* b = std::get<1>(y);
      if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) > std::get<0>(y);
      return a->date != b->date ? a->date > b->date : a->id < b->id;
    });
    for (size_t limit : {size_t{0}, size_t{1}, size_t{4}, size_t{1000}}) {
      std::vector<const CaseStudy*> want;
      for (size_t k = 0; k < std::min(limit, scored.size()); ++k) want.push_back(std::get<1>(scored[k]));
      CHECK(finder.Find(c, limit) == want);
    }
  }
}

TEST_CASE("RelatedCaseFinder::Enters agrees with Find with and without the candidate") {
  std::mt19937 rng(20261123);
  const std::vector<std::string> forms = {"ученик – ученик", "учитель – учитель", "студент – ученик"};
  const std::vector<std::string> tag_words = {"Адаптация", "адаптация", "ИКТ", "олимпиады", "!!!", "чтение"};
  for (int round = 0; round < 12; ++round) {
    SiteModel m;
    size_t n = 2 + rng() % 25;
    for (size_t i = 0; i < n; ++i) {
      std::vector<std::string> tags;
      for (size_t k = rng() % 4; k > 0; --k) tags.push_back(tag_words[rng() % tag_words.size()]);
      m.cases.push_back(Case("org/c" + std::to_string(rng() % 50) + "-" + std::to_string(i),
                             Date{2023, 1 + static_cast<int>(rng() % 3), 1}, forms[rng() % forms.size()], tags));
    }
    RelatedCaseFinder finder(m);
    for (size_t y = 0; y < n; ++y) {
      SiteModel without = m;
      without.cases.erase(without.cases.begin() + static_cast<long>(y));
      RelatedCaseFinder others_finder(without);
      for (size_t x = 0; x < n; ++x) {
        if (x == y) continue;
        const CaseStudy& wx = without.cases[x < y ? x : x - 1];
        for (size_t limit : {size_t{1}, size_t{4}}) {
          std::vector<const CaseStudy*> others;
          for (const CaseStudy* o : others_finder.Find(wx, limit))
            others.push_back(&m.cases[static_cast<size_t>(o - without.cases.data()) + (static_cast<size_t>(o - without.cases.data()) >= y ? 1 : 0)]);
          auto with = finder.Find(m.cases[x], limit);
          bool in = std::find(with.begin(), with.end(), &m.cases[y]) != with.end();
          REQUIRE(finder.Enters(m.cases[x], others, m.cases[y], limit) == in);
        }
      }
    }
  }
}

TEST_CASE("MoveCaseInFacets and RelatedCaseFinder::MoveCase give what a fresh build gives after each edit") {
  std::mt19937 rng(20261123);
  const std::vector<std::string> forms = {"ученик – ученик", "учитель – учитель", "студент – ученик", "иная форма"};
  const std::vector<std::string> kinds = {"традиционное", "флэш", "виртуальное"};
  const std::vector<std::string> years = {"2021-2022", "2022–2023", "2020/2021", ""};
  const std::vector<std::string> tag_words = {"Адаптация", "адаптация", "ИКТ", "икт", "олимпиады", "!!!",
                                              "экология", "чтение", "проекты", "новый тег"};
  auto facet_text = [](const std::vector<Facet>& facets) {
    std::string out;
    for (const auto& f : facets) {
      out += f.key + ":";
      for (const auto& v : f.values) {
        out += " " + v.label + "|" + v.slug + "[";
        for (const auto* c : v.cases) out += c->id + ",";
        out += "]";
      }
      out += "\n";
    }
    return out;
  };
  for (int round = 0; round < 20; ++round) {
    SiteModel m;
    m.organizations.push_back({"org", "", "Школа", "ОО"});
    size_t n = 2 + rng() % 40;
    auto random_tags = [&] {
      std::vector<std::string> tags;
      for (size_t k = rng() % 4; k > 0; --k) tags.push_back(tag_words[rng() % tag_words.size()]);
      return tags;
    };
    for (size_t i = 0; i < n; ++i)
      m.cases.push_back(Case("org/c" + std::to_string(i), {2023, 1 + static_cast<int>(rng() % 4), 1},
                             forms[rng() % forms.size()], random_tags(), years[rng() % years.size()],
                             kinds[rng() % kinds.size()]));
    std::sort(m.cases.begin(), m.cases.end(), CaseBefore);
    m.cases.reserve(m.cases.size());
    std::vector<Facet> facets = BuildCaseFacets(m);
    RelatedCaseFinder finder(m);
    for (int edit = 0; edit < 10; ++edit) {
      const CaseStudy* data = m.cases.data();
      size_t from = rng() % m.cases.size();
      CaseStudy& c = m.cases[from];
      switch (rng() % 5) {
        case 0: c.form = forms[rng() % forms.size()]; break;
        case 1: c.kind = kinds[rng() % kinds.size()]; break;
        case 2: c.academic_year = years[rng() % years.size()]; break;
        case 3: c.tags = random_tags(); break;
        default: c.date = {2023, 1 + static_cast<int>(rng() % 4), 1 + static_cast<int>(rng() % 2)};
      }
      size_t to = MoveCaseToPlace(m.cases, from);
      REQUIRE(m.cases.data() == data);
      REQUIRE(std::is_sorted(m.cases.begin(), m.cases.end(), CaseBefore));
      MoveCaseInFacets(facets, m, from, to);
      finder.MoveCase(from, to);
      REQUIRE(facet_text(facets) == facet_text(BuildCaseFacets(m)));
      RelatedCaseFinder fresh(m);
      for (const auto& x : m.cases) REQUIRE(Ids(finder.Find(x, 4)) == Ids(fresh.Find(x, 4)));
    }
  }
}
