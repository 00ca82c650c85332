#include "load/yaml.h"

#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "util/strings.h"

namespace nastavnik {

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.scalar == key) return &v;
  return nullptr;
}

const YamlNode* YamlNode::FindKey(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.scalar == key) return &k;
  return nullptr;
}

namespace {

// yaml-cpp reports marks in bytes from the start of its input; we need the
// column in code points, so keep the snippet's line starts.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  std::string_view text() const { return text_; }
  // Column in code points (1-based) of byte `pos` on line `line0` (0-based).
  int Column(int line0, int pos) const {
    if (line0 < 0 || static_cast<size_t>(line0) >= starts_.size() || pos < 0) return 1;
    size_t start = starts_[line0];
    size_t end = std::min(static_cast<size_t>(pos), text_.size());
    if (end < start) return 1;
    return static_cast<int>(CodepointCount(text_.substr(start, end - start))) + 1;
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourcePos& origin, const LineIndex& index, Diagnostics& diags)
      : origin_(origin), index_(index), diags_(diags) {}

  std::optional<YamlNode> root;
  bool failed = false;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    CheckAnchor(mark, anchor);
    Push(Make(YamlNode::Kind::kNull, mark));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Refuse(mark);
    Push(Make(YamlNode::Kind::kNull, mark));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    CheckAnchor(mark, anchor);
    YamlNode n = Make(YamlNode::Kind::kScalar, mark);
    n.scalar = value;
    n.quoted = tag == "!";
    if (n.quoted && !ClosedOnSameLine(mark)) {
      // YAML lets a quoted value run over several lines, so a forgotten
      // closing quote silently swallows the next keys. In front matter that
      // is always a mistake; say so where the quote opens.
      if (!refused_) {
        refused_ = true;
        failed = true;
        diags_.Error({origin_.path, n.line, n.column}, "E003", "кавычка открыта, но не закрыта в этой строке",
                     "поставьте закрывающую кавычку в конце значения; длинный текст пишите после «|» с новой строки");
      }
    }
    // A plain "~" or "null" is YAML's null; yaml-cpp hands it over as a scalar.
    if (!n.quoted && (value == "~" || value == "null" || value == "Null" || value == "NULL")) {
      n.kind = YamlNode::Kind::kNull;
      n.scalar.clear();
    }
    Push(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    CheckAnchor(mark, anchor);
    stack_.push_back(Frame{Make(YamlNode::Kind::kSequence, mark), {}, false});
  }
  void OnSequenceEnd() override { Pop(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    CheckAnchor(mark, anchor);
    stack_.push_back(Frame{Make(YamlNode::Kind::kMap, mark), {}, false});
    // Front matter maps hold about a dozen keys: one allocation, not five.
    stack_.back().node.entries.reserve(16);
  }
  void OnMapEnd() override { Pop(); }

 private:
  struct Frame {
    YamlNode node;
    YamlNode pending_key;
    bool has_key = false;
  };

  YamlNode Make(YamlNode::Kind kind, const YAML::Mark& mark) const {
    YamlNode n;
    n.kind = kind;
    n.line = origin_.line + mark.line;
    n.column = index_.Column(mark.line, mark.pos);
    return n;
  }

  // True when the quoted scalar starting at `mark` closes on its own line.
  bool ClosedOnSameLine(const YAML::Mark& mark) const {
    std::string_view text = index_.text();
    size_t i = static_cast<size_t>(mark.pos);
    if (i >= text.size()) return true;
    char q = text[i];
    if (q != '"' && q != '\'') return true;  // a block scalar (| or >)
    for (++i; i < text.size() && text[i] != '\n'; ++i) {
      if (q == '"' && text[i] == '\\') {
        ++i;
        continue;
      }
      if (text[i] == q) {
        if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;  // '' is an escaped quote inside single quotes
          continue;
        }
        return true;
      }
    }
    return false;
  }

