#include "publish/artifacts.h"

#include "publish/plan_artifacts.h"
#include "publish/workbooks.h"

namespace nastavnik {

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
      WriteInternalRegistries,
  };
  return kWriters;
}

}  // namespace nastavnik
