#pragma once
// The catalog of best-practice cases as data: facets (form, kind,
// organization, academic year, tag) with the cases under each value, and
// related cases. No files, no HTML: render/pages_cases.cc turns these into
// pages. Every list is in a fixed order so two builds give the same pages.
#include <string>
#include <vector>

#include "model/site_model.h"

namespace nastavnik {

struct FacetValue {
  std::string label;  // as shown: «учитель – учитель», «Школа № 3», «2022-2023»
  std::string slug;   // the URL part: "uchitel-uchitel", "sch-3", "2022-2023"
  std::vector<const CaseStudy*> cases;  // in SiteModel::cases order (newest first)
};

struct Facet {
  std::string key;    // "form", "kind", "org", "year", "tag": the URL part
  std::string title;  // «Форма наставничества»
  std::vector<FacetValue> values;  // see BuildCaseFacets for the order
};

// The five facets, in the order above. Values that no case uses are left out.
// Value order: forms, kinds — the order of the schema's lists (the order of
// the target model); organizations — by short name, then id; academic years —
// newest first; tags — most used first, then alphabetically by slug. Tags are
// merged by slug («ИКТ» and «икт» are one tag), shown as first written in the
// newest case; a tag whose slug is empty (punctuation only) gets no page.
// Pointers point into `model`, which must outlive the result.
std::vector<Facet> BuildCaseFacets(const SiteModel& model);

// Cases like `c`, best first: score = 2 for the same form + 1 per shared tag
// (compared by slug); only cases scoring at least 1; ties go to the newer
// case, then to the smaller id. At most `limit`.
std::vector<const CaseStudy*> RelatedCases(const SiteModel& model, const CaseStudy& c, size_t limit);

// RelatedCases for every case of a model without slugifying every tag of
// every case for each of them: forms, ids and tag slugs are numbered and
// cases ranked by date once, so a query compares small integers and visits
// only the cases sharing a tag plus the newest ones of its form, not the
// whole catalog. Same results as RelatedCases.
// Thread-safe after construction; `model` must outlive it.
class RelatedCaseFinder {
 public:
  explicit RelatedCaseFinder(const SiteModel& model);
  // REQUIRES: `c` is one of model.cases.
  std::vector<const CaseStudy*> Find(const CaseStudy& c, size_t limit) const;

 private:
  const SiteModel& model_;
  std::vector<int> form_;               // per case (model order): form number
  std::vector<int> id_;                 // per case: id number (equal ids, equal numbers)
  std::vector<int> rank_;               // per case: position in NewerFirst order
  std::vector<std::vector<int>> tags_;  // per case: sorted, unique tag slug numbers
  std::vector<std::vector<int>> tag_cases_;   // per tag number: cases carrying it
  std::vector<std::vector<int>> form_cases_;  // per form number: its cases, newest first
};

// The URL part of an academic year: "2022/2023" and "2022–2023" → "2022-2023".
std::string AcademicYearSlug(const std::string& academic_year);

// Forms and kinds in the order of the target model (the cases schema lists).
const std::vector<std::string>& CaseForms();
const std::vector<std::string>& CaseKinds();

}  // namespace nastavnik
