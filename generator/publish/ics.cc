#include "publish/ics.h"

#include <cstdio>
#include <ctime>

namespace nastavnik {

namespace {

std::string IcsDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

std::string IcsUtc(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

void Line(std::string& out, std::string_view line) {
  out += FoldIcsLine(line);
  out += "\r\n";
}

}  // namespace

std::string EscapeIcsText(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FoldIcsLine(std::string_view line) {
  std::string out;
  size_t limit = 75;  // the first line; continuation lines carry a leading space
  size_t pos = 0;
  while (line.size() - pos > limit) {
    size_t cut = pos + limit;
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(pos, cut - pos));
    out += "\r\n ";
    pos = cut;
    limit = 74;
  }
  out.append(line.substr(pos));
  return out;
}

std::string RenderIcs(std::string_view calendar_name, const std::vector<IcsEvent>& events, long long dtstamp_epoch) {
  std::string out;
  const std::string stamp = IcsUtc(dtstamp_epoch);
  Line(out, "BEGIN:VCALENDAR");
  Line(out, "VERSION:2.0");
  Line(out, "PRODID:-//nastavnik//roadmap//RU");
  Line(out, "CALSCALE:GREGORIAN");
  Line(out, "METHOD:PUBLISH");
  Line(out, "X-WR-CALNAME:" + EscapeIcsText(calendar_name));
  for (const auto& e : events) {
    Line(out, "BEGIN:VEVENT");
    Line(out, "UID:" + e.uid);
    Line(out, "DTSTAMP:" + stamp);
    Line(out, "DTSTART;VALUE=DATE:" + IcsDate(e.start));
    Line(out, "DTEND;VALUE=DATE:" + IcsDate(e.end.AddDays(1)));
    if (e.rrule) {
      std::string r = "RRULE:FREQ=" + e.rrule->freq;
      if (e.rrule->interval > 1) r += ";INTERVAL=" + std::to_string(e.rrule->interval);
      if (e.rrule->last_day_of_month && e.rrule->freq == "YEARLY") r += ";BYMONTH=" + std::to_string(e.start.month);
      if (e.rrule->last_day_of_month) r += ";BYMONTHDAY=-1";
      r += ";UNTIL=" + IcsDate(e.rrule->until);
      Line(out, r);
    }
    Line(out, "SUMMARY:" + EscapeIcsText(e.summary));
    if (!e.description.empty()) Line(out, "DESCRIPTION:" + EscapeIcsText(e.description));
    if (!e.categories.empty()) {
      std::string c = "CATEGORIES:";
      for (size_t i = 0; i < e.categories.size(); ++i) c += (i ? "," : "") + EscapeIcsText(e.categories[i]);
      Line(out, c);
    }
    if (!e.url.empty()) Line(out, "URL:" + e.url);
    if (!e.status.empty()) Line(out, "STATUS:" + e.status);
    Line(out, "TRANSP:TRANSPARENT");
    Line(out, "END:VEVENT");
  }
  Line(out, "END:VCALENDAR");
  return out;
}

}  // namespace nastavnik
