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
  std::map<std::string, int> forms, tags;
  for (const auto& c : model.cases) {
    form_.push_back(forms.try_emplace(c.form, static_cast<int>(forms.size())).first->second);
    std::vector<int> ids;
    for (const auto& t : c.tags) {
      std::string slug = Slugify(t);
      if (!slug.empty()) ids.push_back(tags.try_emplace(slug, static_cast<int>(tags.size())).first->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    tags_.push_back(std::move(ids));
  }
}

std::vector<const CaseStudy*> RelatedCaseFinder::Find(const CaseStudy& c, size_t limit) const {
  size_t self = static_cast<size_t>(&c - model_.cases.data());
  const std::vector<int>& mine = tags_[self];
  std::vector<std::pair<int, size_t>> scored;  // score, index in model order
  for (size_t i = 0; i < model_.cases.size(); ++i) {
    if (i == self || model_.cases[i].id == c.id) continue;
    int score = form_[i] == form_[self] ? 2 : 0;
    const std::vector<int>& theirs = tags_[i];
    for (size_t a = 0, b = 0; a < mine.size() && b < theirs.size();) {
      if (mine[a] < theirs[b]) ++a;
      else if (theirs[b] < mine[a]) ++b;
      else { ++score; ++a; ++b; }
    }
    if (score > 0) scored.push_back({score, i});
  }
  auto better = [&](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : NewerFirst(&model_.cases[x.second], &model_.cases[y.second]);
  };
  size_t n = std::min(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(n), scored.end(), better);
  std::vector<const CaseStudy*> out;
  for (size_t k = 0; k < n; ++k) out.push_back(&model_.cases[scored[k].second]);
  return out;
}

}  // namespace nastavnik
