#include "publish/pii_index.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <tuple>

#include "model/privacy.h"
#include "publish/pii_text.h"
#include "util/date.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

using namespace pii_text;  // the character rules the reference scanner shares

// The decoded, normalised text, one code point at a time, with the byte
// offset in the original text each came from. Tag and attribute names are
// skipped (a gap); a quoted attribute value is framed by kBreak; entities and
// JSON escapes are decoded; droppable characters never come out.
class Decoder {
 public:
  explicit Decoder(std::string_view s) : s_(s) {}

  // The common cases inline: a plain ASCII character, a two-byte UTF-8
  // letter (Cyrillic) of text or of an attribute value; the rest in NextSlow.
  bool Next(char32_t& cp, size_t& off) {
    if (i_ < s_.size() && (!in_tag_ || quote_ != 0)) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c < 0x80) {
        if (c != '&' && c != '\\' && c != static_cast<unsigned char>(in_tag_ ? quote_ : '<')) {
          off = i_++;
          cp = Normalise(c);
          return true;
        }
      } else if ((c >> 5) == 6 && i_ + 1 < s_.size()) {
        unsigned char c2 = static_cast<unsigned char>(s_[i_ + 1]);
        char32_t x = (static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F);
        if ((c2 & 0xC0) == 0x80 && !Droppable(x)) {
          off = i_;
          i_ += 2;
          cp = Normalise(x);
          return true;
        }
      }
    }
    return NextSlow(cp, off);
  }

  // Consumes the Cyrillic letters (raw two-byte UTF-8, no markup) that
  // follow, writing them normalised at `w`; returns the new end. Next() would
  // return them one by one; the caller takes them in bulk only where each
  // would just extend the current word.
  char* TakeCyrillicRun(char* w) {
    if (in_tag_ && quote_ == 0) return w;
    const size_t n = s_.size();
    while (i_ + 1 < n) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c != 0xD0 && c != 0xD1) break;
      unsigned char c2 = static_cast<unsigned char>(s_[i_ + 1]);
      if ((c2 & 0xC0) != 0x80) break;
      char32_t x = Normalise((static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F));
      if (x < 0x430 || x > 0x44F) break;  // not a Cyrillic letter (class kCyrillic)
      *w++ = static_cast<char>(0xC0 | (x >> 6));
      *w++ = static_cast<char>(0x80 | (x & 0x3F));
      i_ += 2;
    }
    return w;
  }

 private:
  __attribute__((noinline)) bool NextSlow(char32_t& cp, size_t& off) {
    const size_t n = s_.size();
    while (i_ < n) {
      size_t at = i_;
      char c = s_[i_];
      // A plain ASCII character of text or of an attribute value.
      if (static_cast<unsigned char>(c) < 0x80 && c != '&' && c != '\\' &&
          (in_tag_ ? (quote_ != 0 && c != quote_) : c != '<')) {
        ++i_;
        cp = Normalise(static_cast<unsigned char>(c));
        off = at;
        return true;
      }
      if (in_tag_ && !quote_) {
        // Skip a tag's name and attribute names up to '>' or a quote.
        while (i_ < n && s_[i_] != '"' && s_[i_] != '\'' && s_[i_] != '>') ++i_;
        if (i_ == n) return false;
        at = i_;
        c = s_[i_];
        ++i_;
        if (c == '"' || c == '\'') {
          quote_ = c;
          cp = kBreak;
        } else if (c == '>') {
          in_tag_ = false;
          cp = kGap;
        } else {
          continue;
        }
        off = at;
        return true;
      }
      if (in_tag_ && c == quote_) {
        quote_ = 0;
        ++i_;
        cp = kBreak;
        off = at;
        return true;
      }
      char32_t x;
      if (!in_tag_ && c == '<' && OpensTag(s_, i_)) {
        in_tag_ = true;
        ++i_;
        cp = kGap;
        off = at;
        return true;
      } else if (c == '&') {
        x = Entity(s_, i_);
      } else if (c == '\\' && i_ + 1 < n) {
        // JSON and JavaScript string escapes.
        if (s_[i_ + 1] == 'u' && i_ + 5 < n && Hex(s_[i_ + 2]) >= 0 && Hex(s_[i_ + 3]) >= 0 &&
            Hex(s_[i_ + 4]) >= 0 && Hex(s_[i_ + 5]) >= 0) {
          x = (Hex(s_[i_ + 2]) << 12) | (Hex(s_[i_ + 3]) << 8) | (Hex(s_[i_ + 4]) << 4) | Hex(s_[i_ + 5]);
          i_ += 6;
        } else {
          x = kGap;
          i_ += std::strchr("nrtbf/\\\"'", s_[i_ + 1]) && s_[i_ + 1] ? 2 : 1;
        }
      } else {
        x = NextUtf8(s_, i_);
      }
      if (Droppable(x)) continue;
      cp = Normalise(x);
      off = at;
      return true;
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
  bool in_tag_ = false;
  char quote_ = 0;
};



// Writes `cp` as UTF-8 at `p`; returns the end. The scanner's hot loop
// (letters and digits are 1 or 2 bytes).
inline char* PutUtf8(char* p, char32_t cp) {
  if (cp < 0x80) {
    *p++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *p++ = static_cast<char>(0xC0 | (cp >> 6));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *p++ = static_cast<char>(0xE0 | (cp >> 12));
    *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *p++ = static_cast<char>(0xF0 | (cp >> 18));
    *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return p;
}

// FNV-1a of a word: the scanner's quick test whether a word may start a
// needle (PiiIndex::head_filter_) before the exact hash lookup.
inline uint64_t WordHash(std::string_view w) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : w) h = (h ^ c) * 1099511628211ull;
  return h;
}

