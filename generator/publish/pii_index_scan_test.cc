// The privacy guard's scanner against the straightforward implementation it
// replaced (decode the whole text into code points, then allocate a string
// per word): both must find exactly the same hits on any text, since the
// guard's guarantees rest on them.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <cstring>
#include <random>
#include <tuple>

#include "model/privacy.h"
#include "publish/pii_index.h"
#include "publish/pii_test_util.h"
#include "publish/pii_text.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

using namespace pii_text;

// Decoded, normalised text: one code point per entry and the byte offset in
// the original text it came from.
struct Decoded {
  std::u32string cps;
  std::vector<size_t> offs;
  void Put(char32_t c, size_t off) {
    cps.push_back(c);
    offs.push_back(off);
  }
};

Decoded Decode(std::string_view s) {
  Decoded d;
  d.cps.reserve(s.size());
  d.offs.reserve(s.size());
  bool in_tag = false;
  char quote = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t at = i;
    char c = s[i];
    if (in_tag && !quote) {
      if (c == '"' || c == '\'') {
        quote = c;
        d.Put(kBreak, at);
      } else if (c == '>') {
        in_tag = false;
        d.Put(kGap, at);
      }
      ++i;
      continue;
    }
    if (in_tag && c == quote) {
      quote = 0;
      d.Put(kBreak, at);
      ++i;
      continue;
    }
    char32_t cp;
    if (!in_tag && c == '<' && OpensTag(s, i)) {
      in_tag = true;
      d.Put(kGap, at);
      ++i;
      continue;
    } else if (c == '&') {
      cp = Entity(s, i);
    } else if (c == '\\' && i + 1 < s.size()) {
      // JSON and JavaScript string escapes.
      if (s[i + 1] == 'u' && i + 5 < s.size() && Hex(s[i + 2]) >= 0 && Hex(s[i + 3]) >= 0 &&
          Hex(s[i + 4]) >= 0 && Hex(s[i + 5]) >= 0) {
        cp = (Hex(s[i + 2]) << 12) | (Hex(s[i + 3]) << 8) | (Hex(s[i + 4]) << 4) | Hex(s[i + 5]);
        i += 6;
      } else {
        cp = kGap;
        i += std::strchr("nrtbf/\\\"'", s[i + 1]) && s[i + 1] ? 2 : 1;
      }
    } else {
      cp = NextUtf8(s, i);
    }
    if (Droppable(cp)) continue;
    d.Put(Normalise(cp), at);
  }
  return d;
}



struct Token {
  std::string key;     // normalised word; numbers without leading zeros
  std::string digits;  // numbers: the digits as written
  size_t off = 0;      // byte offset in the original text
  bool numeric = false;
  bool after_break = false;  // an n-gram may not reach back over this token's start
  bool phone_join = false;   // only phone punctuation between this and the previous token
};

// `text`: the original, where an initial's letter is seen to be upper-case.
std::vector<Token> Tokenize(const Decoded& d, std::string_view text) {
  std::vector<Token> out;
  const std::u32string& s = d.cps;
  size_t i = 0;
  bool brk = false;
  size_t gap_len = 0;
  bool gap_phone = true;
  while (i < s.size()) {
    Cls cls = ClassOf(s[i]);
    if (cls == Cls::kOther) {
      if (s[i] == kBreak) brk = true;
      gap_phone = gap_phone && PhoneGap(s[i]);
      ++gap_len;
      ++i;
      continue;
    }
    Token t;
    t.off = d.offs[i];
    t.after_break = brk;
    t.phone_join = !out.empty() && gap_phone && gap_len <= 3;
    t.numeric = cls == Cls::kDigit;
    size_t j = i;
    while (j < s.size() && ClassOf(s[j]) == cls) AppendUtf8(t.key, s[j++]);
    // An initial: one letter, written upper-case, a '.' right after it.
    if (!t.numeric && j == i + 1 && j < s.size() && s[j] == U'.' && UpperAt(text, t.off)) t.key += '.';
    if (t.numeric) {
      t.digits = t.key;
      size_t nz = t.key.find_first_not_of('0');
      t.key = nz == std::string::npos ? "0" : t.key.substr(nz);
    }
    out.push_back(std::move(t));
    i = j;
    brk = false;
    gap_len = 0;
    gap_phone = true;
  }
  return out;
}



}  // namespace

