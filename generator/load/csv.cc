#include "load/csv.h"

#include <csv.h>

#include <algorithm>
#include <utility>

#include "util/strings.h"

namespace nastavnik {

namespace {

// libcsv options. CSV_STRICT reports a stray quote; CSV_STRICT_FINI reports a
// quote still open at the end of the file. CSV_APPEND_NULL and
// CSV_EMPTY_IS_NULL are not used: fields are copied with their length, and an
// empty field is the same as an absent one for a registry.
constexpr unsigned char kCsvOptions = CSV_STRICT | CSV_STRICT_FINI;

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kNbsp = "\xC2\xA0";

struct Pos {
  int line = 1;
  int column = 1;
};

struct RawField {
  std::string value;
  Pos pos;
};

struct RawRow {
  std::vector<RawField> fields;
  Pos end;  // where the row's terminating line break (or the end of the file) is
};

// Trims ASCII white space and no-break spaces (Excel users paste them from
// Word and web pages).
std::string_view TrimCell(std::string_view s) {
  while (true) {
    std::string_view t = Trim(s);
    if (StartsWith(t, kNbsp)) t.remove_prefix(kNbsp.size());
    else if (EndsWith(t, kNbsp)) t.remove_suffix(kNbsp.size());
    else return t;
    s = t;
  }
}

// CRLF and CR inside a quoted value become LF, so a value does not depend on
// the line ends the file was saved with.
std::string NormalizeValue(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      out += raw[i];
    }
  }
  return std::string(TrimCell(out));
}

// A value for a message: quoted in «», cut to a readable length, one line.
std::string Shown(std::string_view value) {
  constexpr size_t kMax = 40;
  std::string v = ReplaceAll(std::string(value), "\n", " ");
  if (CodepointCount(v) > kMax) v = v.substr(0, ByteOffsetOfCodepoint(v, kMax - 1)) + "…";
  return "«" + v + "»";
}

std::string DelimiterName(char d) {
  switch (d) {
    case ';': return "точка с запятой «;»";
    case ',': return "запятая «,»";
    case '\t': return "табуляция";
    default: return std::string("«") + d + "»";
  }
}

// "разделены …": the delimiter in the instrumental plural.
std::string DelimiterPlural(char d) {
  switch (d) {
    case ';': return "точками с запятой «;»";
    case ',': return "запятыми «,»";
    case '\t': return "табуляциями";
    default: return std::string("знаками «") + d + "»";
  }
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      lines.emplace_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.emplace_back(text.substr(start));
  return lines;
}

