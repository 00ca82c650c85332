#include "diag/report.h"

#include <fstream>

#include "util/json.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

const char* SeverityWord(Severity s) { return s == Severity::kError ? "ошибка" : "предупреждение"; }

// GitHub annotation values escape %, CR and LF; properties also ',' and ':'.
std::string GithubEscapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string GithubEscapeProperty(std::string_view s) {
  std::string out = GithubEscapeData(s);
  out = ReplaceAll(out, ":", "%3A");
  out = ReplaceAll(out, ",", "%2C");
  return out;
}

constexpr size_t kMaxShownColumns = 100;

}  // namespace

std::string RenderTextDiagnostic(const Diagnostic& d, const SourceLineReader& read_line) {
  std::string out = d.pos.path.empty() ? std::string("nastavnik") : d.pos.path;
  if (d.pos.line > 0) {
    out += ":" + std::to_string(d.pos.line);
    if (d.pos.column > 0) out += ":" + std::to_string(d.pos.column);
  }
  out += ": ";
  out += SeverityWord(d.severity);
  out += " " + d.code + ": " + d.message + "\n";
  if (d.pos.line > 0) {
    std::string line = d.source_line;
    if (line.empty() && read_line) line = read_line(d.pos.path, d.pos.line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (!line.empty()) {
      // Tabs would shift the caret; show them as one space each.
      line = ReplaceAll(line, "\t", " ");
      size_t col = d.pos.column > 0 ? static_cast<size_t>(d.pos.column) : 1;
      size_t first = 0;
      if (col > kMaxShownColumns) first = col - kMaxShownColumns / 2;
      std::string shown = line.substr(ByteOffsetOfCodepoint(line, first));
      shown = shown.substr(0, ByteOffsetOfCodepoint(shown, kMaxShownColumns));
      out += "    " + shown + "\n";
      if (d.pos.column > 0) out += "    " + std::string(col - 1 - first, ' ') + "^ здесь\n";
    }
  }
  if (!d.hint.empty()) out += "  подсказка: " + d.hint + "\n";
  return out;
}

std::string RenderReport(const std::vector<Diagnostic>& diags, ReportFormat format,
                         const SourceLineReader& read_line) {
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) (d.severity == Severity::kError ? errors : warnings)++;
  std::string out;
  switch (format) {
    case ReportFormat::kText:
      for (const auto& d : diags) out += RenderTextDiagnostic(d, read_line);
      if (!diags.empty())
        out += "Найдено ошибок: " + std::to_string(errors) +
               ", предупреждений: " + std::to_string(warnings) + "\n";
      break;
    case ReportFormat::kGithub:
      for (const auto& d : diags) {
        out += d.severity == Severity::kError ? "::error " : "::warning ";
        out += "file=" + GithubEscapeProperty(d.pos.path);
        if (d.pos.line > 0) out += ",line=" + std::to_string(d.pos.line);
        if (d.pos.column > 0) out += ",col=" + std::to_string(d.pos.column);
        out += ",title=" + GithubEscapeProperty(d.code);
        out += "::" + GithubEscapeData(d.message + (d.hint.empty() ? "" : "\n" + d.hint)) + "\n";
      }
      break;
    case ReportFormat::kJson: {
      JsonWriter w;
      w.BeginObject().Key("errors").Int(static_cast<long long>(errors));
      w.Key("warnings").Int(static_cast<long long>(warnings));
      w.Key("diagnostics").BeginArray();
      for (const auto& d : diags) {
        w.BeginObject();
        w.Key("file").String(d.pos.path);
        w.Key("line").Int(d.pos.line);
        w.Key("column").Int(d.pos.column);
        w.Key("severity").String(d.severity == Severity::kError ? "error" : "warning");
        w.Key("code").String(d.code);
        w.Key("message").String(d.message);
        w.Key("hint").String(d.hint);
        w.EndObject();
      }
      w.EndArray().EndObject();
      out = w.str() + "\n";
      break;
    }
  }
  return out;
}

SourceLineReader FileLineReader(const std::string& root) {
  return [root](const std::string& path, int line) -> std::string {
    std::ifstream in(root + "/" + path, std::ios::binary);
    if (!in) return {};
    std::string text;
    for (int i = 1; std::getline(in, text); ++i) {
      if (i == line) return text;
    }
    return {};
  };
}

}  // namespace nastavnik
