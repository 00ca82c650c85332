#pragma once
// Charts drawn at build time as inline SVG: the roadmap's timeline (Gantt),
// per-organization bars against a target line, and a municipal trend by
// year. No JavaScript. Every chart is `role="img"` with a <title> and a
// <desc>; the page shows the same numbers in a table, which is the text
// alternative the <desc> points to. Every text is XML-escaped here, so the
// result may go into a template's `*_html` key.
//
// Colours come from CSS classes (style.css) with fill attributes as a
// fallback; states are also told apart by text and patterns, not colour alone.
#include <optional>
#include <string>
#include <vector>

#include "util/date.h"

namespace nastavnik {

struct ChartText {
  std::string id;     // unique on the page: ids of <title>/<desc> derive from it
  std::string title;
  std::string desc;
};

struct GanttSpan {
  Date start, end;  // inclusive; start == end draws a milestone
};

struct GanttRow {
  std::string label;   // "2.3"
  std::string tooltip; // the event
  std::string state;   // RoadmapStateName: "done", "overdue", …
  std::vector<GanttSpan> spans;  // empty rows are drawn with their label only
  bool section = false;          // a section heading: label only, bold
};

// REQUIRES: axis_start <= axis_end.
std::string GanttSvg(const ChartText& text, const std::vector<GanttRow>& rows, Date axis_start,
                     Date axis_end, Date today);

struct BarItem {
  std::string label;
  std::optional<long long> tenths;  // nullopt: «нет данных»
};

// Horizontal bars, one per item, with a dashed target line when given.
// `unit` is printed after values ("%", "" for points).
std::string BarChartSvg(const ChartText& text, const std::vector<BarItem>& items,
                        std::optional<long long> target_tenths, const std::string& unit);

struct TrendPoint {
  std::string label;                       // "2021-2022"
  std::optional<long long> tenths;         // the value
  std::optional<long long> target_tenths;  // the target of that year
};

// Vertical bars by year with the target of each year as a marker.
std::string TrendChartSvg(const ChartText& text, const std::vector<TrendPoint>& points,
                          const std::string& unit);

// Escapes & < > " ' for XML text and attributes.
std::string EscapeXml(std::string_view s);

}  // namespace nastavnik
