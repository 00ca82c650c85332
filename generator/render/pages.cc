#include "render/pages.h"

namespace nastavnik {

const std::vector<PageGenerator>& AllPageGenerators() {
  static const std::vector<PageGenerator> kGenerators = {
      GenerateHomePage,          GenerateTextPages,        GenerateOrderPages,
      GenerateOrganizationPages, GenerateProgramsPage,     GenerateWorkingGroupPage,
      GenerateMentorsPages,
      GenerateNotFoundPage,      GenerateCasePages,
      GenerateCaseCatalogPages,  GenerateRoadmapPages,     GenerateIndicatorPages,
      GenerateSearchPage,
  };
  return kGenerators;
}

}  // namespace nastavnik
