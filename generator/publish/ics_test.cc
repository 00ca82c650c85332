#include <doctest/doctest.h>

#include <map>

#include "publish/ics.h"
#include "util/strings.h"

using namespace nastavnik;

namespace {

// Unfolds CRLF-separated content lines (RFC 5545 §3.1).
std::vector<std::string> Unfold(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t crlf = text.find("\r\n", pos);
    REQUIRE(crlf != std::string::npos);  // every line ends with CRLF
    std::string line = text.substr(pos, crlf - pos);
    if (!line.empty() && line[0] == ' ') {
      REQUIRE_FALSE(out.empty());
      out.back() += line.substr(1);
    } else {
      out.push_back(line);
    }
    pos = crlf + 2;
  }
  return out;
}

std::string Unescape(const std::string& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += v[i];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Folded lines stay within 75 octets and never split a UTF-8 character") {
  std::string line = "SUMMARY:" + std::string(200, 'x') + "Организация, проведение; отчёт\\n";
  for (int i = 0; i < 40; ++i) line += "й";  // two octets each: a fold would land mid-character
  std::string folded = FoldIcsLine(line);
  for (const auto& part : Split(ReplaceAll(folded, "\r\n", "\n"), '\n')) {
    CHECK(part.size() <= 75);
    CHECK(IsValidUtf8(part.substr(part.empty() || part[0] != ' ' ? 0 : 1)));
  }
  CHECK(Unfold(folded + "\r\n").at(0) == line);
}

TEST_CASE("A calendar parses back into the events it was written from") {
  IcsEvent a;
  a.uid = "roadmap-uo-4.1@example.test";
  a.start = {2021, 11, 1};
  a.end = {2021, 12, 25};
  a.summary = "п. 4.1. Мониторинг; анализ, справка \\ итог";
  a.description = "Срок: ежегодно\nОтветственный: МКУ «ИМЦ»";
  a.url = "https://example.test/roadmap/#p-4-1";
  a.status = "CONFIRMED";
  a.categories = {"Дорожная карта", "УО, отдел"};
  a.rrule = IcsRecurrence{"YEARLY", 1, false, {2024, 8, 31}};
  IcsEvent b;
  b.uid = "roadmap-uo-1.5@example.test";
  b.start = b.end = {2021, 10, 1};
  b.summary = "Срок: п. 1.5";
  b.rrule = IcsRecurrence{"MONTHLY", 3, true, {2022, 12, 31}};
  std::string ics = RenderIcs("Дорожная карта", {a, b}, 1698796800);

  auto lines = Unfold(ics);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  std::vector<std::map<std::string, std::string>> events;
  for (const auto& l : lines) {
    if (l == "BEGIN:VEVENT") events.emplace_back();
    else if (!events.empty() && l != "END:VEVENT" && l.find(':') != std::string::npos)
      events.back()[l.substr(0, l.find(':'))] = l.substr(l.find(':') + 1);
  }
  REQUIRE(events.size() == 2);
  CHECK(events[0]["UID"] == a.uid);
  CHECK(events[0]["DTSTAMP"] == "20231101T000000Z");
  CHECK(events[0]["DTSTART;VALUE=DATE"] == "20211101");
  CHECK(events[0]["DTEND;VALUE=DATE"] == "20211226");  // the day after the last
  CHECK(events[0]["RRULE"] == "FREQ=YEARLY;UNTIL=20240831");
  CHECK(Unescape(events[0]["SUMMARY"]) == a.summary);
  CHECK(Unescape(events[0]["DESCRIPTION"]) == a.description);
  CHECK(events[0]["CATEGORIES"] == "Дорожная карта,УО\\, отдел");
  CHECK(events[0]["URL"] == a.url);
  CHECK(events[1]["DTEND;VALUE=DATE"] == "20211002");
  CHECK(events[1]["RRULE"] == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;UNTIL=20221231");
  CHECK(events[1].count("DESCRIPTION") == 0);
}
