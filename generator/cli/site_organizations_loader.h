#pragma once
// Shared by the subcommands that need only site.yaml and the organizations
// registry (`new case`, `codeowners`): loads them and prints the problems.
#include <optional>
#include <string>

#include "pipeline/site_organizations.h"

namespace nastavnik {

// Loads the site in `site_dir`. On failure prints a Russian message and
// returns the exit code to end with (usage error when there is no site,
// content errors when the registry is broken); nullopt on success.
std::optional<int> LoadOrganizationsOrReport(const std::string& site_dir, SiteOrganizations* site);

}  // namespace nastavnik