// Line and column of byte `offset` of `text`.
Pos PosAt(std::string_view text, size_t offset) {
  Pos p;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || (c == '\n' && !(i > 0 && text[i - 1] == '\r'))) {
      ++p.line;
      p.column = 1;
    } else if (c != '\n' && (c & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

bool IsLineBreak(unsigned char c) { return c == '\r' || c == '\n'; }

// Drives libcsv one byte at a time and keeps the line and column libcsv does
// not: the start of every field and the end of every row.
class Parser {
 public:
  Parser(std::string_view text, char delimiter, const std::string& path,
         const std::vector<std::string>& lines, Diagnostics& diags)
      : text_(text), delimiter_(delimiter), path_(path), lines_(lines), diags_(diags) {}

  // Parses the whole text; returns the rows in file order.
  std::vector<RawRow> Run(size_t start, Pos start_pos) {
    bool restarted_after_open_quote = false;
    while (true) {
      Outcome o = ParseFrom(start, start_pos);
      if (o.kind == Outcome::kDone) break;
      if (o.kind == Outcome::kOpenQuote) {
        // The quote swallowed the rest of the file. Read on from the line
        // after it, so the later rows are still checked. This happens at most
        // once: in the swallowed text every run of quotes has an even length,
        // so it cannot leave another quote open (and the work stays linear).
        if (restarted_after_open_quote) break;
        restarted_after_open_quote = true;
      }
      if (!NextLineAfter(o.offset, o.pos, start, start_pos)) break;
    }
    return std::move(rows_);
  }

  bool had_errors() const { return had_errors_; }

 private:
  struct Outcome {
    enum Kind { kDone, kOpenQuote, kBadQuote } kind = kDone;
    size_t offset = 0;  // the byte to resume after (its line)
    Pos pos;            // its position
  };

  void Error(Pos pos, const char* code, std::string message, std::string hint) {
    had_errors_ = true;
    Diagnostic d{{path_, pos.line, pos.column}, Severity::kError, code, std::move(message),
                 std::move(hint), {}};
    if (pos.line >= 1 && static_cast<size_t>(pos.line) <= lines_.size())
      d.source_line = lines_[pos.line - 1];
    diags_.Add(std::move(d));
  }

  // The start of the physical line after the one holding byte `offset`.
  bool NextLineAfter(size_t offset, Pos pos, size_t& start, Pos& start_pos) const {
    size_t j = text_.find_first_of("\r\n", offset);
    if (j == std::string_view::npos) return false;
    if (text_[j] == '\r' && j + 1 < text_.size() && text_[j + 1] == '\n') ++j;
    start = j + 1;
    start_pos = Pos{pos.line + 1, 1};
    return start < text_.size();
  }

  Outcome ParseFrom(size_t start, Pos start_pos) {
    csv_parser p;
    if (csv_init(&p, kCsvOptions) != 0) return {};
    csv_set_delim(&p, static_cast<unsigned char>(delimiter_));
    cur_ = start_pos;
    field_start_ = start_pos;
    field_start_offset_ = start;
    field_started_ = false;
    row_.clear();
    Outcome out;
    for (size_t i = start; i < text_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text_[i]);
      Pos here = cur_;
      if (!field_started_ && c != ' ' && c != '\t' && !IsLineBreak(c) &&
          c != static_cast<unsigned char>(delimiter_))
        field_started_ = true;
      field_done_ = false;
      if (csv_parse(&p, text_.data() + i, 1, &Parser::OnField, &Parser::OnRow, this) != 1) {
        if (csv_error(&p) == CSV_EPARSE) {
          if (p.quoted) {
            Error(here, "E023", "после закрывающей кавычки значение продолжается",
                  "если кавычка — часть текста, заключите всё значение в кавычки и удвойте "
                  "кавычки внутри: \"ООО \"\"Ромашка\"\"\". Строка не прочитана.");
          } else {
            Error(here, "E023", "кавычка внутри значения, которое не заключено в кавычки",
                  "заключите всё значение в кавычки и удвойте кавычки внутри: "
                  "\"ООО \"\"Ромашка\"\"\". Строка не прочитана.");
          }
        } else {
          Error(here, "E027", "файл не удалось прочитать: значение слишком большое",
                "проверьте, что файл — таблица CSV, выгруженная из Excel.");
          csv_free(&p);
          return out;
        }
        csv_free(&p);
        out.kind = Outcome::kBadQuote;
        out.offset = i;
        out.pos = here;
        return out;
      }
      // Advance the position past this byte.
      if (c == '\r' || (c == '\n' && !(i > start && text_[i - 1] == '\r'))) {
        ++cur_.line;
        cur_.column = 1;
      } else if (c != '\n' && (c & 0xC0) != 0x80) {
        ++cur_.column;
      }
      // Until a field's first character is seen, its start moves past every
      // space, delimiter and line break.
      if (field_done_) field_started_ = false;
      if (!field_started_) {
        field_start_ = cur_;
        field_start_offset_ = i + 1;
      }
    }
    if (csv_fini(&p, &Parser::OnField, &Parser::OnRow, this) != 0) {
      Error(field_start_, "E022", "кавычка открыта, но не закрыта до конца файла",
            "поставьте закрывающую кавычку в конце значения. Если кавычка — часть текста, "
            "заключите всё значение в кавычки и удвойте кавычки внутри: "
            "\"ООО \"\"Ромашка\"\"\". Строка с этой кавычкой не прочитана.");
      out.kind = Outcome::kOpenQuote;
      out.offset = field_start_offset_;
      out.pos = field_start_;
    }
    csv_free(&p);
    return out;
  }

  static void OnField(void* data, size_t len, void* self_ptr) {
    auto* self = static_cast<Parser*>(self_ptr);
    std::string_view raw = data ? std::string_view(static_cast<const char*>(data), len)
                                : std::string_view();
    self->row_.push_back(RawField{NormalizeValue(raw), self->field_start_});
    self->field_done_ = true;
  }

  static void OnRow(int /*terminator*/, void* self_ptr) {
    auto* self = static_cast<Parser*>(self_ptr);
    self->rows_.push_back(RawRow{std::move(self->row_), self->cur_});
    self->row_.clear();
    self->field_done_ = true;
  }

  std::string_view text_;
  char delimiter_;
  const std::string& path_;
  const std::vector<std::string>& lines_;
  Diagnostics& diags_;

  Pos cur_;                       // position of the byte being fed
  Pos field_start_;               // where the current field starts
  size_t field_start_offset_ = 0;
  bool field_started_ = false;    // a non-space byte of the field was seen
  bool field_done_ = false;       // libcsv ended a field or row on this byte
  std::vector<RawField> row_;
  std::vector<RawRow> rows_;
  bool had_errors_ = false;
};

bool RowIsEmpty(const RawRow& row) {
  return std::all_of(row.fields.begin(), row.fields.end(),
                     [](const RawField& f) { return f.value.empty(); });
}

}  // namespace

