// Pages generated from registries: organizations, programs, the working group.
#include <map>

#include "render/page.h"
#include "render/pages.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

std::string TypeLabel(const std::string& type) {
  static const std::map<std::string, std::string> kLabels = {
      {"ОО", "Общеобразовательные организации"},
      {"ДОУ", "Дошкольные образовательные организации"},
      {"ДО", "Организации дополнительного образования"},
      {"СПО", "Профессиональные образовательные организации"},
      {"другое", "Органы управления и другие организации"}};
  auto it = kLabels.find(type);
  return it == kLabels.end() ? type : it->second;
}

TemplateMap ProgramItem(const RenderInput& in, const Linker& link, const Program& p) {
  TemplateMap m;
  m["id"] = p.id;
  m["title"] = p.title;
  m["form"] = p.form;
  m["start"] = p.start.Russian();
  m["end"] = p.end ? p.end->Russian() : std::string();
  m["has_end"] = p.end.has_value();
  m["description"] = p.description;
  m["organization"] = OrganizationLink(in, link, p.organization);
  return m;
}

}  // namespace

void GenerateOrganizationPages(const RenderInput& in, const PageSink& sink) {
  // Shows counts only: no case's own fields (see RenderInput::only_pages).
  if (in.Wants(urls::kOrganizations)) {
    PageOutput page;
    page.path = urls::kOrganizations;
    page.template_name = "organizations";
    page.title = "Организации";
    page.description = "Образовательные организации, внедряющие целевую модель наставничества";
    page.breadcrumbs = {{"Главная", ""}};
    Linker link(page.path);
    TemplateList groups;
    for (const char* type : {"ОО", "ДОУ", "ДО", "СПО", "другое"}) {
      TemplateList items;
      for (const auto& o : in.model.organizations) {
        if (o.type != type) continue;
        TemplateMap m = OrganizationLink(in, link, o.id);
        m["type"] = o.type;
        m["programs"] = in.model.ProgramsOf(o.id).size();
        m["cases"] = in.model.CasesOf(o.id).size();
        items.push_back(m);
      }
      if (items.empty()) continue;
      TemplateMap g;
      g["label"] = TypeLabel(type);
      g["organizations"] = items;
      groups.push_back(g);
    }
    page.vars["groups"] = groups;
    sink(std::move(page));
  }
  for (const auto& o : in.model.organizations) {
    PageOutput page;
    page.path = urls::Organization(o.id);
    if (in.on_case_card)
      for (const CaseStudy* c : in.model.CasesOf(o.id)) in.on_case_card(*c, page.path);
    if (!in.Wants(page.path)) continue;
    page.template_name = "organization";
    page.title = o.short_name;
    page.description = o.full_name;
    page.breadcrumbs = {{"Главная", ""}, {"Организации", urls::kOrganizations}};
    Linker link(page.path);
    TemplateMap& v = page.vars;
    v["full_name"] = o.full_name;
    v["type"] = o.type;
    v["type_label"] = TypeLabel(o.type);
    v["website"] = o.site;  // not "site": the layout's site.* would hide it
    v["curator"] = o.curator;
    v["students"] = o.students;
    if (const Roadmap* map = in.model.RoadmapOf(o.id)) {
      v["roadmap_href"] = link.To(RoadmapPagePath(in.config, o.id));
      v["roadmap_count"] = map->ItemCount();
    }
    v["staff"] = o.staff;
    // Counts only (model/privacy.h): who takes part this academic year, by form.
    const PeopleAggregates& active = in.model.people.active;
    TemplateList people;
    if (auto it = active.by_organization.find(o.id); it != active.by_organization.end()) {
      for (const auto& [form, n] : it->second) {
        TemplateMap row;
        row["form"] = form;
        row["mentors"] = n.mentors;
        row["mentees"] = n.mentees;
        row["pairs"] = n.pairs;
        people.push_back(row);
      }
    }
    v["people"] = people;
    v["has_people"] = !people.empty();
    v["year"] = std::to_string(active.year_start.year) + "–" + std::to_string(active.year_end.year);
    v["mentors_href"] = link.To(urls::kMentors) + "#org-" + o.id;
    v["has_public_mentors"] = !in.model.people.MentorsOf(o.id).empty();
    TemplateList programs;
    for (const Program* p : in.model.ProgramsOf(o.id)) programs.push_back(ProgramItem(in, link, *p));
    v["programs"] = programs;
    v["has_programs"] = !programs.empty();
    TemplateList orders;
    for (const Order* ord : in.model.OrdersOf(o.id)) {
      TemplateMap m;
      m["heading"] = ord->Heading();
      m["title"] = ord->title;
      m["href"] = link.To(urls::Order(ord->id));
      orders.push_back(m);
    }
    v["orders"] = orders;
    v["has_orders"] = !orders.empty();
    TemplateList cases;
    for (const CaseStudy* c : in.model.CasesOf(o.id)) {
      TemplateMap m;
      m["title"] = c->title;
      m["href"] = link.To(urls::Case(c->id));
      m["academic_year"] = c->academic_year;
      m["form"] = c->form;
      cases.push_back(m);
    }
    v["cases"] = cases;
    v["has_cases"] = !cases.empty();
    sink(std::move(page));
  }
}

void GenerateProgramsPage(const RenderInput& in, const PageSink& sink) {
  PageOutput page;
  page.path = urls::kPrograms;
  page.template_name = "programs";
  page.title = "Программы наставничества";
  page.description = "База программ наставничества образовательных организаций";
  page.breadcrumbs = {{"Главная", ""}};
  Linker link(page.path);
  TemplateList items;
  for (const auto& p : in.model.programs) items.push_back(ProgramItem(in, link, p));
  page.vars["programs"] = items;
  page.vars["has_programs"] = !items.empty();
  page.vars["count"] = items.size();
  sink(std::move(page));
}

void GenerateWorkingGroupPage(const RenderInput& in, const PageSink& sink) {
  PageOutput page;
  page.path = urls::kWorkingGroup;
  page.template_name = "working_group";
  page.title = "Муниципальная рабочая группа";
  page.description = "Состав рабочей группы по внедрению целевой модели наставничества";
  page.breadcrumbs = {{"Главная", ""}};
  Linker link(page.path);
  TemplateList members;
  for (const auto& m : in.model.working_group) {
    TemplateMap item;
    item["name"] = m.name;
    item["role"] = m.role;
    item["position"] = m.position;
    if (!m.organization.empty()) item["organization"] = OrganizationLink(in, link, m.organization);
    members.push_back(item);
  }
  page.vars["members"] = members;
  page.vars["has_members"] = !members.empty();
  sink(std::move(page));
}

}  // namespace nastavnik
