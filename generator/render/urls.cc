#include "render/urls.h"

#include <algorithm>
#include <string_view>

namespace nastavnik {

namespace urls {
std::string Order(const std::string& id) { return "orders/" + id + "/"; }
void SetCase(std::string& out, const std::string& id) { out.assign(kCases).append(id).append("/"); }
std::string Case(const std::string& id) {
  std::string out;
  SetCase(out, id);
  return out;
}
std::string Organization(const std::string& id) { return "organizations/" + id + "/"; }
std::string Page(const std::string& slug) { return slug + "/"; }
std::string RoadmapOf(const std::string& issuer_id) { return std::string(kRoadmap) + issuer_id + "/"; }
std::string Indicator(const std::string& id) { return std::string(kIndicators) + id + "/"; }
}  // namespace urls

std::string OutputFileOf(const std::string& page_path) {
  if (page_path.empty() || page_path.back() == '/') return page_path + "index.html";
  return page_path;
}

Linker::Linker(const std::string& from_page_path) {
  // Depth = number of directories in the page's own path.
  std::string dir = from_page_path;
  if (!dir.empty() && dir.back() != '/') dir = dir.substr(0, dir.rfind('/') + 1);
  for (char c : dir)
    if (c == '/') root_ += "../";
}

std::string Linker::To(const std::string& target) const {
  // root_ + OutputFileOf(path) + fragment, in one string: pages make tens of
  // links each (cards, facets, pagination).
  const std::string_view t = target;
  const size_t hash = std::min(t.find('#'), t.size());
  const std::string_view path = t.substr(0, hash), fragment = t.substr(hash);
  const bool directory = path.empty() || path.back() == '/';
  constexpr std::string_view kIndex = "index.html";
  std::string out;
  out.reserve(root_.size() + t.size() + (directory ? kIndex.size() : 0));
  out += root_;
  out += path;
  if (directory) out += kIndex;
  out += fragment;
  return out;
}

std::string NormalizeSitePath(const std::string& site_path, std::string* fragment) {
  std::string p = site_path;
  size_t hash = p.find('#');
  if (fragment) *fragment = hash == std::string::npos ? "" : p.substr(hash);
  p = p.substr(0, hash);
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  if (p.size() >= 10 && p.compare(p.size() - 10, 10, "index.html") == 0) p.resize(p.size() - 10);
  // A path without an extension in its last part is a page directory.
  size_t slash = p.rfind('/');
  std::string last = slash == std::string::npos ? p : p.substr(slash + 1);
  if (!p.empty() && p.back() != '/' && last.find('.') == std::string::npos) p += '/';
  return p;
}

}  // namespace nastavnik