  void CheckAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) Refuse(mark);
  }

  void Refuse(const YAML::Mark& mark) {
    if (refused_) return;
    refused_ = true;
    failed = true;
    diags_.Error({origin_.path, origin_.line + mark.line, index_.Column(mark.line, mark.pos)},
                 "E003", "метки и ссылки YAML (& и *) здесь не поддерживаются",
                 "повторите значение целиком вместо ссылки на него");
  }

  void Push(YamlNode n) {
    if (stack_.empty()) {
      root = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == YamlNode::Kind::kSequence) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.has_key) {
      if (!n.IsScalar() && !n.IsNull()) {
        diags_.Error({origin_.path, n.line, n.column}, "E003",
                     "ключ должен быть простым словом, а не списком",
                     "запишите параметр как «ключ: значение»");
        failed = true;
      }
      top.pending_key = std::move(n);
      top.has_key = true;
      return;
    }
    top.has_key = false;
    for (const auto& [k, v] : top.node.entries) {
      if (k.scalar == top.pending_key.scalar) {
        diags_.Error({origin_.path, top.pending_key.line, top.pending_key.column}, "E005",
                     "ключ «" + k.scalar + "» указан дважды (первый раз в строке " +
                         std::to_string(k.line) + ")",
                     "оставьте одно значение и удалите повтор");
        return;  // the first value wins
      }
    }
    top.node.entries.push_back(YamlEntry{std::move(top.pending_key), std::move(n)});
  }

  void Pop() {
    YamlNode n = std::move(stack_.back().node);
    stack_.pop_back();
    Push(std::move(n));
  }

  const SourcePos& origin_;
  const LineIndex& index_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  bool refused_ = false;
};

// Front matter is nearly always a flat block map of one-line values:
// `key: plain text`, `key: "quoted"`, `key: [a, b, c]`. Such a text is
// scanned here and fed to the same TreeBuilder as yaml-cpp's events, with the
// marks yaml-cpp would give (tests/fuzzing compare both). Anything else —
// comments, empty values, nested or multi-line values, escapes, tabs, CR,
// non-ASCII keys, characters YAML gives a meaning — returns false, and the
// text goes to yaml-cpp, which also reports every error.
struct FastEvent {
  enum class Kind { kMapStart, kMapEnd, kSeqStart, kSeqEnd, kScalar } kind;
  int line0 = 0;
  int pos = 0;
  std::string_view value;
  bool quoted = false;
};

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A plain scalar YAML reads as exactly these bytes: no indicator first, no
// ": " or " #" inside, nothing YAML might read as another type of token.
bool IsSimplePlain(std::string_view v, bool in_flow) {
  if (v.empty()) return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(v.front()) != std::string_view::npos) return false;
  if (v.back() == ' ' || v.back() == ':') return false;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '#' || c == '\t' || c == '\r' || c == '\0') return false;
    if (c == ':' && (i + 1 == v.size() || v[i + 1] == ' ')) return false;
    if (c == '[' || c == ']' || c == '{' || c == '}') return false;
    // yaml-cpp reads indicators inside flow items its own way: none is taken.
    if (in_flow && std::string_view("-?:,'\"&*!|>%@`").find(c) != std::string_view::npos) return false;
  }
  return true;
}