// A word of the decoded text. Its key (and, for numbers, the digits as
// written) live in the TokenBuffer's arena: no allocation per word.
struct Token {
  uint32_t key = 0, key_len = 0;  // normalised word; numbers without leading zeros
  uint32_t dig = 0, dig_len = 0;  // numbers: the digits as written
  size_t off = 0;                 // byte offset in the original text
  uint64_t hash = 0;              // PiiIndex::KeyHash of the key
  bool numeric = false;
  bool after_break = false;  // an n-gram may not reach back over this token's start
  bool phone_join = false;   // only phone punctuation between this and the previous token
};

struct TokenBuffer {
  std::vector<Token> tokens;
  std::string arena;  // sized before tokenizing: words are never longer than their source
  void Clear() { tokens.clear(); }
  std::string_view Key(const Token& t) const { return {arena.data() + t.key, t.key_len}; }
  std::string_view Digits(const Token& t) const { return {arena.data() + t.dig, t.dig_len}; }
};

// Splits `text` into words: runs of Cyrillic letters, of Latin letters, of
// digits (after decoding and normalising); everything else is a gap. Calls
// `on_cp(cp, offset)` for every decoded code point that may matter to the
// e-mail scanner: after a Cyrillic letter, the letters that follow it are
// taken in bulk without a call (none is an e-mail character, and the first
// already ended any e-mail run).
template <class OnCp>
void Tokenize(std::string_view text, TokenBuffer& out, OnCp&& on_cp) {
  Decoder dec(text);
  bool brk = false;
  size_t gap_len = 0;
  bool gap_phone = true;
  Cls cur = Cls::kOther;
  Token t;
  // Words hold only ASCII letters and digits and Cyrillic letters (1 or 2
  // bytes), each written from at least as many source bytes (a reference or
  // an escape is longer), so the arena never outgrows the text.
  // 16 bytes of slack: a word's hash reads 8 bytes past its last block.
  if (out.arena.size() < text.size() + 16) out.arena.resize(text.size() + 16);
  char* const base = out.arena.data();
  char* w = base;
  auto finish = [&] {
    t.key_len = static_cast<uint32_t>(w - base) - t.key;
    if (t.numeric) {
      t.dig = t.key;
      t.dig_len = t.key_len;
      uint32_t nz = 0;
      while (nz + 1 < t.dig_len && base[t.dig + nz] == '0') ++nz;  // "000" → "0"
      t.key += nz;
      t.key_len -= nz;
    }
    t.hash = PiiIndex::KeyHashOf(base + t.key, t.key_len, true);
    out.tokens.push_back(t);
  };
  char32_t cp;
  size_t off;
  while (dec.Next(cp, off)) {
    on_cp(cp, off);
    Cls cls = ClassOf(cp);
    if (cls == cur && cls != Cls::kOther) {
      w = PutUtf8(w, cp);
      if (cls == Cls::kCyrillic) w = dec.TakeCyrillicRun(w);  // no e-mail character among them
      continue;
    }
    if (cur != Cls::kOther) finish();
    cur = cls;
    if (cls == Cls::kOther) {
      if (cp == kBreak) brk = true;
      gap_phone = gap_phone && PhoneGap(cp);
      ++gap_len;
      continue;
    }
    t = Token();
    t.key = static_cast<uint32_t>(w - base);
    t.off = off;
    t.after_break = brk;
    t.phone_join = !out.tokens.empty() && gap_phone && gap_len <= 3;
    t.numeric = cls == Cls::kDigit;
    w = PutUtf8(w, cp);
    if (cls == Cls::kCyrillic) w = dec.TakeCyrillicRun(w);
    brk = false;
    gap_len = 0;
    gap_phone = true;
  }
  if (cur != Cls::kOther) finish();
}


