#pragma once
// Artifacts of the roadmap and the indicators (issue 6):
//   roadmap.ics           every dated roadmap item as an all-day event,
//                         recurring ones as RRULE with UNTIL (RFC 5545)
//   data/roadmap.json     every row, its deadline ({text, parsed, kind,
//                         start, end, repeat, until}) and its state
//   data/indicators.json  per indicator and academic year: target, value,
//                         numerator, denominator, achieved, per organization
#include "publish/artifacts.h"
#include "publish/ics.h"

namespace nastavnik {

Status WriteRoadmapCalendar(const ArtifactInput& in);
Status WriteRoadmapJson(const ArtifactInput& in);
Status WriteIndicatorsJson(const ArtifactInput& in);

// The calendar's events (exposed for tests and other feeds).
std::vector<IcsEvent> RoadmapEvents(const SiteConfig& config, const SiteModel& model);

}  // namespace nastavnik
