#pragma once
// .github/CODEOWNERS from the organizations registry: each organization's
// case folder (content/cases/<id>/) is reviewed by its curator
// (curator_github); everything else by the curator of the department that
// runs the site (site.yaml `issuer`). GitHub applies the last matching line,
// so the catch-all comes first.
#include <string>
#include <vector>

#include "load/site_config.h"
#include "model/organization.h"

namespace nastavnik {

struct CodeownersResult {
  std::string text;     // the whole file
  std::string warning;  // Russian; non-empty when the department has no curator_github
};

// REQUIRES: organizations sorted by id (lines follow that order).
CodeownersResult GenerateCodeowners(const SiteConfig& config, const std::vector<Organization>& organizations);

}  // namespace nastavnik
