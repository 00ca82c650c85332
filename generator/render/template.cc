#include "render/template.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "load/fs.h"
#include "render/embedded_theme.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

// ---------------------------------------------------------------------------
// Tokens

enum class Tok {
  kText,
  kVariable,  // {{x}}
  kRaw,       // {{{x}}} or {{& x}}
  kSection,   // {{#x}}
  kInverted,  // {{^x}}
  kClose,     // {{/x}}
  kPartial,   // {{> x}}
  kComment,   // {{! …}}
  kEmpty,     // {{}}: renders nothing
  kDelimiter  // {{=… …=}}: unsupported, reported
};

struct Token {
  Tok type = Tok::kText;
  std::string text;    // text, or the tag's name
  size_t pos = 0;      // byte offset of "{{" (tags) in the template
  bool triple = false;  // {{{…}}}
  bool eol = false;     // text ending in '\n'
  bool ws_only = false;  // text of spaces, tabs and newlines only
  std::string prefix;   // standalone partial: the indentation before it
};

bool IsTag(Tok t) { return t != Tok::kText; }

// Text is split after every '\n' so that standalone lines can be found.
void AddText(std::string_view text, size_t begin, size_t end, std::vector<Token>& out) {
  size_t start = begin;
  for (size_t i = begin; i < end; ++i) {
    if (text[i] == '\n' || i + 1 == end) {
      Token t;
      t.text = std::string(text.substr(start, i + 1 - start));
      t.pos = start;
      t.eol = text[i] == '\n';
      t.ws_only = t.text.find_first_not_of(" \n\t") == std::string::npos;
      out.push_back(std::move(t));
      start = i + 1;
    }
  }
}

struct Tokenized {
  std::vector<Token> tokens;
  // Offset of a tag with no closing braces (tokens stop before it).
  std::optional<size_t> unclosed;
  std::string unclosed_close;  // "}}" or "}}}"
};

Tokenized Tokenize(std::string_view text) {
  Tokenized r;
  size_t cur = 0;
  while (cur < text.size()) {
    size_t open = text.find("{{", cur);
    if (open == std::string_view::npos) {
      AddText(text, cur, text.size(), r.tokens);
      break;
    }
    bool triple = text.compare(open, 3, "{{{") == 0;
    std::string_view close = triple ? "}}}" : "}}";
    size_t inner = open + (triple ? 3 : 2);
    size_t end = text.find(close, inner);
    if (end == std::string_view::npos) {
      AddText(text, cur, open, r.tokens);
      r.unclosed = open;
      r.unclosed_close = std::string(close);
      return r;
    }
    AddText(text, cur, open, r.tokens);
    Token t;
    t.pos = open;
    t.triple = triple;
    std::string_view tag = Trim(text.substr(inner, end - inner));
    if (triple) {
      t.type = Tok::kRaw;
      t.text = std::string(tag);
    } else if (tag.empty()) {
      t.type = Tok::kEmpty;
    } else {
      switch (tag[0]) {
        case '#': t.type = Tok::kSection; break;
        case '^': t.type = Tok::kInverted; break;
        case '/': t.type = Tok::kClose; break;
        case '>': t.type = Tok::kPartial; break;
        case '&': t.type = Tok::kRaw; break;
        case '!': t.type = Tok::kComment; break;
        case '=': t.type = Tok::kDelimiter; break;
        default: t.type = Tok::kVariable; break;
      }
      t.text = std::string(t.type == Tok::kVariable ? tag : Trim(tag.substr(1)));
    }
    r.tokens.push_back(std::move(t));
    cur = end + close.size();
    if (cur == text.size()) {  // a last line ending in a tag is a line too
      Token last;
      last.pos = cur;
      last.eol = true;
      last.ws_only = true;
      r.tokens.push_back(std::move(last));
    }
  }
  return r;
}

