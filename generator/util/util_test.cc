#include <doctest/doctest.h>

#include <cstdio>

#include "util/date.h"
#include "util/json.h"
#include "util/random_text_test_util.h"
#include "util/strings.h"
#include "util/translit.h"

using namespace nastavnik;

TEST_CASE("Slugify transliterates Russian titles") {
  CHECK(Slugify("Приказ № 125 от 01.09.2021") == "prikaz-125-ot-01-09-2021");
  CHECK(Slugify("Щедрый ёж: «Учитель – учитель»") == "shchedryj-ezh-uchitel-uchitel");
  CHECK(Slugify("  ---  ") == "");
  CHECK(Slugify("Цель Хорошая Юность") == "tsel-khoroshaya-yunost");
  CHECK(Slugify(std::string(200, 'a'), 80).size() == 80);
}

TEST_CASE("SlugMemo gives what Slugify gives, for repeated and new texts") {
  SlugMemo slug_of;
  for (const char* text : {"Учитель – учитель", "", "STEM", "Учитель – учитель", "ёж", "STEM"})
    CHECK(slug_of(text) == Slugify(text));
  const std::string& first = slug_of("наставник");
  slug_of("другой тег");
  CHECK(first == "nastavnik");  // references stay valid as the memo grows
}

TEST_CASE("ParseDate accepts ISO and Russian formats and rejects the rest") {
  CHECK(ParseDate("2021-09-01") == Date{2021, 9, 1});
  CHECK(ParseDate("01.09.2021") == Date{2021, 9, 1});
  CHECK(ParseDate(" 1.9.2021 ") == Date{2021, 9, 1});
  CHECK(ParseDate("01.09.21") == Date{2021, 9, 1});
  CHECK_FALSE(ParseDate("31.02.2021"));
  CHECK_FALSE(ParseDate("29.02.2021"));
  CHECK(ParseDate("29.02.2024") == Date{2024, 2, 29});
  CHECK_FALSE(ParseDate("2021-9-1"));
  CHECK_FALSE(ParseDate("01.09.2021г"));
  CHECK_FALSE(ParseDate("01.09.202"));
  CHECK_FALSE(ParseDate(""));
}

TEST_CASE("Date arithmetic round-trips through the epoch") {
  Date d{2024, 2, 28};
  CHECK(d.AddDays(1) == Date{2024, 2, 29});
  CHECK(d.AddDays(2) == Date{2024, 3, 1});
  CHECK(Date{1970, 1, 1}.DaysSinceEpoch() == 0);
  CHECK(Date::FromDaysSinceEpoch(19723) == Date{2024, 1, 1});
  CHECK(Date{2021, 9, 1}.Words() == "1 сентября 2021 г.");
}

TEST_CASE("Iso and Russian print dates as their printf formats do") {
  CHECK(Date{2021, 9, 1}.Iso() == "2021-09-01");
  CHECK(Date{2021, 9, 1}.Russian() == "01.09.2021");
  for (Date d : {Date{1900, 1, 1}, Date{2200, 12, 31}, Date{0, 0, 0}, Date{987, 10, 5}, Date{12345, 1, 2},
                 Date{-5, 3, 4}, Date{2024, 123, 7}}) {
    char iso[40], ru[40];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year, d.month, d.day);
    std::snprintf(ru, sizeof ru, "%02d.%02d.%04d", d.day, d.month, d.year);
    CHECK(d.Iso() == iso);
    CHECK(d.Russian() == ru);
  }
}

TEST_CASE("MonthFromWord reads case forms and abbreviations") {
  CHECK(MonthFromWord("Сентябрь") == 9);
  CHECK(MonthFromWord("сентября") == 9);
  CHECK(MonthFromWord("сентябре") == 9);
  CHECK(MonthFromWord("сент.") == 9);
  CHECK(MonthFromWord("МАЙ") == 5);
  CHECK(MonthFromWord("мае") == 5);
  CHECK(MonthFromWord("июне") == 6);
  CHECK(MonthFromWord("июля") == 7);
  CHECK(MonthFromWord("марте") == 3);
  CHECK(MonthFromWord("мартовский") == 0);
  CHECK(MonthFromWord("ию") == 0);
  CHECK(MonthFromWord("года") == 0);
}

TEST_CASE("FoldKey matches human-written headers") {
  CHECK(FoldKey("Ф.И.О.") == FoldKey("фио"));
  CHECK(FoldKey("ФИО") == "фио");
  CHECK(FoldKey("Дата  рождения") == "дата рождения");
  CHECK(FoldKey("Ёлка") == "елка");
}