bool ScanSimpleFrontMatter(std::string_view text, std::vector<FastEvent>& events) {
  using K = FastEvent::Kind;
  std::vector<std::string_view> keys;
  size_t pos = 0;
  int line0 = 0;
  bool started = false;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty()) {
      size_t k = 0;
      while (k < line.size() && IsKeyChar(line[k])) ++k;
      if (k == 0 || k + 2 > line.size() || line[k] != ':' || line[k + 1] != ' ') return false;
      std::string_view key = line.substr(0, k);
      for (std::string_view seen : keys)
        if (seen == key) return false;  // yaml-cpp's path reports the repeat
      keys.push_back(key);
      size_t v = k + 2;
      while (v < line.size() && line[v] == ' ') ++v;
      std::string_view value = line.substr(v);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.empty()) return false;
      if (!started) {
        events.push_back({K::kMapStart, line0, static_cast<int>(pos), {}, false});
        started = true;
      }
      events.push_back({K::kScalar, line0, static_cast<int>(pos), key, false});
      int vpos = static_cast<int>(pos + v);
      char first = value.front();
      if (first == '"' || first == '\'') {
        if (value.size() < 2 || value.back() != first) return false;
        std::string_view inner = value.substr(1, value.size() - 2);
        if (inner.find(first) != std::string_view::npos || inner.find('\\') != std::string_view::npos ||
            inner.find('\t') != std::string_view::npos || inner.find('\r') != std::string_view::npos ||
            inner.find('\0') != std::string_view::npos)
          return false;
        events.push_back({K::kScalar, line0, vpos, inner, true});
      } else if (first == '[') {
        if (value.size() < 3 || value.back() != ']') return false;
        events.push_back({K::kSeqStart, line0, vpos, {}, false});
        size_t item = 1;  // offsets in `value`
        while (item < value.size()) {
          size_t comma = value.find(',', item);
          size_t stop = comma == std::string_view::npos ? value.size() - 1 : comma;
          size_t a = item;
          while (a < stop && value[a] == ' ') ++a;
          size_t b = stop;
          while (b > a && value[b - 1] == ' ') --b;
          std::string_view it = value.substr(a, b - a);
          if (!IsSimplePlain(it, true)) return false;
          events.push_back({K::kScalar, line0, vpos + static_cast<int>(a), it, false});
          if (comma == std::string_view::npos) break;
          item = comma + 1;
        }
        events.push_back({K::kSeqEnd, line0, 0, {}, false});
      } else {
        if (!IsSimplePlain(value, false)) return false;
        events.push_back({K::kScalar, line0, vpos, value, false});
      }
    }
    pos = end + 1;
    ++line0;
  }
  if (!started) return false;
  events.push_back({K::kMapEnd, line0, 0, {}, false});
  return true;
}

struct Translation {
  const char* english_prefix;
  const char* russian;
  const char* hint;
};

// yaml-cpp's messages (yaml-cpp/exceptions.h, ErrorMsg) in words a curator can act on.
const Translation kTranslations[] = {
    {"illegal map value", "недопустимое значение после двоеточия",
     "если в значении есть двоеточие, заключите всё значение в кавычки"},
    {"end of map not found", "не закрыт список «ключ: значение»",
     "проверьте отступы и парные скобки { }"},
    {"end of map flow not found", "не закрыта фигурная скобка { }", "добавьте закрывающую скобку }"},
    {"end of sequence not found", "не закрыт список", "проверьте отступы перед «-»"},
    {"end of sequence flow not found", "не закрыта квадратная скобка [ ]",
     "добавьте закрывающую скобку ]"},
    {"illegal EOF in scalar", "не закрыты кавычки", "добавьте закрывающую кавычку"},
    {"unknown escape character", "неизвестная последовательность после «\\» в кавычках",
     "используйте одинарные кавычки или удвойте обратную косую черту"},
    {"illegal block entry", "неожиданный элемент списка «-»", "проверьте отступы"},
    {"illegal map key", "недопустимый ключ", "ключ пишется в начале строки: «ключ: значение»"},
    {"unknown token", "непонятный символ", "заключите значение в кавычки"},
    {"illegal character in scalar", "недопустимый символ в значении",
     "заключите значение в кавычки"},
    {"illegal flow end", "лишняя закрывающая скобка", "удалите лишнюю скобку"},
    {"the referenced anchor is not defined", "ссылка на неопределённую метку YAML",
     "повторите значение вместо ссылки"},
};

// Where a syntax error really is, when yaml-cpp's mark is only where it gave
// up. Each returns true and fills message/hint/offset when it recognizes the
// mistake. Offsets are bytes into the snippet.
struct Finding {
  size_t offset = 0;
  std::string message;
  std::string hint;
};

// A tab in the indentation of any line up to the error: YAML forbids tabs
// there, and yaml-cpp then complains about something else further on.
std::optional<Finding> FindIndentTab(std::string_view text, size_t error_offset) {
  size_t line_start = 0;
  while (line_start < text.size() && line_start <= error_offset) {
    for (size_t i = line_start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
      if (text[i] == '\t')
        return Finding{i, "табуляция в отступе", "замените табуляцию пробелами (YAML принимает только пробелы)"};
    }
    size_t nl = text.find('\n', line_start);
    if (nl == std::string_view::npos) break;
    line_start = nl + 1;
  }
  return std::nullopt;
}