struct PiiIndexTestPeer {
  static void ReferenceScan(const PiiIndex& idx, std::string_view text, std::vector<PiiHit>& hits);
  // The needle the scanner's lookup gives for a run of words, if any.
  static std::optional<std::pair<size_t, PiiKind>> Find(const PiiIndex& idx, const std::vector<std::string>& gram) {
    const PiiIndex::Keys keys = PiiIndex::KeysOf(gram);
    PiiIndex::Needle n;
    if (!idx.Find(keys.gram, keys.name, n)) return std::nullopt;
    return std::pair<size_t, PiiKind>{n.person, n.kind};
  }
  // Whether the scanner's lookup gives each of `words` (runs of words, as
  // their GramHash: see ReferenceWords), and nothing for the other runs of
  // `tried`.
  static bool FindsExactly(const PiiIndex& idx, const std::map<uint64_t, std::pair<size_t, PiiKind>>& words,
                           const std::vector<std::vector<std::string>>& tried) {
    size_t seen = 0;
    std::set<uint64_t> counted;
    for (const auto& gram : tried) {
      const auto want = words.find(PiiIndex::GramHash(gram));
      const auto got = Find(idx, gram);
      if (want == words.end() ? got.has_value() : got != want->second) return false;
      if (want != words.end() && counted.insert(want->first).second) ++seen;
    }
    return seen == words.size();  // every needle was tried
  }
};

void PiiIndexTestPeer::ReferenceScan(const PiiIndex& idx, std::string_view text, std::vector<PiiHit>& hits) {
  Decoded d = Decode(text);
  std::vector<Token> tokens = Tokenize(d, text);
  std::vector<PiiHit> found;
  std::string key;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!idx.t_->heads.Contains(PiiIndex::WordHash(tokens[i].key))) continue;
    key = tokens[i].key;
    std::vector<std::string> gram = {tokens[i].key};
    size_t have = 1;
    for (size_t n : idx.t_->lengths) {
      if (i + n > tokens.size()) break;
      bool broken = false;
      for (; have < n; ++have) {
        if (tokens[i + have].after_break) {
          broken = true;
          break;
        }
        key += ' ';
        key += tokens[i + have].key;
        gram.push_back(tokens[i + have].key);
      }
      if (broken) break;
      if (const auto w = Find(idx, gram)) found.push_back({w->first, w->second, tokens[i].off});
    }
  }
  if (!idx.t_->phones.empty()) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!tokens[i].numeric) continue;
      std::string digits;
      for (size_t j = i; j < tokens.size() && tokens[j].numeric && (j == i || tokens[j].phone_join); ++j) {
        digits += tokens[j].digits;
        if (digits.size() > 11) break;
        if (digits.size() < 10) continue;
        if (const auto* n = idx.t_->phones.Find(PiiIndex::KeyHash(digits.substr(digits.size() - 10)))) {
          found.push_back({n->person, PiiKind::kPhone, tokens[i].off});
          i = j;
          break;
        }
      }
    }
  }
  if (!idx.t_->emails.empty()) {
    const std::u32string& s = d.cps;
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] != U'@') continue;
      size_t b = k, e = k + 1;
      while (b > 0 && EmailChar(s[b - 1])) --b;
      while (e < s.size() && (EmailChar(s[e]) && s[e] != U'+' && s[e] != U'%')) ++e;
      while (e > k + 1 && (s[e - 1] == U'.' || s[e - 1] == U'-')) --e;
      std::string email;
      for (size_t x = b; x < e; ++x) AppendUtf8(email, s[x]);
      if (const auto* n = idx.t_->emails.Find(PiiIndex::KeyHash(email))) found.push_back({n->person, PiiKind::kEmail, d.offs[b]});
    }
  }
  std::sort(found.begin(), found.end(), [](const PiiHit& a, const PiiHit& b) {
    return std::tie(a.offset, a.person, a.kind) < std::tie(b.offset, b.person, b.kind);
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const PiiHit& a, const PiiHit& b) {
                            return a.offset == b.offset && a.person == b.person && a.kind == b.kind;
                          }),
              found.end());
  hits.insert(hits.end(), found.begin(), found.end());
}


}  // namespace nastavnik

