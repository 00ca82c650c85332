// PlanCaseCatalog and CatalogPagesOf against the catalog generator itself:
// the contract a preview session relies on (pipeline/build_session.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "load/fs.h"
#include "render/layout.h"
#include "render/pages.h"
#include "render/template.h"

namespace nastavnik {
namespace {

class NoBodies : public RenderedBodies {
 public:
  std::string Html(const std::string&) const override { return ""; }
};

const std::vector<std::string> kTags = {"адаптация", "ИКТ", "икт", "олимпиады", "чтение", "проекты", "экология"};
const std::vector<std::string> kYears = {"2021-2022", "2022-2023", "2023-2024"};

void Randomize(std::mt19937& rng, CaseStudy& c) {
  c.form = CaseForms()[rng() % 3];
  c.kind = CaseKinds()[rng() % 3];
  c.academic_year = kYears[rng() % kYears.size()];
  c.date = Date{2021 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 12), 1};
  c.tags.clear();
  for (size_t k = rng() % 4; k > 0; --k) c.tags.push_back(kTags[rng() % kTags.size()]);
}

SiteModel RandomModel(std::mt19937& rng) {
  SiteModel m;
  for (int o = 0; o < 3; ++o) {
    m.organizations.push_back({});
    m.organizations.back().id = "org-" + std::to_string(o);
    m.organizations.back().short_name = "Школа № " + std::to_string(o);
  }
  size_t n = 5 + rng() % 30;
  for (size_t i = 0; i < n; ++i) {
    CaseStudy c;
    c.organization = "org-" + std::to_string(rng() % 3);
    c.slug = "c" + std::to_string(i);
    c.id = c.organization + "/" + c.slug;
    c.source = "content/cases/" + c.id + "/index.md";
    c.title = "Практика " + std::to_string(i);
    c.summary = "Описание " + std::to_string(i);
    Randomize(rng, c);
    m.cases.push_back(std::move(c));
  }
  std::sort(m.cases.begin(), m.cases.end(), CaseBefore);
  return m;
}

struct Catalog {
  std::vector<std::string> order;             // paths as generated
  std::map<std::string, std::string> html;    // path → page
  std::map<std::string, std::set<std::string>> cards;  // case id → pages showing its card
  std::vector<CatalogPagePlan> plan;
  std::map<std::string, std::vector<std::string>> pages_of;  // CatalogPagesOf, by case id
};

Catalog Generate(const SiteConfig& config, const SiteModel& m, const Theme& theme) {
  Catalog out;
  NoBodies bodies;
  LinkResolver links(std::map<std::string, std::string>{});
  Diagnostics diags;
  RenderInput in{config, m, bodies, links, diags};
  in.on_case_card = [&](const CaseStudy& c, const std::string& page) { out.cards[c.id].insert(page); };
  GenerateCaseCatalogPages(in, [&](PageOutput p) {
    out.order.push_back(p.path);
    out.html[p.path] = RenderPage(p, theme, config);
  });
  std::vector<Facet> facets = BuildCaseFacets(m);
  out.plan = PlanCaseCatalog(in, facets);
  for (const auto& c : m.cases) out.pages_of[c.id] = CatalogPagesOf(in, facets, c);
  return out;
}

}  // namespace

TEST_CASE("The catalog plan: same digest, same page, unless a listed case changed its own fields") {
  MemoryFileSystem fs;
  Diagnostics theme_diags;
  auto theme = Theme::Load(fs, "themes/default", {"cases"}, theme_diags);
  REQUIRE(theme.has_value());
  SiteConfig config;
  config.title = "Сайт";
  config.cases_per_page = 3;
  std::mt19937 rng(20261122);
  size_t compared = 0;
  for (int round = 0; round < 30; ++round) {
    SiteModel before = RandomModel(rng);
    Catalog a = Generate(config, before, *theme);
    // The plan lists the generated pages, in order, with their titles.
    REQUIRE(a.plan.size() == a.order.size());
    for (size_t i = 0; i < a.plan.size(); ++i) CHECK(a.plan[i].path == a.order[i]);
    // CatalogPagesOf: exactly the list pages reporting the case's card.
    for (const auto& c : before.cases) {
      std::set<std::string> of(a.pages_of[c.id].begin(), a.pages_of[c.id].end());
      CHECK(of == a.cards[c.id]);
    }
    // One case moves (facets, date) and changes its own title.
    SiteModel after = before;
    size_t k = rng() % after.cases.size();
    const std::string id = after.cases[k].id;
    if (round % 2 == 0) {
      // A date only: the facet counts stay, only slices shift.
      after.cases[k].date = Date{2021 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 12), 1};
    } else {
      Randomize(rng, after.cases[k]);
    }
    after.cases[k].title += " (правка)";
    std::sort(after.cases.begin(), after.cases.end(), CaseBefore);
    Catalog b = Generate(config, after, *theme);
    std::map<std::string, std::string> digest_before;
    for (const auto& p : a.plan) digest_before[p.path] = p.digest;
    std::set<std::string> showing(a.pages_of[id].begin(), a.pages_of[id].end());
    showing.insert(b.pages_of[id].begin(), b.pages_of[id].end());
    for (const auto& p : b.plan) {
      auto it = digest_before.find(p.path);
      if (it == digest_before.end() || it->second != p.digest || showing.count(p.path)) continue;
      ++compared;
      CHECK_MESSAGE(a.html[p.path] == b.html[p.path], p.path);
    }
  }
  CHECK(compared > 100);  // pages the plan called unchanged were compared
}

