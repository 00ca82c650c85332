#pragma once
// Computes indicator values from the registries. This is the only place that
// reads participant and survey rows for indicators; what leaves it are counts,
// sums and averages (model/indicators.h), never a row.
//
// For each indicator and academic year:
//   organizations  the types listed (else every educational organization);
//                  the municipal value is the sum of their numerators over
//                  the sum of their denominators.
//   участники      participants of those organizations with the role,
//                  categories and forms listed, aged age_from..age_to full
//                  years on the reference date (age_date, else the start of
//                  the academic year), whose period overlaps the year
//                  (active: нет — who started by its end).
//   организации с программами  1 for an organization with a program of
//                  data/programs.csv running in the year (of the forms
//                  listed), else 0.
//   анкета         the sum and count of answers of data/survey.csv for that
//                  academic year by participants matching the filters.
//   denominator    a count column of the organization, 1 per organization,
//                  or participants matching role and categories (not age or
//                  form), active in the year.
// Years: every academic year of the program period (site.yaml), every year
// with a target, every year a participant started in, and every year with
// survey answers.
#include <vector>

#include "model/indicators.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

std::vector<IndicatorTable> ComputeIndicators(const LoadedSite& site,
                                              const std::vector<IndicatorDefinition>& definitions);

}  // namespace nastavnik
