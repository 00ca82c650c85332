// The base of mentors: /mentors/ with every consenting mentor grouped by
// organization, and /mentors/<form>/ with one form of mentoring each. The
// filter is server-side (facet links and per-organization anchors), so the
// pages work without JavaScript.
//
// Only SiteModel::people is read: consenting mentors' names and positions and
// counts. The registries themselves never reach render/ (model/privacy.h).
#include <set>

#include "render/page.h"
#include "render/pages.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

std::string FormPath(const std::string& form) { return std::string(urls::kMentors) + Slugify(form) + "/"; }

std::string YearLabel(const PeopleAggregates& a) {
  return std::to_string(a.year_start.year) + "–" + std::to_string(a.year_end.year);
}

std::string ProgramTitle(const RenderInput& in, const std::string& id) {
  for (const auto& p : in.model.programs)
    if (p.id == id) return p.title;
  return std::string();
}

// One page of the base: every mentor, or those of one form (`form` non-empty).
PageOutput MentorsPage(const RenderInput& in, const std::set<std::string>& forms, const std::string& form) {
  const PublicPeople& people = in.model.people;
  PageOutput page;
  page.path = form.empty() ? std::string(urls::kMentors) : FormPath(form);
  page.template_name = "mentors";
  page.title = form.empty() ? "Наставники" : "Наставники: форма «" + form + "»";
  page.description = "База наставников образовательных организаций: сведения публикуются с согласия наставника";
  page.breadcrumbs = {{"Главная", ""}};
  if (!form.empty()) page.breadcrumbs.push_back({"Наставники", urls::kMentors});
  Linker link(page.path);
  TemplateMap& v = page.vars;
  v["xlsx_href"] = link.To(urls::kMentorsWorkbook);

  TemplateList facets;
  {
    TemplateMap all;
    all["label"] = "Все формы";
    all["count"] = people.mentors.size();
    all["href"] = link.To(urls::kMentors);
    all["current"] = form.empty();
    facets.push_back(all);
  }
  for (const auto& f : forms) {
    size_t n = 0;
    for (const auto& m : people.mentors) n += m.form == f;
    TemplateMap item;
    item["label"] = f;
    item["count"] = n;
    item["href"] = link.To(FormPath(f));
    item["current"] = f == form;
    facets.push_back(item);
  }
  v["facets"] = facets;

  // Mentors are sorted by organization, so groups come out in order.
  TemplateList groups;
  TemplateList org_nav;
  size_t shown = 0;
  for (const auto& o : in.model.organizations) {
    TemplateList items;
    for (const PublicMentor* m : people.MentorsOf(o.id)) {
      if (!form.empty() && m->form != form) continue;
      TemplateMap item;
      item["name"] = m->full_name;
      item["position"] = m->position;
      item["form"] = m->form;
      item["program"] = ProgramTitle(in, m->program);
      items.emplace_back(std::move(item));
    }
    if (items.empty()) continue;
    shown += items.size();
    TemplateMap g;
    g["anchor"] = "org-" + o.id;
    g["organization"] = OrganizationLink(in, link, o.id);
    g["count"] = items.size();
    g["mentors"] = items;
    groups.push_back(g);
    TemplateMap nav;
    nav["anchor"] = "org-" + o.id;
    nav["name"] = o.short_name;
    nav["count"] = items.size();
    org_nav.push_back(nav);
  }
  v["groups"] = groups;
  v["organizations_nav"] = org_nav;
  v["has_mentors"] = shown > 0;
  v["count"] = shown;
  v["year"] = YearLabel(people.active);
  PeopleCounts counts = people.active.total;
  if (!form.empty()) {
    auto it = people.active.by_form.find(form);
    counts = it == people.active.by_form.end() ? PeopleCounts{} : it->second;
  }
  v["active_mentors"] = counts.mentors;
  v["active_mentees"] = counts.mentees;
  v["active_pairs"] = counts.pairs;
  v["has_active"] = counts.mentors + counts.mentees + counts.pairs > 0;
  return page;
}

}  // namespace

void GenerateMentorsPages(const RenderInput& in, const PageSink& sink) {
  // Facets list every form in the registry (from the counts too, so a form
  // without consenting mentors still shows up with 0), in a stable order.
  std::set<std::string> forms;
  for (const auto& m : in.model.people.mentors)
    if (!m.form.empty()) forms.insert(m.form);
  for (const auto& [f, counts] : in.model.people.active.by_form)
    if (!f.empty()) forms.insert(f);
  sink(MentorsPage(in, forms, ""));
  for (const auto& f : forms) sink(MentorsPage(in, forms, f));
}

}  // namespace nastavnik