std::string NormalEmail(std::string_view text) {
  Decoder d(text);
  std::string out;
  char32_t c;
  size_t off;
  while (d.Next(c, off))
    if (c != kGap) AppendUtf8(out, c);
  return out;
}

std::string LastTenDigits(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9') digits += c;
  return digits.size() >= 10 ? digits.substr(digits.size() - 10) : std::string();
}

}  // namespace

std::vector<std::string> PiiWords(std::string_view text) {
  TokenBuffer buf;
  Tokenize(text, buf, [](char32_t, size_t) {});
  std::vector<std::string> out;
  for (const auto& t : buf.tokens) out.emplace_back(buf.Key(t));
  return out;
}

namespace {

// The ways a full name is written: «Фамилия Имя», «Имя Фамилия» and, with a
// patronymic, «Фамилия Имя Отчество» and «Имя Отчество Фамилия». The first
// two already match inside the longer ones; the longer ones matter when a
// short form is shared with a published mentor (see PublishedGrams).
std::vector<std::vector<std::string>> NameForms(const Participant& p) {
  std::vector<std::string> s = PiiWords(p.surname), n = PiiWords(p.name), pt = PiiWords(p.patronymic);
  if (s.empty() || n.empty()) return {};
  auto cat = [](std::initializer_list<const std::vector<std::string>*> parts) {
    std::vector<std::string> out;
    for (auto* part : parts) out.insert(out.end(), part->begin(), part->end());
    return out;
  };
  std::vector<std::vector<std::string>> forms = {cat({&s, &n}), cat({&n, &s})};
  if (!pt.empty()) {
    forms.push_back(cat({&s, &n, &pt}));
    forms.push_back(cat({&n, &pt, &s}));
  }
  return forms;
}

// Every run of two or more words inside the ways a published mentor's name is
// written: a needle equal to one of them would fire on the mentor.
void PublishedGrams(const Participant& p, std::set<std::string>& out) {
  for (const auto& form : NameForms(p))
    for (size_t b = 0; b < form.size(); ++b)
      for (size_t e = b + 2; e <= form.size(); ++e)
        out.insert(Join(std::vector<std::string>(form.begin() + b, form.begin() + e), " "));
}

}  // namespace

PiiIndex::PiiIndex(const PeopleRegistry& people, std::string_view site_address, Date today)
    : PiiIndex(people.participants,
               [&](const std::function<void(const Participant&)>& fn) {
                 for (const auto& p : people.participants) fn(p);
               },
               site_address, today, nullptr) {
  all_ = &people.participants;
}

void PiiNeedles::AddLength(size_t words) {
  std::vector<size_t>& lengths = tables_->lengths;
  if (std::find(lengths.begin(), lengths.end(), words) == lengths.end()) {
    lengths.push_back(words);
    std::sort(lengths.begin(), lengths.end());
  }
}

void PiiNeedles::AddWords(const std::vector<std::string>& words, Needle n) {
  if (words.size() < 2) return;
  if (!tables_->words.Emplace(PiiIndex::GramHash(words), n).second) return;  // the first row keeps it
  tables_->heads.Insert(PiiIndex::KeyHash(words.front()));
  AddLength(words.size());
}

