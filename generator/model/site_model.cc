#include "model/site_model.h"

#include <algorithm>

namespace nastavnik {

const Organization* SiteModel::FindOrganization(const std::string& id) const {
  // Sorted by id (BuildModel): a binary search, as every case card asks. A
  // model built by hand may not be sorted: a miss looks at every one.
  auto it = std::lower_bound(organizations.begin(), organizations.end(), id,
                             [](const Organization& o, const std::string& k) { return o.id < k; });
  if (it != organizations.end() && it->id == id) return &*it;
  for (const auto& o : organizations)
    if (o.id == id) return &o;
  return nullptr;
}

const Order* SiteModel::FindOrder(const std::string& id) const {
  for (const auto& o : orders)
    if (o.id == id) return &o;
  return nullptr;
}

std::vector<const Order*> SiteModel::OrdersOf(const std::string& organization_id) const {
  std::vector<const Order*> out;
  for (const auto& o : orders)
    if (o.issuer == organization_id) out.push_back(&o);
  return out;
}

bool CaseBefore(const CaseStudy& a, const CaseStudy& b) { return a.date != b.date ? a.date > b.date : a.id < b.id; }

size_t MoveCaseToPlace(std::vector<CaseStudy>& cases, size_t from) {
  auto first = cases.begin();
  auto self = first + static_cast<long>(from);
  auto at = std::lower_bound(first, self, *self, CaseBefore);
  size_t to = static_cast<size_t>(at - first);
  if (at == self) to = static_cast<size_t>(std::lower_bound(self + 1, cases.end(), *self, CaseBefore) - first) - 1;
  MoveToIndex(cases, from, to);
  return to;
}

std::vector<const CaseStudy*> SiteModel::CasesOf(const std::string& organization_id) const {
  std::vector<const CaseStudy*> out;
  for (const auto& c : cases)
    if (c.organization == organization_id) out.push_back(&c);
  return out;
}

std::vector<const Program*> SiteModel::ProgramsOf(const std::string& organization_id) const {
  std::vector<const Program*> out;
  for (const auto& p : programs)
    if (p.organization == organization_id) out.push_back(&p);
  return out;
}

const Roadmap* SiteModel::RoadmapOf(const std::string& organization_id) const {
  for (const auto& r : roadmaps)
    if (r.issuer == organization_id) return &r;
  return nullptr;
}

}  // namespace nastavnik
