#include "load/yaml.h"

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

}  // namespace

std::optional<YamlNode> ParseYaml(std::string_view text, const SourcePos& origin,
                                  Diagnostics& diags) {
  LineIndex index(text);
  std::istringstream in{std::string(text)};
  TreeBuilder builder(origin, index, diags);
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
    if (e.msg.find("tab") != std::string::npos) {
      message = "табуляция в отступе";
      hint = "замените табуляцию пробелами";
    }
    int line0 = e.mark.line < 0 ? 0 : e.mark.line;
    diags.Error({origin.path, origin.line + line0, index.Column(line0, e.mark.pos)}, "E003",
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
