#pragma once
// The downloadable spreadsheets (issue 7). Each writer is an artifact writer
// (publish/artifacts.h) producing one workbook under files/ in the public
// tree; internal workbooks go to the internal tree only.
#include "publish/artifacts.h"
#include "render/urls.h"

namespace nastavnik {

// Public file names, transliterated Russian (linked from their pages).
inline constexpr char kOrdersWorkbook[] = "files/reestr-dokumentov.xlsx";
inline constexpr char kCasesWorkbook[] = "files/katalog-praktik.xlsx";
inline constexpr const char* kIndicatorsWorkbook = urls::kIndicatorsWorkbook;
inline constexpr const char* kRoadmapWorkbook = urls::kRoadmapWorkbook;
inline constexpr const char* kMentorsWorkbook = urls::kMentorsWorkbook;

Status WriteOrdersWorkbook(const ArtifactInput& in);
Status WriteCasesWorkbook(const ArtifactInput& in);

// Target indicators (publish/indicators_workbook.cc): a summary sheet and one
// sheet per indicator and academic year, values as live formulas over the
// numerator and denominator, cached with the site's rounded value.
Status WriteIndicatorsWorkbook(const ArtifactInput& in);

// Every roadmap, a sheet per issuer (publish/roadmap_workbook.cc): deadlines
// as written and as parsed dates, statuses on the build date and as declared.
Status WriteRoadmapWorkbook(const ArtifactInput& in);

// The public mentors base (publish/people_workbooks.cc): consenting mentors
// only, from SiteModel::people — the public view, never the registry.
Status WriteMentorsWorkbook(const ArtifactInput& in);

// INTERNAL, into output/internal/ only (publish/people_workbooks.cc), fed by
// InternalReports (publish/artifacts.h):
//   registries/<name>.xlsx  every registry with internal columns, whole, in
//                           constant-memory mode (beside its CSV);
//                           InternalWorkbookSink, null for other registries
//   monitoring/<org>.xlsx   the yearly monitoring form of each educational
//                           organization (and any other with participants):
//                           its participants with dropdowns from the schema's
//                           enums, live counts over them, and the numerators
//                           and denominators of its indicators;
//                           MonitoringFormsSink, null but for «participants»
std::unique_ptr<RegistrySink> InternalWorkbookSink(const InternalReportsSetup& setup, const std::string& name,
                                                   const Schema& schema);
std::unique_ptr<RegistrySink> MonitoringFormsSink(const InternalReportsSetup& setup, const std::string& name,
                                                  const Schema& schema);

}  // namespace nastavnik
