#include "render/pages.h"

namespace nastavnik {

const std::vector<PageGenerator>& AllPageGenerators() {
  static const std::vector<PageGenerator> kGenerators = {
      GenerateHomePage,          GenerateTextPages,        GenerateOrderPages,
      GenerateOrganizationPages, GenerateProgramsPage,     GenerateWorkingGroupPage,
      GenerateNotFoundPage,      GeneratePlaceholderPages, GenerateCasePages,
      GenerateCaseCatalogPages,  GenerateRoadmapPages,     GenerateIndicatorPages,
  };
  return kGenerators;
}

}  // namespace nastavnik
