#pragma once
// site.yaml and the organizations registry alone, for commands that need no
// whole build (`new case`, `codeowners`).
#include <vector>

#include "diag/diagnostic.h"
#include "load/fs.h"
#include "load/site_config.h"
#include "model/organization.h"

namespace nastavnik {

struct SiteOrganizations {
  SiteConfig config;
  std::vector<Organization> organizations;  // sorted by id
};

// Problems in site.yaml, the schemas or data/organizations.csv go to `diags`;
// the result holds whatever could be read.
SiteOrganizations LoadSiteOrganizations(const FileSystem& fs, Diagnostics& diags);

}  // namespace nastavnik