// The bracket left open when yaml-cpp reports the end of a flow collection
// missing: it only notices at the end of the text.
std::optional<Finding> FindUnclosedBracket(std::string_view text, size_t error_offset, char open) {
  std::vector<std::pair<char, size_t>> stack;
  char quote = 0;
  for (size_t i = 0; i < text.size() && i <= error_offset; ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\n' && stack.empty()) quote = 0;
      continue;
    }
    if ((c == '"' || c == '\'') && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' ||
                                     text[i - 1] == '{' || text[i - 1] == ',')) {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ')) {
      size_t nl = text.find('\n', i);
      if (nl == std::string_view::npos) break;
      i = nl;
    } else if (c == '[' || c == '{') {
      stack.emplace_back(c, i);
    } else if ((c == ']' || c == '}') && !stack.empty()) {
      stack.pop_back();
    }
  }
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    if (it->first != open) continue;
    return Finding{it->second,
                   open == '[' ? "квадратная скобка [ открыта, но не закрыта" : "фигурная скобка { открыта, но не закрыта",
                   open == '[' ? "поставьте ] в конце списка на этой же строке: [первое, второе]"
                               : "поставьте } в конце на этой же строке: {title: …, file: …}"};
  }
  return std::nullopt;
}

int IndentOf(std::string_view line) {
  int n = 0;
  while (static_cast<size_t>(n) < line.size() && line[n] == ' ') ++n;
  return n;
}

// Text after a closing quote («title: "Школа" — первый год»): yaml-cpp says a
// map or sequence did not end; a curator needs to hear about the quotes.
std::optional<Finding> FindTextAfterQuote(std::string_view text, size_t error_offset) {
  size_t line_start = text.rfind('\n', error_offset == 0 ? 0 : error_offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  size_t j = error_offset;
  while (j > line_start && text[j - 1] == ' ') --j;
  if (j == line_start || j > text.size() || (text[j - 1] != '"' && text[j - 1] != '\'')) return std::nullopt;
  if (error_offset >= text.size() || text[error_offset] == '\n' || text[error_offset] == '#') return std::nullopt;
  return Finding{error_offset, "после закрывающей кавычки значение продолжается",
                 "если кавычки — часть текста, возьмите всё значение в другие кавычки "
                 "(title: '\"Школа\" — первый год') или используйте «ёлочки»"};
}

// A line indented differently from its neighbours. yaml-cpp reports it as a
// map or sequence that did not end, or as an illegal value after a colon.
std::optional<Finding> FindBadIndent(std::string_view text, size_t error_offset) {
  size_t line_start = text.rfind('\n', error_offset == 0 ? 0 : error_offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  if (line_start == 0) return std::nullopt;
  size_t line_end = text.find('\n', line_start);
  std::string_view line = text.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos : line_end - line_start);
  // The previous non-empty line.
  size_t prev_end = line_start - 1;
  std::string_view prev;
  while (true) {
    size_t prev_start = prev_end == 0 ? 0 : text.rfind('\n', prev_end - 1);
    prev_start = prev_start == std::string_view::npos || prev_end == 0 ? 0 : prev_start + 1;
    prev = text.substr(prev_start, prev_end - prev_start);
    if (!Trim(prev).empty() || prev_start == 0) break;
    prev_end = prev_start - 1;
  }
  int indent = IndentOf(line), prev_indent = IndentOf(prev);
  std::string_view body = Trim(line);
  std::string_view prev_body = Trim(prev);
  if (body.empty()) return std::nullopt;
  if (indent == prev_indent && StartsWith(prev_body, "- ") && !StartsWith(body, "-"))
    return Finding{line_start + static_cast<size_t>(indent),
                   "строка стоит на отступе элементов списка, но не начинается с «- »",
                   "если это ещё один элемент списка, начните строку с «- »; если это новый параметр, "
                   "уберите отступ, чтобы он начинался с начала строки"};
  if (indent == prev_indent) return std::nullopt;
  // A key after a list item: "  - title: x" then "    link: y" is right
  // (indent + 2); anything else that is neither the parent's nor the item's
  // indentation is a mistake.
  int item_indent = StartsWith(prev_body, "- ") ? prev_indent + 2 : -1;
  if (indent == item_indent) return std::nullopt;
  bool prev_opens_block = EndsWith(prev_body, ":");
  if (prev_opens_block && indent > prev_indent) return std::nullopt;
  return Finding{line_start + static_cast<size_t>(indent), "неверный отступ: строка сдвинута относительно соседних",
                 "параметры одного уровня пишутся с одинаковым отступом из пробелов; элементы списка — "
                 "с «- » на одном отступе, а их параметры — ровно под первым параметром элемента"};
}

}  // namespace

