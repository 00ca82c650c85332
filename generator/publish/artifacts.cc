#include "publish/artifacts.h"

namespace nastavnik {

const std::vector<ArtifactWriter>& AllArtifactWriters() {
  static const std::vector<ArtifactWriter> kWriters = {
      WriteSitemap,
      WriteRobots,
      WriteInternalReports,
  };
  return kWriters;
}

}  // namespace nastavnik
