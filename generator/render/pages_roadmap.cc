// Roadmap pages: the site issuer's roadmap at /roadmap/, every other
// issuer's at /roadmap/<id>/. Each is a table grouped by section, with the
// deadline as written beside the period nastavnik read from it, a status
// badge in words, and a timeline drawn as SVG.
#include <algorithm>
#include <map>

#include "render/page.h"
#include "render/pages.h"
#include "render/svg_charts.h"
#include "util/strings.h"

namespace nastavnik {

std::string RoadmapPagePath(const SiteConfig& config, const std::string& issuer) {
  return issuer == config.issuer ? std::string(urls::kRoadmap) : urls::RoadmapOf(issuer);
}

std::string RoadmapItemAnchor(const std::string& number) { return "p-" + ReplaceAll(number, ".", "-"); }

namespace {

// A readable name for an evidence link: the order's heading, the case's
// title, else «подтверждение».
std::string EvidenceLabel(const RenderInput& in, const std::string& evidence) {
  if (evidence.empty() || evidence[0] != '/') return "подтверждение";
  std::string fragment;
  std::string path = NormalizeSitePath(evidence, &fragment);
  for (const auto& o : in.model.orders)
    if (urls::Order(o.id) == path) return o.Heading();
  for (const auto& c : in.model.cases)
    if (urls::Case(c.id) == path) return "практика «" + c.title + "»";
  for (const auto& p : in.model.pages)
    if (urls::Page(p.id) == path) return "«" + p.title + "»";
  for (const auto& o : in.model.organizations)
    if (urls::Organization(o.id) == path) return o.short_name;
  static const std::map<std::string, std::string> kSections = {
      {"", "главная страница раздела"},   {"orders/", "документы"},     {"cases/", "база практик"},
      {"organizations/", "организации"}, {"programs/", "база программ"}, {"mentors/", "база наставников"},
      {"roadmap/", "дорожная карта"},     {"indicators/", "целевые показатели"},
      {"working-group/", "рабочая группа"}};
  auto it = kSections.find(path);
  return it == kSections.end() ? "подтверждение" : it->second;
}

std::vector<GanttSpan> SpansOf(const Deadline& d) {
  std::vector<GanttSpan> spans;
  if (!d.parsed) return spans;
  if (d.kind == DeadlineKind::kBefore) {
    if (d.end) spans.push_back({*d.end, *d.end});
    return spans;
  }
  for (const Occurrence& o : Occurrences(d)) spans.push_back({o.start, o.end});
  // «Сентябрь 2021 г., далее – обновление»: the work goes on after the first
  // occurrence without a fixed rhythm.
  if (d.kind == DeadlineKind::kRecurring && d.repeat == Repeat::kNone && d.end && d.until && *d.until > *d.end)
    spans.push_back({d.end->AddDays(1), *d.until});
  return spans;
}

std::string Gantt(const RenderInput& in, const Roadmap& map, const std::string& issuer_name) {
  std::vector<GanttRow> rows;
  Date lo = in.config.program_start, hi = in.config.program_end;
  bool any = false;
  for (const auto& r : map.rows) {
    GanttRow g;
    g.label = r.number;
    g.tooltip = r.event;
    g.section = r.section;
    g.state = std::string(RoadmapStateName(r.state));
    if (!r.section) g.spans = SpansOf(r.deadline);
    for (const auto& s : g.spans) {
      lo = std::min(lo, s.start);
      hi = std::max(hi, s.end);
      any = true;
    }
    rows.push_back(std::move(g));
  }
  if (!any) return "";
  // Keep a stray far date from squeezing the program into a sliver.
  lo = std::max(lo, Date{in.config.program_start.year - 1, 1, 1});
  hi = std::min(hi, Date{in.config.program_end.year + 1, 12, 31});
  lo = Date{lo.year, lo.month, 1};
  hi = Date{hi.year, hi.month, DaysInMonth(hi.year, hi.month)};
  ChartText text;
  text.id = "gantt-" + map.issuer;
  text.title = "Сроки мероприятий дорожной карты: " + issuer_name;
  text.desc = "Временная шкала с " + lo.Russian() + " по " + hi.Russian() +
              ": полоса — период пункта, ромб — крайний срок, цвет — статус, вертикальная линия — сегодня (" +
              in.model.today.Russian() + "). Те же сведения — в таблице ниже.";
  return GanttSvg(text, rows, lo, hi, in.model.today);
}

TemplateMap ItemOf(const RenderInput& in, const std::string& page_path, const RoadmapRow& r) {
  TemplateMap m;
  m["number"] = r.number;
  m["anchor"] = RoadmapItemAnchor(r.number);
  m["event"] = r.event;
  m["deadline"] = r.deadline.text;
  m["period"] = DeadlinePeriodText(r.deadline);
  m["unparsed"] = !r.deadline.text.empty() && !r.deadline.parsed;
  m["state"] = std::string(RoadmapStateName(r.state));
  m["state_label"] = std::string(RoadmapStateLabel(r.state));
  m["responsible"] = r.responsible;
  m["result"] = r.result;
  m["depth"] = r.depth;
  if (!r.evidence.empty()) {
    std::string href = in.links.Resolve(r.evidence_pos, page_path, r.evidence, in.diags);
    if (!href.empty()) {
      m["evidence_href"] = href;
      m["evidence_label"] = EvidenceLabel(in, r.evidence);
    }
  }
  return m;
}

// The statuses present, in a fixed order, with their counts.
TemplateList Summary(const Roadmap& map) {
  static const RoadmapState kOrder[] = {RoadmapState::kOverdue,    RoadmapState::kDueSoon,
                                        RoadmapState::kInProgress, RoadmapState::kUpcoming,
                                        RoadmapState::kDone,       RoadmapState::kUnscheduled,
                                        RoadmapState::kCancelled};
  TemplateList out;
  for (RoadmapState s : kOrder) {
    size_t n = static_cast<size_t>(std::count_if(map.rows.begin(), map.rows.end(), [&](const RoadmapRow& r) {
      return !r.section && r.state == s;
    }));
    if (n == 0) continue;
    TemplateMap m;
    m["state"] = std::string(RoadmapStateName(s));
    m["label"] = std::string(RoadmapStateLabel(s));
    m["count"] = n;
    out.push_back(m);
  }
  return out;
}

PageOutput RoadmapPage(const RenderInput& in, const Roadmap& map) {
  PageOutput page;
  page.path = RoadmapPagePath(in.config, map.issuer);
  page.template_name = "roadmap";
  const Organization* org = in.model.FindOrganization(map.issuer);
  std::string name = org ? org->short_name : map.issuer;
  bool own = map.issuer == in.config.issuer;
  page.title = own ? "Дорожная карта" : "Дорожная карта: " + name;
  page.description = "Мероприятия по внедрению целевой модели наставничества (" + name +
                     "), сроки и ход исполнения";
  page.breadcrumbs = {{"Главная", ""}};
  if (!own) page.breadcrumbs.push_back({"Дорожная карта", urls::kRoadmap});
  Linker link(page.path);
  TemplateMap& v = page.vars;
  v["issuer"] = OrganizationLink(in, link, map.issuer);
  v["today"] = in.model.today.Words();
  v["today_iso"] = in.model.today.Iso();
  v["item_count"] = map.ItemCount();
  v["summary"] = Summary(map);
  v["has_summary"] = map.ItemCount() > 0;
  v["gantt_html"] = Gantt(in, map, name);
  v["ics_href"] = link.To("roadmap.ics");
  v["json_href"] = link.To("data/roadmap.json");
  v["xlsx_href"] = link.To(urls::kRoadmapWorkbook);
  TemplateList sections;
  TemplateMap current;
  TemplateList items;
  auto flush = [&] {
    if (items.empty() && current.empty()) return;
    current["items"] = items;
    sections.push_back(current);
    current = TemplateMap();
    items.clear();
  };
  for (const auto& r : map.rows) {
    if (r.section) {
      flush();
      current["number"] = r.number;
      current["title"] = r.event;
      current["anchor"] = RoadmapItemAnchor(r.number);
      continue;
    }
    items.push_back(ItemOf(in, page.path, r));
  }
  flush();
  v["sections"] = sections;
  v["has_rows"] = !map.rows.empty();
  return page;
}

}  // namespace

void GenerateRoadmapPages(const RenderInput& in, const PageSink& sink) {
  bool own_found = false;
  for (const auto& map : in.model.roadmaps) {
    PageOutput page = RoadmapPage(in, map);
    if (map.issuer == in.config.issuer) {
      own_found = true;
      // The municipal page also lists the organizations' roadmaps.
      Linker link(page.path);
      TemplateList others;
      for (const auto& other : in.model.roadmaps) {
        if (other.issuer == in.config.issuer) continue;
        TemplateMap m = OrganizationLink(in, link, other.issuer);
        m["roadmap_href"] = link.To(RoadmapPagePath(in.config, other.issuer));
        m["count"] = other.ItemCount();
        others.push_back(m);
      }
      page.vars["others"] = others;
      page.vars["has_others"] = !others.empty();
    }
    sink(std::move(page));
  }
  if (!own_found) {
    // No roadmap of the site's own issuer: /roadmap/ lists the others.
    PageOutput page;
    page.path = urls::kRoadmap;
    page.template_name = "roadmap";
    page.title = "Дорожная карта";
    page.description = "Мероприятия по внедрению целевой модели наставничества";
    page.breadcrumbs = {{"Главная", ""}};
    Linker link(page.path);
    TemplateList others;
    for (const auto& other : in.model.roadmaps) {
      TemplateMap m = OrganizationLink(in, link, other.issuer);
      m["roadmap_href"] = link.To(RoadmapPagePath(in.config, other.issuer));
      m["count"] = other.ItemCount();
      others.push_back(m);
    }
    page.vars["others"] = others;
    page.vars["has_others"] = !others.empty();
    page.vars["has_rows"] = false;
    page.vars["ics_href"] = link.To("roadmap.ics");
    page.vars["json_href"] = link.To("data/roadmap.json");
    page.vars["xlsx_href"] = link.To(urls::kRoadmapWorkbook);
    sink(std::move(page));
  }
}

}  // namespace nastavnik
