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
    for (const auto& c : model.cases) {
      std::vector<std::string> seen;  // a tag written twice in one case counts once
      for (const auto& t : c.tags) {
        std::string slug = Slugify(t);
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
  std::map<std::string, int> forms, tags, ids;
  for (const auto& c : model.cases) {
    form_.push_back(forms.try_emplace(c.form, static_cast<int>(forms.size())).first->second);
    id_.push_back(ids.try_emplace(c.id, static_cast<int>(ids.size())).first->second);
    std::vector<int> numbers;
    for (const auto& t : c.tags) {
      std::string slug = Slugify(t);
      if (!slug.empty()) numbers.push_back(tags.try_emplace(slug, static_cast<int>(tags.size())).first->second);
    }
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    tags_.push_back(std::move(numbers));
  }
  // Ranks: NewerFirst as one integer comparison.
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return NewerFirst(&model.cases[a], &model.cases[b]); });
  rank_.resize(n);
  for (size_t r = 0; r < n; ++r) rank_[order[r]] = static_cast<int>(r);
  tag_cases_.resize(tags.size());
  for (size_t i = 0; i < n; ++i)
    for (int t : tags_[i]) tag_cases_[static_cast<size_t>(t)].push_back(static_cast<int>(i));
  form_cases_.resize(forms.size());
  for (size_t i : order) form_cases_[static_cast<size_t>(form_[i])].push_back(static_cast<int>(i));
}

std::vector<const CaseStudy*> RelatedCaseFinder::Find(const CaseStudy& c, size_t limit) const {
  const size_t n = model_.cases.size();
  const int self = static_cast<int>(&c - model_.cases.data());
  auto other = [&](int i) { return i != self && id_[static_cast<size_t>(i)] != id_[static_cast<size_t>(self)]; };
  // Shared tags, counted through the tag → cases index (per thread, so Find
  // stays thread-safe; only the entries touched are reset).
  thread_local std::vector<int> shared;
  thread_local std::vector<int> touched;
  if (shared.size() < n) shared.assign(n, 0);
  touched.clear();
  for (int t : tags_[static_cast<size_t>(self)])
    for (int i : tag_cases_[static_cast<size_t>(t)])
      if (shared[static_cast<size_t>(i)]++ == 0) touched.push_back(i);

  // The best `limit` by score (same form 2, each shared tag 1), then newer.
  struct Scored {
    int score;
    int rank;
    int index;
  };
  std::vector<Scored> best;
  auto consider = [&](int i, int score) {
    Scored s{score, rank_[static_cast<size_t>(i)], i};
    auto better = [](const Scored& x, const Scored& y) { return x.score != y.score ? x.score > y.score : x.rank < y.rank; };
    if (best.size() == limit && (limit == 0 || !better(s, best.back()))) return;
    best.insert(std::upper_bound(best.begin(), best.end(), s, better), s);
    if (best.size() > limit) best.pop_back();
  };
  const int form = form_[static_cast<size_t>(self)];
  for (int i : touched)
    if (other(i)) consider(i, shared[static_cast<size_t>(i)] + (form_[static_cast<size_t>(i)] == form ? 2 : 0));
  // Cases sharing only the form all score 2: the newest `limit` of them suffice.
  size_t taken = 0;
  for (int i : form_cases_[static_cast<size_t>(form)]) {
    if (taken >= limit) break;
    if (shared[static_cast<size_t>(i)] > 0 || !other(i)) continue;
    consider(i, 2);
    ++taken;
  }
  for (int i : touched) shared[static_cast<size_t>(i)] = 0;
  std::vector<const CaseStudy*> out;
  for (const Scored& s : best) out.push_back(&model_.cases[static_cast<size_t>(s.index)]);
  return out;
}

}  // namespace nastavnik
