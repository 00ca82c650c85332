#pragma once
// site.yaml: the settings of one site. Every key is optional except title;
// defaults are written beside each field.
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "util/date.h"

namespace nastavnik {

struct MenuItem {
  std::string title;
  std::string link;  // a site path: "/", "/orders/"
};

struct SiteConfig {
  std::string title = "Наставничество";
  std::string description;
  std::string municipality;
  std::string department;
  std::string issuer;     // organization id of the department that runs the site
  SourcePos issuer_pos;   // where issuer is written, for the reference check
  std::string base_url;   // absolute, ends with '/'; empty = no canonical URLs
  Date program_start{2021, 9, 1};
  Date program_end{2024, 8, 31};
  int academic_year_start_month = 9;
  int academic_year_start_day = 1;
  std::vector<MenuItem> menu;
  std::string consent_address;     // the address consents must name; default base_url
  long long attachments_max_bytes = 10LL * 1024 * 1024;
  bool unsafe_html = false;        // raw HTML in Markdown; only for trusted sites
  bool search = true;              // run Pagefind when Node is present
  std::string theme = "default";
  int cases_per_page = 12;
};

// Reads site.yaml text. Diagnostics are E060 on "site.yaml"; missing keys take
// the defaults above.
SiteConfig ParseSiteConfig(std::string_view text, Diagnostics& diags);

}  // namespace nastavnik
