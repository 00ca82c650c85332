#include "publish/artifacts.h"

#include "publish/plan_artifacts.h"

namespace nastavnik {

const std::vector<ArtifactWriter>& AllArtifactWriters() {
  static const std::vector<ArtifactWriter> kWriters = {
      WriteSitemap,
      WriteRobots,
      WriteRoadmapCalendar,
      WriteRoadmapJson,
      WriteIndicatorsJson,
  };
  return kWriters;
}

}  // namespace nastavnik