// A line holding only section, partial or comment tags and whitespace
// renders nothing of its own: its whitespace and newline are dropped. An
// indented standalone partial keeps its indentation as a prefix of each of
// its lines.
std::vector<Token> StripStandalone(std::vector<Token> tokens) {
  std::vector<Token> out;
  out.reserve(tokens.size());
  size_t line_start = 0;
  bool has_tag = false, non_space = false;
  for (auto& t : tokens) {
    if (t.type != Tok::kText && t.type != Tok::kVariable && t.type != Tok::kRaw && t.type != Tok::kEmpty)
      has_tag = true;
    else if (!t.ws_only)
      non_space = true;  // tags are never ws_only
    bool eol = t.eol;
    out.push_back(std::move(t));
    if (!eol) continue;
    if (has_tag && !non_space) {
      for (size_t c = line_start + 1; c + 1 < out.size(); ++c)
        if (out[c].type == Tok::kPartial && out[c - 1].type == Tok::kText && out[c - 1].ws_only)
          out[c].prefix = out[c - 1].text;
      out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(line_start), out.end(),
                               [](const Token& x) { return x.type == Tok::kText && x.ws_only; }),
                out.end());
    }
    has_tag = non_space = false;
    line_start = out.size();
  }
  return out;
}

// ---------------------------------------------------------------------------
// Validation (E061)

void LineCol(std::string_view text, size_t at, int& line, int& col) {
  line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  col = static_cast<int>(CodepointCount(text.substr(line_start, at - line_start))) + 1;
}

// Reports every problem of one tokenized template; true when there is none.
bool Validate(const std::string& path, std::string_view text, const Tokenized& tz,
              const std::map<std::string, std::string>& partials, Diagnostics& diags) {
  size_t before = diags.error_count();
  struct Open {
    std::string name;
    int line;
    int column;
  };
  std::vector<Open> stack;
  for (const Token& t : tz.tokens) {
    if (!IsTag(t.type) || t.type == Tok::kEmpty || t.type == Tok::kComment) continue;
    int line, col;
    LineCol(text, t.pos, line, col);
    const std::string& name = t.text;
    switch (t.type) {
      case Tok::kRaw:
        if (!EndsWith(name, "_html"))
          diags.Error({path, line, col}, "E061",
                      "неэкранированный вывод «" + name + "»: так можно вставить чужой HTML на сайт",
                      "используйте {{" + name + "}}; без экранирования выводятся только значения *_html");
        break;
      case Tok::kSection:
      case Tok::kInverted:
        stack.push_back({name, line, col});
        break;
      case Tok::kClose:
        if (stack.empty()) {
          diags.Error({path, line, col}, "E061", "закрывается раздел «" + name + "», который не открыт",
                      "удалите {{/" + name + "}} или добавьте {{#" + name + "}} выше");
        } else if (stack.back().name != name) {
          auto match = std::find_if(stack.rbegin(), stack.rend(), [&](const Open& o) { return o.name == name; });
          if (match == stack.rend()) {
            diags.Error({path, line, col}, "E061",
                        "закрывается «" + name + "», но открыт «" + stack.back().name + "» (строка " +
                            std::to_string(stack.back().line) + ")",
                        "проверьте порядок {{#…}} и {{/…}}");
            stack.pop_back();
          } else {
            // «{{#a}}{{#b}}…{{/a}}»: the mistake is the unclosed «b», not «a»,
            // so report the sections left open inside and close them.
            while (stack.back().name != name) {
              const Open& open = stack.back();
              diags.Error({path, open.line, open.column}, "E061", "раздел «" + open.name + "» не закрыт",
                          "добавьте {{/" + open.name + "}} перед {{/" + name + "}} (строка " +
                              std::to_string(line) + ")");
              stack.pop_back();
            }
            stack.pop_back();
          }
        } else {
          stack.pop_back();
        }
        break;
      case Tok::kPartial:
        if (!partials.count(name))
          diags.Error({path, line, col}, "E061", "нет вложенного шаблона «" + name + "»",
                      "создайте partials/" + name + ".mustache или исправьте имя");
        break;
      case Tok::kDelimiter:
        diags.Error({path, line, col}, "E061", "смена разделителей {{=…=}} не поддерживается",
                    "уберите этот тег и пишите теги в {{…}}");
        break;
      default:
        break;
    }
  }
  if (tz.unclosed) {
    int line, col;
    LineCol(text, *tz.unclosed, line, col);
    diags.Error({path, line, col}, "E061", "тег шаблона не закрыт", "добавьте " + tz.unclosed_close);
    return false;
  }
  for (const auto& open : stack)
    diags.Error({path, open.line, open.column}, "E061", "раздел «" + open.name + "» не закрыт",
                "добавьте {{/" + open.name + "}}");
  return diags.error_count() == before;
}

