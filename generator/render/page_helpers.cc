#include "render/page.h"

#include <algorithm>

namespace nastavnik {

std::string BodyHtml(const RenderInput& in, const std::string& source) {
  if (in.on_body_read) in.on_body_read(source);
  return in.bodies.Html(source);
}

TemplateMap OrganizationLink(const RenderInput& in, const Linker& link, const std::string& id) {
  TemplateMap m;  // keys in order: each is appended (render/template_value.h)
  m.reserve(4);
  if (const Organization* org = in.model.FindOrganization(id)) {
    // The model's texts, borrowed (render/template_value.h).
    m["full_name"] = TemplateValue::Borrow(org->full_name);
    m["href"] = link.To(urls::Organization(id));
    m["id"] = TemplateValue::Borrow(org->id);
    m["name"] = TemplateValue::Borrow(org->short_name);
  } else {
    m["id"] = id;
    m["name"] = id;
  }
  return m;
}

TemplateValue SharedOrganizationLinks::Get(const Linker& link, const std::string& id) {
  const Organization* org = in_.model.FindOrganization(id);
  if (!org) return OrganizationLink(in_, link, id);  // unknown: its id alone, not worth sharing
  auto depth = std::find_if(by_root_.begin(), by_root_.end(), [&](const auto& r) { return r.first == link.root(); });
  if (depth == by_root_.end())
    depth = by_root_.insert(by_root_.end(), {link.root(), std::vector<SharedTemplateValue>(in_.model.organizations.size())});
  SharedTemplateValue& shared = depth->second[static_cast<size_t>(org - in_.model.organizations.data())];
  if (!shared) shared = Share(OrganizationLink(in_, link, id));
  return shared;
}

TemplateList CaseSearchFilters(const RenderInput& in, const CaseStudy& c) {
  TemplateList out;
  auto add = [&](const char* name, const std::string& value) {  // a value of the model
    if (value.empty()) return;
    TemplateMap m;
    m.reserve(2);
    m["name"] = name;
    m["value"] = TemplateValue::Borrow(value);
    out.push_back(m);
  };
  // The names are what the search page shows above each list of values.
  add("Форма наставничества", c.form);
  add("Вид наставничества", c.kind);
  const Organization* org = in.model.FindOrganization(c.organization);
  add("Организация", org ? org->short_name : c.organization);
  add("Учебный год", c.academic_year);
  return out;
}

}  // namespace nastavnik
