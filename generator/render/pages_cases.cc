// Best-practice cases: one page per case, and the catalog — all cases and
// every facet value (form, kind, organization, academic year, tag), each
// paginated by site.yaml's cases_per_page:
//   cases/                       cases/page/2/
//   cases/form/<slug>/           cases/form/<slug>/page/2/
//   cases/kind/<slug>/  cases/org/<id>/  cases/year/<2022-2023>/  cases/tag/<slug>/
// Organizations and tags, too many to list on every page, have index pages
// of their own (cases/org/, cases/tag/) that the sidebar links to.
// Case pages are cases/<org>/<slug>/; pipeline/case_checks.cc keeps
// organization folders off the facet names so the two never collide.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "model/case_catalog.h"
#include "render/file_size.h"
#include "render/page.h"
#include "render/pages.h"
#include "render/pagination.h"
#include "util/hash.h"
#include "util/strings.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

// The list of `slug` of facet `key`, into `out` (its buffer reused).
void SetFacetPath(std::string& out, const std::string& key, const std::string& slug) {
  out.assign(urls::kCases).append(key).append("/").append(slug).append("/");
}

std::string FacetPath(const std::string& key, const std::string& slug) {
  std::string out;
  SetFacetPath(out, key, slug);
  return out;
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

// A facet value of a case as a link: {label, href}. No href when the value
// has no page. `label` is the case's own (borrowed, render/template_value.h).
TemplateMap FacetLink(const Linker& link, const std::string& key, const std::string& label,
                      const std::string& slug) {
  TemplateMap m;  // keys in order
  m.reserve(2);
  if (!slug.empty()) m["href"] = link.To(FacetPath(key, slug));
  m["label"] = TemplateValue::Borrow(label);
  return m;
}

// FacetLink shared by the case pages that show the same value at the same
// link depth (every case page shows four or more: form, kind, year, tags):
// built and hashed once per value, not once per page. A few hundred values.
class SharedFacetLinks {
 public:
  TemplateValue Get(const Linker& link, const std::string& key, const std::string& label, const std::string& slug) {
    id_.assign(link.root()).append(1, '\0').append(key).append(1, '\0').append(label).append(1, '\0').append(slug);
    auto it = links_.find(id_);
    if (it == links_.end()) it = links_.emplace(id_, Share(FacetLink(link, key, label, slug))).first;
    return it->second;
  }

 private:
  std::string id_;  // reused
  std::map<std::string, SharedTemplateValue, std::less<>> links_;
};

// A case as a list shows it: ten small values, the case's texts borrowed
// from the model, not copied (render/template_value.h). Cards hold links
// relative to the page: pages of one link depth share one (SharedCaseCards).
TemplateMap CaseCard(const Linker& link, const CaseStudy& c, SharedOrganizationLinks& orgs) {
  TemplateMap m;  // keys in order: each is appended (render/template_value.h)
  m.reserve(9);
  m["academic_year"] = TemplateValue::Borrow(c.academic_year);
  m["date"] = c.date.Russian();
  m["date_iso"] = c.date.Iso();
  m["form"] = TemplateValue::Borrow(c.form);
  thread_local std::string path;  // reused: one allocation per card, the link
  urls::SetCase(path, c.id);
  m["href"] = link.To(path);
  m["kind"] = TemplateValue::Borrow(c.kind);
  m["organization"] = orgs.Get(link, c.organization);
  m["summary"] = TemplateValue::Borrow(c.summary);
  m["title"] = TemplateValue::Borrow(c.title);
  return m;
}

// The cards the catalog's pages show, each built once per case and link
// depth and shared (ShareBorrowing: the model's texts, not copied) by the
// pages that list the case at that depth, so that it is built, hashed for the
// page cache and rendered (its HTML kept beside it, render/template.cc) once
// instead of once per page. A case is on ≈ 13 pages at 10,000 cases. Memory
// stays bounded: the uses of each card are counted first, a card used once is
// not shared, a shared one is dropped after its last use (the pages still
// being written keep it), and at most kMaxLive are held at once (beyond, a
// card is built in place as before). Not for pages a preview session keeps:
// those are made owned (MakeOwned copies a borrowing subtree).
class SharedCaseCards {
 public:
  static constexpr size_t kMaxLive = 16384;  // ≈ 2 KB each with its HTML

  SharedCaseCards(const RenderInput& in, SharedOrganizationLinks& orgs) : in_(in), orgs_(orgs) {}

  // Notes one more page at `root` that lists `c` (before any Get).
  void Count(const std::string& root, const CaseStudy& c) {
    if (!Known(c)) return;
    std::vector<uint16_t>& uses = RootOf(root).uses;
    if (uses.empty()) uses.resize(in_.model.cases.size());
    uint16_t& n = uses[Index(c)];
    if (n < UINT16_MAX) ++n;
  }

  // The card of `c` for the page `link` links from.
  TemplateValue Get(const Linker& link, const CaseStudy& c) {
    Root& r = RootOf(link.root());
    const size_t i = Index(c);
    uint16_t* left = r.uses.empty() || !Known(c) ? nullptr : &r.uses[i];
    if (!left || *left == 0) return CaseCard(link, c, orgs_);  // not counted: in place
    auto it = r.live.find(i);
    if (it == r.live.end()) {
      if (*left < 2 || live_ >= kMaxLive) {
        --*left;
        return CaseCard(link, c, orgs_);
      }
      it = r.live.emplace(i, ShareBorrowing(CaseCard(link, c, orgs_))).first;
      ++live_;
    }
    TemplateValue card(it->second);
    if (--*left == 0) {
      r.live.erase(it);
      --live_;
    }
    return card;
  }

 private:
  struct Root {
    std::string root;
    std::vector<uint16_t> uses;  // pages left, by case index
    std::unordered_map<size_t, SharedTemplateValue> live;
  };
  Root& RootOf(const std::string& root) {
    for (auto& r : roots_)
      if (r.root == root) return r;
    roots_.push_back({root, {}, {}});
    return roots_.back();
  }
  size_t Index(const CaseStudy& c) const { return static_cast<size_t>(&c - in_.model.cases.data()); }
  bool Known(const CaseStudy& c) const {
    return !in_.model.cases.empty() && &c >= in_.model.cases.data() && Index(c) < in_.model.cases.size();
  }

  const RenderInput& in_;
  SharedOrganizationLinks& orgs_;
  std::deque<Root> roots_;  // a few link depths
  size_t live_ = 0;
};

// A case's list of texts, borrowed.
TemplateList Texts(const std::vector<std::string>& items) {
  TemplateList out;
  out.reserve(items.size());
  for (const auto& s : items) out.push_back(TemplateValue::Borrow(s));
  return out;
}

// Facets with many values (organizations, tags) are not listed whole on
// every catalog page: the sidebar shows the most used ones (and the current
// one) and links to the facet's own index page, cases/<key>/, which lists
// every value. Small facets (form, kind, year) are listed whole.
bool IsLargeFacet(const std::string& key) { return key == "org" || key == "tag"; }
constexpr size_t kSidebarValues = 5;

std::string FacetIndexPath(const std::string& key) { return std::string(urls::kCases) + key + "/"; }
std::string FacetIndexTitle(const std::string& key) {
  return key == "org" ? "Практики по организациям" : "Практики по тегам";
}

// «Все организации (200)», «Все теги (15)»: the link to a large facet's index.
std::string FacetIndexLabel(const std::string& key, size_t count) {
  return std::string(key == "org" ? "Все организации" : "Все теги") + " (" + std::to_string(count) + ")";
}

TemplateMap FacetValueLink(const Facet& f, const FacetValue& v, const Linker& link, bool current) {
  TemplateMap m;  // keys in order
  m.reserve(4);
  m["count"] = v.cases.size();
  m["current"] = current;
  m["href"] = link.To(FacetPath(f.key, v.slug));
  m["label"] = v.label;
  return m;
}

// The values of a large facet the sidebar shows: the kSidebarValues most
// used (ties in the facet's own order), then the current value if it is not
// among them.
// The linked values of a facet, most used first (ties in the facet's order).
std::vector<const FacetValue*> RankedValues(const Facet& f) {
  std::vector<const FacetValue*> all;
  for (const auto& v : f.values)
    if (!v.slug.empty()) all.push_back(&v);
  std::stable_sort(all.begin(), all.end(),
                   [](const FacetValue* a, const FacetValue* b) { return a->cases.size() > b->cases.size(); });
  return all;
}

// RankedValues of every facet, by facet index: ranked once per generator,
// not once per list and link depth.
using RankedFacets = std::vector<std::vector<const FacetValue*>>;
RankedFacets RankAll(const std::vector<Facet>& facets) {
  RankedFacets out;
  out.reserve(facets.size());
  for (const auto& f : facets) out.push_back(RankedValues(f));
  return out;
}

std::vector<const FacetValue*> SidebarValues(const std::vector<const FacetValue*>& all, const std::string& current_slug) {
  std::vector<const FacetValue*> out(all.begin(), all.begin() + static_cast<long>(std::min(all.size(), kSidebarValues)));
  for (size_t i = out.size(); i < all.size(); ++i)
    if (all[i]->slug == current_slug) out.push_back(all[i]);
  return out;
}

// The facet navigation shown on every catalog page; `current_key` and
// `current_slug` mark the value of the page being built (an empty slug: the
// index page of facet `current_key`).
TemplateList FacetNav(const std::vector<Facet>& facets, const RankedFacets& ranked, const Linker& link,
                      const std::string& current_key,
                      const std::string& current_slug) {
  TemplateList out;
  for (size_t i = 0; i < facets.size(); ++i) {
    const Facet& f = facets[i];
    size_t linked = 0;
    for (const auto& v : f.values) linked += v.slug.empty() ? 0 : 1;
    if (linked == 0) continue;
    bool large = IsLargeFacet(f.key);
    std::string current = f.key == current_key ? current_slug : "";
    TemplateList values;
    if (large) {
      for (const FacetValue* v : SidebarValues(ranked[i], current)) values.push_back(FacetValueLink(f, *v, link, v->slug == current));
    } else {
      for (const auto& v : f.values)
        if (!v.slug.empty()) values.push_back(FacetValueLink(f, v, link, v.slug == current));
    }
    TemplateMap m;
    m["title"] = f.title;
    m["key"] = f.key;
    m["values"] = values;
    if (large) {
      m["more_href"] = link.To(FacetIndexPath(f.key));
      m["more_label"] = FacetIndexLabel(f.key, linked);
      m["more_current"] = f.key == current_key && current_slug.empty();  // on the index page itself
    } else {
      // Empty, as if absent, but found here: the theme's sidebar then reads
      // nothing from outside the shared sidebar, which is rendered once per
      // list and link depth (render/template.cc).
      m["more_href"] = std::string();
    }
    out.push_back(m);
  }
  return out;
}

// Page links of a paginated list: the first and last pages and two either
// side of the current one (render/pagination.h), so a list of 800 pages does
// not repeat 800 links on each of them.
TemplateMap Pagination(const std::vector<PageSlice>& slices, size_t index, const Linker& link) {
  TemplateMap m;
  m["has_pages"] = slices.size() > 1;
  if (index > 0) m["prev_href"] = link.To(slices[index - 1].path);
  if (index + 1 < slices.size()) m["next_href"] = link.To(slices[index + 1].path);
  TemplateList pages;
  for (long i : PageWindow(slices.size(), index, 2)) {
    TemplateMap p;  // keys in order
    p.reserve(3);
    if (i < 0) {
      p["gap"] = true;
    } else {
      p["current"] = static_cast<size_t>(i) == index;
      p["href"] = link.To(slices[static_cast<size_t>(i)].path);
      p["number"] = slices[static_cast<size_t>(i)].number;
    }
    pages.push_back(std::move(p));
  }
  m["pages"] = std::move(pages);
  m["current"] = slices[index].number;
  m["total"] = slices.size();
  return m;
}

std::string SliceTitle(const std::string& title, int number) {
  return number == 1 ? title : title + " — страница " + std::to_string(number);
}

// Emits the paginated list of `cases` at `base_path`.
void EmitCatalog(const RenderInput& in, const PageSink& sink, const std::vector<Facet>& facets, const RankedFacets& ranked,
                 const std::vector<const CaseStudy*>& cases, const std::string& base_path,
                 const std::string& title, const std::string& description, const std::string& current_key,
                 const std::string& current_slug, SharedCaseCards& cards) {
  auto slices = Paginate(cases.size(), static_cast<size_t>(in.config.cases_per_page), base_path);
  // The sidebar depends on the link depth and the current value only: pages
  // 2…N of a list (one depth) share one, built once.
  std::map<std::string, SharedTemplateValue> navs;  // by link root
  for (size_t i = 0; i < slices.size(); ++i) {
    const PageSlice& s = slices[i];
    if (in.on_case_card)
      for (size_t k = s.begin; k < s.end; ++k) in.on_case_card(*cases[k], s.path);
    if (!in.Wants(s.path)) continue;
    PageOutput page;
    page.path = s.path;
    page.template_name = "cases";
    page.title = SliceTitle(title, s.number);
    page.description = description;
    page.breadcrumbs = {{"Главная", ""}};
    if (base_path != urls::kCases) page.breadcrumbs.push_back({"Практики", urls::kCases});
    if (IsLargeFacet(current_key)) page.breadcrumbs.push_back({current_key == "org" ? "По организациям" : "По тегам", FacetIndexPath(current_key)});
    Linker link(page.path);
    SharedTemplateValue& nav = navs[link.root()];
    if (!nav) nav = Share(FacetNav(facets, ranked, link, current_key, current_slug));
    TemplateList items;
    items.reserve(s.end - s.begin);
    for (size_t k = s.begin; k < s.end; ++k) items.push_back(cards.Get(link, *cases[k]));
    // Keys in order: each is appended to the map (render/template_value.h).
    TemplateMap& v = page.vars;
    v.reserve(12);
    v["all_href"] = link.To(urls::kCases);
    v["cases"] = std::move(items);
    v["count"] = cases.size();
    v["description"] = description;
    v["facets"] = nav;
    v["first"] = s.begin + 1;
    v["has_cases"] = s.end > s.begin;
    v["is_filtered"] = !current_key.empty();
    v["last"] = s.end;
    // Lists repeat the cases' own text: search should lead to the cases.
    v["no_search_index"] = true;
    v["pagination"] = Pagination(slices, i, link);
    // Written by publish/workbooks.cc (an artifact: it exists after `build`).
    v["xlsx_href"] = link.To("files/katalog-praktik.xlsx");
    sink(std::move(page));
  }
}

// The index page of a large facet: every value with its count, alphabetically.
void EmitFacetIndex(const RenderInput& in, const PageSink& sink, const std::vector<Facet>& facets, const RankedFacets& ranked,
                    const Facet& f) {
  PageOutput page;
  page.path = FacetIndexPath(f.key);
  if (!in.Wants(page.path)) return;
  page.template_name = "cases";
  page.title = FacetIndexTitle(f.key);
  std::vector<const FacetValue*> values;
  for (const auto& v : f.values)
    if (!v.slug.empty()) values.push_back(&v);
  std::vector<std::string> keys;
  for (const FacetValue* v : values) keys.push_back(FoldKey(v->label));
  std::vector<size_t> order(values.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(keys[a], values[a]->slug) < std::tie(keys[b], values[b]->slug);
  });
  page.description = f.key == "org" ? "Организации, опубликовавшие практики наставничества, и число их практик."
                                    : "Теги практик наставничества и число практик с каждым тегом.";
  page.breadcrumbs = {{"Главная", ""}, {"Практики", urls::kCases}};
  Linker link(page.path);
  TemplateMap& v = page.vars;
  v["description"] = page.description;
  v["all_href"] = link.To(urls::kCases);
  v["xlsx_href"] = link.To("files/katalog-praktik.xlsx");
  v["is_filtered"] = true;
  v["facets"] = FacetNav(facets, ranked, link, f.key, "");
  TemplateList items;
  for (size_t i : order) items.push_back(FacetValueLink(f, *values[i], link, false));
  TemplateMap index;
  index["title"] = f.key == "org" ? "Организации" : "Теги";
  index["count"] = items.size();
  index["values"] = items;
  v["facet_index"] = index;
  v["is_facet_index"] = true;
  v["no_search_index"] = true;
  sink(std::move(page));
}

