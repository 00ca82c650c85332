#pragma once
// The plans of a site: roadmaps (deadlines parsed, states for today) and
// indicators (definitions read, values computed from the registries). Runs
// after BuildModel and fills SiteModel::roadmaps and SiteModel::indicators.
#include "diag/diagnostic.h"
#include "load/fs.h"
#include "model/site_model.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

// The deadline context of a site: its program period and academic year start.
DeadlineContext DeadlineContextOf(const SiteConfig& config);

// REQUIRES: `model` was built from `site` (model.today is set).
void AddPlans(const FileSystem& fs, const LoadedSite& site, SiteModel& model, Diagnostics& diags);

}  // namespace nastavnik