using namespace nastavnik;

TEST_CASE("PiiIndex::Scan finds exactly what the reference scanner finds, on random markup") {
  const PeopleRegistry reg = ScanTestRegistry();
  PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});

  // Pieces that exercise every rule: names in both orders, entities, escapes,
  // tags and quoted attributes, phone punctuation, e-mails with '+', '%',
  // trailing dots, leading zeros, invalid UTF-8, soft hyphens.
  const std::vector<std::string> pieces = {
      "Ёлкина", "Алёна", "алена", "ЕЛКИНА", "Петровна", "Ivan", "ORLOV", "orlov", "Петрова", "Водкина", "Мария",
      " ", "  ", "\n", "\t", "-", ".", ",", "(", ")", "+", "+7", "8", "912", "345", "67", "89", "900", "000",
      "01", "02", "0004", "03", "2009", "4", "3", "марта", "31", "12", "2010", "декабря", "@", "&#64;",
      "&commat;", "\\u0040", "alena.elkina", "mail.example", "i-orlov", "+x", "%", "school.example", "..",
      "<b>", "</b>", "<a href=\"", "\">", "<img alt='", "'>", "<", ">", "&nbsp;", "&shy;", "&amp;", "&#1025;",
      "&#x43B;", "&bogus;", "&", "\\u0415", "\\\"", "\\", "\xC3", "\xD0\x81", "\xE2\x80\x8B", "\xC2\xAD",
      "\xC2\xA0", "é", "ё", "Ё", "mailto:", "x", "\"", "'", "<!-- ", " -->", "<?x ", "</td><td>"};
  std::mt19937 rng(9);
  size_t with_hits = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t k = 1 + rng() % 40; k > 0; --k) text += pieces[rng() % pieces.size()];
    std::vector<PiiHit> got, want;
    index.Scan(text, got);
    PiiIndexTestPeer::ReferenceScan(index, text, want);
    INFO(text);
    REQUIRE(SameHits(got, want));
    // The one-pass UTF-8 check says what FirstInvalidUtf8 says; on UTF-8 it
    // finds what Scan finds, and on anything else nothing.
    std::vector<PiiHit> utf8;
    REQUIRE(index.ScanUtf8(text, utf8) == IsValidUtf8(text));
    REQUIRE((IsValidUtf8(text) ? SameHits(utf8, got) : utf8.empty()));
    with_hits += got.empty() ? 0 : 1;
  }
  MESSAGE("random texts with hits: " << with_hits);
  CHECK(with_hits > 200);
  // Known hits are found at all (the random texts above are not vacuous).
  std::vector<PiiHit> hits;
  index.Scan("Алёна Ёлкина, тел. 8 (912) 345-67-89, i-orlov+x@school.example.", hits);
  CHECK(hits.size() == 3);
}

