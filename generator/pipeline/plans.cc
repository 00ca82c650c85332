#include "pipeline/plans.h"

#include "pipeline/indicator_definitions.h"
#include "pipeline/indicator_values.h"

namespace nastavnik {

DeadlineContext DeadlineContextOf(const SiteConfig& config) {
  DeadlineContext ctx;
  ctx.period_start = config.program_start;
  ctx.period_end = config.program_end;
  ctx.academic_year_start_month = config.academic_year_start_month;
  ctx.academic_year_start_day = config.academic_year_start_day;
  return ctx;
}

void AddPlans(const FileSystem& fs, const LoadedSite& site, SiteModel& model, Diagnostics& diags) {
  model.roadmaps = BuildRoadmaps(site.Registry("roadmap"), DeadlineContextOf(site.config), model.today, diags);
  model.indicators = ComputeIndicators(site, LoadIndicatorDefinitions(fs, site, diags));
}

}  // namespace nastavnik
