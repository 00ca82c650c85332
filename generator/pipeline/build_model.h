#pragma once
#include "model/site_model.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

// Builds the typed domain model from validated records. Records that failed
// validation are still converted (with empty fields) so that `check` can go
// on; a build stops before publishing when there were errors.
SiteModel BuildModel(const LoadedSite& site, Date today);

// The model's organizations (SiteModel::organizations, sorted by id): they
// need only the organizations registry, so they can be had before the rest
// (the internal reports take them while LoadSite reads the large registry).
std::vector<Organization> OrganizationsOf(const LoadedSite& site);

// The case a case document describes, as BuildModel makes it, without the
// attachments' sizes (BuildModel takes them from the site's file listing).
CaseStudy CaseFrom(const ContentDoc& d);

}  // namespace nastavnik
