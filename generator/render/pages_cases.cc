// Best-practice cases: one page per case, and the catalog — all cases and
// every facet value (form, kind, organization, academic year, tag), each
// paginated by site.yaml's cases_per_page:
//   cases/                       cases/page/2/
//   cases/form/<slug>/           cases/form/<slug>/page/2/
//   cases/kind/<slug>/  cases/org/<id>/  cases/year/<2022-2023>/  cases/tag/<slug>/
// Case pages are cases/<org>/<slug>/; pipeline/case_checks.cc keeps
// organization folders off the facet names so the two never collide.
#include "model/case_catalog.h"
#include "render/file_size.h"
#include "render/page.h"
#include "render/pages.h"
#include "render/pagination.h"
#include "util/strings.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

constexpr size_t kRelatedCases = 4;

std::string FacetPath(const std::string& key, const std::string& slug) {
  return std::string(urls::kCases) + key + "/" + slug + "/";
}

// A file name as a URL path segment: ASCII other than [A-Za-z0-9-._~] is
// percent-encoded (spaces, quotes, '#', '?'); UTF-8 letters stay readable.
std::string EncodeFileName(const std::string& name) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name) {
    bool keep = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A facet value as a link: {label, href}. No href when the value has no page.
TemplateMap FacetLink(const Linker& link, const std::string& key, const std::string& label,
                      const std::string& slug) {
  TemplateMap m;
  m["label"] = label;
  if (!slug.empty()) m["href"] = link.To(FacetPath(key, slug));
  return m;
}

TemplateMap CaseCard(const RenderInput& in, const Linker& link, const CaseStudy& c) {
  TemplateMap m;
  m["title"] = c.title;
  m["href"] = link.To(urls::Case(c.id));
  m["summary"] = c.summary;
  m["organization"] = OrganizationLink(in, link, c.organization);
  m["form"] = c.form;
  m["kind"] = c.kind;
  m["academic_year"] = c.academic_year;
  m["date"] = c.date.Russian();
  m["date_iso"] = c.date.Iso();
  return m;
}

// One card per case and link depth (cards hold relative links), built once
// and shared by every page that lists the case instead of copied into each.
class CaseCards {
 public:
  explicit CaseCards(const RenderInput& in) : in_(in) {}
  TemplateValue Get(const Linker& link, const CaseStudy& c) {
    const auto& all = in_.model.cases;
    if (all.empty() || &c < all.data() || &c >= all.data() + all.size()) return CaseCard(in_, link, c);
    std::vector<SharedTemplateValue>& cards = by_root_[link.root()];
    if (cards.empty()) cards.resize(all.size());
    SharedTemplateValue& card = cards[static_cast<size_t>(&c - all.data())];
    if (!card) card = Share(CaseCard(in_, link, c));
    return card;
  }

 private:
  const RenderInput& in_;
  std::map<std::string, std::vector<SharedTemplateValue>> by_root_;
};

TemplateList Texts(const std::vector<std::string>& items) {
  TemplateList out;
  for (const auto& s : items) out.push_back(s);
  return out;
}

// The facet navigation shown on every catalog page; `current_key` and
// `current_slug` mark the value of the page being built.
TemplateList FacetNav(const std::vector<Facet>& facets, const Linker& link, const std::string& current_key,
                      const std::string& current_slug) {
  TemplateList out;
  for (const auto& f : facets) {
    if (f.values.empty()) continue;
    TemplateList values;
    for (const auto& v : f.values) {
      if (v.slug.empty()) continue;
      TemplateMap m;
      m["label"] = v.label;
      m["href"] = link.To(FacetPath(f.key, v.slug));
      m["count"] = v.cases.size();
      m["current"] = f.key == current_key && v.slug == current_slug;
      values.push_back(m);
    }
    TemplateMap m;
    m["title"] = f.title;
    m["key"] = f.key;
    m["values"] = values;
    out.push_back(m);
  }
  return out;
}

TemplateMap PageLink(const PageSlice& slice, const Linker& link, bool current) {
  TemplateMap p;
  p["number"] = slice.number;
  p["href"] = link.To(slice.path);
  p["current"] = current;
  return p;
}

// `shared`: the links to the pages of this list by link depth, built once
// and shared by all its pages (only a page's own entry, the current one,
// is its own).
TemplateMap Pagination(const std::vector<PageSlice>& slices, size_t index, const Linker& link,
                       std::map<std::string, std::vector<SharedTemplateValue>>& shared) {
  TemplateMap m;
  m["has_pages"] = slices.size() > 1;
  if (index > 0) m["prev_href"] = link.To(slices[index - 1].path);
  if (index + 1 < slices.size()) m["next_href"] = link.To(slices[index + 1].path);
  std::vector<SharedTemplateValue>& links = shared[link.root()];
  if (links.empty())
    for (const PageSlice& slice : slices) links.push_back(Share(PageLink(slice, link, false)));
  TemplateList pages;
  pages.reserve(slices.size());
  for (size_t i = 0; i < slices.size(); ++i)
    pages.push_back(i == index ? TemplateValue(PageLink(slices[i], link, true)) : TemplateValue(links[i]));
  m["pages"] = std::move(pages);
  m["current"] = slices[index].number;
  m["total"] = slices.size();
  return m;
}

// Emits the paginated list of `cases` at `base_path`.
void EmitCatalog(const RenderInput& in, const PageSink& sink, CaseCards& cards, const std::vector<Facet>& facets,
                 const std::vector<const CaseStudy*>& cases, const std::string& base_path,
                 const std::string& title, const std::string& description, const std::string& current_key,
                 const std::string& current_slug) {
  auto slices = Paginate(cases.size(), static_cast<size_t>(in.config.cases_per_page), base_path);
  std::map<std::string, std::vector<SharedTemplateValue>> page_links;  // for Pagination
  for (size_t i = 0; i < slices.size(); ++i) {
    const PageSlice& s = slices[i];
    PageOutput page;
    page.path = s.path;
    page.template_name = "cases";
    page.title = s.number == 1 ? title : title + " — страница " + std::to_string(s.number);
    page.description = description;
    page.breadcrumbs = {{"Главная", ""}};
    if (base_path != urls::kCases) page.breadcrumbs.push_back({"Практики", urls::kCases});
    Linker link(page.path);
    TemplateMap& v = page.vars;
    v["description"] = description;
    v["all_href"] = link.To(urls::kCases);
    // Written by publish/workbooks.cc (an artifact: it exists after `build`).
    v["xlsx_href"] = link.To("files/katalog-praktik.xlsx");
    v["is_filtered"] = !current_key.empty();
    v["facets"] = FacetNav(facets, link, current_key, current_slug);
    TemplateList items;
    for (size_t k = s.begin; k < s.end; ++k) items.push_back(cards.Get(link, *cases[k]));
    v["has_cases"] = !items.empty();
    v["cases"] = std::move(items);
    v["count"] = cases.size();
    v["first"] = s.begin + 1;
    v["last"] = s.end;
    v["pagination"] = Pagination(slices, i, link, page_links);
    // Lists repeat the cases' own text: search should lead to the cases.
    v["no_search_index"] = true;
    sink(std::move(page));
  }
}

std::string FacetTitle(const std::string& key, const std::string& label) {
  if (key == "form") return "Практики: форма «" + label + "»";
  if (key == "kind") return "Практики: " + label + " наставничество";
  if (key == "org") return "Практики: " + label;
  if (key == "year") return "Практики " + label + " учебного года";
  return "Практики с тегом «" + label + "»";
}

}  // namespace