std::optional<YamlNode> ParseYaml(std::string_view text, const SourcePos& origin,
                                  Diagnostics& diags, bool fast_path) {
  LineIndex index(text);
  // yaml-cpp takes leading NUL bytes for UTF-16/32 and then reports marks
  // that are not in the text at all; a NUL never belongs in a text file.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    int line0 = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n'));
    diags.Error({origin.path, origin.line + line0, index.Column(line0, static_cast<int>(nul))}, "E003",
                "в тексте есть нулевой байт: файл повреждён или это не текстовый файл",
                "откройте файл в текстовом редакторе, удалите невидимые символы и сохраните в UTF-8");
    return std::nullopt;
  }
  TreeBuilder builder(origin, index, diags);
  std::vector<FastEvent> events;
  if (fast_path && ScanSimpleFrontMatter(text, events)) {
    for (const auto& e : events) {
      YAML::Mark mark;
      mark.line = e.line0;
      mark.pos = e.pos;
      switch (e.kind) {
        case FastEvent::Kind::kMapStart:
          builder.OnMapStart(mark, "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
          break;
        case FastEvent::Kind::kMapEnd: builder.OnMapEnd(); break;
        case FastEvent::Kind::kSeqStart:
          builder.OnSequenceStart(mark, "?", YAML::NullAnchor, YAML::EmitterStyle::Flow);
          break;
        case FastEvent::Kind::kSeqEnd: builder.OnSequenceEnd(); break;
        case FastEvent::Kind::kScalar:
          builder.OnScalar(mark, e.quoted ? "!" : "?", YAML::NullAnchor, std::string(e.value));
          break;
      }
    }
    if (builder.failed) return std::nullopt;
    return std::move(builder.root);
  }
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& e) {
    std::string message = "ошибка синтаксиса YAML";
    std::string hint = "проверьте кавычки, двоеточия и отступы (пробелы, не табуляция)";
    for (const auto& t : kTranslations) {
      if (StartsWith(e.msg, t.english_prefix)) {
        message = t.russian;
        hint = t.hint;
        break;
      }
    }
    size_t offset = e.mark.pos < 0 ? 0 : std::min(static_cast<size_t>(e.mark.pos), text.size());
    // The line is counted from the offset: yaml-cpp's own line can disagree
    // with it at the end of the text.
    int line0 = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    std::optional<Finding> found = FindIndentTab(text, offset);
    if (!found && StartsWith(e.msg, "end of sequence flow")) found = FindUnclosedBracket(text, offset, '[');
    if (!found && StartsWith(e.msg, "end of map flow")) found = FindUnclosedBracket(text, offset, '{');
    if (!found && (StartsWith(e.msg, "end of map not found") || StartsWith(e.msg, "end of sequence not found")))
      found = FindTextAfterQuote(text, offset);
    if (!found && (StartsWith(e.msg, "end of map not found") || StartsWith(e.msg, "end of sequence not found") ||
                   StartsWith(e.msg, "illegal map value")))
      found = FindBadIndent(text, offset);
    if (!found && e.msg.find("tab") != std::string::npos)
      found = Finding{offset, "табуляция в отступе", "замените табуляцию пробелами"};
    if (found) {
      message = found->message;
      hint = found->hint;
      offset = found->offset;
      line0 = 0;
      for (size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') ++line0;
    }
    diags.Error({origin.path, origin.line + line0, index.Column(line0, static_cast<int>(offset))}, "E003",
                message, hint);
    return std::nullopt;
  }
  if (builder.failed) return std::nullopt;
  if (!builder.root) {
    YamlNode empty;
    empty.line = origin.line;
    empty.column = 1;
    return empty;
  }
  return std::move(builder.root);
}

}  // namespace nastavnik
