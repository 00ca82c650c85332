#include "model/deadline.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "util/strings.h"

// The parser works in two steps. A tokenizer turns the cell into words,
// numbers, dashes and dotted dates (so «12 января2022 г.» and «01.09.21г.»
// need no special cases). A small recursive-descent parser then tries the
// shapes a roadmap cell has, one after another, and accepts one only when it
// consumed every token: a word it does not know makes the whole text
// unreadable rather than half-read.

namespace nastavnik {
namespace {

using WordList = std::initializer_list<std::string_view>;

// ---------------------------------------------------------------------------
// Tokens

enum class Tok { kWord, kNumber, kDash, kSlash, kDate, kDayMonth, kMonthYear, kOther };

struct Token {
  Tok type = Tok::kOther;
  std::string text;  // words lower-cased with «ё» as «е»; numbers as digits
  int value = 0;     // kNumber
  Date date;         // kDate; kDayMonth has year 0, kMonthYear day 0
  bool operator==(const Token& o) const { return type == o.type && text == o.text; }
};

// Lower case, «ё» as «е», every dash and minus as '-', non-breaking spaces as
// spaces.
std::string Normalize(std::string_view text) {
  std::string s = LowerUtf8(text);
  static const std::pair<const char*, const char*> kFolds[] = {
      {"ё", "е"},       {"\u2010", "-"}, {"\u2011", "-"}, {"\u2012", "-"},
      {"\u2013", "-"},  {"\u2014", "-"}, {"\u2015", "-"}, {"\u2212", "-"},
      {"\u00a0", " "},  {"\u202f", " "}, {"\u2009", " "}};
  for (const auto& [from, to] : kFolds) s = ReplaceAll(std::move(s), from, to);
  return s;
}

bool IsCyrillicLead(unsigned char c) { return c == 0xD0 || c == 0xD1; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct RawToken {
  char kind;  // 'w' word, 'n' number, '-', '/', '.', ',', 'o' other
  std::string text;
  bool space_before;
};

std::vector<RawToken> Scan(const std::string& s) {
  std::vector<RawToken> out;
  bool space = true;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    auto push = [&](char kind, std::string text) {
      out.push_back({kind, std::move(text), space});
      space = false;
    };
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      space = true;
      ++i;
    } else if (IsDigit(s[i])) {
      size_t b = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      push('n', s.substr(b, i - b));
    } else if (IsAsciiLetter(s[i]) || (IsCyrillicLead(c) && i + 1 < s.size())) {
      size_t b = i;
      while (i < s.size()) {
        if (IsAsciiLetter(s[i])) {
          ++i;
        } else if (IsCyrillicLead(static_cast<unsigned char>(s[i])) && i + 1 < s.size()) {
          i += 2;
        } else {
          break;
        }
      }
      push('w', s.substr(b, i - b));
    } else if (c == '-' || c == '/' || c == '.') {
      push(static_cast<char>(c), std::string(1, static_cast<char>(c)));
      ++i;
    } else if (c == ',' || c == ';' || c == ':') {
      push(',', ",");
      ++i;
    } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == '"' || c == '\'') {
      space = true;  // brackets and quotes only group words
      ++i;
    } else if (c == 0xC2 && i + 1 < s.size() &&
               (static_cast<unsigned char>(s[i + 1]) == 0xAB ||
                static_cast<unsigned char>(s[i + 1]) == 0xBB)) {
      space = true;  // «»
      i += 2;
    } else {
      size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
      push('o', s.substr(i, len));
      i += len;
    }
  }
  return out;
}