void GenerateCasePages(const RenderInput& in, const PageSink& sink) {
  RelatedCaseFinder related_finder(in.model);
  CaseCards cards(in);
  for (const auto& c : in.model.cases) {
    PageOutput page;
    page.path = urls::Case(c.id);
    page.template_name = "case";
    page.title = c.title;
    page.description = c.summary;
    page.breadcrumbs = {{"Главная", ""}, {"Практики", urls::kCases}};
    Linker link(page.path);
    TemplateMap& v = page.vars;
    v["organization"] = OrganizationLink(in, link, c.organization);
    v["organization_cases"] = FacetLink(link, "org", c.organization, c.organization);
    v["form"] = FacetLink(link, "form", c.form, Slugify(c.form));
    v["kind"] = FacetLink(link, "kind", c.kind, Slugify(c.kind));
    v["element"] = c.element;
    v["academic_year"] = FacetLink(link, "year", c.academic_year, AcademicYearSlug(c.academic_year));
    v["date"] = c.date.Russian();
    v["date_iso"] = c.date.Iso();
    TemplateList tags;
    for (const auto& t : c.tags) tags.push_back(FacetLink(link, "tag", t, Slugify(t)));
    v["tags"] = tags;
    v["has_tags"] = !tags.empty();
    v["authors"] = Texts(c.authors);
    v["has_authors"] = !c.authors.empty();
    v["summary"] = c.summary;
    v["results"] = Texts(c.results);
    v["has_results"] = !c.results.empty();
    v["awards"] = Texts(c.awards);
    v["has_awards"] = !c.awards.empty();
    v["body_html"] = BodyHtml(in, c.source);
    TemplateList attachments;
    std::string dir = c.source.substr(0, c.source.rfind('/') + 1);
    for (const auto& a : c.attachments) {
      TemplateMap m;
      m["title"] = a.title;
      m["href"] = link.To(LinkResolver::OutputPathOfContentFile(dir + EncodeFileName(a.file)));
      m["type"] = FileTypeLabel(a.file);
      m["size"] = HumanFileSize(a.size);
      attachments.push_back(m);
    }
    v["attachments"] = attachments;
    v["has_attachments"] = !attachments.empty();
    TemplateList related;
    for (const CaseStudy* r : related_finder.Find(c, kRelatedCases)) related.push_back(cards.Get(link, *r));
    v["has_related"] = !related.empty();
    v["related"] = std::move(related);
    v["pagefind_filters"] = CaseSearchFilters(in, c);  // search facets (issue 8)
    sink(std::move(page));
  }
}

void GenerateCaseCatalogPages(const RenderInput& in, const PageSink& sink) {
  std::vector<Facet> facets = BuildCaseFacets(in.model);
  CaseCards cards(in);
  std::vector<const CaseStudy*> all;
  for (const auto& c : in.model.cases) all.push_back(&c);
  EmitCatalog(in, sink, cards, facets, all, urls::kCases, "Практики наставничества",
              "Успешные практики наставничества образовательных организаций: формы, результаты, материалы "
              "для скачивания",
              "", "");
  for (const auto& f : facets) {
    for (const auto& v : f.values) {
      if (v.slug.empty()) continue;
      std::string title = FacetTitle(f.key, v.label);
      EmitCatalog(in, sink, cards, facets, v.cases, FacetPath(f.key, v.slug), title,
                  f.title + ": " + v.label + ". Практик: " + std::to_string(v.cases.size()) + ".", f.key, v.slug);
    }
  }
}

}  // namespace nastavnik
