// The privacy guard's scan with a memo of clean segments (PiiScanMemo) finds
// exactly what the scan without one finds: a segment recognised from another
// text must not hide a match that crosses its edges.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "publish/pii_index.h"
#include "publish/pii_test_util.h"

using namespace nastavnik;

TEST_CASE("A name, a phone or a date across a segment's edge is found when the segment was seen clean elsewhere") {
  const PeopleRegistry reg = ScanTestRegistry();
  const PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});
  PiiScanMemo memo(index);
  auto scan = [&](const std::string& text) {
    std::vector<PiiHit> with, without;
    index.Scan(text, with, &memo);
    index.Scan(text, without);
    CHECK(IdenticalHits(with, without));
    return with.size();
  };
  // Each line seen first where it is clean, so that the memo keeps it.
  const std::vector<std::string> clean = {
      "<p>Ёлкина\n<p>ничего\n",          "<p>Алёна\n<p>ничего\n",
      "<b>Ёлкина</b>\nничего\n",          "<i>Алёной</i>\nничего\n",
      "тел. 8 912\nничего\n",             "345-67-89\nничего\n",
      "родился 4\nничего\n",              "марта 2009 года\nничего\n",
      "<img alt=\"Ёлкина\nничего\">\n",   "Алёна\">\nничего\n",
      "<a\nhref=\"x\">Ёлкиной\nничего\n", "А. П.</a>\nничего\n",
      // Lines whose words start no needle (a month, a patronymic's initial)
      // but continue one.
      "ничего\nмарта\nничего\n",         "ничего\nП.\nничего\n",
  };
  for (const auto& text : clean) CHECK(scan(text) == 0);
  const size_t seen = memo.hits();
  // The same lines side by side: each match crosses a line's edge.
  CHECK(scan("<p>Алёна\n<p>Ёлкина\n") == 1);              // two lines
  CHECK(scan("<i>Алёной</i>\n<b>Ёлкина</b>\n") == 1);    // tags and a line break between
  CHECK(scan("тел. 8 912\n345-67-89\n") == 1);            // a phone over two lines
  CHECK(scan("родился 4\nмарта 2009 года\n") == 1);       // a date
  CHECK(scan("<img alt=\"Ёлкина\nАлёна\">\n") == 1);       // inside a quoted value
  CHECK(scan("<a\nhref=\"x\">Ёлкиной\nА. П.</a>\n") == 1);  // a tag over two lines, initials
  CHECK(scan("ничего родился 4\nмарта\n2009 года\n") == 1);  // a date's middle word on a line of its own
  CHECK(scan("ничего\nА.\nП.\nЁлкина\n") == 1);         // initials over three lines
  CHECK(memo.hits() > seen + 8);  // the lines did come from the memo
}

namespace {

// `rounds` texts from `random_text`, each scanned with and without `memo`
// (also as UTF-8 only): the same hits, many segments from the memo.
// Returns how many texts had hits.
template <class RandomText>
size_t TextsWithHits(const PiiIndex& index, PiiScanMemo& memo, int rounds, RandomText&& random_text) {
  size_t with_hits = 0;
  for (int round = 0; round < rounds; ++round) {
    const std::string text = random_text();
    std::vector<PiiHit> with, without;
    index.Scan(text, with, &memo);
    index.Scan(text, without);
    INFO(text);
    REQUIRE(IdenticalHits(with, without));
    std::vector<PiiHit> utf8_with, utf8_without;
    const bool valid = index.ScanUtf8(text, utf8_with, &memo);
    REQUIRE(valid == index.ScanUtf8(text, utf8_without));
    REQUIRE(IdenticalHits(utf8_with, utf8_without));
    with_hits += without.empty() ? 0 : 1;
  }
  MESSAGE("random texts with hits: " << with_hits << "; memo hits " << memo.hits() << ", misses " << memo.misses());
  CHECK(memo.hits() > 10000);  // the lines did come from the memo
  return with_hits;
}

// `n` lines from `random_line`, to be met again in random texts.
template <class RandomLine>
std::vector<std::string> LinePool(size_t n, RandomLine&& random_line) {
  std::vector<std::string> lines;
  while (lines.size() < n) lines.push_back(random_line());
  return lines;
}

}  // namespace

TEST_CASE("A scan with a memo finds what a scan without one finds, on random lines met in random contexts") {
  const PeopleRegistry reg = ScanTestRegistry();
  const PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});
  // Pieces that exercise every rule of the scanner (as in
  // pii_index_scan_test.cc) and what a segment's edge must carry over: a tag,
  // a quoted value or a reference open at a line break, a '<' whose '>' is
  // lines away, numbers and words at either end of a line.
  const std::vector<std::string> pieces = {
      "Ёлкина", "Алёна", "Алёной", "ЕЛКИНОЙ", "Петровна", "А.", "П.", "Ivan", "ORLOV", "Петрова", "Водкина",
      "Мария", " ", "  ", "-", ".", ",", "(", ")", "+", "+7", "8", "912", "345", "67", "89", "900", "000", "01",
      "02", "0004", "2009", "4", "3", "марта", "31", "12", "2010", "декабря", "@", "&#64;", "alena.elkina",
      "mail.example", "<b>", "</b>", "<a href=\"", "\">", "<img alt='", "'>", "<", ">", "&nbsp;", "&shy;",
      "&amp", "&#1025;", "&", ";", "\\u0415", "\\", "\xC3", "\xD0\x81", "\xC2\xAD", "ё", "\"", "'", "<!-- ",
      " -->", "</td><td>", "\n", "\n", "\n", "\t", "Алёна Ёлкина", "Ёлкиной\nА. П.", "4.3.2009", "912\n345",
      "Алёны\n<i>Ёлкиной"};
  std::mt19937 rng(17);
  auto random_line = [&] {
    std::string line;
    for (size_t k = 1 + rng() % 8; k > 0; --k) line += pieces[rng() % pieces.size()];
    return line + "\n";
  };
  const std::vector<std::string> lines = LinePool(300, random_line);
  // A memo small enough that segments also replace one another.
  PiiScanMemo memo(index, 256);
  CHECK(TextsWithHits(index, memo, 6000, [&] {
          std::string text;
          for (size_t k = 1 + rng() % 12; k > 0; --k) text += rng() % 4 ? lines[rng() % lines.size()] : random_line();
          if (rng() % 5 == 0) text.pop_back();  // a text that does not end with a line break
          return text;
        }) > 1000);
}

