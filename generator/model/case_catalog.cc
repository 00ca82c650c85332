#include "model/case_catalog.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "util/strings.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

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

namespace {

// A facet value a case is listed under: `match` identifies the value within
// its facet (the label for forms and kinds, the slug otherwise).
struct FacetKey {
  std::string match, label, slug;
};

// `slug_of`: each form, kind and tag is slugified once per run, not per case.
std::vector<FacetKey> FacetKeysOf(const SiteModel& model, const std::string& facet, const CaseStudy& c,
                                  SlugMemo& slug_of) {
  std::vector<FacetKey> out;
  if (facet == "form" || facet == "kind") {
    const std::string& k = facet == "form" ? c.form : c.kind;
    if (!k.empty()) out.push_back({k, k, slug_of(k)});
  } else if (facet == "org") {
    const Organization* o = model.FindOrganization(c.organization);
    out.push_back({c.organization, o && !o->short_name.empty() ? o->short_name : c.organization, c.organization});
  } else if (facet == "year") {
    std::string slug = AcademicYearSlug(c.academic_year);
    if (!slug.empty()) out.push_back({slug, ReplaceAll(slug, "-", "\xE2\x80\x93"), slug});
  } else {
    for (const auto& t : c.tags) {  // a tag written twice in one case counts once
      const std::string& slug = slug_of(t);
      if (slug.empty() || std::any_of(out.begin(), out.end(), [&](const FacetKey& k) { return k.slug == slug; }))
        continue;
      out.push_back({slug, std::string(Trim(t)), slug});
    }
  }
  return out;
}

const std::string& MatchOf(const Facet& f, const FacetValue& v) {
  return f.key == "form" || f.key == "kind" ? v.label : v.slug;
}

// The documented order of a facet's values (see BuildCaseFacets).
void SortFacetValues(Facet& f) {
  auto by = [&](auto key) {
    std::stable_sort(f.values.begin(), f.values.end(),
                     [&](const FacetValue& a, const FacetValue& b) { return key(a) < key(b); });
  };
  if (f.key == "form" || f.key == "kind") {
    const auto& order = f.key == "form" ? CaseForms() : CaseKinds();
    by([&](const FacetValue& v) {
      size_t at = static_cast<size_t>(std::find(order.begin(), order.end(), v.label) - order.begin());
      return std::make_tuple(at, std::cref(v.label));
    });
  } else if (f.key == "org") {
    by([](const FacetValue& v) { return std::tie(v.label, v.slug); });
  } else if (f.key == "year") {
    std::stable_sort(f.values.begin(), f.values.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.slug > b.slug; });
  } else {
    by([](const FacetValue& v) { return std::make_tuple(-static_cast<long>(v.cases.size()), std::cref(v.slug)); });
  }
}

}  // namespace

std::vector<Facet> BuildCaseFacets(const SiteModel& model) {
  std::vector<Facet> facets = {{"form", "Форма наставничества", {}},
                               {"kind", "Вид наставничества", {}},
                               {"org", "Организация", {}},
                               {"year", "Учебный год", {}},
                               {"tag", "Тег", {}}};
  SlugMemo slug_of;
  for (Facet& f : facets) {
    std::unordered_map<std::string, size_t> index;  // match → value
    for (const auto& c : model.cases) {
      for (auto& k : FacetKeysOf(model, f.key, c, slug_of)) {
        auto [it, inserted] = index.try_emplace(k.match, f.values.size());
        if (inserted) f.values.push_back({std::move(k.label), std::move(k.slug), {}});
        f.values[it->second].cases.push_back(&c);
      }
    }
    SortFacetValues(f);
  }
  return facets;
}

void MoveCaseInFacets(std::vector<Facet>& facets, const SiteModel& model, size_t from, size_t to) {
  const CaseStudy* base = model.cases.data();
  const CaseStudy* edited = base + to;
  auto remap = [&](const CaseStudy* p) { return base + MovedIndex(static_cast<size_t>(p - base), from, to); };
  SlugMemo slug_of;
  for (Facet& f : facets) {
    std::vector<size_t> touched;  // values the case leaves or enters
    for (size_t vi = 0; vi < f.values.size(); ++vi) {
      auto& cases = f.values[vi].cases;
      if (from != to)
        for (auto& p : cases) p = remap(p);
      auto it = std::find(cases.begin(), cases.end(), edited);
      if (it == cases.end()) continue;
      cases.erase(it);
      touched.push_back(vi);
    }
    for (auto& k : FacetKeysOf(model, f.key, *edited, slug_of)) {
      auto v = std::find_if(f.values.begin(), f.values.end(), [&](const FacetValue& x) { return MatchOf(f, x) == k.match; });
      if (v == f.values.end()) v = f.values.insert(f.values.end(), {k.label, k.slug, {}});
      v->cases.insert(std::lower_bound(v->cases.begin(), v->cases.end(), edited), edited);
      touched.push_back(static_cast<size_t>(v - f.values.begin()));
    }
    // A value's label is written as its first (newest) case writes it.
    for (size_t vi : touched) {
      FacetValue& v = f.values[vi];
      if (v.cases.empty()) continue;
      for (auto& k : FacetKeysOf(model, f.key, *v.cases.front(), slug_of))
        if (k.match == MatchOf(f, v)) v.label = std::move(k.label);
    }
    f.values.erase(std::remove_if(f.values.begin(), f.values.end(), [](const FacetValue& v) { return v.cases.empty(); }),
                   f.values.end());
    SortFacetValues(f);
  }
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

  group_of_.resize(n);
  for (uint32_t i : by_rank) {  // best first, so each group's cases are in rank order
    uint32_t g = GroupOf(model.cases[i]);
    groups_[g].cases.push_back(i);
    group_of_[i] = g;
    cases_by_form_[static_cast<size_t>(groups_[g].form)].push_back(i);
  }
}