std::string FacetTitle(const std::string& key, const std::string& label) {
  if (key == "form") return "Практики: форма «" + label + "»";
  if (key == "kind") return "Практики: " + label + " наставничество";
  if (key == "org") return "Практики: " + label;
  if (key == "year") return "Практики " + label + " учебного года";
  return "Практики с тегом «" + label + "»";
}

// One list of the catalog (or, with `index_of`, a large facet's index page).
struct CatalogList {
  const std::vector<const CaseStudy*>* cases = nullptr;
  std::string base_path, title, description, key, slug;
  const Facet* index_of = nullptr;
};

// Every list of the catalog, in the order GenerateCaseCatalogPages emits them.
// `wanted(cases, base_path)`: whether `fn` needs the list (its title and
// description are built only then); a facet's index page always goes to `fn`.
template <typename Fn, typename Wanted>
void ForEachCatalogList(const RenderInput& in, const std::vector<Facet>& facets, Fn&& fn, Wanted&& wanted) {
  std::vector<const CaseStudy*> all;
  all.reserve(in.model.cases.size());
  for (const auto& c : in.model.cases) all.push_back(&c);
  CatalogList l;
  l.cases = &all;
  l.base_path = urls::kCases;
  if (wanted(all, l.base_path)) {
    l.title = "Практики наставничества";
    l.description =
        "Успешные практики наставничества образовательных организаций: формы, результаты, материалы "
        "для скачивания";
    fn(l);
  }
  CatalogList list;
  for (const auto& f : facets) {
    bool has_pages = std::any_of(f.values.begin(), f.values.end(), [](const FacetValue& v) { return !v.slug.empty(); });
    if (IsLargeFacet(f.key) && has_pages) {
      CatalogList index;
      index.index_of = &f;
      fn(index);
    }
    for (const auto& v : f.values) {
      if (v.slug.empty()) continue;
      SetFacetPath(list.base_path, f.key, v.slug);
      if (!wanted(v.cases, list.base_path)) continue;
      list.cases = &v.cases;
      list.title = FacetTitle(f.key, v.label);
      list.description = f.title + ": " + v.label + ". Практик: " + std::to_string(v.cases.size()) + ".";
      list.key = f.key;
      list.slug = v.slug;
      fn(list);
    }
  }
}

