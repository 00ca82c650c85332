// The tokenizer's fast path between words (Decoder::TakeGaps, TakeWordStart,
// WordEnds in pii_index.cc) against the general path it shortcuts (every
// character through Decoder::Next): on any text both must give exactly the
// same hits — person, kind, offset and length (reports quote the form found)
// —, with and without a memo, and the same verdict on UTF-8.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "publish/pii_index.h"
#include "publish/pii_test_util.h"

namespace nastavnik {

struct PiiFastPathTestPeer {
  static void UseGeneralPath(PiiIndex& index) { index.fast_path_ = false; }
};

}  // namespace nastavnik

using namespace nastavnik;

TEST_CASE("The tokenizer's fast path finds exactly what the general path finds, on random texts") {
  const PeopleRegistry reg = ScanTestRegistry();
  const PiiIndex fast(reg, "https://x.example/", Date{2023, 11, 1});
  PiiIndex general(reg, "https://x.example/", Date{2023, 11, 1});
  PiiFastPathTestPeer::UseGeneralPath(general);
  PiiScanMemo fast_memo(fast), general_memo(general);

  // Names in several cases and with initials, dates, phones, e-mails, and
  // whatever ends a word or a gap: tags, quoted values, references, escapes,
  // droppable characters, two- and three-byte punctuation, long runs of
  // spaces (past the byte-at-a-time loop), NUL, bytes that are not UTF-8.
  const std::vector<std::string> pieces = {
      "Ёлкина", "Ёлкиной", "ЁЛКИНУ", "елкиной", "Алёна", "Алёне", "Алёной", "АЛЕНУ", "Петровна", "Петровной",
      "Мария", "Марией", "Петровой-Водкиной", "Петрова-Водкина", "Ivan", "IVANA", "Orlov", "orlovym", "А.", "П.",
      "М.", "I.", "а.", "Яна", "ёж", "Ё", "ё", "Щ", "x", "Z", "0", "007", "4", "2009", "марта", "31", "12",
      "2010", "декабря", "912", "345", "67", "89", "8", "+7", "900", "000", "01", "02", " ", "  ", "\n", "\r\n",
      "\t", "                    ", "-", ".", ",", ";", ":", "(", ")", "+", "/", "../../", "@", "_", "%",
      "alena.elkina", "mail.example", "i-orlov", "school.example", "<p>", "</p>", "<b>", "</b>", "<br/>",
      "<a href=\"", "\">", "<img alt='", "'>", "<span class=\"x y\" title=\"", "\" data-x=\"1\">", "<", ">",
      "< ", "<!-- ", " -->", "<?x ", "</td><td>", "<a\nhref=\"x\">", "\"", "'", "&nbsp;", "&shy;", "&amp;",
      "&#1025;", "&#x43B;", "&#1040;", "&bogus;", "&", "&#64;", "&commat;", "&period;", "\\u0415", "\\u0430",
      "\\n", "\\\"", "\\", "\xC2\xA0", "\xC2\xAD", "\xCC\x81", "\xE2\x80\x8B", "\xE2\x80\x94", "«", "»", "№",
      "é", "є", "\xF0\x9F\x98\x80", "\xC3", "\xD0", "\xD1\x28", "\xED\xA0\x80", std::string(1, '\0'), "\x7F",
      // Long words (a word taken in several blocks of 16 bytes, ending at
      // any byte of one), Ё/ё inside them, a letter-like byte pair that is no letter.
      "исследование", "НАСТАВНИЧЕСТВО", "Рефлексия", "наставничествоЁлкина", "ЁЁЁЁЁЁЁЁЁЁЁЁЁЁЁЁЁЁ",
      "ёлкинёлкинёлкинёлкин", "\xD0\x80", "\xD1\x9F", "\xD1\x90"};
  std::mt19937 rng(2026);
  size_t with_hits = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t k = 1 + rng() % 60; k > 0; --k) text += pieces[rng() % pieces.size()];
    INFO(text);
    std::vector<PiiHit> a, b;
    fast.Scan(text, a);
    general.Scan(text, b);
    REQUIRE(IdenticalHits(a, b));
    with_hits += a.empty() ? 0 : 1;
    std::vector<PiiHit> ua, ub;
    REQUIRE(fast.ScanUtf8(text, ua) == general.ScanUtf8(text, ub));
    REQUIRE(IdenticalHits(ua, ub));
    // Split at random points into lines (the memo's segments), each text
    // scanned with each index's memo: still the hits of a whole scan.
    std::string lines = text;
    for (size_t k = rng() % 4; k > 0; --k) lines.insert(rng() % (lines.size() + 1), "\n");
    std::vector<PiiHit> ma, mb, wa, wb;
    fast.Scan(lines, ma, &fast_memo);
    general.Scan(lines, mb, &general_memo);
    fast.Scan(lines, wa);
    general.Scan(lines, wb);
    REQUIRE(IdenticalHits(ma, mb));
    REQUIRE(IdenticalHits(wa, wb));
    REQUIRE(IdenticalHits(ma, wa));
  }
  MESSAGE("random texts with hits: " << with_hits);
  CHECK(with_hits > 500);
}
