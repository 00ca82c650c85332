#pragma once
// The catalog of best-practice cases as data: facets (form, kind,
// organization, academic year, tag) with the cases under each value, and
// related cases. No files, no HTML: render/pages_cases.cc turns these into
// pages. Every list is in a fixed order so two builds give the same pages.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/site_model.h"
#include "util/translit.h"

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

// After one case of `model` changed its form, kind, year, tags or date and
// moved from index `from` to index `to` of model.cases (the cases between
// shifted by one place; the vector not reallocated; its organization the
// same): turns `facets`, BuildCaseFacets of the model before, into
// BuildCaseFacets(model) without grouping every case again (a preview
// session's edit: O(entries) pointer updates instead of a map per facet).
void MoveCaseInFacets(std::vector<Facet>& facets, const SiteModel& model, size_t from, size_t to);

// Cases like `c`, best first: score = 2 for the same form + 1 per shared tag
// (compared by slug); only cases scoring at least 1; ties go to the newer
// case, then to the smaller id. At most `limit`.
std::vector<const CaseStudy*> RelatedCases(const SiteModel& model, const CaseStudy& c, size_t limit);

// RelatedCases for every case of a model, without comparing each case with
// every other (O(N²) over a catalog). Cases are grouped by signature (form
// and tag slugs, numbered once): cases of one group score the same against
// any case and are ranked by date and id within it. A query scores only the
// groups sharing a tag with the case (an inverted index: tag → groups), takes
// scores from the highest down and stops as soon as `limit` cases are found;
// same-form cases sharing no tag (score 2) are read from the form's list in
// rank order. Same results as the definition above.
// Thread-safe after construction; `model` must outlive it.
class RelatedCaseFinder {
 public:
  explicit RelatedCaseFinder(const SiteModel& model);
  // REQUIRES: `c` is one of model.cases.
  std::vector<const CaseStudy*> Find(const CaseStudy& c, size_t limit) const;
  // Find for many cases in turn, each group's ranking computed once and kept
  // (limit + 1 case numbers and a count per group, ≈ 21 bytes for 4): cases
  // of one group rank every other case alike, so each takes the kept ranking
  // and drops itself. Not thread-safe: one Memo per thread; valid until
  // MoveCase.
  struct Memo {
    static constexpr uint8_t kNone = 0xFF;  // count of a group not ranked yet
    size_t limit = 0;
    std::vector<uint8_t> count;    // per group
    std::vector<uint32_t> ranked;  // per group, limit + 1 places
  };
  std::vector<const CaseStudy*> Find(const CaseStudy& c, size_t limit, Memo& memo) const;
  // Whether `candidate` is among Find(x, limit) when the other cases give
  // `others` (Find(x, limit) over every case but `candidate`, best first):
  // it scores at least 1 and `others` has room or its last scores lower (or
  // the same and is older). Lets a preview session find the cases a moved
  // case becomes related to without a query per case.
  // REQUIRES: x, candidate and `others` are of model.cases.
  bool Enters(const CaseStudy& x, const std::vector<const CaseStudy*>& others, const CaseStudy& candidate,
              size_t limit) const;
  // The model's case at `from` changed its form, tags or date and now is at
  // `to` (as for MoveCaseInFacets): the index follows without being built
  // again. REQUIRES: model.cases in SiteModel order (CaseBefore).
  void MoveCase(size_t from, size_t to);

 private:
  struct Group {
    int form = 0;
    std::vector<int> tags;        // sorted, unique tag slug numbers
    std::vector<uint32_t> cases;  // best (newest) first
  };
  int Score(uint32_t a, uint32_t b) const;
  // The best `limit` cases for a case of group `mine` (score, then rank)
  // that `excluded` does not drop, into `out` (case numbers).
  template <class Excluded>
  void Rank(const Group& mine, size_t limit, Excluded excluded, std::vector<uint32_t>& out) const;

  const SiteModel& model_;
  std::vector<uint32_t> rank_;      // per case (model order): position newest first
  std::vector<uint32_t> group_of_;  // per case: index into groups_
  std::vector<Group> groups_;
  std::vector<std::vector<uint32_t>> groups_by_tag_;  // tag number → groups having it
  std::vector<std::vector<uint32_t>> cases_by_form_;  // form number → cases, best first
  std::map<std::string, int> form_ids_, tag_ids_;     // form, tag slug → number
  SlugMemo slug_of_;                                  // each tag slugified once
  std::map<std::pair<int, std::vector<int>>, uint32_t> group_ids_;  // signature → group
  // The form and tag numbers of a case (new ones numbered), the group of
  // that signature (a new one added).
  uint32_t GroupOf(const CaseStudy& c);
};

// The URL part of an academic year: "2022/2023" and "2022–2023" → "2022-2023".
std::string AcademicYearSlug(const std::string& academic_year);

// Forms and kinds in the order of the target model (the cases schema lists).
const std::vector<std::string>& CaseForms();
const std::vector<std::string>& CaseKinds();

}  // namespace nastavnik
