#include "model/case_catalog.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "util/strings.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

// Groups cases by a key; `order` lists known keys first, the rest follow
// sorted by key. Cases keep the model's order inside each group.
std::vector<FacetValue> GroupInOrder(const SiteModel& model, const std::vector<std::string>& order,
                                     std::string (*key_of)(const CaseStudy&)) {
  std::map<std::string, std::vector<const CaseStudy*>> groups;
  for (const auto& c : model.cases) {
    std::string k = key_of(c);
    if (!k.empty()) groups[k].push_back(&c);
  }
  std::vector<FacetValue> out;
  for (const auto& k : order) {
    auto it = groups.find(k);
    if (it == groups.end()) continue;
    out.push_back({k, Slugify(k), std::move(it->second)});
    groups.erase(it);
  }
  for (auto& [k, cases] : groups) out.push_back({k, Slugify(k), std::move(cases)});
  return out;
}

// Newest first, then by id: the order of SiteModel::cases.
bool NewerFirst(const CaseStudy* a, const CaseStudy* b) {
  return a->date != b->date ? a->date > b->date : a->id < b->id;
}

}  // namespace

const std::vector<std::string>& CaseForms() {
  static const std::vector<std::string> kForms = {"ученик – ученик", "учитель – учитель", "студент – ученик",
                                                  "работодатель – ученик", "работодатель – студент"};
  return kForms;
}

const std::vector<std::string>& CaseKinds() {
  static const std::vector<std::string> kKinds = {"традиционное", "групповое",   "флэш",
                                                  "сетевое",      "реверсивное", "виртуальное"};
  return kKinds;
}

std::string AcademicYearSlug(const std::string& academic_year) {
  std::string s = ReplaceAll(ReplaceAll(std::string(Trim(academic_year)), "\xE2\x80\x93", "-"), "/", "-");
  return Slugify(s);
}

std::vector<Facet> BuildCaseFacets(const SiteModel& model) {
  std::vector<Facet> facets;
  facets.push_back({"form", "Форма наставничества",
                    GroupInOrder(model, CaseForms(), [](const CaseStudy& c) { return c.form; })});
  facets.push_back({"kind", "Вид наставничества",
                    GroupInOrder(model, CaseKinds(), [](const CaseStudy& c) { return c.kind; })});

  {
    Facet org{"org", "Организация", {}};
    std::map<std::string, std::vector<const CaseStudy*>> by_id;
    for (const auto& c : model.cases) by_id[c.organization].push_back(&c);
    for (auto& [id, cases] : by_id) {
      const Organization* o = model.FindOrganization(id);
      std::string label = o && !o->short_name.empty() ? o->short_name : id;
      org.values.push_back({label, id, std::move(cases)});
    }
    std::stable_sort(org.values.begin(), org.values.end(), [](const FacetValue& a, const FacetValue& b) {
      return std::tie(a.label, a.slug) < std::tie(b.label, b.slug);
    });
    facets.push_back(std::move(org));
  }

  {
    Facet year{"year", "Учебный год", {}};
    std::map<std::string, std::vector<const CaseStudy*>, std::greater<>> by_slug;
    for (const auto& c : model.cases) {
      std::string slug = AcademicYearSlug(c.academic_year);
      if (!slug.empty()) by_slug[slug].push_back(&c);
    }
    for (auto& [slug, cases] : by_slug)
      year.values.push_back({ReplaceAll(slug, "-", "\xE2\x80\x93"), slug, std::move(cases)});
    facets.push_back(std::move(year));
  }

  {
    Facet tags{"tag", "Тег", {}};
    std::map<std::string, FacetValue> by_slug;
    SlugMemo slug_of;
    for (const auto& c : model.cases) {
      std::vector<std::string> seen;  // a tag written twice in one case counts once
      for (const auto& t : c.tags) {
        const std::string& slug = slug_of(t);
        if (slug.empty() || std::find(seen.begin(), seen.end(), slug) != seen.end()) continue;
        seen.push_back(slug);
        auto [it, inserted] = by_slug.try_emplace(slug, FacetValue{std::string(Trim(t)), slug, {}});
        it->second.cases.push_back(&c);
      }
    }
    for (auto& [slug, v] : by_slug) tags.values.push_back(std::move(v));
    std::stable_sort(tags.values.begin(), tags.values.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.cases.size() > b.cases.size();
    });
    facets.push_back(std::move(tags));
  }
  return facets;
}

std::vector<const CaseStudy*> RelatedCases(const SiteModel& model, const CaseStudy& c, size_t limit) {
  return RelatedCaseFinder(model).Find(c, limit);
}

