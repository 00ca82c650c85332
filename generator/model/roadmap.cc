#include "model/roadmap.h"

#include <algorithm>
#include <map>

#include "util/strings.h"

namespace nastavnik {

size_t Roadmap::ItemCount() const {
  return static_cast<size_t>(
      std::count_if(rows.begin(), rows.end(), [](const RoadmapRow& r) { return !r.section; }));
}

std::string_view RepeatLabel(Repeat repeat) {
  switch (repeat) {
    case Repeat::kNone: return "";
    case Repeat::kMonthly: return "ежемесячно";
    case Repeat::kQuarterly: return "ежеквартально";
    case Repeat::kSemiannual: return "два раза в год";
    case Repeat::kYearly: return "ежегодно";
    case Repeat::kBiennial: return "раз в два года";
  }
  return "";
}

namespace {
std::string Span(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (!a || !b) return "";
  if (*a == *b) return a->Russian();
  return a->Russian() + " – " + b->Russian();
}
}  // namespace

std::string DeadlinePeriodText(const Deadline& d) {
  if (!d.parsed) return d.text.empty() ? "" : "срок не распознан";
  switch (d.kind) {
    case DeadlineKind::kDate:
    case DeadlineKind::kRange: return Span(d.start, d.end);
    case DeadlineKind::kBefore: return d.end ? "до " + d.end->Russian() : "";
    case DeadlineKind::kThroughout:
      return d.start && d.end ? Span(d.start, d.end) + " (весь период)" : "весь период программы";
    case DeadlineKind::kRecurring: {
      std::string first = Span(d.start, d.end);
      std::string until = d.until ? " до " + d.until->Russian() : "";
      if (d.repeat == Repeat::kNone) return (first.empty() ? "" : first + ", далее постоянно") + until;
      std::string rhythm(RepeatLabel(d.repeat));
      if (first.empty()) return rhythm + until;
      return "впервые " + first + ", далее " + rhythm + until;
    }
    case DeadlineKind::kUnspecified: return "без даты";
  }
  return "";
}

std::string NormalizeItemNumber(std::string_view number) {
  std::string n(Trim(number));
  while (!n.empty() && n.back() == '.') n.pop_back();
  return n;
}

std::vector<Roadmap> BuildRoadmaps(const std::vector<Record>& records, const DeadlineContext& ctx,
                                   Date today, Diagnostics& diags) {
  std::map<std::string, Roadmap> by_issuer;
  for (const Record& r : records) {
    RoadmapRow row;
    row.issuer = r.Text("issuer");
    row.number = NormalizeItemNumber(r.Text("number"));
    row.depth = row.number.empty() ? 1 : static_cast<int>(Split(row.number, '.').size());
    row.event = r.Text("event");
    row.responsible = r.Text("responsible");
    row.result = r.Text("result");
    row.declared_status = r.Text("status");
    row.evidence = r.Text("evidence");
    row.pos = r.pos;
    row.deadline_pos = r.Get("deadline").pos;
    row.evidence_pos = r.Get("evidence").pos;
    if (row.deadline_pos.path.empty()) row.deadline_pos = r.pos;
    if (row.evidence_pos.path.empty()) row.evidence_pos = r.pos;
    const std::string& text = r.Text("deadline");
    row.section = row.depth == 1 && text.empty() && row.responsible.empty() && row.declared_status.empty();
    row.deadline.text = text;
    if (!row.section) {
      if (!text.empty()) {
        row.deadline = ParseDeadline(text, ctx);
        if (!row.deadline.parsed) {
          // One line in the report even when the cell has line breaks.
          std::string shown = ReplaceAll(ReplaceAll(text, "\r", ""), "\n", " ");
          diags.Warning(row.deadline_pos, "W030", "срок «" + shown + "» не распознан",
                        "запишите срок так, как в приказах: «сентябрь 2021 г.», «до 1 декабря 2021 года», "
                        "«в течение 2021-2022 учебного года», «ежегодно, до 25 декабря»; пока пункт "
                        "показан без срока и без статуса «просрочено»");
        }
      }
      row.state = ComputeRoadmapState(row.declared_status, row.deadline, today);
    }
    Roadmap& map = by_issuer[row.issuer];
    map.issuer = row.issuer;
    map.rows.push_back(std::move(row));
  }
  std::vector<Roadmap> out;
  for (auto& [id, map] : by_issuer) out.push_back(std::move(map));
  return out;
}

}  // namespace nastavnik
