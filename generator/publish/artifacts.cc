#include "publish/artifacts.h"

#include "publish/plan_artifacts.h"
#include "publish/workbooks.h"

namespace nastavnik {

// The internal reports are not among them (InternalReports: BuildSite feeds
// them while the registry loads and finishes them while pages render).
const std::vector<ArtifactWriter>& AllArtifactWriters() {
  static const std::vector<ArtifactWriter> kWriters = {
      WriteSitemap,
      WriteRobots,
      WriteRoadmapCalendar,
      WriteRoadmapJson,
      WriteIndicatorsJson,
      WriteOrdersWorkbook,
      WriteCasesWorkbook,
      WriteIndicatorsWorkbook,
      WriteRoadmapWorkbook,
      WriteFeed,
      WriteMentorsWorkbook,
  };
  return kWriters;
}

bool ArtifactReadsPages(ArtifactWriter writer) { return writer == WriteSitemap; }

const std::vector<ArtifactWriter>& CaseArtifactWriters() {
  static const std::vector<ArtifactWriter> kWriters = {WriteCasesWorkbook, WriteFeed};
  return kWriters;
}

SiteModel CaseArtifactModel(const SiteModel& model) {
  SiteModel out;
  out.today = model.today;
  out.organizations = model.organizations;
  out.orders = model.orders;
  out.cases = model.cases;
  return out;
}

}  // namespace nastavnik