uint32_t RelatedCaseFinder::GroupOf(const CaseStudy& c) {
  int form = form_ids_.try_emplace(c.form, static_cast<int>(form_ids_.size())).first->second;
  if (cases_by_form_.size() <= static_cast<size_t>(form)) cases_by_form_.resize(static_cast<size_t>(form) + 1);
  std::vector<int> ids;
  for (const auto& t : c.tags) {
    const std::string& slug = slug_of_(t);
    if (!slug.empty()) ids.push_back(tag_ids_.try_emplace(slug, static_cast<int>(tag_ids_.size())).first->second);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto [it, inserted] = group_ids_.try_emplace({form, ids}, static_cast<uint32_t>(groups_.size()));
  if (inserted) {
    if (groups_by_tag_.size() < tag_ids_.size()) groups_by_tag_.resize(tag_ids_.size());
    for (int t : ids) groups_by_tag_[static_cast<size_t>(t)].push_back(it->second);
    groups_.push_back({form, std::move(ids), {}});
  }
  return it->second;
}

void RelatedCaseFinder::MoveCase(size_t from, size_t to) {
  auto remap = [&](uint32_t i) { return static_cast<uint32_t>(MovedIndex(i, from, to)); };
  const uint32_t edited = static_cast<uint32_t>(to);
  // Per-case arrays move as the model's cases did; lists of cases are
  // renumbered (their order holds) and lose the edited case.
  MoveToIndex(group_of_, from, to);
  for (size_t r = 0; r < rank_.size(); ++r) rank_[r] = static_cast<uint32_t>(r);
  auto renumber = [&](std::vector<uint32_t>& cases) {
    if (from != to)
      for (auto& i : cases) i = remap(i);
    auto it = std::find(cases.begin(), cases.end(), edited);
    if (it != cases.end()) cases.erase(it);
  };
  for (auto& g : groups_) renumber(g.cases);
  for (auto& f : cases_by_form_) renumber(f);
  uint32_t g = GroupOf(model_.cases[to]);
  group_of_[to] = g;
  auto insert = [&](std::vector<uint32_t>& cases) {
    cases.insert(std::lower_bound(cases.begin(), cases.end(), edited), edited);
  };
  insert(groups_[g].cases);
  insert(cases_by_form_[static_cast<size_t>(groups_[g].form)]);
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
  thread_local std::vector<uint32_t> ranked;
  Rank(groups_[group_of_[self]], limit, [&](uint32_t i) { return i == self || model_.cases[i].id == c.id; }, ranked);
  for (uint32_t i : ranked) out.push_back(&model_.cases[i]);
  return out;
}

std::vector<const CaseStudy*> RelatedCaseFinder::Find(const CaseStudy& c, size_t limit, Memo& memo) const {
  if (limit == 0 || limit + 1 >= Memo::kNone || model_.cases.empty()) return Find(c, limit);
  const uint32_t self = static_cast<uint32_t>(&c - model_.cases.data());
  const uint32_t g = group_of_[self];
  const size_t width = limit + 1;  // room for the case itself, dropped below
  if (memo.limit != limit || memo.count.size() != groups_.size()) {
    memo.limit = limit;
    memo.count.assign(groups_.size(), Memo::kNone);
    memo.ranked.assign(groups_.size() * width, 0);
  }
  uint32_t* ranked = memo.ranked.data() + g * width;
  if (memo.count[g] == Memo::kNone) {
    // The group's ranking excluding no one: every case of the group scores
    // the same against any other, so each of them reads its own from it.
    thread_local std::vector<uint32_t> all;
    Rank(groups_[g], width, [](uint32_t) { return false; }, all);
    std::copy(all.begin(), all.end(), ranked);
    memo.count[g] = static_cast<uint8_t>(all.size());
  }
  const size_t n = memo.count[g];
  std::vector<const CaseStudy*> out;
  out.reserve(limit);
  size_t dropped = 0;
  for (size_t k = 0; k < n && out.size() < limit; ++k) {
    if (ranked[k] == self || model_.cases[ranked[k]].id == c.id) ++dropped;
    else out.push_back(&model_.cases[ranked[k]]);
  }
  // More than the one extra place dropped (cases sharing an id): the kept
  // ranking may be too short to fill `limit`.
  if (dropped > 1 && n == width) return Find(c, limit);
  return out;
}

template <class Excluded>
void RelatedCaseFinder::Rank(const Group& mine, size_t limit, Excluded excluded, std::vector<uint32_t>& out) const {
  out.clear();
  // Shared tags per group, for the groups sharing at least one (scratch kept
  // per thread and cleared after use, so a query costs what it touches).
  // The other scratch vectors are kept per thread too.
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
    out.insert(out.end(), level.begin(), level.begin() + static_cast<long>(n));
  }
  for (uint32_t g : touched) shared[g] = 0;
}

}  // namespace nastavnik
