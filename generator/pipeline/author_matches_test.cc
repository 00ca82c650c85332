#include <doctest/doctest.h>

#include <string>

#include "pipeline/author_matches.h"
#include "util/strings.h"

using namespace nastavnik;

namespace {

struct Row {
  std::string surname, name, patronymic;
  bool mentee;
  std::optional<Date> born;
};

const std::vector<Row> kRows = {
    {"Белова", "Ирина", "Сергеевна", false, Date{1976, 3, 14}},
    {"Ершов", "Кирилл", "Андреевич", true, Date{2010, 2, 2}},
    {"Белова", "Ирина", "Сергеевна", true, std::nullopt},  // a namesake, later in the registry
    {"Орлова", "Марина", "Игоревна", true, Date{2011, 12, 31}},
    {"Котов", "Олег", "", false, Date{1999, 1, 1}},
};

const std::set<std::string> kAuthors = {FoldKey("Белова Ирина Сергеевна"), FoldKey("Орлова М. И."),
                                        FoldKey("Котов Олег")};

// Feeds kRows with the authors set before row `set_at` (kRows.size(): only
// at the end, through the wait).
AuthorMatches Feed(size_t set_at, size_t max_pending_bytes = size_t{4} << 20, int* waits = nullptr) {
  AuthorMatches out;
  AuthorMatcher* self = nullptr;
  AuthorMatcher matcher(
      out,
      [&] {
        if (waits) ++*waits;
        self->SetAuthors(kAuthors);
      },
      max_pending_bytes);
  self = &matcher;
  for (size_t i = 0; i < kRows.size(); ++i) {
    if (i == set_at) matcher.SetAuthors(kAuthors);
    const Row& r = kRows[i];
    matcher.Add(r.surname, r.name, r.patronymic, [&] { return r.mentee; }, r.born);
  }
  matcher.Finish();
  return out;
}

}  // namespace

TEST_CASE("author matches are the same whether the authors come before, among or after the rows") {
  const AuthorMatches before = Feed(0);
  REQUIRE(before.count(FoldKey("Белова Ирина Сергеевна")) == 1);
  using Matches = std::vector<std::pair<bool, std::optional<Date>>>;
  // Registry order, both namesakes.
  CHECK(before.at(FoldKey("Белова Ирина Сергеевна")) ==
        Matches{{false, Date{1976, 3, 14}}, {true, std::nullopt}});
  CHECK(before.at(FoldKey("Орлова М. И.")) == Matches{{true, Date{2011, 12, 31}}});
  CHECK(before.at(FoldKey("Котов Олег")) == Matches{{false, Date{1999, 1, 1}}});
  CHECK(before.size() == 3);
  for (size_t at = 1; at <= kRows.size(); ++at) {
    CAPTURE(at);
    CHECK(Feed(at) == before);
  }
}

TEST_CASE("rows kept past the memory bound wait for the authors") {
  int waits = 0;
  // Room for no piece of names at all: the first row waits.
  CHECK(Feed(kRows.size(), 0, &waits) == Feed(0));
  CHECK(waits == 1);
  waits = 0;
  CHECK(Feed(kRows.size(), size_t{4} << 20, &waits) == Feed(0));
  CHECK(waits == 1);  // by Finish()
}

TEST_CASE("a row too long to keep waits for the authors") {
  AuthorMatches out;
  int waits = 0;
  AuthorMatcher* self = nullptr;
  AuthorMatcher matcher(out, [&] {
    ++waits;
    self->SetAuthors({FoldKey("Белова Ирина")});
  });
  self = &matcher;
  matcher.Add("Белова", "Ирина", "", [] { return false; }, std::nullopt);
  CHECK(matcher.pending_rows() == 1);
  matcher.Add(std::string(10000, 'x'), "Ирина", "", [] { return false; }, std::nullopt);
  CHECK(waits == 1);
  CHECK(matcher.pending_rows() == 0);
  matcher.Finish();
  CHECK(out.size() == 1);
}

TEST_CASE("no authors: nothing matches, rows kept are dropped") {
  AuthorMatches out;
  AuthorMatcher matcher(out, [] {});
  matcher.Add("Белова", "Ирина", "Сергеевна", [] { return false; }, std::nullopt);
  matcher.SetAuthors({});
  matcher.Finish();
  CHECK(out.empty());
  CHECK(matcher.pending_rows() == 0);
}