// ---------------------------------------------------------------------------
// Instructions

enum class Op : uint8_t { kText, kVariable, kRaw, kSection, kInverted, kPartial };

// One part of a dotted name, with its bit in a map's key filter
// (FlatMap::KeyBit), computed once when the template loads.
struct Name {
  std::string text;
  uint64_t bit = 0;
  bool dot = false;  // "."
  uint32_t slot = 0;  // its place in the renderer's lookup hints (Compiled::names)
};

struct Instr {
  Op op = Op::kText;
  uint32_t end = 0;      // sections: the first instruction after the body
  int32_t partial = -1;  // partials: index in Compiled::programs
  std::string text;      // text; partials: name, then prefix in `prefix`
  std::string prefix;
  std::vector<Name> path;  // "a.b" → {"a", "b"}; "." → {"."}
};

using Program = std::vector<Instr>;

std::vector<Name> SplitName(const std::string& name) {
  auto part = [](std::string text) {
    Name n;
    n.bit = TemplateMap::KeyBit(text);
    n.dot = text == ".";
    n.text = std::move(text);
    return n;
  };
  if (name == ".") return {part(".")};
  std::vector<Name> out;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    out.push_back(part(name.substr(start, dot - start)));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

// REQUIRES: tokens validated (sections balanced).
Program Compile(const std::vector<Token>& tokens) {
  Program p;
  std::vector<size_t> open;
  // Adjacent texts become one instruction, but never across a section's
  // start or end (the section's `end` index must stay where it is).
  bool can_merge = false;
  for (const Token& t : tokens) {
    if (t.type == Tok::kText && t.text.empty()) continue;
    bool merge = can_merge;
    can_merge = t.type == Tok::kText;
    switch (t.type) {
      case Tok::kText:
        if (merge) p.back().text += t.text;
        else p.push_back({Op::kText, 0, -1, t.text, {}, {}});
        break;
      case Tok::kVariable:
      case Tok::kRaw:
        p.push_back({t.type == Tok::kRaw ? Op::kRaw : Op::kVariable, 0, -1, {}, {}, SplitName(t.text)});
        break;
      case Tok::kSection:
      case Tok::kInverted:
        open.push_back(p.size());
        p.push_back({t.type == Tok::kSection ? Op::kSection : Op::kInverted, 0, -1, {}, {}, SplitName(t.text)});
        break;
      case Tok::kClose:
        if (!open.empty()) {
          p[open.back()].end = static_cast<uint32_t>(p.size());
          open.pop_back();
        }
        break;
      case Tok::kPartial:
        p.push_back({Op::kPartial, 0, -1, t.text, t.prefix, {}});
        break;
      default:
        break;
    }
  }
  for (size_t i : open) p[i].end = static_cast<uint32_t>(p.size());
  return p;
}

// The tokens of a partial included with an indentation: the prefix before
// its first token and before every token that follows a line end.
std::vector<Token> Indented(const std::vector<Token>& tokens, const std::string& prefix) {
  std::vector<Token> out;
  bool line_start = true;
  for (const Token& t : tokens) {
    if (line_start) {
      Token p;
      p.text = prefix;
      out.push_back(std::move(p));
    }
    out.push_back(t);
    line_start = t.eol;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Rendering

// One entry of the context stack: a map, another value, or nothing (the
// value an inverted section pushes).
struct Frame {
  const TemplateMap* map = nullptr;
  const TemplateValue* value = nullptr;
};

Frame FrameOf(const TemplateValue* v) {
  if (!v) return {};
  if (auto* m = std::get_if<TemplateMap>(&v->value)) return {m, v};
  return {nullptr, v};
}

bool IsEmpty(const TemplateValue* v) {
  if (!v) return true;
  switch (v->value.index()) {
    case 0: return true;                                   // monostate
    case 1: return !std::get<bool>(v->value);
    case 2: return std::get<std::string>(v->value).empty();
    case 3: return std::get<TemplateList>(v->value).empty();
    case 6: return std::get<std::string_view>(v->value).empty();  // borrowed text
    default: return false;                                 // maps
  }
}

}  // namespace

namespace {

// The bytes {{x}} replaces; every other byte is copied as it is.
const char* EscapeOf(char c) {
  switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return nullptr;
  }
}

// The offset of the first byte of s[from…] that EscapeOf replaces, or
// s.size(). Pages escape tens of kilobytes each (titles, summaries, links),
// mostly Cyrillic with no such byte: 16 bytes are tested at once.
size_t NextToEscape(std::string_view s, size_t from) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, amp), _mm_cmpeq_epi8(b, lt)),
                                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, gt), _mm_cmpeq_epi8(b, quot)),
                                                  _mm_cmpeq_epi8(b, apos)));
    if (const int mask = _mm_movemask_epi8(hit)) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i)
    if (EscapeOf(s[i])) return i;
  return s.size();
}

}  // namespace

