#include <doctest/doctest.h>

#include <algorithm>

#include "render/file_size.h"
#include "render/pagination.h"

using namespace nastavnik;

TEST_CASE("Pagination: the first page keeps the list's address, the rest are page/N/") {
  auto pages = Paginate(25, 12, "cases/");
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].path == "cases/");
  CHECK(pages[0].begin == 0);
  CHECK(pages[0].end == 12);
  CHECK(pages[1].path == "cases/page/2/");
  CHECK(pages[1].begin == 12);
  CHECK(pages[1].end == 24);
  CHECK(pages[2].path == "cases/page/3/");
  CHECK(pages[2].number == 3);
  CHECK(pages[2].begin == 24);
  CHECK(pages[2].end == 25);

  auto exact = Paginate(24, 12, "cases/tag/x/");
  REQUIRE(exact.size() == 2);
  CHECK(exact[1].path == "cases/tag/x/page/2/");
  CHECK(exact[1].end == 24);

  // An empty list still has its page, so a link to it is never broken.
  auto empty = Paginate(0, 12, "cases/");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].begin == 0);
  CHECK(empty[0].end == 0);

  CHECK(Paginate(3, 1, "cases/").size() == 3);
  CHECK(PaginatedPath("cases/", 1) == "cases/");
  CHECK(PaginatedPath("cases/form/a/", 7) == "cases/form/a/page/7/");
}

TEST_CASE("File sizes read as a Russian reader expects") {
  CHECK(HumanFileSize(0) == "0 байт");
  CHECK(HumanFileSize(820) == "820 байт");
  CHECK(HumanFileSize(1024) == "1 КБ");
  CHECK(HumanFileSize(1536) == "1,5 КБ");
  CHECK(HumanFileSize(350 * 1024) == "350 КБ");
  CHECK(HumanFileSize(1024 * 1024) == "1 МБ");
  CHECK(HumanFileSize(1258291) == "1,2 МБ");
  CHECK(HumanFileSize(15LL * 1024 * 1024) == "15 МБ");
  CHECK(FileTypeLabel("plan.odt") == "ODT");
  CHECK(FileTypeLabel("Схема.v2.pdf") == "PDF");
  CHECK(FileTypeLabel("README") == "");
}

TEST_CASE("PageWindow shows the ends and the neighbourhood of the current page") {
  using V = std::vector<long>;
  CHECK(PageWindow(1, 0, 2) == V{0});
  CHECK(PageWindow(5, 0, 2) == V{0, 1, 2, 3, 4});       // one hidden page is shown, not a gap
  CHECK(PageWindow(7, 0, 2) == V{0, 1, 2, -1, 6});
  CHECK(PageWindow(7, 3, 2) == V{0, 1, 2, 3, 4, 5, 6});
  CHECK(PageWindow(834, 0, 2) == V{0, 1, 2, -1, 833});
  CHECK(PageWindow(834, 400, 2) == V{0, -1, 398, 399, 400, 401, 402, -1, 833});
  CHECK(PageWindow(834, 833, 2) == V{0, -1, 831, 832, 833});
  for (size_t total = 1; total < 40; ++total) {
    for (size_t cur = 0; cur < total; ++cur) {
      V w = PageWindow(total, cur, 2);
      CHECK(w.size() <= 9);
      CHECK(std::count(w.begin(), w.end(), static_cast<long>(cur)) == 1);
      long prev = -2;
      for (long x : w) {
        if (x >= 0) {
          CHECK(x > prev);
          prev = x;
        }
      }
    }
  }
}
