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

// The page path of page `number` of the list at `base_path`.
std::string PaginatedPath(const std::string& base_path, int number);

}  // namespace nastavnik