template <typename Fn>
void ForEachCatalogList(const RenderInput& in, const std::vector<Facet>& facets, Fn&& fn) {
  ForEachCatalogList(in, facets, fn, [](const std::vector<const CaseStudy*>&, const std::string&) { return true; });
}

}  // namespace

void GenerateCasePages(const RenderInput& in, const PageSink& sink) {
  std::optional<RelatedCaseFinder> own_finder;
  if (!in.related_cases) own_finder.emplace(in.model);
  const RelatedCaseFinder& related_finder = in.related_cases ? *in.related_cases : *own_finder;
  RelatedCaseFinder::Memo related_memo;  // one ranking per group of like cases
  SharedFacetLinks facet_links;
  SlugMemo slug_of;
  SharedOrganizationLinks orgs(in);
  std::string path;  // reused: with only some pages wanted, most are not
  // The related cases of every page, found first: a case is related to a few
  // others, whose pages share its card (SharedCaseCards).
  SharedCaseCards cards(in, orgs);
  std::vector<const CaseStudy*> related_of;  // page after page, kRelatedCasesShown each at most
  std::vector<size_t> related_end;           // by page: where its related cases end
  for (const auto& c : in.model.cases) {
    urls::SetCase(path, c.id);
    if (!in.Wants(path)) continue;
    const Linker link(path);
    for (const CaseStudy* r : related_finder.Find(c, kRelatedCasesShown, related_memo)) {
      related_of.push_back(r);
      cards.Count(link.root(), *r);
    }
    related_end.push_back(related_of.size());
  }
  size_t page_index = 0;
  for (const auto& c : in.model.cases) {
    urls::SetCase(path, c.id);
    if (!in.Wants(path)) continue;
    const size_t related_begin = page_index == 0 ? 0 : related_end[page_index - 1];
    const size_t related_stop = related_end[page_index++];
    PageOutput page;
    page.path = path;
    page.template_name = "case";
    page.title = c.title;
    page.description = c.summary;
    page.breadcrumbs = {{"Главная", ""}, {"Практики", urls::kCases}};
    Linker link(page.path);
    TemplateList tags;
    for (const auto& t : c.tags) tags.push_back(facet_links.Get(link, "tag", t, slug_of(t)));
    TemplateList attachments;
    std::string dir = c.source.substr(0, c.source.rfind('/') + 1);
    for (const auto& a : c.attachments) {
      TemplateMap m;  // keys in order
      m["href"] = link.To(LinkResolver::OutputPathOfContentFile(dir + EncodeFileName(a.file)));
      m["size"] = HumanFileSize(a.size);
      m["title"] = a.title;
      m["type"] = FileTypeLabel(a.file);
      attachments.push_back(std::move(m));
    }
    TemplateList related;
    related.reserve(related_stop - related_begin);
    for (size_t k = related_begin; k < related_stop; ++k) {
      related.push_back(cards.Get(link, *related_of[k]));
      if (in.on_case_card) in.on_case_card(*related_of[k], page.path);
    }
    // Keys in order: each is appended to the map (render/template_value.h).
    TemplateMap& v = page.vars;
    v.reserve(23);
    v["academic_year"] = facet_links.Get(link, "year", c.academic_year, AcademicYearSlug(c.academic_year));
    v["attachments"] = std::move(attachments);
    v["authors"] = Texts(c.authors);
    v["awards"] = Texts(c.awards);
    v["body_html"] = BodyHtml(in, c.source);
    v["date"] = c.date.Russian();
    v["date_iso"] = c.date.Iso();
    v["element"] = TemplateValue::Borrow(c.element);
    v["form"] = facet_links.Get(link, "form", c.form, slug_of(c.form));
    v["has_attachments"] = !c.attachments.empty();
    v["has_authors"] = !c.authors.empty();
    v["has_awards"] = !c.awards.empty();
    v["has_related"] = !related.empty();
    v["has_results"] = !c.results.empty();
    v["has_tags"] = !tags.empty();
    v["kind"] = facet_links.Get(link, "kind", c.kind, slug_of(c.kind));
    v["organization"] = OrganizationLink(in, link, c.organization);
    v["organization_cases"] = facet_links.Get(link, "org", c.organization, c.organization);
    v["pagefind_filters"] = CaseSearchFilters(in, c);  // search facets (issue 8)
    v["related"] = std::move(related);
    v["results"] = Texts(c.results);
    v["summary"] = TemplateValue::Borrow(c.summary);
    v["tags"] = std::move(tags);
    sink(std::move(page));
  }
}

