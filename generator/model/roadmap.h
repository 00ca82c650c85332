#pragma once
// Roadmaps (дорожные карты): the rows of data/roadmap.csv grouped by issuer,
// each with its deadline read from the Russian text and its state on the
// build date. Plain structs, so every view (pages, calendar, JSON, XLSX)
// reads the same values.
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "model/deadline.h"
#include "model/roadmap_status.h"
#include "util/date.h"
#include "validate/record.h"

namespace nastavnik {

struct RoadmapRow {
  std::string issuer;      // organization id
  std::string number;      // "1.2" as written, without a trailing dot
  int depth = 1;           // 1 for "1", 2 for "1.2", …
  // A section heading: a number without a dot and no deadline, responsible
  // or status («1;Нормативно-правовое обеспечение;;;;;»).
  bool section = false;
  std::string event;
  Deadline deadline;       // parsed; deadline.text is the wording as written
  std::string responsible;
  std::string result;
  std::string declared_status;  // the status column as written (canonical enum spelling)
  RoadmapState state = RoadmapState::kUnscheduled;  // on SiteModel::today; sections: unscheduled
  std::string evidence;    // a link as written ("/orders/x/"), may be empty
  SourcePos pos;           // the row
  SourcePos deadline_pos;  // the deadline cell
  SourcePos evidence_pos;  // the evidence cell
};

struct Roadmap {
  std::string issuer;            // organization id
  std::vector<RoadmapRow> rows;  // in registry order (the order's numbering)

  // Rows that are not section headings.
  size_t ItemCount() const;
};

// Groups the roadmap registry by issuer (issuers sorted by id; rows keep the
// registry's order), parses every deadline with `ctx` and computes its state
// for `today`. A deadline that does not parse is a warning W030 on its cell —
// the row stays, «срок не распознан», never an error and never a guess.
std::vector<Roadmap> BuildRoadmaps(const std::vector<Record>& records, const DeadlineContext& ctx,
                                   Date today, Diagnostics& diags);

// The parsed period in words, shown beside the original wording:
// «01.09.2021 – 30.09.2021», «до 01.12.2021», «12.01.2022», «с 01.08.2021
// – 30.09.2021, далее ежегодно до 01.02.2024», «весь период программы»,
// «без даты», «срок не распознан».
std::string DeadlinePeriodText(const Deadline& d);
// «ежемесячно», «ежеквартально», «два раза в год», «ежегодно», «раз в два года».
std::string_view RepeatLabel(Repeat repeat);

// "1.2." → "1.2"; depth is the count of parts.
std::string NormalizeItemNumber(std::string_view number);

}  // namespace nastavnik
