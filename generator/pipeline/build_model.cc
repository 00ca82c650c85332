#include "pipeline/build_model.h"

#include <algorithm>
#include <map>

#include "model/indicators.h"
#include "model/privacy.h"
#include "pipeline/people_records.h"

namespace nastavnik {

namespace {

long long IntOf(const Record& r, std::string_view name) {
  const Value& v = r.Get(name);
  return v.kind == Value::Kind::kInteger ? v.integer : 0;
}

Order OrderFrom(const ContentDoc& d) {
  const Record& r = d.front;
  Order o;
  o.id = d.id;
  o.source = d.path;
  o.type = r.Text("type");
  o.number = r.Text("number");
  o.date = r.DateOf("date").value_or(Date{});
  o.issuer = r.Text("issuer");
  o.level = r.Text("level");
  o.title = r.Text("title");
  o.status = r.Text("status");
  o.summary = r.Text("summary");
  o.basis = r.Texts("basis");
  for (const auto& a : r.Get("appendices").objects) {
    OrderAppendix app;
    app.title = a.Text("title");
    app.link = a.Text("link");
    app.line = a.pos.line;
    o.appendices.push_back(std::move(app));
  }
  return o;
}

}  // namespace

CaseStudy CaseFrom(const ContentDoc& d) {
  const Record& r = d.front;
  CaseStudy c;
  c.id = d.id;
  c.slug = d.id.substr(d.id.find('/') + 1);
  c.source = d.path;
  c.title = r.Text("title");
  c.organization = r.Text("organization");
  c.date = r.DateOf("date").value_or(Date{});
  c.authors = r.Texts("authors");
  c.form = r.Text("form");
  c.kind = r.Text("kind");
  c.element = r.Text("element");
  c.academic_year = r.Text("academic_year");
  c.tags = r.Texts("tags");
  c.summary = r.Text("summary");
  c.results = r.Texts("results");
  c.awards = r.Texts("awards");
  for (const auto& a : r.Get("attachments").objects) {
    Attachment att;
    att.file = a.Text("file");
    att.title = a.Text("title");
    att.line = a.pos.line;
    c.attachments.push_back(std::move(att));
  }
  const Value& draft = r.Get("draft");
  c.draft = draft.boolean;
  c.draft_line = draft.pos.line;
  return c;
}

namespace {

TextPage PageFrom(const ContentDoc& d) {
  const Record& r = d.front;
  TextPage p;
  p.id = d.id;
  p.source = d.path;
  p.title = r.Text("title");
  p.description = r.Text("description");
  p.weight = IntOf(r, "weight");
  return p;
}

}  // namespace

std::vector<Organization> OrganizationsOf(const LoadedSite& site) {
  std::vector<Organization> out;
  for (const auto& r : site.Registry("organizations")) {
    Organization o;
    o.id = r.id;
    o.full_name = r.Text("full_name");
    o.short_name = r.Text("short_name");
    o.type = r.Text("type");
    o.students = IntOf(r, "students");
    o.staff = IntOf(r, "staff");
    o.young_specialists = IntOf(r, "young_specialists");
    o.site = r.Text("site");
    o.curator = r.Text("curator");
    o.curator_github = r.Text("curator_github");
    out.push_back(std::move(o));
  }
  std::sort(out.begin(), out.end(), [](const Organization& a, const Organization& b) { return a.id < b.id; });
  return out;
}

SiteModel BuildModel(const LoadedSite& site, Date today) {
  SiteModel m;
  m.today = today;
  m.organizations = OrganizationsOf(site);
  for (const auto& r : site.Registry("programs")) {
    Program p;
    p.id = r.id;
    p.title = r.Text("title");
    p.organization = r.Text("organization");
    p.form = r.Text("form");
    p.start = r.DateOf("start").value_or(Date{});
    p.end = r.DateOf("end");
    p.description = r.Text("description");
    m.programs.push_back(std::move(p));
  }
  std::stable_sort(m.programs.begin(), m.programs.end(), [](const Program& a, const Program& b) {
    return std::tie(a.organization, a.title, a.id) < std::tie(b.organization, b.title, b.id);
  });
  for (const auto& r : site.Registry("working_group")) {
    m.working_group.push_back(
        {r.Text("name"), r.Text("role"), r.Text("position"), r.Text("organization")});
  }
  AcademicYear year =
      AcademicYearOf(today, site.config.academic_year_start_month, site.config.academic_year_start_day);
  m.people = BuildPublicPeople(PeopleFromRecords(site), site.config.consent_address, today, {year.start, year.end});
  for (const auto& d : site.docs) {
    switch (d.kind) {
      case ContentDoc::Kind::kHome: m.home = PageFrom(d); break;
      case ContentDoc::Kind::kPage: m.pages.push_back(PageFrom(d)); break;
      case ContentDoc::Kind::kOrder: m.orders.push_back(OrderFrom(d)); break;
      case ContentDoc::Kind::kCase: {
        CaseStudy c = CaseFrom(d);
        (c.draft ? m.draft_cases : m.cases).push_back(std::move(c));
        break;
      }
    }
  }
  std::sort(m.orders.begin(), m.orders.end(), [](const Order& a, const Order& b) {
    return a.date != b.date ? a.date > b.date : a.id < b.id;
  });
  std::sort(m.cases.begin(), m.cases.end(), CaseBefore);
  std::sort(m.draft_cases.begin(), m.draft_cases.end(),
            [](const CaseStudy& a, const CaseStudy& b) { return a.id < b.id; });
  // Attachment sizes for the download links, from the listing already made.
  std::map<std::string, uint64_t> sizes;
  for (const auto& e : site.content_files) sizes[e.path] = e.size;
  for (auto& c : m.cases) {
    std::string dir = c.source.substr(0, c.source.rfind('/') + 1);
    for (auto& a : c.attachments) {
      auto it = sizes.find(dir + a.file);
      if (it != sizes.end()) a.size = static_cast<long long>(it->second);
    }
  }
  std::sort(m.pages.begin(), m.pages.end(), [](const TextPage& a, const TextPage& b) {
    return std::tie(a.weight, a.title, a.id) < std::tie(b.weight, b.title, b.id);
  });
  return m;
}

}  // namespace nastavnik
