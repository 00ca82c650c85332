#include "publish/csv_export.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <sstream>

#include "load/encoding.h"

namespace nastavnik {

namespace {

constexpr char kDelimiter = ';';
constexpr std::string_view kRowEnd = "\r\n";

// Quotes a value when a reader could misread it: it holds the delimiter, a
// quote, a line break or a tab, or it has spaces at either end. Commas are not
// quoted: they are no delimiter here, and a quoted "1234,5" is not a number
// to every program.
std::string Quoted(std::string_view v) {
  bool need = v.find_first_of(";\"\r\n\t") != std::string_view::npos ||
              (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!need) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

ExportCell ExportCell::Number(double value) {
  ExportCell c;
  c.kind_ = Kind::kNumber;
  c.number_ = value;
  return c;
}

ExportCell ExportCell::Integer(long long value) {
  ExportCell c;
  c.kind_ = Kind::kInteger;
  c.integer_ = value;
  return c;
}

ExportCell ExportCell::FromDate(const Date& date) {
  ExportCell c;
  c.kind_ = Kind::kDate;
  c.date_ = date;
  return c;
}

std::string ExportCell::Rendered() const {
  switch (kind_) {
    case Kind::kText:
      return NeutraliseFormula(text_);
    case Kind::kInteger:
      return std::to_string(integer_);
    case Kind::kDate:
      return date_.Russian();
    case Kind::kNumber: {
      if (!std::isfinite(number_)) return {};
      // Shortest text that reads back as the same double; a decimal comma
      // for a Russian Excel. A number is never neutralised: it is not text,
      // and "-5" must stay the number −5.
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), number_);
      if (ec != std::errc()) return {};
      std::string s(buf, end);
      for (char& ch : s)
        if (ch == '.') ch = ',';
      return s;
    }
  }
  return {};
}

bool LooksLikeFormula(std::string_view text) {
  if (text.empty()) return false;
  char c = text.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Excel, LibreOffice and Google Sheets evaluate a cell that starts with '=',
// '+', '-' or '@' (and after a leading tab or CR) as a formula, so a CSV made
// from user-typed text could run =HYPERLINK(...) or DDE payloads on a
// methodist's computer. Following the OWASP "CSV Injection" recommendation,
// such text gets a leading apostrophe: every spreadsheet shows it as text.
// The apostrophe stays visible in the cell; we accept that («'+7 912 …») as
// the price of never evaluating anything. Other ways of neutralising (a
// leading space or tab) are either ignored by some programs or change the
// text less visibly, which is worse for a value someone copies on.
std::string NeutraliseFormula(std::string_view text) {
  if (!LooksLikeFormula(text)) return std::string(text);
  return "'" + std::string(text);
}

void AppendCsvText(std::string_view text, std::string* out) {
  // NeutraliseFormula, then Quoted, without either temporary.
  const bool lead = LooksLikeFormula(text);
  // (find_first_of would call memchr once per byte; a table is one load.)
  static constexpr auto kQuoted = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {';', '"', '\r', '\n', '\t'}) t[c] = true;
    return t;
  }();
  const bool need = std::any_of(text.begin(), text.end(), [](char c) { return kQuoted[static_cast<unsigned char>(c)]; }) ||
                    (!text.empty() && ((!lead && text.front() == ' ') || text.back() == ' '));
  if (need) out->push_back('"');
  if (lead) out->push_back('\'');
  if (!need) {
    out->append(text);
    return;
  }
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendCsvField(const ExportCell& cell, std::string* out) { out->append(Quoted(cell.Rendered())); }

CsvWriter::CsvWriter(std::ostream& out) : out_(out) { out_ << kUtf8Bom; }

void CsvWriter::WriteRow(const ExportRow& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out_ << kDelimiter;
    out_ << Quoted(row[i].Rendered());
  }
  out_ << kRowEnd;
}

std::string WriteCsv(const std::vector<ExportRow>& rows) {
  std::ostringstream out;
  CsvWriter writer(out);
  for (const auto& row : rows) writer.WriteRow(row);
  return out.str();
}

}  // namespace nastavnik