TEST_CASE("Case cards shared between pages render the same bytes as cards built in place") {
  MemoryFileSystem fs;
  Diagnostics theme_diags;
  auto theme = Theme::Load(fs, "themes/default", {"cases", "case"}, theme_diags);
  REQUIRE(theme.has_value());
  SiteConfig config;
  config.title = "Сайт";
  config.cases_per_page = 3;
  std::mt19937 rng(20261123);
  size_t shared_cards = 0, pages = 0;
  for (int round = 0; round < 10; ++round) {
    SiteModel m = RandomModel(rng);
    NoBodies bodies;
    LinkResolver links(std::map<std::string, std::string>{});
    Diagnostics diags;
    RenderInput in{config, m, bodies, links, diags};
    auto check = [&](PageOutput p) {
      for (const auto& [key, value] : p.vars)
        if (auto* list = std::get_if<TemplateList>(&value.value))
          for (const auto& item : *list)
            if (auto* sh = std::get_if<SharedTemplateValue>(&item.value); sh && *sh && (*sh)->borrows) ++shared_cards;
      const std::string html = RenderPage(p, *theme, config);  // shared cards: rendered once, then appended
      PageOutput in_place = p;
      MakeOwned(in_place.vars);  // each card a map of its own again
      CHECK(RenderPage(in_place, *theme, config) == html);
      ++pages;
    };
    GenerateCaseCatalogPages(in, check);
    GenerateCasePages(in, check);
  }
  CHECK(pages > 100);
  CHECK(shared_cards > 100);
}

TEST_CASE("SharedOrganizationLinks: one link per organization and depth, equal to OrganizationLink") {
  std::mt19937 rng(7);
  SiteModel m = RandomModel(rng);
  SiteConfig config;
  NoBodies bodies;
  LinkResolver links(std::map<std::string, std::string>{});
  Diagnostics diags;
  RenderInput in{config, m, bodies, links, diags};
  SharedOrganizationLinks orgs(in);
  Linker deep("cases/org-1/c1/"), shallow("cases/");
  TemplateValue a = orgs.Get(deep, "org-1");
  TemplateValue again = orgs.Get(deep, "org-1");
  REQUIRE(std::holds_alternative<SharedTemplateValue>(a.value));
  CHECK(std::get<SharedTemplateValue>(a.value) == std::get<SharedTemplateValue>(again.value));
  CHECK(std::get<SharedTemplateValue>(a.value) != std::get<SharedTemplateValue>(orgs.Get(shallow, "org-1").value));
  CHECK(std::get<SharedTemplateValue>(a.value) != std::get<SharedTemplateValue>(orgs.Get(deep, "org-2").value));
  // What a template shows is OrganizationLink's map.
  const auto& shared = std::get<TemplateMap>(a.Resolved().value);
  const TemplateMap own = OrganizationLink(in, deep, "org-1");
  REQUIRE(shared.size() == own.size());
  for (auto s = shared.begin(), o = own.begin(); s != shared.end(); ++s, ++o) {
    CHECK(s->first == o->first);
    std::string_view st, ot;
    CHECK((s->second.Text(&st) && o->second.Text(&ot) && st == ot));
  }
  // An unknown organization: its id, not shared.
  CHECK(std::holds_alternative<TemplateMap>(orgs.Get(deep, "nope").value));
}

}  // namespace nastavnik