void AppendHtmlEscaped(std::string_view s, std::string& out) {
  size_t start = 0;
  for (size_t i = NextToEscape(s, 0); i < s.size(); i = NextToEscape(s, start)) {
    out.append(s.data() + start, i - start);
    out += EscapeOf(s[i]);
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

struct Theme::Compiled {
  // Tells apart the sections of two themes loaded one after the other at the
  // same addresses (SharedTemplate::rendered).
  uint64_t serial = NextSerial();
  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }
  std::deque<Program> programs;
  std::map<std::string, size_t, std::less<>> templates;  // name → programs index
  uint32_t names = 0;  // the Names of every program, each with its own slot
};

namespace {

class Renderer {
 public:
  Renderer(const Theme::Compiled& c, std::string& out) : c_(c), out_(out), hints_(HintsFor(c)) { stack_.reserve(16); }

  void Push(Frame f) { stack_.push_back(f); }

  void Run(const Program& p, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const Instr& in = p[i];
      switch (in.op) {
        case Op::kText:
          out_ += in.text;
          break;
        case Op::kVariable:
        case Op::kRaw: {
          const TemplateValue* v = Find(in.path);
          if (!v) break;
          if (std::string_view s; v->Text(&s)) {
            if (in.op == Op::kRaw) out_ += s;
            else AppendHtmlEscaped(s, out_);
          } else if (auto* b = std::get_if<bool>(&v->value)) {
            out_ += *b ? "true" : "false";
          }
          break;
        }
        case Op::kSection: {
          const SharedTemplate* shared = nullptr;
          const TemplateValue* v = Find(in.path, &shared);
          if (!IsEmpty(v)) {
            if (shared) RenderShared(*shared, p, i, /*item=*/false, [&] { RenderSection(p, i, *v); });
            else RenderSection(p, i, *v);
          }
          i = in.end - 1;
          break;
        }
        case Op::kInverted: {
          if (IsEmpty(Find(in.path))) {
            stack_.push_back(Frame{});
            Run(p, i + 1, in.end);
            stack_.pop_back();
          }
          i = in.end - 1;
          break;
        }
        case Op::kPartial:
          // A partial that includes itself forever would never end.
          if (in.partial >= 0 && depth_ < kMaxDepth) {
            ++depth_;
            const Program& sub = c_.programs[static_cast<size_t>(in.partial)];
            Run(sub, 0, sub.size());
            --depth_;
          }
          break;
      }
    }
  }

 private:
  static constexpr int kMaxDepth = 64;

  // Where each name of the theme was last found in a map (FlatMap::find with
  // a hint), kept per thread from page to page: the next page's maps are
  // built alike, so most lookups compare one key instead of scanning. Only
  // hints: a stale one (another theme rendered on this thread since) costs
  // a comparison, never a wrong value.
  static std::vector<uint32_t>& HintsFor(const Theme::Compiled& c) {
    thread_local std::vector<uint32_t> hints;
    thread_local uint64_t serial = 0;
    if (serial != c.serial || hints.size() < c.names) {
      serial = c.serial;
      hints.assign(c.names, 0);
    }
    return hints;
  }
  uint32_t* HintOf(const Name& n) {
    static thread_local uint32_t spare;
    return n.slot < hints_.size() ? &hints_[n.slot] : &spare;
  }

  // The body of section `p[at]` over its (non-empty) value `v`: once per
  // item of a list, else once. An item that is a shared subtree (a case
  // card) keeps its HTML as a section over one does (RenderShared).
  void RenderSection(const Program& p, size_t at, const TemplateValue& v) {
    if (auto* list = std::get_if<TemplateList>(&v.value)) {
      for (const auto& item : *list) {
        auto* shared = std::get_if<SharedTemplateValue>(&item.value);
        if (shared && *shared) {
          RenderShared(**shared, p, at, /*item=*/true, [&] { RenderBody(p, at, item.Resolved()); });
        } else {
          RenderBody(p, at, item.Resolved());
        }
      }
    } else {
      RenderBody(p, at, v);
    }
  }

  // The body of section `p[at]` once, over `v`.
  void RenderBody(const Program& p, size_t at, const TemplateValue& v) {
    stack_.push_back(FrameOf(&v));
    Run(p, at + 1, p[at].end);
    stack_.pop_back();
  }

  // A section over a shared subtree (or, with `item`, its body over one item
  // of a list that is one), rendered by `render`: its HTML is kept beside the
  // subtree when rendering it read no name outside it (every lookup ended in
  // a frame the section pushed), so the next page showing the same subtree in
  // the same section appends that HTML instead.
  template <typename Render>
  void RenderShared(const SharedTemplate& shared, const Program& p, size_t at, bool item, Render&& render) {
    const void* section = &p[at];
    auto same = [&](const SharedTemplate::Rendered& r) {
      return r.theme == c_.serial && r.section == section && r.depth == depth_ && r.item == item;
    };
    {
      std::lock_guard<std::mutex> lock(shared.rendered_mu);
      for (const auto& r : shared.rendered)
        if (same(r)) {
          out_ += r.html;
          return;
        }
    }
    const size_t start = out_.size(), inside = stack_.size();
    const size_t outer_lowest = lowest_;
    lowest_ = SIZE_MAX;
    render();
    const bool alone = lowest_ >= inside;
    lowest_ = std::min(outer_lowest, lowest_);
    if (!alone) return;
    std::lock_guard<std::mutex> lock(shared.rendered_mu);
    for (const auto& r : shared.rendered)
      if (same(r)) return;  // another thread was first
    shared.rendered.push_back({c_.serial, section, depth_, item, out_.substr(start)});
  }

  // The value a (dotted) name stands for, resolved; nullptr when none.
  // `shared`, when given, is set to the shared subtree the value is (null
  // when it is not one). Notes in `lowest_` the deepest frame it read.
  const TemplateValue* Find(const std::vector<Name>& path, const SharedTemplate** shared = nullptr) {
    if (path.empty()) return nullptr;
    const Name& first = path[0];
    size_t frame = stack_.size();
    if (first.dot) {
      // Maps have no "."; any other value (or nothing) is the current one.
      const TemplateValue* found = nullptr;
      while (frame > 0 && stack_[frame - 1].map) --frame;
      if (frame > 0) found = stack_[--frame].value;
      lowest_ = std::min(lowest_, frame);
      return found;
    }
    const TemplateValue* raw = nullptr;
    while (frame > 0 && !raw) {
      const TemplateMap* m = stack_[--frame].map;
      if (!m) continue;
      auto f = m->find(first.text, first.bit, HintOf(first));
      if (f != m->end()) raw = &f->second;
    }
    lowest_ = std::min(lowest_, frame);
    for (size_t k = 1; raw && k < path.size(); ++k) {
      const TemplateValue& v = raw->Resolved();
      auto* m = std::get_if<TemplateMap>(&v.value);
      if (!m) {
        raw = path[k].dot ? &v : nullptr;
        break;
      }
      auto f = m->find(path[k].text, path[k].bit, HintOf(path[k]));
      raw = f == m->end() ? nullptr : &f->second;
    }
    if (!raw) return nullptr;
    if (shared) {
      auto* p = std::get_if<SharedTemplateValue>(&raw->value);
      *shared = p && *p ? p->get() : nullptr;
    }
    return &raw->Resolved();
  }

  const Theme::Compiled& c_;
  std::string& out_;
  std::vector<uint32_t>& hints_;
  std::vector<Frame> stack_;
  int depth_ = 0;
  size_t lowest_ = SIZE_MAX;  // the deepest frame a lookup read (RenderShared)
};

std::string StemOf(const std::string& path) {
  std::string name = path.substr(path.rfind('/') + 1);
  return name.substr(0, name.size() - std::string(".mustache").size());
}

}  // namespace

