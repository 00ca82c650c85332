#pragma once
#include <algorithm>
// The domain model of one site: typed entities built from validated records.
// It knows nothing of files, HTML or templates.
#include <string>
#include <vector>

#include "model/case_study.h"
#include "model/indicators.h"
#include "model/order.h"
#include "model/organization.h"
#include "model/public_people.h"
#include "model/registry_entities.h"
#include "model/roadmap.h"
#include "model/text_page.h"
#include "util/date.h"

namespace nastavnik {

// The order of SiteModel::cases: newest first, then by id.
bool CaseBefore(const CaseStudy& a, const CaseStudy& b);
// Moves cases[from] (edited, e.g. its date) to its place in CaseBefore order
// among the others, which are in that order; the cases between shift by one
// and the vector is not reallocated. Returns its new index.
size_t MoveCaseToPlace(std::vector<CaseStudy>& cases, size_t from);
// Where the element at index `i` is once the one at `from` moved to `to`
// (the ones between shifted by one), as MoveCaseToPlace moves cases.
inline size_t MovedIndex(size_t i, size_t from, size_t to) {
  if (i == from) return to;
  if (from < to && i > from && i <= to) return i - 1;
  if (to < from && i >= to && i < from) return i + 1;
  return i;
}
// Moves v[from] to index `to`, shifting the ones between (a per-case array
// following MoveCaseToPlace).
template <typename T>
void MoveToIndex(std::vector<T>& v, size_t from, size_t to) {
  auto at = [&](size_t i) { return v.begin() + static_cast<long>(i); };
  if (from < to) std::rotate(at(from), at(from + 1), at(to + 1));
  if (to < from) std::rotate(at(to), at(from), at(from + 1));
}

struct SiteModel {
  Date today;  // the date statuses are computed for
  std::vector<Organization> organizations;  // sorted by id
  std::vector<Order> orders;                // newest first, then by id
  std::vector<CaseStudy> cases;             // published: newest first, then by id
  std::vector<CaseStudy> draft_cases;       // `draft: да`: checked, not published; by id
  std::vector<TextPage> pages;              // by weight, then title
  TextPage home;
  std::vector<Program> programs;              // by organization, then title
  std::vector<WorkingGroupMember> working_group;  // in registry order (the order's order)
  std::vector<Roadmap> roadmaps;              // by issuer id (pipeline/plans.h)
  std::vector<IndicatorTable> indicators;     // in data/indicators.yaml order
  // Consenting mentors and counts only: the registries of people themselves
  // never enter the model (see model/privacy.h).
  PublicPeople people;

  const Organization* FindOrganization(const std::string& id) const;
  const Order* FindOrder(const std::string& id) const;
  // Orders issued by an organization, newest first.
  std::vector<const Order*> OrdersOf(const std::string& organization_id) const;
  std::vector<const CaseStudy*> CasesOf(const std::string& organization_id) const;
  std::vector<const Program*> ProgramsOf(const std::string& organization_id) const;
  const Roadmap* RoadmapOf(const std::string& organization_id) const;
};

}  // namespace nastavnik
