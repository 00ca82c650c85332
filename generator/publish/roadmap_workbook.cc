// files/dorozhnaya-karta.xlsx: every roadmap, one sheet per issuer (the
// department's first, then the schools' by id — model order). Ready to print:
// landscape, one page wide, header repeated on every page; filter buttons on
// the header so a methodist can pick the overdue items. Reads only
// model/roadmap.h.
#include <string>
#include <vector>

#include "publish/workbook_files.h"
#include "publish/workbooks.h"

namespace nastavnik {

namespace {

// The parsed period as dates: a deadline «до …» has an end and no start; a
// recurring one gives its first occurrence; unparsed and undated ones stay
// empty rather than guessed.
XlsxCell DateCell(const std::optional<Date>& d) { return d ? XlsxCell::Date(*d) : XlsxCell::Empty(); }

}  // namespace

Status WriteRoadmapWorkbook(const ArtifactInput& in) {
  std::unique_ptr<XlsxWorkbook> book;
  Status st = OpenWorkbook(in.public_tree, kRoadmapWorkbook,
                           WorkbookProps(in, "Дорожная карта внедрения целевой модели наставничества"),
                           /*constant_memory=*/false, &book);
  if (!st.ok()) return st;

  // The department's roadmap first: that is the one a methodist opens for.
  std::vector<const Roadmap*> maps;
  for (const auto& m : in.model.roadmaps)
    if (m.issuer == in.config.issuer) maps.push_back(&m);
  for (const auto& m : in.model.roadmaps)
    if (m.issuer != in.config.issuer) maps.push_back(&m);

  // No roadmap yet: one empty sheet, so the file linked from /roadmap/ opens.
  Roadmap empty;
  if (maps.empty()) {
    empty.issuer = in.config.issuer;
    maps.push_back(&empty);
  }
  const std::string state_header = "Статус на " + in.model.today.Russian();
  for (const Roadmap* map : maps) {
    const Organization* org = in.model.FindOrganization(map->issuer);
    XlsxSheetOptions opts;
    opts.title = "Дорожная карта — " + (org ? org->full_name : map->issuer);
    opts.landscape = true;
    opts.fit_to_width = true;
    opts.repeat_header_rows = true;
    XlsxSheet* sheet = book->AddSheet(org ? org->short_name : map->issuer, {
        {"№", 7, XlsxFormat::kText, {}},
        {"Мероприятие", 48, XlsxFormat::kWrapText, {}},
        {"Срок (как в документе)", 26, XlsxFormat::kWrapText, {}},
        {"Начало", 12, XlsxFormat::kDate, {}},
        {"Окончание", 12, XlsxFormat::kDate, {}},
        {"Срок прочитан как", 26, XlsxFormat::kWrapText, {}},
        {"Ответственный", 28, XlsxFormat::kWrapText, {}},
        {"Ожидаемый результат", 40, XlsxFormat::kWrapText, {}},
        {state_header, 16, XlsxFormat::kText, {}},
        {"Статус в реестре", 14, XlsxFormat::kText, {}},
        {"Подтверждение", 30, XlsxFormat::kText, {}},
    }, opts);
    for (const RoadmapRow& r : map->rows) {
      if (r.section) {
        sheet->WriteRow({XlsxCell::Text(r.number), XlsxCell::Text(r.event)}, XlsxRowStyle::kSection);
        continue;
      }
      const Deadline& d = r.deadline;
      std::string evidence = r.evidence;
      if (!evidence.empty() && evidence.front() == '/') evidence = SiteAddress(in, evidence);
      sheet->WriteRow({
          XlsxCell::Text(r.number),
          XlsxCell::Text(r.event),
          XlsxCell::Text(d.text),
          DateCell(d.kind == DeadlineKind::kBefore ? std::nullopt : d.start),
          DateCell(d.end),
          XlsxCell::Text(DeadlinePeriodText(d)),
          XlsxCell::Text(r.responsible),
          XlsxCell::Text(r.result),
          XlsxCell::Text(std::string(RoadmapStateLabel(r.state))),
          XlsxCell::Text(r.declared_status),
          XlsxCell::Text(evidence),
      });
    }
  }
  return FinishWorkbook(in.public_tree, kRoadmapWorkbook, *book);
}

}  // namespace nastavnik
