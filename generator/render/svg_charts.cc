#include "render/svg_charts.h"

#include <algorithm>
#include <cstdio>

#include "model/indicators.h"
#include "util/strings.h"

namespace nastavnik {

std::string EscapeXml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Coordinates with one decimal: short, stable output.
std::string N(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string Open(const ChartText& t, double width, double height, const std::string& css_class) {
  std::string id = EscapeXml(t.id);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart " + css_class + "\" viewBox=\"0 0 " +
         N(width) + " " + N(height) + "\" width=\"" + N(width) + "\" height=\"" + N(height) +
         "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\">\n<title id=\"" + id +
         "-title\">" + EscapeXml(t.title) + "</title>\n<desc id=\"" + id + "-desc\">" + EscapeXml(t.desc) +
         "</desc>\n";
}

std::string Text(double x, double y, const std::string& text, const std::string& attrs = "") {
  return "<text x=\"" + N(x) + "\" y=\"" + N(y) + "\"" + (attrs.empty() ? "" : " " + attrs) + ">" +
         EscapeXml(text) + "</text>\n";
}

// A round upper bound for an axis: 1, 2, 2.5, 5 ×10^k (in tenths).
long long NiceMax(long long tenths) {
  if (tenths <= 0) return 10;
  long long scale = 1;
  while (scale * 10 < tenths) scale *= 10;
  for (long long m : {10LL, 20LL, 25LL, 50LL, 100LL})
    if (m * scale / 10 >= tenths) return m * scale / 10;
  return 100 * scale;
}

std::string StateFill(const std::string& state) {
  if (state == "done") return "#1d6b33";
  if (state == "overdue") return "#a4161a";
  if (state == "due_soon") return "#8a4b00";
  if (state == "in_progress") return "#0b4f8a";
  if (state == "cancelled") return "#6b7580";
  return "#4a5560";
}

}  // namespace

std::string GanttSvg(const ChartText& text, const std::vector<GanttRow>& rows, Date axis_start, Date axis_end,
                     Date today) {
  const double label_w = 56, width = 960, row_h = 20, top = 34, chart_w = width - label_w - 8;
  const double height = top + row_h * static_cast<double>(rows.size()) + 12;
  const long first = axis_start.DaysSinceEpoch();
  const double days = static_cast<double>(axis_end.DaysSinceEpoch() - first + 1);
  auto x_of = [&](Date d) {
    double off = static_cast<double>(d.DaysSinceEpoch() - first);
    return label_w + std::clamp(off, 0.0, days) / days * chart_w;
  };
  std::string out = Open(text, width, height, "gantt");
  out += "<g class=\"gantt-grid\">\n";
  // Year and half-year ticks: academic years begin in September, so label
  // each 1 January and 1 September that falls on the axis.
  for (int y = axis_start.year; y <= axis_end.year + 1; ++y) {
    for (int m : {1, 9}) {
      Date d{y, m, 1};
      if (d < axis_start || d > axis_end) continue;
      double x = x_of(d);
      out += "<line x1=\"" + N(x) + "\" y1=\"" + N(top - 6) + "\" x2=\"" + N(x) + "\" y2=\"" + N(height - 8) +
             "\" stroke=\"#c9d1d9\"" + (m == 1 ? "" : " stroke-dasharray=\"3 3\"") + "/>\n";
      out += Text(x + 3, top - 10, m == 1 ? std::to_string(y) : "сен " + std::to_string(y),
                  "class=\"gantt-tick\" font-size=\"11\" fill=\"#4a5560\"");
    }
  }
  out += "</g>\n";
  double y = top;
  for (const auto& r : rows) {
    std::string state_attr = "state-" + r.state;
    out += "<g class=\"gantt-row " + EscapeXml(state_attr) + "\">";
    if (!r.tooltip.empty()) out += "<title>" + EscapeXml(r.label + " " + r.tooltip) + "</title>";
    out += "\n";
    out += Text(4, y + row_h * 0.7, r.label,
                std::string("font-size=\"12\" fill=\"#1b1f24\"") + (r.section ? " font-weight=\"700\"" : ""));
    for (const auto& s : r.spans) {
      if (s.end < axis_start || s.start > axis_end) continue;
      double x1 = x_of(s.start), x2 = x_of(s.end.AddDays(1));
      if (s.start == s.end || x2 - x1 < 3) {
        // A milestone: a diamond, visible even for a single day.
        double cx = (x1 + x2) / 2, cy = y + row_h / 2, r6 = 6;
        out += "<path class=\"gantt-mark\" d=\"M" + N(cx) + " " + N(cy - r6) + "L" + N(cx + r6) + " " + N(cy) +
               "L" + N(cx) + " " + N(cy + r6) + "L" + N(cx - r6) + " " + N(cy) + "Z\" fill=\"" +
               StateFill(r.state) + "\"/>\n";
      } else {
        out += "<rect class=\"gantt-bar\" x=\"" + N(x1) + "\" y=\"" + N(y + 4) + "\" width=\"" + N(x2 - x1) +
               "\" height=\"" + N(row_h - 8) + "\" rx=\"2\" fill=\"" + StateFill(r.state) + "\"/>\n";
      }
    }
    out += "</g>\n";
    y += row_h;
  }
  if (today >= axis_start && today <= axis_end) {
    double x = x_of(today);
    out += "<g class=\"gantt-today\"><line x1=\"" + N(x) + "\" y1=\"" + N(top - 4) + "\" x2=\"" + N(x) +
           "\" y2=\"" + N(height - 8) + "\" stroke=\"#1b1f24\" stroke-width=\"2\"/>" +
           Text(x + 3, height - 1, "сегодня, " + today.Russian(), "font-size=\"11\" fill=\"#1b1f24\"") + "</g>\n";
  }
  out += "</svg>";
  return out;
}

std::string BarChartSvg(const ChartText& text, const std::vector<BarItem>& items,
                        std::optional<long long> target_tenths, const std::string& unit) {
  const double label_w = 300, width = 760, row_h = 26, top = 28, value_w = 90;
  const double chart_w = width - label_w - value_w;
  const double height = top + row_h * static_cast<double>(items.size()) + 10;
  long long max = target_tenths.value_or(0);
  for (const auto& it : items)
    if (it.tenths) max = std::max(max, *it.tenths);
  long long axis = NiceMax(max);
  auto x_of = [&](long long t) { return label_w + chart_w * static_cast<double>(std::max(0LL, t)) / axis; };
  std::string out = Open(text, width, height, "bars");
  out += "<line x1=\"" + N(label_w) + "\" y1=\"" + N(top - 6) + "\" x2=\"" + N(label_w) + "\" y2=\"" +
         N(height - 6) + "\" stroke=\"#4a5560\"/>\n";
  out += Text(label_w, top - 10, "0", "font-size=\"11\" fill=\"#4a5560\"");
  out += Text(label_w + chart_w, top - 10, FormatTenthsRussian(axis) + unit,
              "font-size=\"11\" fill=\"#4a5560\" text-anchor=\"end\"");
  double y = top;
  for (const auto& it : items) {
    out += Text(label_w - 6, y + row_h * 0.65, it.label, "font-size=\"12\" fill=\"#1b1f24\" text-anchor=\"end\"");
    if (it.tenths) {
      bool reached = target_tenths && *it.tenths >= *target_tenths;
      double x2 = x_of(*it.tenths);
      out += "<rect class=\"bar" + std::string(reached ? " bar-reached" : "") + "\" x=\"" + N(label_w) +
             "\" y=\"" + N(y + 5) + "\" width=\"" + N(std::max(x2 - label_w, 1.0)) + "\" height=\"" +
             N(row_h - 10) + "\" fill=\"" + (reached ? "#1d6b33" : "#0b4f8a") + "\"/>\n";
      out += Text(label_w + chart_w + 6, y + row_h * 0.65, FormatTenthsRussian(*it.tenths) + unit,
                  "font-size=\"12\" fill=\"#1b1f24\"");
    } else {
      out += Text(label_w + 6, y + row_h * 0.65, "нет данных", "font-size=\"12\" fill=\"#4a5560\"");
    }
    y += row_h;
  }
  if (target_tenths) {
    double x = x_of(*target_tenths);
    out += "<g class=\"target\"><line x1=\"" + N(x) + "\" y1=\"" + N(top - 4) + "\" x2=\"" + N(x) + "\" y2=\"" +
           N(height - 6) + "\" stroke=\"#a4161a\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>" +
           Text(x + 3, top - 10, "цель " + FormatTenthsRussian(*target_tenths) + unit,
                "font-size=\"11\" fill=\"#a4161a\"") +
           "</g>\n";
  }
  out += "</svg>";
  return out;
}

std::string TrendChartSvg(const ChartText& text, const std::vector<TrendPoint>& points, const std::string& unit) {
  const double width = 560, height = 240, left = 40, bottom = 36, top = 24;
  const double chart_h = height - top - bottom;
  const double slot = (width - left - 10) / static_cast<double>(std::max<size_t>(points.size(), 1));
  long long max = 0;
  for (const auto& p : points) {
    if (p.tenths) max = std::max(max, *p.tenths);
    if (p.target_tenths) max = std::max(max, *p.target_tenths);
  }
  long long axis = NiceMax(max);
  auto y_of = [&](long long t) { return top + chart_h - chart_h * static_cast<double>(std::max(0LL, t)) / axis; };
  std::string out = Open(text, width, height, "trend");
  out += "<line x1=\"" + N(left) + "\" y1=\"" + N(top + chart_h) + "\" x2=\"" + N(width - 10) + "\" y2=\"" +
         N(top + chart_h) + "\" stroke=\"#4a5560\"/>\n";
  out += Text(left - 4, top + 4, FormatTenthsRussian(axis) + unit,
              "font-size=\"11\" fill=\"#4a5560\" text-anchor=\"end\"");
  out += Text(left - 4, top + chart_h, "0", "font-size=\"11\" fill=\"#4a5560\" text-anchor=\"end\"");
  double x = left;
  for (const auto& p : points) {
    double cx = x + slot / 2, bw = std::min(slot * 0.5, 80.0);
    if (p.tenths) {
      double y1 = y_of(*p.tenths);
      bool reached = p.target_tenths && *p.tenths >= *p.target_tenths;
      out += "<rect class=\"bar" + std::string(reached ? " bar-reached" : "") + "\" x=\"" + N(cx - bw / 2) +
             "\" y=\"" + N(y1) + "\" width=\"" + N(bw) + "\" height=\"" + N(top + chart_h - y1) + "\" fill=\"" +
             (reached ? "#1d6b33" : "#0b4f8a") + "\"/>\n";
      out += Text(cx, y1 - 4, FormatTenthsRussian(*p.tenths) + unit,
                  "font-size=\"12\" fill=\"#1b1f24\" text-anchor=\"middle\"");
    } else {
      out += Text(cx, top + chart_h - 6, "нет данных", "font-size=\"11\" fill=\"#4a5560\" text-anchor=\"middle\"");
    }
    if (p.target_tenths) {
      double ty = y_of(*p.target_tenths);
      out += "<line class=\"target\" x1=\"" + N(cx - bw / 2 - 6) + "\" y1=\"" + N(ty) + "\" x2=\"" +
             N(cx + bw / 2 + 6) + "\" y2=\"" + N(ty) + "\" stroke=\"#a4161a\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n";
    }
    out += Text(cx, height - bottom + 16, p.label, "font-size=\"12\" fill=\"#1b1f24\" text-anchor=\"middle\"");
    x += slot;
  }
  out += Text(left, height - 4, "Пунктир — целевое значение года", "font-size=\"11\" fill=\"#a4161a\"");
  out += "</svg>";
  return out;
}

}  // namespace nastavnik