void PiiNeedles::Add(const Participant& p) {
  const uint32_t i = static_cast<uint32_t>(count_++);
  if (!p.IsMentor() || p.category == "обучающийся") {
    auto forms = NameForms(p);
    if (!forms.empty()) {
      // Rows come in registry order: the first row that gives a text keeps it.
      uint64_t keys[4] = {};
      for (size_t k = 0; k < forms.size(); ++k) {
        keys[k] = PiiIndex::GramHash(forms[k]);
        AddLength(forms[k].size());
        if (k != 2) tables_->names.Emplace(keys[k], i);
      }
      tables_->heads.Insert(PiiIndex::KeyHash(forms[0].front()));  // forms 0 and 2 begin with the surname
      tables_->heads.Insert(PiiIndex::KeyHash(forms[1].front()));  // forms 1 and 3 with the name
      if (forms.size() > 2) {
        const LongForm f{keys[0], keys[1], i};
        auto [have, added] = long_names_.Emplace(keys[2], f);
        if (!added && (have->surname_name != f.surname_name || have->name_surname != f.name_surname))
          long_other_.push_back({keys[2], f});
      }
    }
  }
  if (p.birth_date) {
    const Date& b = *p.birth_date;
    std::string d = std::to_string(b.day), m = std::to_string(b.month), y = std::to_string(b.year);
    AddWords({d, m, y}, {i, PiiKind::kBirthDate});
    AddWords({y, m, d}, {i, PiiKind::kBirthDate});
    AddWords({d, std::string(MonthGenitive(b.month)), y}, {i, PiiKind::kBirthDate});
  }
  std::string phone = LastTenDigits(p.phone);
  if (!phone.empty()) tables_->phones.Emplace(PiiIndex::KeyHash(phone), Needle{i, PiiKind::kPhone});
  std::string email = NormalEmail(p.email);
  if (email.find('@') != std::string::npos) tables_->emails.Emplace(PiiIndex::KeyHash(email), Needle{i, PiiKind::kEmail});
}

PiiIndex::PiiIndex(const std::vector<Participant>& may_be_named, const ParticipantSource& everyone,
                   std::string_view site_address, Date today, std::function<Participant(size_t)> load)
    : PiiIndex(may_be_named,
               [&] {
                 PiiNeedles needles;
                 everyone([&](const Participant& p) { needles.Add(p); });
                 return needles;
               }(),
               site_address, today, std::move(load)) {}

PiiIndex::PiiIndex(const std::vector<Participant>& may_be_named, const PiiNeedles& needles,
                   std::string_view site_address, Date today, std::function<Participant(size_t)> load)
    : load_(std::move(load)), t_(needles.tables_) {
  std::set<std::string> published_text;
  for (const auto& p : may_be_named)
    if (CheckConsent(p, site_address, today) == ConsentStatus::kPublishable)
      PublishedGrams(p, published_text);
  FlatHashSet64 published;
  for (const auto& gram : published_text) published.Insert(GramHash(Split(gram, ' ')));  // words have no spaces
  // A name form is a needle unless it is a published mentor's; each text
  // keeps the first row that gives it, as if rows were added in registry
  // order after every date (name and date needles never share a text).
  // The gathered names hold the forms every row gives; what a published
  // mentor changes goes to overrides_ (a few entries: namesakes).
  published.ForEach([&](uint64_t key) {
    if (t_->names.Contains(key)) overrides_.Emplace(key, Needle{0, PiiKind::kPhone});  // left out
  });
  // «Фамилия Имя Отчество» contains «Фамилия Имя»: it only adds something
  // when the short forms are left out as a published mentor's.
  auto add_long = [&](uint64_t key, const PiiNeedles::LongForm& f) {
    if (!published.Contains(key) && (published.Contains(f.surname_name) || published.Contains(f.name_surname)))
      SetName(key, f.person);
  };
  needles.long_names_.ForEach(add_long);
  for (const auto& [key, f] : needles.long_other_) add_long(key, f);
  BuildHeadFilter();
}

void PiiIndex::SetName(uint64_t key, uint32_t person) {
  // Whatever order the long forms are walked in, the first row wins.
  if (t_->words.Contains(key)) return;  // a date's
  if (const uint32_t* have = t_->names.Find(key)) person = std::min(person, *have);
  auto [have, added] = overrides_.Emplace(key, Needle{person, PiiKind::kName});
  if (!added) have->person = std::min(have->person, person);
}

