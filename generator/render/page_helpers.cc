#include "render/page.h"

namespace nastavnik {

std::string BodyHtml(const RenderInput& in, const std::string& source) {
  auto it = in.bodies.find(source);
  return it == in.bodies.end() ? std::string() : it->second.html;
}

TemplateMap OrganizationLink(const RenderInput& in, const Linker& link, const std::string& id) {
  TemplateMap m;
  m["id"] = id;
  if (const Organization* org = in.model.FindOrganization(id)) {
    m["name"] = org->short_name;
    m["full_name"] = org->full_name;
    m["href"] = link.To(urls::Organization(id));
  } else {
    m["name"] = id;
  }
  return m;
}

}  // namespace nastavnik
