#pragma once
// The search index: Pagefind (npm package `pagefind`) run over the staging
// tree before it is committed, so a published site is either fully indexed or
// the previous one; a failed build never leaves a half-indexed site.
//
// Pagefind is optional. The site works without it (every page is reachable
// from the menu and the registers; /search/ then says search is unavailable),
// so a missing Node.js or package is a notice, not an error. Pagefind that is
// present but fails is an environment failure: the build stops and the
// previous output stays.
//
// Where Pagefind is looked for, first match wins:
//   $NASTAVNIK_PAGEFIND      an executable; "off" disables indexing
//   <site>/node_modules/.bin/pagefind   installed from the site's package.json
//                                       (`make site` runs npm ci for it)
#include <string>

#include "util/status.h"

namespace nastavnik {

struct SearchIndexResult {
  bool indexed = false;
  std::string notice;  // Russian, for the user, when the index was not built
};

// The Pagefind executable to run, or "" (and `why` filled) when there is none.
std::string FindPagefind(const std::string& site_dir, std::string* why);

// Runs Pagefind over `staging_dir`; it writes `staging_dir`/pagefind/.
// REQUIRES: every HTML page has been written to `staging_dir`.
Status BuildSearchIndex(const std::string& site_dir, const std::string& staging_dir,
                        SearchIndexResult* result);

}  // namespace nastavnik
