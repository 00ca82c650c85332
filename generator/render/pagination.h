#pragma once
// Splitting a list into numbered pages: "cases/" is page 1, "cases/page/2/"
// page 2, and so on (the scheme Hugo and Zola use), so the first page keeps
// the list's own address.
#include <string>
#include <vector>

namespace nastavnik {

struct PageSlice {
  int number = 1;      // 1-based
  size_t begin = 0;    // items [begin, end)
  size_t end = 0;
  std::string path;    // page path of this page
};

// The pages of a list of `count` items, `per_page` on each. An empty list
// still has one (empty) page, so its address exists.
// REQUIRES: per_page >= 1; base_path is a page path ending in '/'.
std::vector<PageSlice> Paginate(size_t count, size_t per_page, const std::string& base_path);

// The page links a list shows on page `current` (0-based) of `total`: the
// first and last pages, and `radius` pages either side of the current one,
// ascending; -1 stands for a gap («…»). A gap never hides a single page (that
// page is shown instead). Keeps a list's navigation small however long the
// list is: at most 2·radius + 5 entries.
// REQUIRES: current < total.
std::vector<long> PageWindow(size_t total, size_t current, size_t radius);

// The page path of page `number` of the list at `base_path`.
std::string PaginatedPath(const std::string& base_path, int number);

}  // namespace nastavnik