void GenerateCaseCatalogPages(const RenderInput& in, const PageSink& sink) {
  std::vector<Facet> own_facets;
  if (!in.case_facets) own_facets = BuildCaseFacets(in.model);
  const std::vector<Facet>& facets = in.case_facets ? *in.case_facets : own_facets;
  SharedOrganizationLinks orgs(in);
  // With only some pages wanted (and no card to report), a list none of
  // whose pages is wanted is skipped before it is paginated: its pages are
  // its base path and "page/N/" under it.
  const bool skip = in.only_pages && !in.on_case_card;
  auto wanted = [&](const std::vector<const CaseStudy*>&, const std::string& base_path) {
    if (!skip) return true;
    auto it = in.only_pages->lower_bound(base_path);
    return it != in.only_pages->end() && StartsWith(*it, base_path);
  };
  const RankedFacets ranked = RankAll(facets);
  // Which pages will show each card, at which link depth (SharedCaseCards).
  SharedCaseCards cards(in, orgs);
  ForEachCatalogList(
      in, facets,
      [&](const CatalogList& l) {
        if (l.index_of) return;
        for (const PageSlice& s : Paginate(l.cases->size(), static_cast<size_t>(in.config.cases_per_page), l.base_path)) {
          if (!in.Wants(s.path)) continue;
          const Linker link(s.path);
          for (size_t k = s.begin; k < s.end; ++k) cards.Count(link.root(), *(*l.cases)[k]);
        }
      },
      wanted);
  ForEachCatalogList(
      in, facets,
      [&](const CatalogList& l) {
        if (l.index_of) {
          EmitFacetIndex(in, sink, facets, ranked, *l.index_of);
          return;
        }
        EmitCatalog(in, sink, facets, ranked, *l.cases, l.base_path, l.title, l.description, l.key, l.slug, cards);
      },
      wanted);
}