int CsvTable::ColumnIndex(std::string_view name) const {
  std::string key = FoldKey(name);
  for (size_t i = 0; i < header.size(); ++i)
    if (FoldKey(header[i].value) == key) return static_cast<int>(i);
  return -1;
}

char DetectDelimiter(std::string_view text) {
  if (StartsWith(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  size_t semicolons = 0, commas = 0, tabs = 0;
  bool in_quotes = false;
  bool seen_content = false;
  for (char c : text) {
    if (c == '"') {
      in_quotes = !in_quotes;
      seen_content = true;
    } else if (in_quotes) {
      continue;
    } else if (c == '\r' || c == '\n') {
      if (seen_content) break;  // the end of the first non-empty record
    } else if (c == ';') {
      ++semicolons;
      seen_content = true;
    } else if (c == ',') {
      ++commas;
      seen_content = true;
    } else if (c == '\t') {
      ++tabs;
    } else if (c != ' ') {
      seen_content = true;
    }
  }
  if (tabs > semicolons && tabs > commas) return '\t';
  if (commas > semicolons) return ',';
  return ';';
}

CsvTable ReadCsv(const std::string& path, std::string_view bytes, const CsvOptions& opts,
                 Diagnostics& diags) {
  CsvTable table;
  table.path = path;

  auto file_error = [&](std::string message, std::string hint) {
    diags.Error({path, 0, 0}, "E021", std::move(message), std::move(hint));
  };
  // Files that are not text at all: say what they are.
  if (StartsWith(bytes, "PK\x03\x04") || StartsWith(bytes, "\xD0\xCF\x11\xE0")) {
    table.complete = false;
    file_error("это файл Excel, а не таблица CSV",
               "откройте его в Excel и сохраните как «CSV (разделители — точки с запятой)» "
               "или «CSV UTF-8».");
    return table;
  }
  if (StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF")) {
    table.complete = false;
    file_error("файл в кодировке UTF-16 («Текст Юникод»), nastavnik читает UTF-8 и Windows-1251",
               "сохраните таблицу в Excel как «CSV UTF-8 (разделитель — запятая)» или «CSV "
               "(разделители — точки с запятой)».");
    return table;
  }

  // A BOM settles the encoding even against the settings: as Windows-1251 it
  // would be the letters «п»ї», which no registry starts with.
  bool bom = StartsWith(bytes, kUtf8Bom);
  table.encoding = bom ? TextEncoding::kUtf8
                       : opts.encoding ? *opts.encoding : DetectEncoding(bytes);
  DecodedText decoded = DecodeToUtf8(bytes, table.encoding);
  std::string& text = decoded.text;

  // NUL bytes mean a binary file; they would also break every later stage.
  size_t first_nul = text.find('\0');
  if (first_nul != std::string::npos) {
    std::string cleaned;
    cleaned.reserve(text.size() + 8);
    for (char c : text) {
      if (c == '\0') cleaned += kReplacementChar;
      else cleaned += c;
    }
    text = std::move(cleaned);
  }
  table.lines = SplitLines(text);

  auto error_at = [&](Pos pos, const char* code, std::string message, std::string hint) {
    Diagnostic d{{path, pos.line, pos.column}, Severity::kError, code, std::move(message),
                 std::move(hint), {}};
    if (pos.line >= 1 && static_cast<size_t>(pos.line) <= table.lines.size())
      d.source_line = table.lines[pos.line - 1];
    diags.Add(std::move(d));
  };

  if (first_nul != std::string::npos) {
    error_at(PosAt(text, first_nul), "E021", "в файле есть нулевые байты: это не текстовый файл",
             "сохраните таблицу в Excel как «CSV (разделители — точки с запятой)» или «CSV "
             "UTF-8».");
  } else if (decoded.invalid_count > 0) {
    std::string count = std::to_string(decoded.invalid_count);
    if (table.encoding == TextEncoding::kUtf8) {
      error_at(PosAt(text, decoded.first_invalid), "E021",
               "файл не в кодировке UTF-8, как указано в настройках реестра (неверных байтов: " +
                   count + ")",
               "уберите «encoding: utf-8» из настроек реестра, чтобы кодировка определялась "
               "сама, или сохраните файл в Excel как «CSV UTF-8».");
    } else {
      error_at(PosAt(text, decoded.first_invalid), "E021",
               "в файле есть байты, которые не являются буквами в кодировке Windows-1251 "
               "(неверных байтов: " + count + ")",
               "возможно, файл повреждён или в другой кодировке. Сохраните таблицу в Excel "
               "как «CSV UTF-8» и загрузите заново.");
    }
  }

  // Excel writes and honours a first line «sep=;» naming the delimiter.
  size_t start = 0;
  Pos start_pos;
  char delimiter = 0;
  if (!table.lines.empty() && table.lines[0].size() == 5 && StartsWith(table.lines[0], "sep=")) {
    delimiter = table.lines[0][4];
    start = 5;
    if (start < text.size() && text[start] == '\r') ++start;
    if (start < text.size() && text[start] == '\n') ++start;
    start_pos = Pos{2, 1};
  }
  if (delimiter == 0 || delimiter == '"' || delimiter == ' ')
    delimiter = DetectDelimiter(std::string_view(text).substr(start));
  if (opts.delimiter && *opts.delimiter != '"' && *opts.delimiter != '\r' &&
      *opts.delimiter != '\n' && *opts.delimiter != ' ' && *opts.delimiter != '\0')
    delimiter = *opts.delimiter;
  table.delimiter = delimiter;

  Parser parser(text, delimiter, path, table.lines, diags);
  std::vector<RawRow> raw = parser.Run(start, start_pos);
  raw.erase(std::remove_if(raw.begin(), raw.end(), RowIsEmpty), raw.end());
  if (parser.had_errors()) table.complete = false;
  if (raw.empty()) {
    table.complete = false;
    if (!parser.had_errors() && first_nul == std::string::npos)
      diags.Error({path, 0, 0}, "E020", "файл пуст: нет строки заголовка",
                  "первая строка таблицы должна содержать названия столбцов, например: "
                  "«ФИО;Организация;Роль»; под ней — по строке на запись.");
    return table;
  }

  // A row typed by hand with another delimiter («sch-1,Школа № 1,…» in a
  // file of «;») reads as one long value. Say so once, and read the row with
  // its own delimiter so its values are still checked and nothing cascades.
  const char alternatives[] = {',', ';', '\t'};
  for (size_t r = 1; r < raw.size() && raw.front().fields.size() > 1; ++r) {
    RawRow& row = raw[r];
    if (row.fields.empty() || row.fields[0].value.empty()) continue;
    // Excel writes every delimiter of a row, even for empty cells, so a row
    // without a single one was typed by hand; a value with commas in an
    // otherwise empty Excel row («Иванов, Петров;;;») is left alone.
    bool single = row.fields.size() == 1;
    int line = row.fields[0].pos.line;
    if (!single || line != row.end.line || line < 1 || static_cast<size_t>(line) > table.lines.size()) continue;
    for (char alt : alternatives) {
      if (alt == delimiter || row.fields[0].value.find(alt) == std::string::npos) continue;
      Diagnostics scratch;
      Parser reparse(table.lines[line - 1], alt, path, table.lines, scratch);
      std::vector<RawRow> again = reparse.Run(0, Pos{line, 1});
      if (again.size() != 1 || again[0].fields.size() * 2 < raw.front().fields.size() ||
          again[0].fields.size() < 2 || scratch.HasErrors())
        continue;
      error_at(row.fields[0].pos, "E028",
               "значения в этой строке разделены " + DelimiterPlural(alt) + ", а в остальном файле — " +
                   DelimiterPlural(delimiter),
               "разделяйте значения " + DelimiterPlural(delimiter) + ", как в первой строке.");
      again[0].end = row.end;
      row = std::move(again[0]);
      break;
    }
  }

  const RawRow& head = raw.front();
  size_t width = 0;  // up to the last named column; Excel's empty ones after it are dropped
  for (size_t i = 0; i < head.fields.size(); ++i)
    if (!head.fields[i].value.empty()) width = i + 1;

  // Columns to keep: named ones, and none of the unnamed ones (which are
  // reported when they hold a value).
  std::vector<size_t> kept;
  for (size_t c = 0; c < width; ++c) {
    if (!head.fields[c].value.empty()) {
      kept.push_back(c);
      continue;
    }
    for (size_t r = 1; r < raw.size(); ++r) {
      if (c < raw[r].fields.size() && !raw[r].fields[c].value.empty()) {
        const RawField& f = raw[r].fields[c];
        error_at(head.fields[c].pos, "E026",
                 "у столбца " + std::to_string(c + 1) + " нет названия, а в нём есть значения",
                 "впишите название столбца в первую строку (в столбце есть значение " +
                     Shown(f.value) + " в строке " + std::to_string(f.pos.line) +
                     ") или удалите столбец.");
        break;
      }
    }
  }

  // Duplicate names, compared as the schema compares them («ФИО» = «Ф.И.О.»).
  for (size_t a = 0; a < kept.size(); ++a) {
    const RawField& fa = head.fields[kept[a]];
    for (size_t b = 0; b < a; ++b) {
      const RawField& fb = head.fields[kept[b]];
      if (FoldKey(fa.value) == FoldKey(fb.value)) {
        error_at(fa.pos, "E025", "столбец " + Shown(fa.value) + " указан дважды",
                 "такое же название уже есть у столбца " + std::to_string(kept[b] + 1) +
                     " (" + Shown(fb.value) +
                     "). Переименуйте или удалите один из столбцов.");
        break;
      }
    }
  }

  for (size_t c : kept) {
    const RawField& f = head.fields[c];
    table.header.push_back(CsvCell{f.value, f.pos.line, f.pos.column});
  }

  table.rows.reserve(raw.size() - 1);
  for (size_t r = 1; r < raw.size(); ++r) {
    RawRow& row = raw[r];
    bool overflow = false;
    for (size_t c = width; c < row.fields.size(); ++c) {
      const RawField& f = row.fields[c];
      if (f.value.empty()) continue;
      std::string hint;
      if (width == 1) {
        hint = "первая строка файла должна быть строкой заголовка с названиями столбцов: "
               "уберите строки над ней (название таблицы и т. п.).";
      } else {
        hint = "если разделитель (" + DelimiterName(delimiter) +
               ") — часть текста, заключите значение в кавычки. Иначе добавьте название "
               "столбца в первую строку или удалите лишнее значение.";
      }
      size_t count = row.fields.size();
      while (count > width && row.fields[count - 1].value.empty()) --count;
      error_at(f.pos, "E024",
               "лишнее значение " + Shown(f.value) + ": в строке " + std::to_string(count) +
                   " значений, а в заголовке " + std::to_string(width) + " столбцов",
               std::move(hint));
      overflow = true;
      break;
    }
    CsvRow out;
    out.overflow = overflow;
    out.line = row.fields.empty() ? row.end.line : row.fields.front().pos.line;
    out.cells.reserve(kept.size());
    for (size_t c : kept) {
      if (c < row.fields.size()) {
        RawField& f = row.fields[c];
        out.cells.push_back(CsvCell{std::move(f.value), f.pos.line, f.pos.column});
      } else {
        out.cells.push_back(CsvCell{"", row.end.line, row.end.column});
      }
    }
    table.rows.push_back(std::move(out));
  }
  return table;
}

}  // namespace nastavnik