size_t PiiIndex::needle_count() const {
  size_t n = 0;
  ForEachWord([&](uint64_t, const Needle&) { ++n; });
  return n + t_->phones.size() + t_->emails.size();
}

const Participant& PiiIndex::person(size_t i) const {
  if (all_) return (*all_)[i];
  std::lock_guard<std::mutex> lock(mu_);
  auto it = loaded_.find(i);
  if (it == loaded_.end()) it = loaded_.emplace(i, load_ ? load_(i) : Participant{}).first;
  return it->second;
}

void PiiIndex::BuildHeadFilter() {
  uint64_t bits = uint64_t{1} << 16;
  while (bits < 8 * t_->heads.size()) bits <<= 1;
  head_mask_ = bits - 1;
  head_filter_.assign(bits / 64, 0);
  t_->heads.ForEach([&](uint64_t head) {
    uint64_t h = head & head_mask_;
    head_filter_[h >> 6] |= uint64_t{1} << (h & 63);
  });
}

void PiiIndex::Scan(std::string_view text, std::vector<PiiHit>& hits) const {
  // Buffers reused from one text to the next on each thread.
  thread_local TokenBuffer tl_buf;
  thread_local std::string tl_digits, tl_left, tl_email;
  TokenBuffer& buf = tl_buf;
  std::string &digits = tl_digits, &left = tl_left, &email = tl_email;
  buf.Clear();
  std::vector<PiiHit> found;

  // E-mails, on the decoded stream: `left` is the run of e-mail characters
  // before the current point; at an '@' it becomes the local part and the
  // domain follows (no '+' or '%'), trailing '.' and '-' trimmed.
  const bool want_email = !t_->emails.empty();
  size_t left_off = 0, email_off = 0, local_len = 0;
  bool in_domain = false;
  left.clear();
  auto finish_email = [&] {
    while (email.size() > local_len && (email.back() == '.' || email.back() == '-')) email.pop_back();
    if (const Needle* n = t_->emails.Find(KeyHash(email))) found.push_back({n->person, PiiKind::kEmail, email_off});
    in_domain = false;
  };
  auto on_cp = [&](char32_t cp, size_t off) {
    if (!want_email) return;
    bool ec = EmailChar(cp);
    if (in_domain) {
      if (ec && cp != U'+' && cp != U'%') email += static_cast<char>(cp);
      else finish_email();
    }
    if (cp == U'@') {
      email = left;
      email += '@';
      local_len = email.size();
      email_off = left.empty() ? off : left_off;
      in_domain = true;
    }
    if (ec) {
      if (left.empty()) left_off = off;
      left += static_cast<char>(cp);
    } else {
      left.clear();
    }
  };
  Tokenize(text, buf, on_cp);
  if (in_domain) finish_email();

  const std::vector<Token>& tokens = buf.tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const uint64_t head = tokens[i].hash;
    uint64_t h = head & head_mask_;
    if (!(head_filter_[h >> 6] >> (h & 63) & 1)) continue;  // surely not a head
    if (!t_->heads.Contains(head)) continue;
    uint64_t gram = head;
    size_t have = 1;
    for (size_t n : t_->lengths) {
      if (i + n > tokens.size()) break;
      bool broken = false;
      for (; have < n; ++have) {
        if (tokens[i + have].after_break) {
          broken = true;
          break;
        }
        gram = Extend(gram, tokens[i + have].hash);
      }
      if (broken) break;
      Needle w;
      if (Find(gram, w)) found.push_back({w.person, w.kind, tokens[i].off});
    }
  }
  if (!t_->phones.empty()) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!tokens[i].numeric) continue;
      digits.clear();
      for (size_t j = i; j < tokens.size() && tokens[j].numeric && (j == i || tokens[j].phone_join); ++j) {
        digits += buf.Digits(tokens[j]);
        if (digits.size() > 11) break;
        if (digits.size() < 10) continue;
        if (const Needle* n = t_->phones.Find(KeyHash(std::string_view(digits).substr(digits.size() - 10)))) {
          found.push_back({n->person, PiiKind::kPhone, tokens[i].off});
          i = j;
          break;
        }
      }
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