TEST_CASE("SuggestClosest proposes near matches only") {
  std::vector<std::string> keys = {"date", "number", "issuer", "title"};
  CHECK(SuggestClosest("dat", keys) == "date");
  CHECK(SuggestClosest("isuer", keys) == "issuer");
  CHECK(SuggestClosest("zzzzzz", keys) == "");
}

TEST_CASE("JsonWriter writes stable, escaped JSON") {
  JsonWriter w(false);
  w.BeginObject().Key("a").String("x\"<y>").Key("b").BeginArray().Int(1).Number(0.5).Null().EndArray();
  w.Key("c").BeginObject().EndObject().EndObject();
  CHECK(w.str() == "{\"a\":\"x\\\"\\u003cy\\u003e\",\"b\":[1,0.5,null],\"c\":{}}");
  CHECK(FormatNumber(66.666666666) == "66.666667");
  CHECK(FormatNumber(2.0) == "2");
}

namespace nastavnik {
namespace {

// The byte-by-byte rule FirstInvalidUtf8 keeps (its fast paths only skip
// ahead): the offset of the first bad sequence, npos when there is none.
size_t ReferenceFirstInvalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    if (len == 2 && c < 0xC2) return i;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

TEST_CASE("IsValidUtf8 and FirstInvalidUtf8 agree with the byte-by-byte rule on markup, Cyrillic and broken bytes") {
  CHECK(IsValidUtf8("<p class=\"x\">Наставничество — это 100%</p>"));
  CHECK(!IsValidUtf8("<p>\xC0\xAF</p>"));          // overlong
  CHECK(!IsValidUtf8("abcdefgh\xD0"));              // cut after 8 ASCII bytes
  CHECK(!IsValidUtf8(std::string("\xD0\xB0\xD0", 3)));
  CHECK(FirstInvalidUtf8("abcdefghijk\xD0") == 11);
  CHECK(FirstInvalidUtf8("ёлка\x80") == 8);
  const std::string pieces[] = {"a", "abcdefgh", "д", "ё", "€", "😀", "\xC1\x81", "\xD0", "\x80", "\xE2\x82", " "};
  test::RandomPieces random(12345);
  for (int n = 0; n < 20000; ++n) {
    const std::string s = random.Text(12, [&](uint64_t r) { return pieces[r % 11]; });
    INFO(s);
    REQUIRE(FirstInvalidUtf8(s) == ReferenceFirstInvalid(s));
    REQUIRE(IsValidUtf8(s) == (ReferenceFirstInvalid(s) == std::string_view::npos));
  }
}

// Where SkipAsciiAndTwoByteUtf8 must stop, a byte at a time.
size_t ReferenceSkip(std::string_view s, size_t i) {
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) ++i;
    else if (c >= 0xC2 && c <= 0xDF && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) i += 2;
    else break;
  }
  return i;
}

TEST_CASE("SkipAsciiAndTwoByteUtf8 stops where the byte-by-byte rule stops, at every alignment in long Cyrillic text") {
  CHECK(SkipAsciiAndTwoByteUtf8("Наставничество — это", 0) == std::string_view("Наставничество ").size());
  CHECK(SkipAsciiAndTwoByteUtf8("абвгдежз\xC1\x81", 0) == 16);  // overlong after a full word
  CHECK(SkipAsciiAndTwoByteUtf8("абвгдеж\x80", 0) == 14);        // a stray continuation
  CHECK(SkipAsciiAndTwoByteUtf8("abcdefgж", 0) == 9);             // a lead in the last lane
  // Mostly letters and spaces (the word path), now and then something it
  // leaves to the caller.
  const std::string pieces[] = {"д", "ё", "Я", " ", "a", "д", "ж", "\xD0", "\x80", "€", "\xC1\x81", "\xDF\xBF", "😀"};
  test::RandomPieces random(777);
  for (int n = 0; n < 20000; ++n) {
    const int length = 4 + static_cast<int>((random.state() >> 40) % 60);
    const std::string s = random.Text(length, [&](uint64_t r) {
      r %= 100;
      return pieces[r < 90 ? r % 7 : 7 + r % 6];
    });
    INFO(s);
    for (size_t from = 0; from <= s.size(); from = ReferenceSkip(s, from) + 1) {
      REQUIRE(SkipAsciiAndTwoByteUtf8(s, from) == ReferenceSkip(s, from));
      if (from == s.size()) break;
    }
    REQUIRE(FirstInvalidUtf8(s) == ReferenceFirstInvalid(s));
  }
}

}  // namespace
}  // namespace nastavnik

