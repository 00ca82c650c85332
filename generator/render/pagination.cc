#include "render/pagination.h"

#include <algorithm>

namespace nastavnik {

std::string PaginatedPath(const std::string& base_path, int number) {
  if (number <= 1) return base_path;
  std::string out;
  out.reserve(base_path.size() + 16);
  return out.append(base_path).append("page/").append(std::to_string(number)).append("/");
}

std::vector<PageSlice> Paginate(size_t count, size_t per_page, const std::string& base_path) {
  per_page = std::max<size_t>(per_page, 1);
  size_t pages = std::max<size_t>(1, (count + per_page - 1) / per_page);
  std::vector<PageSlice> out;
  out.reserve(pages);
  for (size_t i = 0; i < pages; ++i) {
    int number = static_cast<int>(i) + 1;
    out.push_back({number, i * per_page, std::min(count, (i + 1) * per_page), PaginatedPath(base_path, number)});
  }
  return out;
}

std::vector<long> PageWindow(size_t total, size_t current, size_t radius) {
  std::vector<long> out;
  auto shown = [&](size_t i) {
    return i == 0 || i + 1 == total || (i + radius >= current && i <= current + radius);
  };
  for (size_t i = 0; i < total; ++i) {
    if (shown(i)) {
      out.push_back(static_cast<long>(i));
      continue;
    }
    size_t j = i;
    while (j < total && !shown(j)) ++j;
    if (j - i == 1) out.push_back(static_cast<long>(i));
    else out.push_back(-1);
    i = j - 1;
  }
  return out;
}

}  // namespace nastavnik
