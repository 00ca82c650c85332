// The register of orders and one page per order.
#include "render/cited_by.h"
#include "render/page.h"
#include "render/pages.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

TemplateMap OrderSummary(const RenderInput& in, const Linker& link, const Order& o) {
  TemplateMap m;
  m["heading"] = o.Heading();
  m["title"] = o.title;
  m["href"] = link.To(urls::Order(o.id));
  m["date"] = o.date.Russian();
  m["date_iso"] = o.date.Iso();
  m["in_force"] = o.InForce();
  m["status"] = o.status;
  m["issuer"] = OrganizationLink(in, link, o.issuer);
  return m;
}

}  // namespace

void GenerateOrderPages(const RenderInput& in, const PageSink& sink) {
  // The register: grouped by level in the fixed order of levels, newest first.
  {
    PageOutput page;
    page.path = urls::kOrders;
    page.template_name = "orders";
    page.title = "Нормативные документы";
    page.description = "Приказы и постановления о внедрении целевой модели наставничества";
    page.breadcrumbs = {{"Главная", ""}};
    Linker link(page.path);
    TemplateList groups;
    for (const auto& level : OrderLevels()) {
      TemplateList items;
      for (const auto& o : in.model.orders)
        if (o.level == level) items.push_back(OrderSummary(in, link, o));
      if (items.empty()) continue;
      TemplateMap g;
      g["level"] = CapitalizeUtf8(level) + " уровень";
      if (level == "образовательная организация") g["level"] = "Образовательные организации";
      g["orders"] = items;
      g["count"] = items.size();
      groups.push_back(g);
    }
    page.vars["groups"] = groups;
    page.vars["has_orders"] = !in.model.orders.empty();
    page.vars["download_href"] = link.To("files/reestr-dokumentov.xlsx");
    sink(std::move(page));
  }
  for (const auto& o : in.model.orders) {
    PageOutput page;
    page.path = urls::Order(o.id);
    page.template_name = "order";
    page.title = o.Heading() + " «" + o.title + "»";
    page.description = o.summary.empty() ? o.title : o.summary;
    page.breadcrumbs = {{"Главная", ""}, {"Документы", urls::kOrders}};
    Linker link(page.path);
    TemplateMap& v = page.vars;
    v["order"] = OrderSummary(in, link, o);
    v["type"] = CapitalizeUtf8(o.type);
    v["number"] = o.number;
    v["level"] = o.level;
    v["summary"] = o.summary;
    v["body_html"] = BodyHtml(in, o.source);
    TemplateList basis;
    for (const auto& id : o.basis) {
      if (const Order* b = in.model.FindOrder(id)) basis.push_back(OrderSummary(in, link, *b));
    }
    v["basis"] = basis;
    v["has_basis"] = !basis.empty();
    TemplateList based_on_this;
    for (const auto& other : in.model.orders)
      for (const auto& id : other.basis)
        if (id == o.id) based_on_this.push_back(OrderSummary(in, link, other));
    v["derived"] = based_on_this;
    v["has_derived"] = !based_on_this.empty();
    TemplateList appendices;
    int n = 1;
    for (const auto& a : o.appendices) {
      TemplateMap m;
      m["number"] = n++;
      m["title"] = a.title;
      if (!a.link.empty()) m["href"] = in.links.Resolve({o.source, a.line, 1}, page.path, a.link, in.diags);
      appendices.push_back(m);
    }
    // Roadmap items that cite this order as their evidence.
    TemplateList cited;
    for (const auto& map : in.model.roadmaps) {
      for (const auto& r : map.rows) {
        if (r.evidence.empty() || r.evidence[0] != '/') continue;
        std::string fragment;
        if (NormalizeSitePath(r.evidence, &fragment) != urls::Order(o.id)) continue;
        TemplateMap m;
        m["number"] = r.number;
        m["event"] = r.event;
        m["href"] = link.To(RoadmapPagePath(in.config, map.issuer) + "#" + RoadmapItemAnchor(r.number));
        m["roadmap"] = OrganizationLink(in, link, map.issuer);
        m["state_label"] = std::string(RoadmapStateLabel(r.state));
        m["state"] = std::string(RoadmapStateName(r.state));
        cited.push_back(m);
      }
    }
    v["roadmap_items"] = cited;
    v["has_roadmap_items"] = !cited.empty();
    v["appendices"] = appendices;
    v["has_appendices"] = !appendices.empty();
    TemplateList cited_by;
    for (const auto& c : CitationsOf(in, page.path)) {
      TemplateMap m;
      m["kind"] = c.kind;
      m["title"] = c.title;
      m["href"] = link.To(c.path);
      cited_by.push_back(m);
    }
    v["cited_by"] = cited_by;
    v["has_cited_by"] = !cited_by.empty();
    // Roadmap rows citing this order as evidence: read from the model, since
    // the roadmap pages (whose links LinkResolver remembers) come later.
    TemplateList roadmap_rows;
    for (const auto& rm : in.model.roadmaps) {
      for (const auto& r : rm.rows) {
        if (r.evidence.empty() || r.evidence[0] != '/') continue;
        if (NormalizeSitePath(r.evidence, nullptr) != page.path) continue;
        std::string roadmap = rm.issuer == in.config.issuer ? std::string(urls::kRoadmap) : urls::RoadmapOf(rm.issuer);
        TemplateMap m;
        m["number"] = r.number;
        m["event"] = r.event;
        m["href"] = link.To(roadmap) + "#" + RoadmapItemAnchor(r.number);
        roadmap_rows.push_back(m);
      }
    }
    v["roadmap_rows"] = roadmap_rows;
    v["has_roadmap_rows"] = !roadmap_rows.empty();
    sink(std::move(page));
  }
}

}  // namespace nastavnik