std::vector<CatalogPagePlan> PlanCaseCatalog(const RenderInput& in, const std::vector<Facet>& facets) {
  std::vector<CatalogPagePlan> out;
  // The navigation of a list depends on the facets and its current value.
  const RankedFacets ranked = RankAll(facets);
  auto nav_digest = [&](Hasher& h, const std::string& current_key, const std::string& current_slug) {
    h.Add(current_key).Add(current_slug);
    for (size_t i = 0; i < facets.size(); ++i) {
      const Facet& f = facets[i];
      h.Add(f.key).Add(f.title).Add(ranked[i].size());
      const std::string current = f.key == current_key ? current_slug : "";
      auto value = [&](const FacetValue* v) { h.Add(v->label).Add(v->slug).Add(v->cases.size()).Add(v->slug == current); };
      if (IsLargeFacet(f.key)) {
        for (size_t k = 0; k < ranked[i].size(); ++k)
          if (k < kSidebarValues || ranked[i][k]->slug == current) value(ranked[i][k]);
      } else {
        for (const auto& v : f.values)
          if (!v.slug.empty()) value(&v);
      }
    }
  };
  ForEachCatalogList(in, facets, [&](const CatalogList& l) {
    if (l.index_of) {
      Hasher h;
      h.Add("index");
      nav_digest(h, l.index_of->key, "");
      for (const auto& v : l.index_of->values) h.Add(v.label).Add(v.slug).Add(v.cases.size());
      out.push_back({FacetIndexPath(l.index_of->key), FacetIndexTitle(l.index_of->key), h.Hex()});
      return;
    }
    Hasher list;
    list.Add(l.title).Add(l.description).Add(l.cases->size());
    nav_digest(list, l.key, l.slug);
    auto slices = Paginate(l.cases->size(), static_cast<size_t>(in.config.cases_per_page), l.base_path);
    for (const PageSlice& s : slices) {
      Hasher h = list;
      h.Add(s.path).Add(s.number).Add(slices.size());
      for (size_t k = s.begin; k < s.end; ++k) h.Add((*l.cases)[k]->id);
      out.push_back({s.path, SliceTitle(l.title, s.number), h.Hex()});
    }
  });
  return out;
}