RelatedCaseFinder::RelatedCaseFinder(const SiteModel& model) : model_(model) {
  const size_t n = model.cases.size();
  std::vector<uint32_t> by_rank(n);
  for (size_t i = 0; i < n; ++i) by_rank[i] = static_cast<uint32_t>(i);
  std::stable_sort(by_rank.begin(), by_rank.end(),
                   [&](uint32_t a, uint32_t b) { return NewerFirst(&model.cases[a], &model.cases[b]); });
  rank_.resize(n);
  for (size_t r = 0; r < n; ++r) rank_[by_rank[r]] = static_cast<uint32_t>(r);

  std::map<std::string, int> forms, tags;
  std::map<std::pair<int, std::vector<int>>, uint32_t> groups;
  group_of_.resize(n);
  SlugMemo slug_of;
  for (uint32_t i : by_rank) {  // best first, so each group's cases are in rank order
    const CaseStudy& c = model.cases[i];
    int form = forms.try_emplace(c.form, static_cast<int>(forms.size())).first->second;
    std::vector<int> ids;
    for (const auto& t : c.tags) {
      const std::string& slug = slug_of(t);
      if (!slug.empty()) ids.push_back(tags.try_emplace(slug, static_cast<int>(tags.size())).first->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto [it, inserted] = groups.try_emplace({form, ids}, static_cast<uint32_t>(groups_.size()));
    if (inserted) groups_.push_back({form, std::move(ids), {}});
    groups_[it->second].cases.push_back(i);
    group_of_[i] = it->second;
    if (cases_by_form_.size() <= static_cast<size_t>(form)) cases_by_form_.resize(static_cast<size_t>(form) + 1);
    cases_by_form_[static_cast<size_t>(form)].push_back(i);
  }
  groups_by_tag_.resize(tags.size());
  for (uint32_t g = 0; g < groups_.size(); ++g)
    for (int t : groups_[g].tags) groups_by_tag_[static_cast<size_t>(t)].push_back(g);
}

int RelatedCaseFinder::Score(uint32_t a, uint32_t b) const {
  const Group& ga = groups_[group_of_[a]];
  const Group& gb = groups_[group_of_[b]];
  int score = ga.form == gb.form ? 2 : 0;
  auto i = ga.tags.begin(), j = gb.tags.begin();
  while (i != ga.tags.end() && j != gb.tags.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++score;
      ++i;
      ++j;
    }
  }
  return score;
}

bool RelatedCaseFinder::Enters(const CaseStudy& x, const std::vector<const CaseStudy*>& others,
                               const CaseStudy& candidate, size_t limit) const {
  auto index = [&](const CaseStudy& c) { return static_cast<uint32_t>(&c - model_.cases.data()); };
  const uint32_t self = index(x), cand = index(candidate);
  if (limit == 0 || self == cand || candidate.id == x.id) return false;
  int score = Score(self, cand);
  if (score < 1) return false;
  if (others.size() < limit) return true;
  const uint32_t last = index(*others[limit - 1]);
  int last_score = Score(self, last);
  return score > last_score || (score == last_score && rank_[cand] < rank_[last]);
}

std::vector<const CaseStudy*> RelatedCaseFinder::Find(const CaseStudy& c, size_t limit) const {
  std::vector<const CaseStudy*> out;
  if (limit == 0 || model_.cases.empty()) return out;
  out.reserve(limit);
  const uint32_t self = static_cast<uint32_t>(&c - model_.cases.data());
  const Group& mine = groups_[group_of_[self]];
  // Shared tags per group, for the groups sharing at least one (scratch kept
  // per thread and cleared after use, so a query costs what it touches).
  // The other scratch vectors are kept per thread too: a query allocates
  // only its result.
  thread_local std::vector<uint32_t> shared, touched, level;
  thread_local std::vector<std::vector<uint32_t>> by_score;
  if (shared.size() < groups_.size()) shared.resize(groups_.size(), 0);
  touched.clear();
  for (int t : mine.tags)
    for (uint32_t g : groups_by_tag_[static_cast<size_t>(t)])
      if (shared[g]++ == 0) touched.push_back(g);
  const size_t top = mine.tags.size() + 2;
  if (by_score.size() < top + 1) by_score.resize(top + 1);
  for (size_t k = 0; k <= top; ++k) by_score[k].clear();
  for (uint32_t g : touched) by_score[shared[g] + (groups_[g].form == mine.form ? 2 : 0)].push_back(g);

  auto excluded = [&](uint32_t i) { return i == self || model_.cases[i].id == c.id; };
  for (size_t score = top; score >= 1 && out.size() < limit; --score) {
    size_t need = limit - out.size();
    level.clear();
    for (uint32_t g : by_score[score]) {
      size_t taken = 0;
      for (uint32_t i : groups_[g].cases) {
        if (taken == need) break;
        if (!excluded(i)) {
          level.push_back(i);
          ++taken;
        }
      }
    }
    if (score == 2) {  // the same form and no shared tag
      size_t taken = 0;
      for (uint32_t i : cases_by_form_[static_cast<size_t>(mine.form)]) {
        if (taken == need) break;
        if (shared[group_of_[i]] != 0 || excluded(i)) continue;  // touched: scored 3 or more
        level.push_back(i);
        ++taken;
      }
    }
    size_t n = std::min(need, level.size());
    std::partial_sort(level.begin(), level.begin() + static_cast<long>(n), level.end(),
                      [&](uint32_t a, uint32_t b) { return rank_[a] < rank_[b]; });
    for (size_t k = 0; k < n; ++k) out.push_back(&model_.cases[level[k]]);
  }
  for (uint32_t g : touched) shared[g] = 0;
  return out;
}

}  // namespace nastavnik
