#pragma once
// The JSON form of a parsed deadline, shared by `nastavnik deadline` and
// data/roadmap.json so both always carry exactly the same keys:
//   {"text", "parsed", "kind", "start", "end", "repeat", "until"}
// Dates are ISO (2021-09-01) or null.
#include "model/deadline.h"
#include "util/json.h"

namespace nastavnik {

// Writes the deadline as one JSON object (the caller may be inside an array
// or after a Key()).
void WriteDeadlineJson(JsonWriter& w, const Deadline& d);

}  // namespace nastavnik
