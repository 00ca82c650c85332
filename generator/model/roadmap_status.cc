#include "model/roadmap_status.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "util/strings.h"

namespace nastavnik {
namespace {

enum class Declared { kNone, kDone, kInWork, kCancelled };

Declared ReadDeclared(std::string_view text) {
  std::string key = FoldKey(text);
  for (std::string_view w : {"выполнено", "выполнен", "выполнена", "исполнено", "завершено"})
    if (key == w) return Declared::kDone;
  for (std::string_view w : {"отменено", "отменен", "отменена"})
    if (key == w) return Declared::kCancelled;
  for (std::string_view w : {"в работе", "выполняется", "в процессе", "начато"})
    if (key == w) return Declared::kInWork;
  return Declared::kNone;  // «не начато», empty, anything else
}

struct Window {
  std::optional<Date> start, end;
};

// The occurrence that contains or follows `today`, else the last one.
Window CurrentWindow(const Deadline& d, Date today) {
  if (!d.parsed) return {};
  if (d.kind == DeadlineKind::kBefore) return {std::nullopt, d.end};
  if (d.kind != DeadlineKind::kRecurring) return {d.start, d.end};
  if (!d.start || !d.end) return {};
  if (d.repeat == Repeat::kNone) {
    if (today <= *d.end) return {d.start, d.end};
    return {d.start, d.until};  // continuing work after the first occurrence
  }
  // Enough occurrences to pass today even without `until`.
  long months_ahead = (today.year - d.start->year + 1) * 12L;
  size_t limit = static_cast<size_t>(std::max(2L, months_ahead / RepeatMonths(d.repeat) + 2));
  std::vector<Occurrence> all = Occurrences(d, limit);
  for (const Occurrence& o : all)
    if (o.end >= today) return {o.start, o.end};
  return {all.back().start, all.back().end};
}

}  // namespace

RoadmapState ComputeRoadmapState(std::string_view declared, const Deadline& d, Date today) {
  Declared decl = ReadDeclared(declared);
  if (decl == Declared::kDone) return RoadmapState::kDone;
  if (decl == Declared::kCancelled) return RoadmapState::kCancelled;
  bool in_work = decl == Declared::kInWork;
  Window w = CurrentWindow(d, today);
  if (!w.start && !w.end) return in_work ? RoadmapState::kInProgress : RoadmapState::kUnscheduled;
  if (w.end && *w.end < today) return RoadmapState::kOverdue;
  if (w.end && *w.end <= today.AddDays(kDueSoonDays)) return RoadmapState::kDueSoon;
  if (in_work) return RoadmapState::kInProgress;
  if (w.start && *w.start <= today) return RoadmapState::kInProgress;
  return RoadmapState::kUpcoming;
}

std::string_view RoadmapStateName(RoadmapState state) {
  switch (state) {
    case RoadmapState::kDone: return "done";
    case RoadmapState::kOverdue: return "overdue";
    case RoadmapState::kDueSoon: return "due_soon";
    case RoadmapState::kInProgress: return "in_progress";
    case RoadmapState::kUpcoming: return "upcoming";
    case RoadmapState::kUnscheduled: return "unscheduled";
    case RoadmapState::kCancelled: return "cancelled";
  }
  return "unscheduled";
}

std::string_view RoadmapStateLabel(RoadmapState state) {
  switch (state) {
    case RoadmapState::kDone: return "выполнено";
    case RoadmapState::kOverdue: return "просрочено";
    case RoadmapState::kDueSoon: return "срок в ближайшие 30 дней";
    case RoadmapState::kInProgress: return "в работе";
    case RoadmapState::kUpcoming: return "предстоит";
    case RoadmapState::kUnscheduled: return "без срока";
    case RoadmapState::kCancelled: return "отменено";
  }
  return "без срока";
}

}  // namespace nastavnik