TEST_CASE("A scan with a memo finds what a scan without one finds, on prose where names are few") {
  // Most lines of a site hold no word that may start a needle: a segment
  // the memo knows is then only counted, not fed word by word, when no
  // n-gram reaches into it from before. Names and numbers still come now
  // and then, at either end of a line or next to one.
  const PeopleRegistry reg = ScanTestRegistry();
  const PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});
  const std::vector<std::string> prose = {"ничего", "встреча", "Проект", "исследование", "наставник", "<p>",
                                          "</p>", "<a href=\"x\">", "</a>", " ", " ", " ", ", ", ". ", "план",
                                          "school", "&nbsp;", "—", "\n"};
  const std::vector<std::string> rare = {"Алёна", "Ёлкиной", "Ёлкина", "А.", "П.", "Петровна", "4", "марта",
                                         "2009", "8", "912", "345-67-89", "alena.elkina@mail.example", "Ivan",
                                         "Orlov", "\n"};
  std::mt19937 rng(29);
  auto random_line = [&] {
    std::string line;
    for (size_t k = 1 + rng() % 10; k > 0; --k)
      line += rng() % 8 ? prose[rng() % prose.size()] : rare[rng() % rare.size()];
    return line + "\n";
  };
  const std::vector<std::string> lines = LinePool(200, random_line);
  PiiScanMemo memo(index, 512);
  CHECK(TextsWithHits(index, memo, 4000, [&] {
          std::string text;
          for (size_t k = 1 + rng() % 16; k > 0; --k) {
            text += rng() % 3 ? lines[rng() % lines.size()] : random_line();
            if (rng() % 6 == 0) text += rare[rng() % rare.size()] + " ";  // a name right before a known line
          }
          return text;
        }) > 500);
}

TEST_CASE("A memo made for another index is not used") {
  const PeopleRegistry reg = ScanTestRegistry();
  const PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});
  PeopleRegistry none;
  none.participants.push_back(Someone("Сидоров", "Олег", "", ParticipantRole::kMentee));
  const PiiIndex other(none, "https://x.example/", Date{2023, 11, 1});
  PiiScanMemo memo(other);
  const std::string text = "<p>Алёна\n<p>Ёлкина\n";
  std::vector<PiiHit> hits;
  other.Scan(text, hits, &memo);  // clean for the other index
  CHECK(hits.empty());
  index.Scan(text, hits, &memo);
  CHECK(hits.size() == 1);
  CHECK(memo.hits() == 0);
}

TEST_CASE("A segment longer than the memo keeps is scanned whole every time, with the same hits") {
  const PeopleRegistry reg = ScanTestRegistry();
  const PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});
  PiiScanMemo memo(index);
  std::string prose;  // one line of a page's prose, clean
  while (prose.size() <= PiiScanMemo::kLongest) prose += "ничего особенного, просто текст ";
  const std::string long_line = "<p>" + prose + "</p>\n";
  const std::string short_line = "<p>" + prose.substr(0, 100) + "</p>\n";
  REQUIRE(long_line.size() > PiiScanMemo::kLongest);
  REQUIRE(short_line.size() <= PiiScanMemo::kLongest);
  std::vector<PiiHit> hits;
  index.Scan(long_line + short_line, hits, &memo);
  CHECK(hits.empty());
  CHECK(memo.misses() == 2);
  CHECK(memo.unkeyed() == 1);
  index.Scan(long_line + short_line, hits, &memo);
  CHECK(hits.empty());
  CHECK(memo.hits() == 1);  // the short line only: the long one was not kept
  CHECK(memo.unkeyed() == 2);
  // Names and a phone across the long segment's edges, with memoised short
  // lines on either side: found as without a memo.
  const std::vector<std::string> texts = {
      short_line + "Ёлкина\n" + "Алёна " + prose + " Ёлкина\nАлёна\n" + short_line,
      "тел. 8 912\n345-67-89 " + prose + "\n" + short_line,
      short_line + prose + " тел. 8 912\n345-67-89\n",
      "<img alt=\"Ёлкина\n" + prose + "\">\n<p>Алёна Ёлкина " + prose + "</p>\n",
  };
  for (const auto& text : texts) {
    std::vector<PiiHit> with, without;
    index.Scan(text, with, &memo);
    index.Scan(text, without);
    CHECK(IdenticalHits(with, without));
    CHECK(!without.empty());
  }
}