TEST_CASE("FindLineBreak finds what find_first_of(\"\\r\\n\") finds, across its 4 KB pieces") {
  // Lines of every length around the piece size, ended by \n, \r\n or a lone \r.
  std::string text;
  const char* ends[] = {"\n", "\r\n", "\r"};
  for (size_t len : {0, 1, 4094, 4095, 4096, 4097, 9000})
    for (const char* end : ends) text += std::string(len, 'x') + end;
  text += "последняя строка без конца";
  const std::string_view view(text);
  for (size_t from = 0; from <= text.size() + 1; from += (from < 100 ? 1 : 97))
    REQUIRE(FindLineBreak(view, from) == view.find_first_of("\r\n", from));
  CHECK(FindLineBreak("") == std::string_view::npos);
  CHECK(FindLineBreak("abc\r\n") == 3);
}

TEST_CASE("Utf8LeadBytes counts the code points of UTF-8 of any length, 8 bytes at a time") {
  CHECK(Utf8LeadBytes("") == 0);
  CHECK(Utf8LeadBytes("a") == 1);
  for (std::string s : {"Иванова", "Ёлкин-Сидоров Ян", "abc;Δ;€;😀", "12345678", "Ф.И.О. — «x»\t"}) {
    for (size_t cut = 0; cut <= s.size(); ++cut) {
      // Every prefix: the 8-byte blocks and the rest meet at every offset.
      std::string_view prefix(s.data(), cut);
      size_t lead = 0;
      for (char c : prefix) lead += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      CHECK(Utf8LeadBytes(prefix) == lead);
    }
    CHECK(Utf8LeadBytes(s) == CodepointCount(s));
  }
}

TEST_CASE("Trim drops spaces, tabs, line breaks, form feeds and vertical tabs at both ends only") {
  CHECK(Trim("") == "");
  CHECK(Trim(" \t\r\n\f\v") == "");
  CHECK(Trim("  a b \n") == "a b");
  CHECK(Trim("\va\f") == "a");
  CHECK(Trim("\x01a\x01") == "\x01a\x01");  // other control characters stay
  CHECK(Trim("\xC2\xA0" "a") == "\xC2\xA0" "a");  // a no-break space is not Trim's (CSV's TrimCell)
}

TEST_CASE("FoldKey copies lower-case letters and digits as they are and folds the rest") {
  CHECK(FoldKey("p0000123") == "p0000123");
  CHECK(FoldKey("иванова") == "иванова");
  CHECK(FoldKey("абвгдежзийклмнопрстуфхцчшщъыьэюя") == "абвгдежзийклмнопрстуфхцчшщъыьэюя");
  CHECK(FoldKey("Ёлкин-Сидоров  ян_A.B") == "елкин сидоров ян ab");
  CHECK(FoldKey("ёж ЁЖ") == "еж еж");
  CHECK(FoldKey(" org-0001 ") == "org 0001");
  CHECK(FoldKey("Ωmega ПЁТР") == "Ωmega петр");
  std::string out = "old text";
  FoldKeyTo("Анна  Мария", out);
  CHECK(out == "анна мария");
}

TEST_CASE("ContainsAnyByte: each byte asked for, and control bytes, at every position") {
  using nastavnik::ContainsAnyByte;
  for (size_t n = 0; n <= 19; ++n) {
    const std::string plain(n, 'a');
    CHECK_FALSE(ContainsAnyByte<true, '&', '_'>(plain));
    CHECK_FALSE(ContainsAnyByte<true, '&', '_'>(plain + "ёлка\x7F\xFF"));  // high and DEL bytes are not controls
    for (size_t at = 0; at < n; ++at)
      for (char c : {'&', '_', '\x01', '\x1F', '\t'}) {
        std::string s = plain;
        s[at] = c;
        CHECK(ContainsAnyByte<true, '&', '_'>(s));
        CHECK(ContainsAnyByte<false, '&', '_'>(s) == (c == '&' || c == '_'));
        CHECK(ContainsAnyByte<false, ';', '\t'>(s) == (c == '\t'));
      }
  }
  CHECK_FALSE(ContainsAnyByte<false, ' '>(""));
  CHECK(ContainsAnyByte<true>(std::string("x\0y", 3)));
}

TEST_CASE("Date::AppendRussian appends what Russian() returns; AssignText replaces a string's text") {
  std::string out = "x";
  Date{2021, 9, 1}.AppendRussian(out);
  CHECK(out == "x01.09.2021");
  for (Date d : {Date{1900, 1, 31}, Date{9999, 12, 31}, Date{12345, 1, 1}, Date{-1, 2, 3}}) {
    std::string s;
    d.AppendRussian(s);
    CHECK(s == d.Russian());
  }
  std::string s = "длинный текст, длиннее короткого";
  AssignText(s, "короткий");
  CHECK(s == "короткий");
  AssignText(s, "");
  CHECK(s.empty());
}
