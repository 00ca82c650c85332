#include "render/cited_by.h"

#include <algorithm>
#include <map>
#include <set>

namespace nastavnik {

std::vector<Citation> CitationsOf(const RenderInput& in, const std::string& page_path) {
  auto targets = in.links.Targets();
  auto it = targets.find(OutputFileOf(page_path));
  if (it == targets.end()) return {};
  std::set<std::string> sources;
  for (const auto& where : it->second) sources.insert(where.path);

  // The sort key puts documents first, then cases, then text pages.
  std::map<std::string, std::pair<int, Citation>> by_source;
  for (const auto& o : in.model.orders)
    by_source[o.source] = {0, {"Документ", o.Heading() + " «" + o.title + "»", urls::Order(o.id)}};
  for (const auto& c : in.model.cases)
    by_source[c.source] = {1, {"Практика", c.title, urls::Case(c.id)}};
  for (const auto& p : in.model.pages)
    by_source[p.source] = {2, {"Страница", p.title, urls::Page(p.id)}};
  if (!in.model.home.source.empty())
    by_source[in.model.home.source] = {2, {"Страница", "Главная страница раздела", urls::kHome}};

  std::vector<std::pair<int, Citation>> found;
  for (const auto& source : sources) {
    auto s = by_source.find(source);
    if (s == by_source.end() || s->second.second.path == page_path) continue;
    found.push_back(s->second);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second.title != b.second.title) return a.second.title < b.second.title;
    return a.second.path < b.second.path;
  });
  std::vector<Citation> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

}  // namespace nastavnik