std::vector<CatalogListOfCase> CatalogListsOf(const RenderInput& in, const std::vector<Facet>& facets,
                                              const CaseStudy& c) {
  std::vector<CatalogListOfCase> out;
  const size_t per_page = static_cast<size_t>(in.config.cases_per_page);
  // Lists are in the model's order, which is the order of the addresses.
  auto holds = [&](const std::vector<const CaseStudy*>& cases, const std::string&) {
    return std::binary_search(cases.begin(), cases.end(), &c);
  };
  ForEachCatalogList(in, facets, [&](const CatalogList& l) {
    if (l.index_of) return;
    auto it = std::lower_bound(l.cases->begin(), l.cases->end(), &c);
    CatalogListOfCase list;
    list.base_path = l.base_path;
    for (const PageSlice& s : Paginate(l.cases->size(), per_page, l.base_path)) list.pages.push_back(s.path);
    list.slice = static_cast<size_t>(it - l.cases->begin()) / std::max<size_t>(per_page, 1);
    list.size = l.cases->size();
    list.facet = !l.key.empty();
    out.push_back(std::move(list));
  }, holds);
  return out;
}

std::vector<std::string> CatalogPagesOf(const RenderInput& in, const std::vector<Facet>& facets, const CaseStudy& c) {
  std::vector<std::string> out;
  for (auto& l : CatalogListsOf(in, facets, c)) out.push_back(std::move(l.pages[l.slice]));
  return out;
}

}  // namespace nastavnik
