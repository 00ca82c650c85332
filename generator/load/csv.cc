#include "load/csv.h"

#include <csv.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
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
  bool plain = false;  // read by FastLine: one line, no quote (CsvRow::plain)
};

// Trims ASCII white space and no-break spaces (Excel users paste them from
// Word and web pages).
std::string_view TrimCell(std::string_view s) {
  while (true) {
    std::string_view t = Trim(s);
    // (0xC2 is the no-break space's first byte: most cells end here.)
    if (t.empty() || (t.front() != kNbsp[0] && t[t.size() - 1] != kNbsp[1])) return t;
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


bool IsLineBreak(unsigned char c) { return c == '\r' || c == '\n'; }

// DetectDelimiter, and whether the first non-empty record ended within
// `text` (otherwise the rest of the file may still change the answer).
char DetectDelimiterIn(std::string_view text, bool* complete);


// The decoded text as the parser reads it: the whole text, or a window that
// grows piece by piece at its end (`fill` appends the next piece, false at
// the end of the file) and drops, when it grows, everything before `keep`
// (the parser moves it to each point where no earlier byte is needed again:
// the start of a row, less one byte for the CR of a CRLF). Offsets are from
// the start of the text.
class TextWindow {
 public:
  using Fill = std::function<bool(std::string&)>;
  explicit TextWindow(std::string_view whole) : view_(whole) {}
  explicit TextWindow(Fill fill) : fill_(std::move(fill)), more_(true) {}

  size_t end() const { return base_ + view_.size(); }
  char operator[](size_t i) const { return view_[i - base_]; }
  std::string_view Slice(size_t b, size_t e) const { return view_.substr(b - base_, e - b); }
  // Reads the next piece; false at the end of the text.
  bool More() {
    if (!more_) return false;
    if (keep_all) keep = base_;
    if (keep > base_ && keep - base_ >= buf_.size() / 2) {
      buf_.erase(0, keep - base_);
      base_ = keep;
    }
    more_ = fill_(buf_);
    view_ = buf_;
    return true;
  }
  // True when byte `i` is in the window (read up to it when needed).
  bool Has(size_t i) {
    while (i >= end())
      if (!More()) return false;
    return true;
  }
  // The first line break at or after `i`; npos when there is none.
  size_t FindLineBreak(size_t i) {
    for (;;) {
      size_t j = i < end() ? nastavnik::FindLineBreak(view_, i - base_) : std::string_view::npos;
      if (j != std::string_view::npos) return base_ + j;
      i = std::max(i, end());
      if (!More()) return std::string_view::npos;
    }
  }
  // The whole text read so far (all of it with `keep_all`).
  std::string_view Read() const { return view_; }

  size_t keep = 0;
  bool keep_all = false;  // never drop anything (ReadCsv holds every line)

 private:
  Fill fill_;
  bool more_ = false;
  std::string buf_;
  std::string_view view_;
  size_t base_ = 0;
};

// The lines of a window, for diagnostics: those of the row being read (from
// `Anchor`, the start of its first line) and the pinned ones (the header's).
class WindowLines : public CsvLines {
 public:
  explicit WindowLines(TextWindow& w) : CsvLines(std::string_view()), w_(w) {}
  void Anchor(int line, size_t offset) {
    line_ = line;
    offset_ = offset;
  }
  void Pin(int from, int to) {
    for (int l = from; l <= to; ++l) pinned_[l] = std::string(Line(l));
  }
  std::string_view Line(int line) const override {
    auto it = pinned_.find(line);
    if (it != pinned_.end()) return it->second;
    if (line < line_) return {};
    size_t b = offset_;
    for (int l = line_; l < line; ++l) {
      size_t e = w_.FindLineBreak(b);
      if (e == std::string_view::npos) return {};
      if (w_[e] == '\r' && w_.Has(e + 1) && w_[e + 1] == '\n') ++e;
      b = e + 1;
      if (!w_.Has(b)) return {};
    }
    size_t e = w_.FindLineBreak(b);
    if (e == std::string_view::npos) e = w_.end();
    return w_.Slice(b, e);
  }

 private:
  TextWindow& w_;
  int line_ = 1;
  size_t offset_ = 0;
  std::map<int, std::string> pinned_;
};

// Drives libcsv one byte at a time and keeps the line and column libcsv does
// not: the start of every field and the end of every row.
class Parser {
 public:
  // `emit` may move or swap from the row it is given.
  using Emit = std::function<void(RawRow&)>;
  // `anchor`, when given, learns where each row starts (WindowLines).
  Parser(TextWindow& text, char delimiter, const std::string& path, const CsvLines& lines,
         Diagnostics& diags, Emit emit, WindowLines* anchor = nullptr)
      : text_(text), delimiter_(delimiter), path_(path), lines_(lines), diags_(diags),
        emit_(std::move(emit)), anchor_(anchor) {}

  // Parses the whole text; hands every row to `emit` in file order.
  void Run(size_t start, Pos start_pos) {
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
    d.source_line = std::string(lines_.Line(pos.line));
    diags_.Add(std::move(d));
  }

  // The start of the physical line after the one holding byte `offset`.
  bool NextLineAfter(size_t offset, Pos pos, size_t& start, Pos& start_pos) const {
    size_t j = text_.FindLineBreak(offset);
    if (j == std::string_view::npos) return false;
    if (text_[j] == '\r' && text_.Has(j + 1) && text_[j + 1] == '\n') ++j;
    start = j + 1;
    start_pos = Pos{pos.line + 1, 1};
    return text_.Has(start);
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
    bool line_start = true;
    for (size_t i = start; text_.Has(i); ++i) {
      if (line_start && p.pstate == 0 && row_.empty()) {
        // A row starts here: nothing before it is needed again (but the
        // byte before, a CR whose LF may follow).
        text_.keep = i > 0 ? i - 1 : 0;
        if (anchor_ && !(i > start && text_[i] == '\n' && text_[i - 1] == '\r')) anchor_->Anchor(cur_.line, i);
        // A line without quotes that starts a row is split here without
        // libcsv (which is fed one byte at a time): the same values and
        // positions, many times faster.
        size_t next = FastLine(i);
        if (next != std::string_view::npos) {
          i = next - 1;
          continue;
        }
      }
      unsigned char c = static_cast<unsigned char>(text_[i]);
      line_start = IsLineBreak(c);
      Pos here = cur_;
      if (!field_started_ && c != ' ' && c != '\t' && !IsLineBreak(c) &&
          c != static_cast<unsigned char>(delimiter_))
        field_started_ = true;
      field_done_ = false;
      const char byte = static_cast<char>(c);
      if (csv_parse(&p, &byte, 1, &Parser::OnField, &Parser::OnRow, this) != 1) {
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

  // Reads the physical line at `i` when it holds no quote: emits its row
  // (if it has a value or a delimiter) and returns the offset after its line
  // break; npos when the line must go through libcsv.
  size_t FastLine(size_t i) {
    if (text_[i] == '\n' && i > 0 && text_[i - 1] == '\r') return std::string_view::npos;
    size_t eol = text_.FindLineBreak(i);
    if (eol == std::string_view::npos) eol = text_.end();
    std::string_view line = text_.Slice(i, eol);
    if (line.find('"') != std::string_view::npos) return std::string_view::npos;
    size_t next = eol;
    if (text_.Has(next)) next += (text_[next] == '\r' && text_.Has(next + 1) && text_[next + 1] == '\n') ? 2 : 1;
    line = text_.Slice(i, eol);  // (the window may have moved)
    bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
    if (!blank) {
      // One row reused for every line: its values keep their buffers, so a
      // registry of a million rows allocates nothing per value.
      RawRow& row = fast_row_;
      row.plain = true;
      size_t count = 0;
      int column = cur_.column;
      size_t b = 0;
      while (true) {
        size_t e = line.find(delimiter_, b);
        if (e == std::string_view::npos) e = line.size();
        // The value starts at its first byte that is not a space or a tab
        // (after the value when there is none); the decoded text is UTF-8,
        // so its columns are its lead bytes.
        const std::string_view raw = line.substr(b, e - b);
        size_t lead = 0;
        while (lead < raw.size() && (raw[lead] == ' ' || raw[lead] == '\t')) ++lead;
        Pos fpos{cur_.line, column + static_cast<int>(lead)};
        column += static_cast<int>(lead == raw.size() ? lead : Utf8LeadBytes(raw));
        if (count == row.fields.size()) row.fields.emplace_back();
        RawField& field = row.fields[count++];
        // Most values have nothing to trim (TrimCell's first and last bytes).
        auto plain = [](unsigned char c) { return c > ' ' && c != 0xC2 && c != 0xA0; };
        std::string_view value =
            !raw.empty() && plain(raw.front()) && plain(raw[raw.size() - 1]) ? raw : TrimCell(raw);
        AssignText(field.value, value);  // (a view of the window, never of the value)
        field.pos = fpos;
        if (e == line.size()) break;
        ++column;  // the delimiter
        b = e + 1;
      }
      row.fields.resize(count);
      row.end = Pos{cur_.line, column};
      emit_(row);
    }
    cur_ = Pos{cur_.line + 1, 1};
    field_start_ = cur_;
    field_start_offset_ = next;
    field_started_ = false;
    return next;
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
    RawRow row{std::move(self->row_), self->cur_};
    self->emit_(row);
    self->row_.clear();
    self->field_done_ = true;
  }

  TextWindow& text_;
  char delimiter_;
  const std::string& path_;
  const CsvLines& lines_;
  Diagnostics& diags_;
  Emit emit_;
  WindowLines* anchor_;

  Pos cur_;                       // position of the byte being fed
  Pos field_start_;               // where the current field starts
  size_t field_start_offset_ = 0;
  bool field_started_ = false;    // a non-space byte of the field was seen
  bool field_done_ = false;       // libcsv ended a field or row on this byte
  std::vector<RawField> row_;
  RawRow fast_row_;               // FastLine's row, reused
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

char DetectDelimiter(std::string_view text) { return DetectDelimiterIn(text, nullptr); }

namespace {

char DetectDelimiterIn(std::string_view text, bool* complete) {
  if (complete) *complete = false;
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
      if (seen_content) {  // the end of the first non-empty record
        if (complete) *complete = true;
        break;
      }
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

}  // namespace

CsvLines::CsvLines(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
  // A final line break does not start another line.
  if (starts_.back() == text.size() && starts_.size() > 1) starts_.pop_back();
  if (text.empty()) starts_.clear();
}

std::string_view CsvLines::Line(int line) const {
  if (line < 1 || static_cast<size_t>(line) > starts_.size()) return {};
  size_t b = starts_[line - 1];
  size_t e = b;
  while (e < text_.size() && text_[e] != '\r' && text_[e] != '\n') ++e;
  return text_.substr(b, e - b);
}

namespace {

constexpr size_t kPiece = size_t{1} << 20;  // bytes read from the file at a time

// Up to `n` more bytes of `src` appended to `out`; false at the end.
bool ReadPiece(ByteSource& src, std::string& out, size_t n) {
  size_t old = out.size();
  out.resize(old + n);
  size_t got = src.Read(out.data() + old, n);
  out.resize(old + got);
  return got > 0;
}

// The next piece of `src` read into one buffer sized once (ReadPiece would
// clear a megabyte on every piece), as a view valid until the next call.
class PieceReader {
 public:
  explicit PieceReader(ByteSource& src) : src_(src) {}
  // Empty at the end of the file.
  std::string_view Next() {
    if (!buffer_) buffer_ = std::make_unique_for_overwrite<char[]>(kPiece);
    return std::string_view(buffer_.get(), src_.Read(buffer_.get(), kPiece));
  }

 private:
  ByteSource& src_;
  std::unique_ptr<char[]> buffer_;
};

// The decoded text of a file, piece by piece, as the reader sees it: the
// first BOM skipped, decoded from `encoding`, NUL bytes made U+FFFD.
class Decoding {
 public:
  Decoding(ByteSource& src, TextEncoding encoding, bool bom) : pieces_(src), decoder_(encoding), skip_(bom ? kUtf8Bom.size() : 0) {}
  // Appends the next piece to `out`; false once the file is done.
  bool Fill(std::string& out) {
    if (done_) return false;
    std::string_view bytes = pieces_.Next();
    if (bytes.empty()) {
      size_t old = out.size();
      decoder_.Finish(out);
      Clean(out, old);
      done_ = true;
      return false;
    }
    size_t skip = std::min(skip_, bytes.size());
    bytes.remove_prefix(skip);
    skip_ -= skip;
    size_t old = out.size();
    decoder_.Decode(bytes, out);
    Clean(out, old);
    return true;
  }
  size_t first_nul() const { return first_nul_; }
  const StreamDecoder& decoder() const { return decoder_; }

 private:
  void Clean(std::string& out, size_t from) {
    size_t nul = out.find('\0', from);
    if (nul == std::string::npos) {
      decoded_ += out.size() - from;
      return;
    }
    if (first_nul_ == std::string::npos) first_nul_ = decoded_ + (nul - from);
    std::string cleaned(out, from, nul - from);
    for (size_t i = nul; i < out.size(); ++i) {
      if (out[i] == '\0') cleaned += kReplacementChar;
      else cleaned += out[i];
    }
    out.resize(from);
    out += cleaned;
    decoded_ += cleaned.size();
  }

  PieceReader pieces_;
  StreamDecoder decoder_;
  size_t skip_;
  bool done_ = false;
  size_t decoded_ = 0;  // decoded bytes so far (after NULs were replaced)
  size_t first_nul_ = std::string::npos;
};

// The position of decoded byte `offset` and its line, reading the file again
// (only for an E021 on a NUL or an invalid byte).
std::pair<Pos, std::string> Locate(ByteSource& src, TextEncoding encoding, bool bom, size_t offset) {
  std::pair<Pos, std::string> out;
  if (!src.Rewind()) return out;
  Decoding again(src, encoding, bom);
  std::string piece;
  size_t at = 0;        // offset of piece[0]
  char prev = 0;
  bool found = false;
  Pos& p = out.first;
  std::string& line = out.second;
  for (bool more = true; more;) {
    piece.clear();
    more = again.Fill(piece);
    for (size_t k = 0; k < piece.size(); ++k, ++at) {
      unsigned char c = static_cast<unsigned char>(piece[k]);
      if (at == offset) found = true;
      if (IsLineBreak(c)) {
        if (found) return out;
        if (c == '\r' || prev != '\r') {
          ++p.line;
          p.column = 1;
          line.clear();
        }
      } else {
        line += static_cast<char>(c);
        if (!found && (c & 0xC0) != 0x80) ++p.column;
      }
      prev = static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

CsvInfo ReadCsvRows(const std::string& path, std::string_view bytes, const CsvOptions& opts,
                    Diagnostics& diags, const CsvHeaderFn& on_header, const CsvRowFn& on_row,
                    const CsvEndFn& on_end) {
  auto src = MemoryByteSource::View(bytes);
  return ReadCsvStream(path, *src, opts, diags, on_header, on_row, on_end);
}

CsvInfo ReadCsvStream(const std::string& path, ByteSource& src, const CsvOptions& opts, Diagnostics& diags,
                      const CsvHeaderFn& on_header, const CsvRowFn& on_row, const CsvEndFn& on_end) {
  CsvInfo table;
  table.path = path;

  auto file_error = [&](std::string message, std::string hint) {
    diags.Error({path, 0, 0}, "E021", std::move(message), std::move(hint));
  };
  std::string first;
  while (first.size() < 4 && ReadPiece(src, first, kPiece)) {}
  // Files that are not text at all: say what they are.
  if (StartsWith(first, "PK\x03\x04") || StartsWith(first, "\xD0\xCF\x11\xE0")) {
    table.complete = false;
    file_error("это файл Excel, а не таблица CSV",
               "откройте его в Excel и сохраните как «CSV (разделители — точки с запятой)» "
               "или «CSV UTF-8».");
    return table;
  }
  if (StartsWith(first, "\xFF\xFE") || StartsWith(first, "\xFE\xFF")) {
    table.complete = false;
    file_error("файл в кодировке UTF-16 («Текст Юникод»), nastavnik читает UTF-8 и Windows-1251",
               "сохраните таблицу в Excel как «CSV UTF-8 (разделитель — запятая)» или «CSV "
               "(разделители — точки с запятой)».");
    return table;
  }

  // A BOM settles the encoding even against the settings: as Windows-1251 it
  // would be the letters «п»ї», which no registry starts with. Otherwise the
  // file is UTF-8 when it is well-formed UTF-8 throughout (a first pass).
  bool bom = StartsWith(first, kUtf8Bom);
  if (bom) {
    table.encoding = TextEncoding::kUtf8;
  } else if (opts.encoding) {
    table.encoding = *opts.encoding;
  } else {
    Utf8Check check;
    check.Add(first);
    PieceReader pieces(src);
    for (std::string_view piece; !(piece = pieces.Next()).empty();) check.Add(piece);
    table.encoding = check.Finish() ? TextEncoding::kUtf8 : TextEncoding::kWindows1251;
  }
  // The file is read again from its start, decoded piece by piece.
  if (!src.Rewind()) {
    table.complete = false;
    file_error("файл не удалось прочитать", "проверьте, что файл не открыт в другой программе.");
    return table;
  }
  Decoding decoding(src, table.encoding, bom);
  TextWindow window([&](std::string& out) { return decoding.Fill(out); });
  window.keep_all = on_end != nullptr;
  WindowLines lines(window);
  auto error_at = [&](Pos pos, const char* code, std::string message, std::string hint) {
    Diagnostic d{{path, pos.line, pos.column}, Severity::kError, code, std::move(message),
                 std::move(hint), {}};
    d.source_line = std::string(lines.Line(pos.line));
    diags.Add(std::move(d));
  };

  // Excel writes and honours a first line «sep=;» naming the delimiter.
  size_t start = 0;
  Pos start_pos;
  char delimiter = 0;
  std::string_view first_line = lines.Line(1);
  if (first_line.size() == 5 && StartsWith(first_line, "sep=")) {
    delimiter = first_line[4];
    start = 5;
    if (window.Has(start) && window[start] == '\r') ++start;
    if (window.Has(start) && window[start] == '\n') ++start;
    start_pos = Pos{2, 1};
  }
  if (delimiter == 0 || delimiter == '"' || delimiter == ' ') {
    // (Nothing has been dropped from the window yet: it starts at offset 0.)
    bool complete = false;
    do {
      std::string_view read = window.Read();
      delimiter = DetectDelimiterIn(read.substr(std::min(start, read.size())), &complete);
    } while (!complete && window.More());
  }
  if (opts.delimiter && *opts.delimiter != '"' && *opts.delimiter != '\r' &&
      *opts.delimiter != '\n' && *opts.delimiter != ' ' && *opts.delimiter != '\0')
    delimiter = *opts.delimiter;
  table.delimiter = delimiter;

  // The header (the first row with a value) decides the columns; every later
  // row is checked against it and handed on at once, so a registry of a
  // million rows is never held.
  bool have_header = false;
  size_t head_size = 0;       // values in the header row as written
  size_t width = 0;           // up to the last named column; Excel's empty ones after it are dropped
  std::vector<size_t> kept;   // named columns
  std::vector<size_t> unnamed;  // the others up to `width`
  std::vector<RawField> head_fields;
  std::vector<bool> unnamed_reported;
  const char alternatives[] = {',', ';', '\t'};

  auto header_row = [&](RawRow& head) {
    head_size = head.fields.size();
    for (size_t i = 0; i < head.fields.size(); ++i)
      if (!head.fields[i].value.empty()) width = i + 1;
    for (size_t c = 0; c < width; ++c)
      (head.fields[c].value.empty() ? unnamed : kept).push_back(c);
    unnamed_reported.assign(width, false);
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
    head_fields = std::move(head.fields);
    // The header's lines stay for diagnostics about it (E026 comes later).
    if (!head_fields.empty()) lines.Pin(head_fields.front().pos.line, head.end.line);
    if (on_header) on_header(table, lines);
  };

  CsvRow out;
  auto data_row = [&](RawRow& row) {
    // A row typed by hand with another delimiter («sch-1,Школа № 1,…» in a
    // file of «;») reads as one long value. Say so once, and read the row with
    // its own delimiter so its values are still checked and nothing cascades.
    // Excel writes every delimiter of a row, even for empty cells, so a row
    // without a single one was typed by hand; a value with commas in an
    // otherwise empty Excel row («Иванов, Петров;;;») is left alone.
    if (head_size > 1 && row.fields.size() == 1 && !row.fields[0].value.empty()) {
      int line = row.fields[0].pos.line;
      if (line == row.end.line && line >= 1) {
        std::string text_line(lines.Line(line));
        for (char alt : alternatives) {
          if (alt == delimiter || row.fields[0].value.find(alt) == std::string::npos) continue;
          Diagnostics scratch;
          std::vector<RawRow> again;
          TextWindow line_window(text_line);
          Parser reparse(line_window, alt, path, lines, scratch,
                         [&](RawRow& r) { again.push_back(std::move(r)); });
          reparse.Run(0, Pos{line, 1});
          if (again.size() != 1 || again[0].fields.size() * 2 < head_size ||
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
    }
    // Unnamed columns are reported at their first value.
    for (size_t c : unnamed) {
      if (unnamed_reported[c]) continue;
      if (c < row.fields.size() && !row.fields[c].value.empty()) {
        const RawField& f = row.fields[c];
        error_at(head_fields[c].pos, "E026",
                 "у столбца " + std::to_string(c + 1) + " нет названия, а в нём есть значения",
                 "впишите название столбца в первую строку (в столбце есть значение " +
                     Shown(f.value) + " в строке " + std::to_string(f.pos.line) +
                     ") или удалите столбец.");
        unnamed_reported[c] = true;
      }
    }
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
    out.overflow = overflow;
    out.plain = row.plain;
    out.line = row.fields.empty() ? row.end.line : row.fields.front().pos.line;
    out.cells.resize(kept.size());
    for (size_t k = 0; k < kept.size(); ++k) {
      size_t c = kept[k];
      CsvCell& cell = out.cells[k];
      if (c < row.fields.size()) {
        RawField& f = row.fields[c];
        cell.value.swap(f.value);
        cell.line = f.pos.line;
        cell.column = f.pos.column;
      } else {
        cell.value.clear();
        cell.line = row.end.line;
        cell.column = row.end.column;
      }
    }
    if (on_row) on_row(out, lines);
  };

  Parser parser(window, delimiter, path, lines, diags, [&](RawRow& row) {
    if (RowIsEmpty(row)) return;
    if (!have_header) {
      have_header = true;
      header_row(row);
    } else {
      data_row(row);
    }
  }, &lines);
  parser.Run(start, start_pos);
  // The rest of a file the parser gave up on (E027) is still decoded: its
  // invalid bytes are counted, and ReadCsv holds its lines.
  if (!window.keep_all) window.keep = window.end();
  while (window.More()) {
    if (!window.keep_all) window.keep = window.end();
  }
  if (on_end) on_end(CsvLines(window.Read()));

  // NUL bytes mean a binary file; they would also break every later stage.
  // Their position (or that of the first invalid byte) is found by reading
  // the file again: only a broken file pays for it.
  const size_t first_nul = decoding.first_nul();
  const StreamDecoder& decoder = decoding.decoder();
  auto error_at_offset = [&](size_t offset, std::string message, std::string hint) {
    auto [pos, line] = Locate(src, table.encoding, bom, offset);
    diags.Add(Diagnostic{{path, pos.line, pos.column}, Severity::kError, "E021", std::move(message),
                         std::move(hint), std::move(line)});
  };
  if (first_nul != std::string::npos) {
    error_at_offset(first_nul, "в файле есть нулевые байты: это не текстовый файл",
                    "сохраните таблицу в Excel как «CSV (разделители — точки с запятой)» или «CSV "
                    "UTF-8».");
  } else if (decoder.invalid_count() > 0) {
    std::string count = std::to_string(decoder.invalid_count());
    if (table.encoding == TextEncoding::kUtf8) {
      error_at_offset(decoder.first_invalid(),
                      "файл не в кодировке UTF-8, как указано в настройках реестра (неверных байтов: " +
                          count + ")",
                      "уберите «encoding: utf-8» из настроек реестра, чтобы кодировка определялась "
                      "сама, или сохраните файл в Excel как «CSV UTF-8».");
    } else {
      error_at_offset(decoder.first_invalid(),
                      "в файле есть байты, которые не являются буквами в кодировке Windows-1251 "
                      "(неверных байтов: " + count + ")",
                      "возможно, файл повреждён или в другой кодировке. Сохраните таблицу в Excel "
                      "как «CSV UTF-8» и загрузите заново.");
    }
  }

  if (parser.had_errors()) table.complete = false;
  if (!have_header) {
    table.complete = false;
    if (!parser.had_errors() && first_nul == std::string::npos)
      diags.Error({path, 0, 0}, "E020", "файл пуст: нет строки заголовка",
                  "первая строка таблицы должна содержать названия столбцов, например: "
                  "«ФИО;Организация;Роль»; под ней — по строке на запись.");
  }
  return table;
}

CsvTable ReadCsv(const std::string& path, std::string_view bytes, const CsvOptions& opts,
                 Diagnostics& diags) {
  CsvTable table;
  CsvInfo info = ReadCsvRows(
      path, bytes, opts, diags, nullptr, [&](CsvRow& row, const CsvLines&) { table.rows.push_back(row); },
      [&](const CsvLines& lines) {
        table.lines.reserve(lines.size());
        for (size_t i = 1; i <= lines.size(); ++i) table.lines.emplace_back(lines.Line(static_cast<int>(i)));
      });
  table.path = info.path;
  table.encoding = info.encoding;
  table.delimiter = info.delimiter;
  table.header = std::move(info.header);
  table.complete = info.complete;
  return table;
}

}  // namespace nastavnik
