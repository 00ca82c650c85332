#pragma once
// The state of a roadmap row on a given day, from its declared status and its
// parsed deadline.
#include <string_view>

#include "model/deadline.h"
#include "util/date.h"

namespace nastavnik {

enum class RoadmapState { kDone, kOverdue, kDueSoon, kInProgress, kUpcoming, kUnscheduled, kCancelled };

// Days ahead of `today` in which an end counts as «срок в ближайшие 30 дней».
inline constexpr int kDueSoonDays = 30;

// `declared` is the status column as written («выполнено», «в работе», «не
// начато», «отменено», or empty; any case, stray spaces). Rules, in order:
//   done / cancelled as declared;
//   overdue when the end of the current occurrence is before today;
//   due soon when that end is within [today, today + 30 days];
//   in progress when declared «в работе» or start <= today <= end;
//   upcoming when the start is after today, or for a «до X» deadline (it
//   names no start, so nothing says the work began);
//   unscheduled when the deadline has no dates (unspecified or unreadable),
//   unless declared «в работе».
// The current occurrence of a recurring deadline is the one that contains or
// follows today, up to `until`; after the last one, the last one (so a
// recurring item not marked done after its last occurrence is overdue). A
// recurring deadline with repeat kNone is in progress from the end of its
// first occurrence until `until`. A throughout deadline is its period.
RoadmapState ComputeRoadmapState(std::string_view declared, const Deadline& d, Date today);

std::string_view RoadmapStateName(RoadmapState state);   // "done", "overdue", ...
std::string_view RoadmapStateLabel(RoadmapState state);  // «выполнено», «просрочено», ...

}  // namespace nastavnik
