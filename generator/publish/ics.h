#pragma once
// A small iCalendar (RFC 5545) writer for all-day events: CRLF line ends,
// lines folded at 75 octets without splitting a UTF-8 character, TEXT values
// escaped, DTSTAMP from the build epoch (so the file is reproducible).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.h"

namespace nastavnik {

struct IcsRecurrence {
  std::string freq;   // "MONTHLY" or "YEARLY"
  int interval = 1;
  bool last_day_of_month = false;  // BYMONTHDAY=-1: the occurrences keep to the month's end
  Date until;         // the last day an occurrence may start
};

struct IcsEvent {
  std::string uid;          // stable across builds
  Date start;               // first day
  Date end;                 // last day (inclusive; DTEND is the day after)
  std::string summary;
  std::string description;  // may contain line breaks
  std::string url;          // absolute, or empty
  std::string status;       // "CONFIRMED" / "CANCELLED"; empty = none
  std::vector<std::string> categories;
  std::optional<IcsRecurrence> rrule;
};

// The whole VCALENDAR. Events are written in the given order.
std::string RenderIcs(std::string_view calendar_name, const std::vector<IcsEvent>& events, long long dtstamp_epoch);

// Escapes a TEXT value: \ ; , and line breaks.
std::string EscapeIcsText(std::string_view s);
// Folds one content line (without CRLF) into lines of at most 75 octets.
std::string FoldIcsLine(std::string_view line);

}  // namespace nastavnik