namespace {

// Slots: «Ф И», «И Ф», «Ф И О», «И О Ф», «Ф И. О.», «И. О. Ф», «И. О. Ф»
// (without a patronymic the forms with it are the ones without).
std::vector<std::vector<std::string>> FormsOf(const Participant& p) {
  std::vector<std::string> s = PiiWords(p.surname), n = PiiWords(p.name), pt = PiiWords(p.patronymic);
  std::vector<std::vector<std::string>> forms;
  if (s.empty() || n.empty()) return forms;
  auto cat = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  auto initial = [](const std::vector<std::string>& w) {
    return w.empty() ? std::vector<std::string>{}
                     : std::vector<std::string>{w[0].substr(0, static_cast<unsigned char>(w[0][0]) < 0x80 ? 1 : 2) + "."};
  };
  forms = {cat(s, n),          cat(n, s), cat(cat(s, n), pt), cat(cat(n, pt), s), cat(cat(s, initial(n)), initial(pt)),
           cat(cat(initial(n), initial(pt)), s), cat(cat(initial(n), initial(pt)), s)};
  return forms;
}

// Every run of two or more words the scanner could look up for `everyone`:
// the runs of each one's name forms and of the words of the full name in
// both orders, the one-initial forms, the birth dates.
std::vector<std::vector<std::string>> TriedGrams(const std::vector<Participant>& everyone) {
  std::vector<std::vector<std::string>> out;
  auto runs = [&](const std::vector<std::string>& words) {
    for (size_t b = 0; b < words.size(); ++b)
      for (size_t e = b + 2; e <= words.size(); ++e) {
        std::vector<std::string> run(words.begin() + b, words.begin() + e);
        out.emplace_back(run.rbegin(), run.rend());
        out.push_back(std::move(run));
      }
  };
  for (const auto& p : everyone) {
    for (const auto& form : FormsOf(p)) runs(form);
    std::vector<std::string> all = PiiWords(p.surname), n = PiiWords(p.name), pt = PiiWords(p.patronymic);
    all.insert(all.end(), n.begin(), n.end());
    all.insert(all.end(), pt.begin(), pt.end());
    runs(all);
    if (!all.empty() && !n.empty()) {
      const std::string ni = n[0].substr(0, static_cast<unsigned char>(n[0][0]) < 0x80 ? 1 : 2) + ".";
      runs({all[0], ni});
    }
    if (p.birth_date) {
      const Date& b = *p.birth_date;
      std::string d = std::to_string(b.day), m = std::to_string(b.month), y = std::to_string(b.year);
      out.push_back({d, m, y});
      out.push_back({y, m, d});
      out.push_back({d, std::string(MonthGenitive(b.month)), y});
    }
  }
  return out;
}

// The n-gram needles as the per-person implementation the flat tables
// replaced built them: every date first, then each mentee's name forms in
// registry order, the first row keeping a text; a form that is a run of a
// published mentor's name is left out, and «Фамилия Имя Отчество» is added
// only when a short form was.
std::map<uint64_t, std::pair<size_t, PiiKind>> ReferenceWords(const std::vector<Participant>& everyone,
                                                              std::string_view site, Date today) {
  // Compared as the scanner compares them: by the stems of their words.
  std::set<uint64_t> published;
  for (const auto& p : everyone)
    if (CheckConsent(p, site, today) == ConsentStatus::kPublishable)
      for (const auto& form : FormsOf(p)) {
        for (size_t b = 0; b < form.size(); ++b)
          for (size_t e = b + 2; e <= form.size(); ++e)
            published.insert(PiiIndex::GramHash({form.begin() + b, form.begin() + e}));
      }
  // A mentor who may be named may also be written with one initial: «Ф И.», «И. Ф».
  for (const auto& p : everyone) {
    if (CheckConsent(p, site, today) != ConsentStatus::kPublishable) continue;
    std::vector<std::string> s = PiiWords(p.surname), n = PiiWords(p.name);
    if (s.empty() || n.empty()) continue;
    std::string ni = n[0].substr(0, static_cast<unsigned char>(n[0][0]) < 0x80 ? 1 : 2) + ".";
    std::vector<std::string> si = s, is = {ni};
    si.push_back(ni);
    is.insert(is.end(), s.begin(), s.end());
    published.insert(PiiIndex::GramHash(si));
    published.insert(PiiIndex::GramHash(is));
  }
  std::map<uint64_t, std::pair<size_t, PiiKind>> words;
  for (size_t i = 0; i < everyone.size(); ++i) {
    if (!everyone[i].birth_date) continue;
    const Date& b = *everyone[i].birth_date;
    std::string d = std::to_string(b.day), m = std::to_string(b.month), y = std::to_string(b.year);
    for (const std::vector<std::string>& w : {std::vector<std::string>{d, m, y}, std::vector<std::string>{y, m, d},
                                              std::vector<std::string>{d, std::string(MonthGenitive(b.month)), y}})
      words.emplace(PiiIndex::GramHash(w), std::pair{i, PiiKind::kBirthDate});
  }
  for (size_t i = 0; i < everyone.size(); ++i) {
    const Participant& p = everyone[i];
    if (p.IsMentor() && p.category != "обучающийся") continue;
    auto forms = FormsOf(p);
    bool short_left_out = false;
    for (size_t k = 0; k < forms.size(); ++k) {
      if (published.count(PiiIndex::GramHash(forms[k]))) {
        short_left_out = short_left_out || k < 2;
        continue;
      }
      if (k != 2 || short_left_out) words.emplace(PiiIndex::GramHash(forms[k]), std::pair{i, PiiKind::kName});
    }
  }
  return words;
}

}  // namespace