// Numbers joined by dots without spaces are dates («01.09.2021», «01.09.21»,
// «01.12») or months («12.2021»); every other dot and comma only separates and is dropped. A
// dotted date that does not exist («31.02.2022») stays an kOther token so
// that the text does not parse.
std::vector<Token> Tokenize(std::string_view text) {
  std::vector<RawToken> raw = Scan(Normalize(text));
  std::vector<Token> out;
  auto adjacent = [&](size_t k, char kind) {
    return k < raw.size() && raw[k].kind == kind && !raw[k].space_before;
  };
  for (size_t k = 0; k < raw.size(); ++k) {
    const RawToken& r = raw[k];
    if (r.kind == 'n' && adjacent(k + 1, '.') && adjacent(k + 2, 'n')) {
      Token t;
      t.text = r.text + "." + raw[k + 2].text;
      int d = r.text.size() <= 2 ? std::stoi(r.text) : 0;
      int m = raw[k + 2].text.size() <= 2 ? std::stoi(raw[k + 2].text) : 0;
      if (adjacent(k + 3, '.') && adjacent(k + 4, 'n')) {
        t.text += "." + raw[k + 4].text;
        std::optional<Date> date = ParseDate(t.text);
        t.type = date ? Tok::kDate : Tok::kOther;
        if (date) t.date = *date;
        k += 4;
      } else if (r.text.size() <= 2 && raw[k + 2].text.size() == 4) {
        int month = std::stoi(r.text);
        int year = std::stoi(raw[k + 2].text);
        bool ok = month >= 1 && month <= 12 && IsValidDate(year, 1, 1);
        t.type = ok ? Tok::kMonthYear : Tok::kOther;
        t.date = Date{year, month, 0};
        k += 2;
      } else {
        bool ok = d >= 1 && m >= 1 && m <= 12 && d <= DaysInMonth(2000, m);
        t.type = ok ? Tok::kDayMonth : Tok::kOther;
        t.date = Date{0, m, d};
        k += 2;
      }
      out.push_back(std::move(t));
      continue;
    }
    Token t;
    t.text = r.text;
    switch (r.kind) {
      case 'w': t.type = Tok::kWord; break;
      case 'n':
        t.type = Tok::kNumber;
        t.value = r.text.size() <= 6 ? std::stoi(r.text) : -1;
        break;
      case '-': t.type = Tok::kDash; break;
      case '/': t.type = Tok::kSlash; break;
      case '.':
      case ',': continue;
      default: t.type = Tok::kOther; break;
    }
    out.push_back(std::move(t));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Word classes

bool In(std::string_view w, WordList list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Words that add nothing to a deadline wherever they stand.
bool IsFiller(std::string_view w) {
  return In(w, {"в", "во", "на", "течение", "период", "срок", "сроки", "включительно", "всего",
                "весь", "протяжении"});
}

bool IsYearWord(std::string_view w) {
  return In(w, {"г", "гг", "год", "года", "году", "годы", "годов", "годах", "годам", "годом",
                "годе"});
}

bool IsAcademicWord(std::string_view w) { return StartsWith(w, "учебн") || w == "уч"; }

int RomanOrOrdinal(std::string_view w) {
  if (In(w, {"i", "первый", "первого", "первом", "первое", "первая"})) return 1;
  if (In(w, {"ii", "второй", "второго", "втором", "второе", "вторая"})) return 2;
  if (In(w, {"iii", "третий", "третьего", "третьем"})) return 3;
  if (In(w, {"iv", "четвертый", "четвертого", "четвертом"})) return 4;
  return 0;
}

// A month word; roman numerals and short words never are.
int MonthOf(const Token& t) {
  if (t.type != Tok::kWord || CodepointCount(t.text) < 3) return 0;
  return MonthFromWord(t.text);
}

// ---------------------------------------------------------------------------
// Spans as written

// A day as written: year 0 when the text has none; day 0 for the last day of
// the month (its length depends on the year).
struct Point {
  int y = 0, m = 0, d = 0;
};

struct Span {
  Point a, b;
  bool bare_day = false;   // «1» in «1-15 сентября»: only a range's left side
  bool year_only = false;  // «2021»: may start a year or academic-year range
  bool has_year() const { return a.y != 0; }
  bool single_day() const { return a.y == b.y && a.m == b.m && a.d == b.d && a.d != 0; }
};

int EffectiveDay(const Point& p, int year) { return p.d ? p.d : DaysInMonth(year, p.m); }

std::optional<std::pair<Date, Date>> Concrete(const Point& a, const Point& b) {
  Date s{a.y, a.m, EffectiveDay(a, a.y)};
  Date e{b.y, b.m, EffectiveDay(b, b.y)};
  if (!IsValidDate(s.year, s.month, s.day) || !IsValidDate(e.year, e.month, e.day)) return {};
  if (e < s) return {};
  return std::make_pair(s, e);
}

// A span without a year gets the first year whose occurrence ends on or after
// `anchor` (the program start).
std::optional<std::pair<Date, Date>> Resolve(const Span& s, Date anchor) {
  if (s.bare_day) return {};
  if (s.has_year()) return Concrete(s.a, s.b);
  if (anchor.year == 0) return {};
  bool wraps = std::make_pair(s.b.m, s.b.d ? s.b.d : 31) <
               std::make_pair(s.a.m, s.a.d ? s.a.d : 31);
  for (int y = anchor.year - 1; y <= anchor.year + 4; ++y) {
    Point a = s.a, b = s.b;
    a.y = y;
    b.y = wraps ? y + 1 : y;
    auto c = Concrete(a, b);
    if (c && c->second >= anchor) return c;
  }
  return {};
}

// ---------------------------------------------------------------------------
// The parser

struct NthDay {
  int day = 0;
  bool following = false;  // «месяца, следующего за отчетным …»
  bool quarter = false;    // «… кварталом»
};

struct RecurrenceParts {
  std::vector<Repeat> repeats;
  std::optional<Span> per;  // each occurrence, written without a year
  std::optional<NthDay> nth;
  std::optional<Date> until;
  bool until_is_day = false;
  std::optional<Date> anchor;  // «начиная с 2022 года», «в 2022-2024 гг.»
  bool within = false;         // anchor and until from one span («в 2022-2024 гг.»)
  bool continuous = false;     // «регулярное обновление», «по мере необходимости»
};

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, const DeadlineContext& ctx)
      : t_(tokens), ctx_(ctx) {}

  std::optional<Deadline> Parse() {
    if (auto d = Unspecified()) return d;
    if (auto d = Throughout()) return d;
    using Attempt = std::optional<Deadline> (Parser::*)();
    for (Attempt a : {&Parser::Continuation, &Parser::Recurring, &Parser::Before,
                      &Parser::Plain}) {
      i_ = 0;
      std::optional<Deadline> d = (this->*a)();
      if (d && AtEnd()) return d;
    }
    return std::nullopt;
  }

 private:
  bool HasPeriod() const { return ctx_.period_start.year != 0 && ctx_.period_end.year != 0; }

  // --- cursor -------------------------------------------------------------
  void SkipFillers() {
    while (i_ < t_.size() && t_[i_].type == Tok::kWord && IsFiller(t_[i_].text)) ++i_;
  }
  const Token* Peek() {
    SkipFillers();
    return i_ < t_.size() ? &t_[i_] : nullptr;
  }
  const Token* PeekAt(size_t k) {
    SkipFillers();
    size_t j = i_;
    for (size_t n = 0; j < t_.size(); ++j) {
      if (t_[j].type == Tok::kWord && IsFiller(t_[j].text)) continue;
      if (n++ == k) return &t_[j];
    }
    return nullptr;
  }
  bool AtEnd() { return Peek() == nullptr; }
  bool IsWord(const Token* t, WordList list) {
    return t && t->type == Tok::kWord && In(t->text, list);
  }
  bool Word(WordList list) {
    if (!IsWord(Peek(), list)) return false;
    ++i_;
    return true;
  }
  bool WordPrefix(std::string_view prefix) {
    const Token* t = Peek();
    if (!t || t->type != Tok::kWord || !StartsWith(t->text, prefix)) return false;
    ++i_;
    return true;
  }
  // All of `seq` in order (each item a set of alternatives); nothing consumed
  // when it does not match.
  bool Seq(std::initializer_list<WordList> seq) {
    size_t save = i_;
    for (WordList alts : seq) {
      if (!Word(alts)) {
        i_ = save;
        return false;
      }
    }
    return true;
  }
  bool Type(Tok type) {
    const Token* t = Peek();
    if (!t || t->type != type) return false;
    ++i_;
    return true;
  }
  void SkipYearWords() {
    while (const Token* t = Peek()) {
      if (t->type != Tok::kWord || !IsYearWord(t->text)) break;
      ++i_;
    }
  }

  // --- spans ----------------------------------------------------------------
  std::optional<int> Year() {
    const Token* t = Peek();
    if (!t || t->type != Tok::kNumber || t->text.size() != 4 || t->value < 1900 ||
        t->value > 2200)
      return std::nullopt;
    ++i_;
    SkipYearWords();
    return t->value;
  }

  // «1 квартал 2022», «IV кв.», «второе полугодие 2021 г.»
  std::optional<Span> QuarterOrHalf() {
    size_t save = i_;
    const Token* t = Peek();
    int n = 0;
    if (t && t->type == Tok::kNumber && t->text.size() == 1) n = t->value;
    if (t && t->type == Tok::kWord) n = RomanOrOrdinal(t->text);
    if (n < 1) return std::nullopt;
    ++i_;
    Span s;
    if (n <= 4 && (WordPrefix("квартал") || Word({"кв"}))) {
      s.a = {0, 3 * n - 2, 1};
      s.b = {0, 3 * n, 0};
    } else if (n <= 2 && (WordPrefix("полугоди") || Word({"полгода"}))) {
      s.a = {0, n == 1 ? 1 : 7, 1};
      s.b = {0, n == 1 ? 6 : 12, 0};
    } else {
      i_ = save;
      return std::nullopt;
    }
    if (auto y = Year()) s.a.y = s.b.y = *y;
    return s;
  }

  Point AcademicStart(int y) const {
    return {y, ctx_.academic_year_start_month, ctx_.academic_year_start_day};
  }
  // The day before the academic year that starts in `y`.
  Point AcademicEndBefore(int y) const {
    Date start{y ? y : 2001, ctx_.academic_year_start_month, ctx_.academic_year_start_day};
    Date e = start.AddDays(-1);
    bool last = e.day == DaysInMonth(e.year, e.month);
    return {y ? e.year : 0, e.month, last ? 0 : e.day};
  }

  std::optional<Span> Atom(bool allow_bare_day) {
    if (auto q = QuarterOrHalf()) return q;
    const Token* t = Peek();
    if (!t) return std::nullopt;
    size_t save = i_;
    Span s;
    if (t->type == Tok::kDate) {
      ++i_;
      SkipYearWords();
      s.a = s.b = {t->date.year, t->date.month, t->date.day};
      return s;
    }
    if (t->type == Tok::kMonthYear) {
      ++i_;
      SkipYearWords();
      s.a = {t->date.year, t->date.month, 1};
      s.b = {t->date.year, t->date.month, 0};
      return s;
    }
    if (t->type == Tok::kDayMonth) {
      ++i_;
      s.a = s.b = {0, t->date.month, t->date.day};
      return s;
    }
    if (t->type == Tok::kNumber) {
      if (t->text.size() == 4) {
        std::optional<int> y = Year();
        if (!y) return std::nullopt;
        s.a = {*y, 1, 1};
        s.b = {*y, 12, 31};
        s.year_only = true;
        return s;
      }
      if (t->text.size() > 2 || t->value < 1 || t->value > 31) return std::nullopt;
      ++i_;
      const Token* next = Peek();
      if (next && MonthOf(*next)) {
        int m = MonthOf(*next);
        ++i_;
        int y = Year().value_or(0);
        if (t->value > DaysInMonth(y ? y : 2000, m)) {
          i_ = save;
          return std::nullopt;
        }
        s.a = s.b = {y, m, t->value};
        return s;
      }
      if (!allow_bare_day || IsWord(next, {"числа"})) {
        i_ = save;
        return std::nullopt;
      }
      s.a = s.b = {0, 0, t->value};
      s.bare_day = true;
      return s;
    }
    if (int m = MonthOf(*t)) {
      ++i_;
      int y = Year().value_or(0);
      s.a = {y, m, 1};
      s.b = {y, m, 0};
      return s;
    }
    // «учебный год» without a year: resolved against the program start.
    if (t->type == Tok::kWord && IsAcademicWord(t->text)) {
      ++i_;
      if (!IsWord(Peek(), {"г", "год", "года", "году"})) {
        i_ = save;
        return std::nullopt;
      }
      SkipYearWords();
      s.a = AcademicStart(0);
      s.b = AcademicEndBefore(0);
      return s;
    }
    return std::nullopt;
  }

  // «2021-2022 учебного года», «2021/22 уч. год», «2021 - 2024 гг.»
  std::optional<Span> YearRange(const Span& left, bool slash) {
    const Token* t = Peek();
    if (!t || t->type != Tok::kNumber) return std::nullopt;
    int y1 = left.a.y, y2 = 0;
    if (t->text.size() == 4) {
      y2 = t->value;
    } else if (t->text.size() == 2) {
      y2 = y1 / 100 * 100 + t->value;
    } else {
      return std::nullopt;
    }
    size_t save = i_;
    ++i_;
    SkipYearWords();
    bool academic = WordPrefix("учебн") || Word({"уч"});
    if (academic) SkipYearWords();
    if (y2 <= y1 || (!academic && (slash || t->text.size() != 4))) {
      i_ = save;
      return std::nullopt;
    }
    Span s;
    if (academic) {
      s.a = AcademicStart(y1);
      s.b = AcademicEndBefore(y2);
    } else {
      s.a = {y1, 1, 1};
      s.b = {y2, 12, 31};
    }
    return s;
  }

  // A year taken from the other side of a range: «август – сентябрь 2021»,
  // «сентябрь – май 2022» (September 2021), «сентябрь 2021 – май» (May 2022).
  static void FillYears(Span& left, Span& right) {
    auto before_or_same = [](const Point& x, const Point& y) {
      return std::make_pair(x.m, x.d ? x.d : 31) <= std::make_pair(y.m, y.d ? y.d : 31);
    };
    if (!left.has_year() && right.has_year()) {
      left.a.y = before_or_same(left.a, right.b) ? right.b.y : right.b.y - 1;
      left.b.y = left.a.y;
    } else if (left.has_year() && !right.has_year()) {
      right.b.y = before_or_same(left.b, right.b) ? left.b.y : left.b.y + 1;
      right.a.y = right.b.y;
    }
  }

  struct SpanResult {
    Span span;
    bool open = false;  // «с X» with no end
  };

  std::optional<SpanResult> ParseSpan(bool allow_from) {
    size_t save = i_;
    bool from = allow_from && (Word({"с", "со"}) || Seq({{"начиная"}, {"с", "со"}}));
    std::optional<Span> left = Atom(/*allow_bare_day=*/true);
    if (!left) {
      i_ = save;
      return std::nullopt;
    }
    bool dash = Type(Tok::kDash);
    bool slash = !dash && Type(Tok::kSlash);
    bool to = !dash && !slash && from && Word({"по", "до"});
    if (!dash && !slash && !to) {
      if (left->bare_day) {
        i_ = save;
        return std::nullopt;
      }
      return SpanResult{*left, from};
    }
    if (left->year_only) {
      if (auto r = YearRange(*left, slash)) return SpanResult{*r, false};
    }
    std::optional<Span> right = slash ? std::nullopt : Atom(/*allow_bare_day=*/false);
    if (!right) {
      i_ = save;
      return std::nullopt;
    }
    if (left->bare_day) {
      if (!right->single_day() || right->bare_day) {  // «1-15 сентября», not «1 – май»
        i_ = save;
        return std::nullopt;
      }
      left->a = left->b = {right->a.y, right->a.m, left->a.d};
    }
    FillYears(*left, *right);
    Span s;
    s.a = left->a;
    s.b = right->b;
    return SpanResult{s, false};
  }

  // --- markers -------------------------------------------------------------
  // «до», «не позднее (чем)», «не позже», «к», «по», each optionally
  // followed by «конца» («до конца 2021 года»).
  bool BeforeMarker() {
    bool ok = Word({"до", "к", "ко", "по"}) || Seq({{"не"}, {"позднее", "позже"}});
    if (!ok) return false;
    Word({"чем"});
    Word({"конца", "концу", "окончания"});
    return true;
  }

  // «1 раз в квартал», «не реже двух раз в год», «ежегодно», «каждый месяц»
  std::optional<Repeat> RepeatWords() {
    size_t save = i_;
    const Token* t = Peek();
    if (!t) return std::nullopt;
    if (t->type == Tok::kWord) {
      const std::string& w = t->text;
      std::optional<Repeat> r;
      if (StartsWith(w, "ежемесячн")) r = Repeat::kMonthly;
      if (StartsWith(w, "ежекварталь") || StartsWith(w, "поквартальн")) r = Repeat::kQuarterly;
      if (StartsWith(w, "ежеполугод")) r = Repeat::kSemiannual;
      if (StartsWith(w, "ежегодн")) r = Repeat::kYearly;
      if (r) {
        ++i_;
        return r;
      }
    }
    if (Word({"каждый", "каждое", "каждого", "каждом", "каждую"})) {
      if (auto months = UnitMonths()) {
        if (auto r = RepeatFromMonths(*months)) return r;
      }
      i_ = save;
      return std::nullopt;
    }
    Seq({{"не"}, {"реже", "менее"}});
    int count = 0;
    bool needs_raz = true;  // «два раза в год», but «дважды в год»
    if (Word({"дважды"})) {
      count = 2;
      needs_raz = false;
    } else if (Word({"один", "одного"})) {
      count = 1;
    } else if (Word({"два", "двух"})) {
      count = 2;
    } else if (Word({"четыре", "четырех"})) {
      count = 4;
    } else if (const Token* n = Peek(); n && n->type == Tok::kNumber && n->text.size() <= 2) {
      count = n->value;
      ++i_;
    }
    if (needs_raz) {
      if (!Word({"раз", "раза"})) {
        i_ = save;
        return std::nullopt;
      }
      if (count == 0) count = 1;  // «раз в квартал»
    }
    std::optional<int> months = UnitMonths();
    if (!months || *months % count != 0) {
      i_ = save;
      return std::nullopt;
    }
    if (auto r = RepeatFromMonths(*months / count)) return r;
    i_ = save;
    return std::nullopt;
  }

  // «месяц» 1, «квартал» 3, «полугодие» 6, «год» 12, «два года» 24.
  std::optional<int> UnitMonths() {
    size_t save = i_;
    if (Word({"месяц", "месяца", "месяце"})) return 1;
    if (WordPrefix("квартал")) return 3;
    if (WordPrefix("полугоди") || Word({"полгода"})) return 6;
    if (Word({"год", "года", "году"})) return 12;
    const Token* t = Peek();
    if ((t && t->type == Tok::kNumber && t->value == 2) || IsWord(t, {"два", "двух"})) {
      ++i_;
      if (Word({"года", "лет"})) return 24;
    }
    i_ = save;
    return std::nullopt;
  }

  static std::optional<Repeat> RepeatFromMonths(int months) {
    switch (months) {
      case 1: return Repeat::kMonthly;
      case 3: return Repeat::kQuarterly;
      case 6: return Repeat::kSemiannual;
      case 12: return Repeat::kYearly;
      case 24: return Repeat::kBiennial;
      default: return std::nullopt;
    }
  }

  // «по запросу», «по мере необходимости», «при необходимости»
  bool OnRequest() {
    return Seq({{"по"}, {"запросу", "запросам", "необходимости"}}) ||
           Seq({{"по"}, {"мере"}, {"необходимости", "поступления"}}) ||
           Seq({{"при"}, {"необходимости"}});
  }
  // «или по запросу», «а также по мере необходимости»: extra occurrences
  // with no date, which change nothing a build can show.
  bool AlsoOnRequest() {
    size_t save = i_;
    if (Word({"или", "и"}) || Seq({{"а"}, {"также"}})) {
      if (OnRequest()) return true;
    }
    i_ = save;
    return false;
  }

  // «15 числа месяца, следующего за отчетным кварталом»
  std::optional<NthDay> NthDayOfMonth() {
    size_t save = i_;
    const Token* t = Peek();
    if (!t || t->type != Tok::kNumber || t->value < 1 || t->value > 31 || t->text.size() > 2 ||
        !IsWord(PeekAt(1), {"числа"}))
      return std::nullopt;
    NthDay n{t->value};
    i_ += 1;
    Word({"числа"});
    while (const Token* w = Peek()) {
      if (w->type != Tok::kWord ||
          !In(w->text, {"месяца", "следующего", "за", "отчетным", "отчетного", "текущего",
                        "кварталом", "квартала", "месяцем", "периодом"}))
        break;
      if (w->text == "следующего") n.following = true;
      if (w->text == "кварталом" || w->text == "квартала") n.quarter = true;
      ++i_;
    }
    if (n.quarter && !n.following) {  // «15 числа текущего квартала»: which month?
      i_ = save;
      return std::nullopt;
    }
    return n;
  }

  // «отчетного года», «года, следующего за отчетным»
  void SkipReportingYear() {
    while (IsWord(Peek(), {"отчетного", "текущего", "следующего", "за", "отчетным", "года",
                           "годом"}))
      ++i_;
  }

  // --- recurrence -----------------------------------------------------------
  bool RecurrenceClause(RecurrenceParts& r, bool tail) {
    while (!AtEnd()) {
      if (auto rep = RepeatWords()) {
        r.repeats.push_back(*rep);
        continue;
      }
      if (AlsoOnRequest()) continue;
      if (Word({"обновление", "обновления", "актуализация", "пополнение", "проведение"}))
        continue;
      if (tail && ContinuousWords()) {
        r.continuous = true;
        continue;
      }
      size_t save = i_;
      if (BeforeMarker()) {
        if (auto nth = NthDayOfMonth()) {
          if (r.nth || r.per) return false;
          r.nth = nth;
          continue;
        }
        std::optional<SpanResult> sp = ParseSpan(/*allow_from=*/false);
        if (!sp) {
          i_ = save;
          return false;
        }
        SkipReportingYear();
        if (sp->span.has_year()) {
          auto c = Resolve(sp->span, ctx_.period_start);
          if (!c || r.until) return false;
          r.until = c->second;
          r.until_is_day = sp->span.single_day();
        } else {
          if (r.per || r.nth) return false;
          Span per = sp->span;
          per.a = per.b;  // each occurrence is the deadline day itself
          r.per = per;
        }
        continue;
      }
      std::optional<SpanResult> sp = ParseSpan(/*allow_from=*/true);
      if (!sp) return false;
      SkipReportingYear();
      if (sp->span.has_year()) {
        auto c = Resolve(sp->span, ctx_.period_start);
        if (!c || r.anchor) return false;
        r.anchor = c->first;
        if (!sp->open) {
          if (r.until) return false;
          r.until = c->second;
          r.within = true;
        }
      } else {
        if (sp->open || r.per || r.nth) return false;
        r.per = sp->span;
      }
    }
    return true;
  }

  // «регулярно», «постоянное обновление», «по запросу», «в течение всего
  // периода реализации программы» after «далее»
  bool ContinuousWords() {
    if (Word({"регулярно", "регулярное", "регулярная", "регулярные", "постоянно", "постоянное",
              "систематически", "систематическое"}))
      return true;
    if (OnRequest()) return true;
    if (Seq({{"периода"}, {"реализации"}})) {
      Word({"программы", "проекта", "плана"});
      return true;
    }
    return false;
  }

  static Repeat MostFrequent(const std::vector<Repeat>& repeats) {
    Repeat best = repeats.front();
    for (Repeat r : repeats)
      if (RepeatMonths(r) < RepeatMonths(best)) best = r;
    return best;
  }

  // The calendar month, quarter, half-year, year or two years containing `a`.
  static std::pair<Date, Date> UnitContaining(Date a, Repeat r) {
    int months = RepeatMonths(r);
    int first_month = months >= 12 ? 1 : (a.month - 1) / months * months + 1;
    Date s{a.year, first_month, 1};
    return {s, AddMonths(s, months).AddDays(-1)};
  }

  std::optional<std::pair<Date, Date>> FirstNthDay(const NthDay& n, Repeat r, Date anchor) {
    if (r != Repeat::kMonthly && !(r == Repeat::kQuarterly && n.following)) return std::nullopt;
    Date m{anchor.year, anchor.month, 1};
    for (int k = 0; k < 24; ++k) {
      Date month = AddMonths(m, k);
      // Reports for a quarter fall in the month after it: Jan, Apr, Jul, Oct.
      if (r == Repeat::kQuarterly && month.month % 3 != 1) continue;
      Date day{month.year, month.month, std::min(n.day, DaysInMonth(month.year, month.month))};
      if (day >= anchor) return std::make_pair(day, day);
    }
    return std::nullopt;
  }

  std::optional<Deadline> BuildRecurring(RecurrenceParts& r,
                                         std::optional<std::pair<Date, Date>> first) {
    Deadline d;
    d.parsed = true;
    d.kind = DeadlineKind::kRecurring;
    if (r.repeats.empty()) {
      if (!r.continuous || !first) return std::nullopt;
      d.repeat = Repeat::kNone;
    } else {
      d.repeat = MostFrequent(r.repeats);
    }
    // «ежегодно до 1 февраля 2024 года» with no first occurrence: every year
    // by 1 February, the last one in 2024 — both readings of the phrase agree.
    if (!first && !r.per && !r.nth && r.until && r.until_is_day && !r.anchor &&
        d.repeat == Repeat::kYearly) {
      r.per = Span{{0, r.until->month, r.until->day}, {0, r.until->month, r.until->day}};
    }
    // «ежегодно в 2022-2024 гг.» repeats inside the span; «ежегодно 12.2021»
    // has no room for a second occurrence and is not a recurrence.
    if (r.within && AddMonths(*r.anchor, RepeatMonths(d.repeat)) > *r.until) return std::nullopt;
    Date anchor = r.anchor.value_or(ctx_.period_start);
    if (!first) {
      if (r.per) {
        first = Resolve(*r.per, anchor);
        if (!first) return std::nullopt;
        // «ежемесячно, в течение учебного года»: the span is the window the
        // repetition happens in, not one occurrence — the first occurrence is
        // the first month (quarter…) of it.
        if (first->second >= AddMonths(first->first, RepeatMonths(d.repeat))) {
          Date window_start = first->first;
          first = UnitContaining(window_start, d.repeat);
          first->first = std::max(first->first, window_start);  // not before the window
        }
      } else if (r.nth) {
        if (anchor.year == 0) return std::nullopt;
        first = FirstNthDay(*r.nth, d.repeat, anchor);
        if (!first) return std::nullopt;
      } else if (anchor.year != 0) {
        first = UnitContaining(anchor, d.repeat);
      }
    } else if (r.per || r.nth || r.anchor) {
      return std::nullopt;  // a first occurrence and another rhythm: not one deadline
    }
    if (r.until) {
      d.until = r.until;
    } else if (HasPeriod()) {
      d.until = ctx_.period_end;
    }
    if (first) {
      d.start = first->first;
      d.end = first->second;
      if (d.until && *d.until < *d.start) return std::nullopt;
    }
    return d;
  }

  // --- the shapes of a cell -------------------------------------------------
  std::vector<std::string> WordsOnly() const {
    std::vector<std::string> words;
    for (const Token& t : t_) {
      if (t.type == Tok::kDash) continue;
      if (t.type != Tok::kWord) return {};
      words.push_back(t.text);
    }
    return words;
  }

  // «по отдельному графику», «по запросу», «по мере необходимости»: no date on
  // purpose. Words may follow («по запросу министерства»), but no month and
  // no recurrence, which would mean a date after all.
  std::optional<Deadline> Unspecified() {
    std::vector<std::string> w = WordsOnly();
    if (w.empty()) return std::nullopt;
    static const std::vector<std::vector<std::string_view>> kPrefixes = {
        {"по", "отдельному"}, {"по", "отдельным"},     {"по", "графику"},
        {"по", "плану"},      {"по", "запросу"},       {"по", "запросам"},
        {"по", "мере"},       {"по", "необходимости"}, {"при", "необходимости"},
        {"по", "согласованию"}, {"согласно", "графику"}, {"согласно", "плану"},
        {"в", "соответствии"}, {"в", "установленные", "сроки"}, {"в", "сроки"},
        {"по", "распоряжению"}, {"по", "особому"},      {"по", "итогам"}};
    for (const auto& p : kPrefixes) {
      if (w.size() < p.size() || !std::equal(p.begin(), p.end(), w.begin())) continue;
      for (size_t k = p.size(); k < w.size(); ++k) {
        if (MonthFromWord(w[k]) && CodepointCount(w[k]) >= 3) return std::nullopt;
        if (StartsWith(w[k], "ежег") || StartsWith(w[k], "ежем") || StartsWith(w[k], "ежек"))
          return std::nullopt;
      }
      Deadline d;
      d.parsed = true;
      d.kind = DeadlineKind::kUnspecified;
      return d;
    }
    return std::nullopt;
  }

  // «В течение всего периода реализации программы», «постоянно», «регулярно»
  std::optional<Deadline> Throughout() {
    std::vector<std::string> w = WordsOnly();
    if (w.empty()) return std::nullopt;
    // «постоянно» alone says it all; «период»/«срок» needs «всего» or
    // «реализации» («в срок» alone means «on time», not a period).
    bool continuous = false, period = false, whole = false;
    for (const std::string& x : w) {
      if (In(x, {"постоянно", "регулярно", "систематически", "ежедневно", "еженедельно",
                 "постоянной", "постоянном"})) {
        continuous = true;
      } else if (In(x, {"период", "периода", "периоде", "срок", "срока", "сроке"})) {
        period = true;
      } else if (In(x, {"всего", "весь", "всем", "реализации", "действия"})) {
        whole = true;
      } else if (!In(x, {"в", "на", "за", "течение", "протяжении", "ходе", "программы",
                         "программ", "плана", "проекта", "дорожной", "карты", "внедрения",
                         "целевой", "модели", "наставничества", "основе", "режиме"})) {
        return std::nullopt;
      }
    }
    if (!continuous && !(period && whole)) return std::nullopt;
    Deadline d;
    d.parsed = true;
    d.kind = DeadlineKind::kThroughout;
    if (HasPeriod()) {
      d.start = ctx_.period_start;
      d.end = ctx_.period_end;
    }
    return d;
  }

  // «Август-сентябрь 2021 г., далее – ежегодно до 1 февраля 2024 года»
  std::optional<Deadline> Continuation() {
    bool before = BeforeMarker();  // «до 1 декабря 2021 г., далее ежегодно»
    std::optional<SpanResult> head = ParseSpan(/*allow_from=*/false);
    if (!head) return std::nullopt;
    auto first = Resolve(head->span, ctx_.period_start);
    if (!first) return std::nullopt;
    if (before) first->first = first->second;
    if (!Word({"далее", "затем"}) && !Seq({{"а", "и"}, {"далее"}}) && !Word({"дальнейшем"}))
      return std::nullopt;
    Type(Tok::kDash);
    RecurrenceParts r;
    if (!RecurrenceClause(r, /*tail=*/true)) return std::nullopt;
    return BuildRecurring(r, first);
  }

  // «ежегодно, до 25 декабря отчетного года», «ежеквартально не позднее 15
  // числа месяца, следующего за отчетным кварталом», «2 раза в год»
  std::optional<Deadline> Recurring() {
    RecurrenceParts r;
    if (!RecurrenceClause(r, /*tail=*/false) || r.repeats.empty()) return std::nullopt;
    return BuildRecurring(r, std::nullopt);
  }

  // «не позднее 1 декабря», «в срок до 31 марта 2022 года», «до конца 2021 г.»
  std::optional<Deadline> Before() {
    if (!BeforeMarker()) return std::nullopt;
    std::optional<SpanResult> sp = ParseSpan(/*allow_from=*/false);
    if (!sp) return std::nullopt;
    auto c = Resolve(sp->span, ctx_.period_start);
    if (!c) return std::nullopt;
    Deadline d;
    d.parsed = true;
    d.kind = DeadlineKind::kBefore;
    d.end = c->second;
    return d;
  }

  // «сентябрь 2021», «12 января 2022 г.», «с 1 ноября по 25 декабря»,
  // «в течение 2021-2022 учебного года», «с 2023 г. и далее»
  std::optional<Deadline> Plain() {
    std::optional<SpanResult> sp = ParseSpan(/*allow_from=*/true);
    if (!sp) return std::nullopt;
    auto c = Resolve(sp->span, ctx_.period_start);
    if (!c) return std::nullopt;
    Deadline d;
    d.parsed = true;
    if (sp->open) {
      if (!Word({"далее"})) Seq({{"и"}, {"далее"}});
      d.kind = DeadlineKind::kRange;
      d.start = c->first;
      if (HasPeriod() && ctx_.period_end >= c->first) d.end = ctx_.period_end;
      return d;
    }
    d.kind = c->first == c->second ? DeadlineKind::kDate : DeadlineKind::kRange;
    d.start = c->first;
    d.end = c->second;
    return d;
  }

  const std::vector<Token>& t_;
  const DeadlineContext& ctx_;
  size_t i_ = 0;
};

// A cell of two merged table rows repeats itself («Ноябрь 2021 г., далее –
// ежегодно или по запросу Ноябрь 2021 г., далее – ежегодно или по запросу»);
// two identical halves are one deadline. Different halves are two deadlines
// and do not parse.
void DropRepeatedHalf(std::vector<Token>& tokens) {
  size_t n = tokens.size();
  if (n < 2 || n % 2 != 0) return;
  if (std::equal(tokens.begin(), tokens.begin() + n / 2, tokens.begin() + n / 2))
    tokens.resize(n / 2);
}

}  // namespace

