// The privacy guard's scanner against the straightforward implementation it
// replaced (decode the whole text into code points, then allocate a string
// per word): both must find exactly the same hits on any text, since the
// guard's guarantees rest on them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <tuple>

#include "publish/pii_index.h"
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

std::vector<Token> Tokenize(const Decoded& d) {
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
};

void PiiIndexTestPeer::ReferenceScan(const PiiIndex& idx, std::string_view text, std::vector<PiiHit>& hits) {
  Decoded d = Decode(text);
  std::vector<Token> tokens = Tokenize(d);
  std::vector<PiiHit> found;
  std::string key;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!idx.heads_.Contains(PiiIndex::KeyHash(tokens[i].key))) continue;
    key = tokens[i].key;
    std::vector<std::string> gram = {tokens[i].key};
    size_t have = 1;
    for (size_t n : idx.lengths_) {
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
      if (const auto* w = idx.words_.Find(PiiIndex::GramHash(gram))) found.push_back({w->person, w->kind, tokens[i].off});
    }
  }
  if (!idx.phones_.empty()) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!tokens[i].numeric) continue;
      std::string digits;
      for (size_t j = i; j < tokens.size() && tokens[j].numeric && (j == i || tokens[j].phone_join); ++j) {
        digits += tokens[j].digits;
        if (digits.size() > 11) break;
        if (digits.size() < 10) continue;
        if (const auto* n = idx.phones_.Find(PiiIndex::KeyHash(digits.substr(digits.size() - 10)))) {
          found.push_back({n->person, PiiKind::kPhone, tokens[i].off});
          i = j;
          break;
        }
      }
    }
  }
  if (!idx.emails_.empty()) {
    const std::u32string& s = d.cps;
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] != U'@') continue;
      size_t b = k, e = k + 1;
      while (b > 0 && EmailChar(s[b - 1])) --b;
      while (e < s.size() && (EmailChar(s[e]) && s[e] != U'+' && s[e] != U'%')) ++e;
      while (e > k + 1 && (s[e - 1] == U'.' || s[e - 1] == U'-')) --e;
      std::string email;
      for (size_t x = b; x < e; ++x) AppendUtf8(email, s[x]);
      if (const auto* n = idx.emails_.Find(PiiIndex::KeyHash(email))) found.push_back({n->person, PiiKind::kEmail, d.offs[b]});
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

namespace {

Participant Someone(std::string surname, std::string name, std::string patronymic, ParticipantRole role) {
  Participant p;
  p.id = surname;
  p.surname = std::move(surname);
  p.name = std::move(name);
  p.patronymic = std::move(patronymic);
  p.role = role;
  p.category = role == ParticipantRole::kMentee ? "обучающийся" : "педагог";
  return p;
}

bool Same(const std::vector<PiiHit>& a, const std::vector<PiiHit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].person != b[i].person || a[i].kind != b[i].kind || a[i].offset != b[i].offset) return false;
  return true;
}

}  // namespace

TEST_CASE("PiiIndex::Scan finds exactly what the reference scanner finds, on random markup") {
  PeopleRegistry reg;
  Participant a = Someone("Ёлкина", "Алёна", "Петровна", ParticipantRole::kMentee);
  a.birth_date = Date{2009, 3, 4};
  a.phone = "+7 (912) 345-67-89";
  a.email = "Alena.Elkina@Mail.example";
  reg.participants.push_back(a);
  Participant b = Someone("Orlov", "Ivan", "", ParticipantRole::kMentee);
  b.email = "i-orlov+x@school.example";
  b.phone = "8 900 000 01 02";
  b.birth_date = Date{2010, 12, 31};
  reg.participants.push_back(b);
  reg.participants.push_back(Someone("Петрова-Водкина", "Мария", "", ParticipantRole::kMentee));
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
    REQUIRE(Same(got, want));
    with_hits += got.empty() ? 0 : 1;
  }
  MESSAGE("random texts with hits: " << with_hits);
  CHECK(with_hits > 200);
  // Known hits are found at all (the random texts above are not vacuous).
  std::vector<PiiHit> hits;
  index.Scan("Алёна Ёлкина, тел. 8 (912) 345-67-89, i-orlov+x@school.example.", hits);
  CHECK(hits.size() == 3);
}
