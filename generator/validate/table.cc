#include "validate/table.h"

#include <algorithm>

#include "util/strings.h"
#include "validate/validator.h"

namespace nastavnik {

namespace {

int MatchField(const std::string& header, const Schema& schema) {
  std::string key = FoldKey(header);
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSchema& f = schema.fields[i];
    if (FoldKey(f.name) == key || FoldKey(f.title) == key) return static_cast<int>(i);
    for (const auto& a : f.aliases)
      if (FoldKey(a) == key) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

TableValidator::TableValidator(const CsvInfo& table, const CsvLines& lines, const Schema& schema,
                               Diagnostics& diags)
    : schema_(schema), path_(table.path) {
  for (const auto& f : schema.fields) labels_.push_back("столбец «" + f.title + "»");
  // A record's texts are its cells' (decoded: UTF-8), a default or an enum's
  // canonical spelling: the schema's strings are checked here, once.
  schema_utf8_ = std::all_of(schema.fields.begin(), schema.fields.end(), [](const FieldSchema& f) {
    return (!f.default_value || IsValidUtf8(*f.default_value)) &&
           std::all_of(f.enum_values.begin(), f.enum_values.end(), [](const std::string& v) { return IsValidUtf8(v); });
  });
  if (table.header.empty()) return;
  active_ = true;
  auto error = [&](const SourcePos& pos, const char* code, std::string message, std::string hint) {
    Diagnostic d{pos, Severity::kError, code, std::move(message), std::move(hint),
                 std::string(lines.Line(pos.line))};
    diags.Add(std::move(d));
  };

  std::vector<int> column_field(table.header.size(), -1);
  field_column_.assign(schema.fields.size(), -1);
  std::vector<std::string> titles;
  for (const auto& f : schema.fields) titles.push_back(f.title);
  std::vector<size_t> unknown;
  for (size_t c = 0; c < table.header.size(); ++c) {
    const CsvCell& h = table.header[c];
    int fi = MatchField(h.value, schema);
    if (fi < 0) {
      unknown.push_back(c);
      continue;
    }
    if (field_column_[fi] >= 0) {
      const CsvCell& prev = table.header[static_cast<size_t>(field_column_[fi])];
      // The same name twice is the reader's E025 already.
      if (FoldKey(prev.value) != FoldKey(h.value))
        error({table.path, h.line, h.column}, "E040",
              "столбец «" + h.value + "» повторяет столбец «" + prev.value + "»", "оставьте один из них");
      continue;
    }
    column_field[c] = fi;
    field_column_[fi] = static_cast<int>(c);
  }
  // An unknown column close to a field that has no column yet is that field
  // misspelt: report it once, and read it as that field so its values are
  // still checked and the field is not reported missing as well.
  for (size_t c : unknown) {
    const CsvCell& h = table.header[c];
    std::string near = SuggestClosest(h.value, titles);
    error({table.path, h.line, h.column}, "E040", "неизвестный столбец «" + h.value + "»",
          near.empty() ? "допустимые столбцы: " + Join(titles, "; ")
                       : "возможно, имелось в виду «" + near + "»");
    if (near.empty()) continue;
    int fi = MatchField(near, schema);
    if (fi >= 0 && field_column_[fi] < 0) {
      column_field[c] = fi;
      field_column_[fi] = static_cast<int>(c);
    }
  }
  const CsvCell& first = table.header.front();
  for (size_t fi = 0; fi < schema.fields.size(); ++fi) {
    const FieldSchema& f = schema.fields[fi];
    if (field_column_[fi] < 0 && f.required && !f.default_value)
      error({table.path, first.line, 1}, "E041", "нет обязательного столбца «" + f.title + "»",
            "добавьте столбец «" + f.title + "» в первую строку");
  }
}

void TableValidator::Row(const CsvRow& row, const CsvLines& lines, Diagnostics& diags, Record& r) {
  // Everything is assigned into `r`'s existing buffers: a streamed registry
  // allocates nothing per row once they have grown.
  r.schema = &schema_;
  r.fields = nullptr;
  r.pos.path.assign(path_);
  r.pos.line = row.line;
  r.pos.column = 1;
  r.id.clear();
  r.values.resize(schema_.fields.size());
  Diagnostics row_diags_;
  int cached_line = -1;
  std::string_view line;
  bool line_has_quote = false;
  SourcePos& pos = pos_;
  if (pos.path != path_) pos.path = path_;
  for (size_t fi = 0; fi < schema_.fields.size(); ++fi) {
    const FieldSchema& f = schema_.fields[fi];
    int c = field_column_[fi];
    if (c < 0) {
      if (f.default_value) ParseFieldValueInto(*f.default_value, f, r.pos, labels_[fi], row_diags_, r.values[fi]);
      else r.values[fi] = Value{};
      continue;
    }
    const CsvCell& cell = row.cells[static_cast<size_t>(c)];
    // Positions inside a quoted value start after its opening quote.
    pos.line = cell.line;
    pos.column = cell.column;
    if (row.plain) {
      // (No quote on the row's line: nothing to look up.)
    } else if (cell.line != cached_line) {
      cached_line = cell.line;
      line = lines.Line(cell.line);
      line_has_quote = line.find('"') != std::string_view::npos;
    }
    if (line_has_quote) {
      size_t at = ByteOffsetOfCodepoint(line, static_cast<size_t>(std::max(cell.column - 1, 0)));
      if (at < line.size() && line[at] == '"') ++pos.column;
    }
    ParseFieldValueInto(cell.value, f, pos, labels_[fi], row_diags_, r.values[fi]);
  }
  const bool row_errors = !row_diags_.empty();
  r.has_errors = row_errors || row.overflow;
  r.utf8 = schema_utf8_;  // the cells' texts are decoded CSV
  // A row with too many values (E024) has them shifted: every later cell
  // would be reported in the wrong column, so only the E024 is shown.
  if (!row.overflow && row_errors) {
    // Attach the decoded source line so a Windows-1251 file shows its text.
    for (auto d : row_diags_.Sorted()) {
      if (d.source_line.empty()) d.source_line = std::string(lines.Line(d.pos.line));
      diags.Add(std::move(d));
    }
  }
  if (!schema_.primary_key.empty()) r.id = r.Text(schema_.primary_key);
}

std::vector<Record> ValidateTable(const CsvTable& table, const Schema& schema, Diagnostics& diags) {
  std::vector<Record> records;
  if (table.header.empty()) return records;
  std::string text;
  for (const auto& l : table.lines) {
    text += l;
    text += '\n';
  }
  CsvLines lines(text);
  CsvInfo info{table.path, table.encoding, table.delimiter, table.header, table.complete};
  TableValidator v(info, lines, schema, diags);
  for (const auto& row : table.rows) {
    Record r;
    v.Row(row, lines, diags, r);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace nastavnik
