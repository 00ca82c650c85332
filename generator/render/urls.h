#pragma once
// Where every page lives and how pages link to each other.
//
// A page's path is a directory ("orders/uo-prikaz-125/") holding index.html;
// the home page's path is "". Links are relative ("../../roadmap/index.html")
// so the site works from any sub-path and opened from disk, where a link to a
// bare directory would show a file listing instead of the page.
#include <string>

namespace nastavnik {

namespace urls {
std::string Order(const std::string& id);
std::string Case(const std::string& id);  // "<org>/<slug>"
// Case(id) into `out`, its buffer reused (a walk over every case).
void SetCase(std::string& out, const std::string& id);
std::string Organization(const std::string& id);
std::string Page(const std::string& slug);
// The roadmap of an organization: "roadmap/<id>/" (the site's own issuer's
// roadmap is kRoadmap).
std::string RoadmapOf(const std::string& issuer_id);
std::string Indicator(const std::string& id);
inline const char kHome[] = "";
inline const char kOrders[] = "orders/";
inline const char kCases[] = "cases/";
inline const char kOrganizations[] = "organizations/";
inline const char kMentors[] = "mentors/";
inline const char kPrograms[] = "programs/";
inline const char kWorkingGroup[] = "working-group/";
inline const char kRoadmap[] = "roadmap/";
inline const char kIndicators[] = "indicators/";
inline const char kSearch[] = "search/";
// Downloadable workbooks written by publish/ (publish/workbooks.h), here so
// pages can link them.
inline const char kIndicatorsWorkbook[] = "files/celevye-pokazateli.xlsx";
inline const char kRoadmapWorkbook[] = "files/dorozhnaya-karta.xlsx";
inline const char kMentorsWorkbook[] = "files/baza-nastavnikov.xlsx";
}  // namespace urls

// The file a page path is written to: "orders/x/" → "orders/x/index.html".
std::string OutputFileOf(const std::string& page_path);

// Relative links from one page to others and to files.
class Linker {
 public:
  explicit Linker(const std::string& from_page_path);
  // To a page path ("roadmap/") or a file path ("files/roadmap.xlsx").
  std::string To(const std::string& target) const;
  // "../../" for "orders/x/"; "" for the home page.
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// Turns a site path written by a person ("/roadmap/", "/orders/x", "/") into
// a page path ("roadmap/", "orders/x/", ""); keeps a #fragment apart.
std::string NormalizeSitePath(const std::string& site_path, std::string* fragment);

}  // namespace nastavnik