TEST_CASE("PiiIndex keeps the needles, and the row of each, that the per-person records gave") {
  const std::string site = "https://x.example/";
  const Date today{2023, 11, 1};
  auto person = [&](std::string surname, std::string name, std::string patronymic, bool mentor, bool pupil,
                    bool consent) {
    Participant p = Someone(std::move(surname), std::move(name), std::move(patronymic),
                            mentor ? ParticipantRole::kMentor : ParticipantRole::kMentee);
    p.category = pupil ? "обучающийся" : "педагог";
    if (consent) p.consent = {true, Date{2021, 10, 1}, site, std::nullopt};
    return p;
  };
  SUBCASE("«Фамилия Имя Отчество» written alike by two rows whose words split otherwise") {
    // Row 0's short forms are nobody's published name; row 1's «Ю-Ирина Х» is
    // a run of the mentor's: only row 1 adds «Х Ю Ирина Петровна».
    PeopleRegistry reg;
    reg.participants.push_back(person("Х-Ю", "Ирина", "Петровна", false, true, false));
    reg.participants.push_back(person("Х", "Ю-Ирина", "Петровна", false, true, false));
    reg.participants.push_back(person("Вова", "Ю-Ирина-Х", "", true, false, true));
    PiiIndex index(reg, site, today);
    CHECK(PiiIndexTestPeer::FindsExactly(index, ReferenceWords(reg.participants, site, today),
                                         TriedGrams(reg.participants)));
    std::vector<PiiHit> hits;
    index.Scan("Х Ю Ирина Петровна", hits);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].person == 0);  // «Х Ю Ирина»
    CHECK(hits[1].person == 1);  // «Х Ю Ирина Петровна»
  }
  SUBCASE("random registries of namesakes") {
    const std::vector<std::string> surnames = {"Белова", "Ершова", "Х", "Х-Ю", "Ирина", "Ю"};
    const std::vector<std::string> names = {"Ирина", "Ю-Ирина", "Ольга", "Белова", "Ю-Ирина-Х", "Х"};
    const std::vector<std::string> patronymics = {"", "Петровна", "Сергеевна", "Ирина"};
    std::mt19937 rng(11);
    for (int round = 0; round < 300; ++round) {
      PeopleRegistry reg;
      for (size_t k = 1 + rng() % 30; k > 0; --k) {
        Participant p = person(surnames[rng() % surnames.size()], names[rng() % names.size()],
                               patronymics[rng() % patronymics.size()], rng() % 2, rng() % 3 == 0, rng() % 2);
        if (rng() % 3 == 0) p.birth_date = Date{2000 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 2), 1};
        reg.participants.push_back(p);
      }
      PiiIndex index(reg, site, today);
      const auto want = ReferenceWords(reg.participants, site, today);
      // Every name form of everyone, mentors' too, in either order: found
      // exactly when a needle, as the row that gave it.
      REQUIRE(PiiIndexTestPeer::FindsExactly(index, want, TriedGrams(reg.participants)));
    }
  }
}