Deadline ParseDeadline(std::string_view text, const DeadlineContext& ctx) {
  Deadline result;
  result.text = std::string(text);
  std::vector<Token> tokens = Tokenize(text);
  if (tokens.empty()) return result;
  DropRepeatedHalf(tokens);
  Parser parser(tokens, ctx);
  if (std::optional<Deadline> d = parser.Parse()) {
    d->text = result.text;
    return *d;
  }
  return result;
}

std::string_view KindName(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::kDate: return "date";
    case DeadlineKind::kRange: return "range";
    case DeadlineKind::kBefore: return "before";
    case DeadlineKind::kThroughout: return "throughout";
    case DeadlineKind::kRecurring: return "recurring";
    case DeadlineKind::kUnspecified: return "unspecified";
  }
  return "unspecified";
}

std::string_view RepeatName(Repeat repeat) {
  switch (repeat) {
    case Repeat::kNone: return "none";
    case Repeat::kMonthly: return "monthly";
    case Repeat::kQuarterly: return "quarterly";
    case Repeat::kSemiannual: return "semiannual";
    case Repeat::kYearly: return "yearly";
    case Repeat::kBiennial: return "biennial";
  }
  return "none";
}

int RepeatMonths(Repeat repeat) {
  switch (repeat) {
    case Repeat::kNone: return 0;
    case Repeat::kMonthly: return 1;
    case Repeat::kQuarterly: return 3;
    case Repeat::kSemiannual: return 6;
    case Repeat::kYearly: return 12;
    case Repeat::kBiennial: return 24;
  }
  return 0;
}