void ValidateTemplate(const std::string& path, const std::string& text,
                      const std::map<std::string, std::string>& partials, Diagnostics& diags) {
  Validate(path, text, Tokenize(text), partials, diags);
}

std::optional<Theme> Theme::Load(const FileSystem& fs, const std::string& dir,
                                 const std::vector<std::string>& required, Diagnostics& out) {
  // The theme's own problems are counted apart and handed over on return:
  // the bodies render, and may report errors into `out`, on other threads
  // while the theme loads, and one of theirs is not a broken theme.
  Diagnostics diags;
  struct HandOver {
    Diagnostics& from;
    Diagnostics& to;
    ~HandOver() { to.Merge(std::move(from)); }
  } hand_over{diags, out};
  Theme theme;
  theme.dir_ = dir;
  // Files as (path relative to the theme folder, bytes).
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> unreadable;
  std::vector<FileEntry> entries = fs.List(dir, &unreadable);
  if (entries.empty() && unreadable.empty() && dir == "themes/default") {
    theme.embedded_ = true;
    for (const auto& f : EmbeddedThemeFiles()) files.emplace_back(std::string(f.path), std::string(f.bytes));
  } else if (entries.empty() && unreadable.empty()) {
    diags.Error({"site.yaml", 0, 0}, "E061", "нет папки темы " + dir,
                "создайте её или уберите параметр theme из site.yaml, чтобы взять встроенную тему");
    return std::nullopt;
  } else {
    // A file or folder of the theme that cannot be read is an error, not a
    // theme without it (a page without its styles, or the built-in template).
    ReportUnreadableFolders(unreadable, diags);
    for (const auto& e : entries) {
      if (e.symlink) continue;  // links are not followed: they may lead anywhere
      if (auto text = fs.ReadListed(e)) files.emplace_back(e.path.substr(dir.size() + 1), std::move(*text));
      else ReportUnreadableFile(e.path, diags);
    }
  }
  std::map<std::string, std::string> partials, templates;
  for (auto& [rel, bytes] : files) {
    if (StartsWith(rel, "partials/") && EndsWith(rel, ".mustache")) partials[StemOf(rel)] = bytes;
    else if (StartsWith(rel, "templates/") && EndsWith(rel, ".mustache")) templates[StemOf(rel)] = bytes;
    else if (StartsWith(rel, "static/")) theme.static_files_[rel.substr(7)] = std::move(bytes);
  }
  std::string shown = theme.embedded_ ? "<nastavnik>/themes/default" : dir;
  auto compiled = std::make_shared<Compiled>();
  // Standalone-stripped tokens of every partial, for indented inclusions.
  std::map<std::string, std::vector<Token>> partial_tokens;
  std::map<std::pair<std::string, std::string>, size_t> partial_programs;  // (name, prefix) → index
  std::vector<std::pair<std::string, std::string>> pending;                // to compile
  auto parse = [&](const std::string& path, const std::string& text, std::vector<Token>* tokens) {
    Tokenized tz = Tokenize(text);
    if (!Validate(path, text, tz, partials, diags)) return false;
    *tokens = StripStandalone(std::move(tz.tokens));
    return true;
  };
  for (const auto& [name, text] : partials) {
    std::vector<Token> tokens;
    if (parse(shown + "/partials/" + name + ".mustache", text, &tokens)) partial_tokens[name] = std::move(tokens);
  }
  for (const auto& [name, text] : templates) {
    std::vector<Token> tokens;
    if (parse(shown + "/templates/" + name + ".mustache", text, &tokens)) {
      compiled->templates[name] = compiled->programs.size();
      compiled->programs.push_back(Compile(tokens));
    }
  }
  for (const auto& name : required) {
    if (!templates.count(name))
      diags.Error({shown + "/templates", 0, 0}, "E061", "в теме нет шаблона «" + name + "»",
                  "создайте " + dir + "/templates/" + name + ".mustache");
  }
  if (diags.HasErrors()) return std::nullopt;

  // Links partial inclusions to programs, compiling each (partial, prefix)
  // once, including partials reached only from other partials.
  for (size_t p = 0; p < compiled->programs.size(); ++p) {
    for (Instr& in : compiled->programs[p]) {
      if (in.op != Op::kPartial) continue;
      auto key = std::make_pair(in.text, in.prefix);
      auto it = partial_programs.find(key);
      if (it == partial_programs.end()) {
        const std::vector<Token>& tokens = partial_tokens.at(in.text);
        it = partial_programs.emplace(key, compiled->programs.size()).first;
        compiled->programs.push_back(Compile(in.prefix.empty() ? tokens : Indented(tokens, in.prefix)));
      }
      in.partial = static_cast<int32_t>(it->second);
    }
  }
  for (Program& program : compiled->programs)
    for (Instr& in : program)
      for (Name& n : in.path) n.slot = compiled->names++;
  for (const auto& [name, text] : templates) theme.texts_["templates/" + name] = text;
  for (const auto& [name, text] : partials) theme.texts_["partials/" + name] = text;
  theme.compiled_ = std::move(compiled);
  return theme;
}

void Theme::RenderTo(const std::string& name, std::initializer_list<const TemplateMap*> scopes,
                     std::string& out) const {
  auto it = compiled_->templates.find(name);
  if (it == compiled_->templates.end()) return;
  Renderer r(*compiled_, out);
  for (const TemplateMap* m : scopes) r.Push(Frame{m, nullptr});
  const Program& p = compiled_->programs[it->second];
  r.Run(p, 0, p.size());
}

std::string Theme::Render(const std::string& name, const TemplateValue& context) const {
  std::string out;
  auto it = compiled_->templates.find(name);
  if (it == compiled_->templates.end()) return out;
  Renderer r(*compiled_, out);
  r.Push(FrameOf(&context.Resolved()));
  const Program& p = compiled_->programs[it->second];
  r.Run(p, 0, p.size());
  return out;
}

}  // namespace nastavnik