Date AddMonths(Date d, int months) {
  long total = static_cast<long>(d.year) * 12 + (d.month - 1) + months;
  int y = static_cast<int>(total / 12);
  int m = static_cast<int>(total % 12) + 1;
  return Date{y, m, std::min(d.day, DaysInMonth(y, m))};
}

std::vector<Occurrence> Occurrences(const Deadline& d, size_t limit) {
  std::vector<Occurrence> out;
  if (!d.parsed || !d.start || !d.end || d.kind == DeadlineKind::kBefore) return out;
  out.push_back({*d.start, *d.end});
  if (d.kind != DeadlineKind::kRecurring || d.repeat == Repeat::kNone) return out;
  int step = RepeatMonths(d.repeat);
  // A whole-month occurrence («август – сентябрь») keeps ending on the last
  // day of its month; a single day is only clamped («31 числа» in February).
  bool whole_months = d.start->day == 1 && d.end->day == DaysInMonth(d.end->year, d.end->month);
  for (int k = 1; out.size() < limit; ++k) {
    Date s = AddMonths(*d.start, k * step);
    if (d.until && s > *d.until) break;
    Date e = AddMonths(*d.end, k * step);
    if (whole_months) e.day = DaysInMonth(e.year, e.month);
    out.push_back({s, e});
  }
  return out;
}

}  // namespace nastavnik
