#include "cli/site_organizations_loader.h"

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "diag/report.h"
#include "load/fs.h"

namespace nastavnik {

std::optional<int> LoadOrganizationsOrReport(const std::string& site_dir, SiteOrganizations* site) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(site_dir) / "site.yaml", ec)) {
    std::cerr << "nastavnik: в папке «" << site_dir
              << "» нет файла site.yaml — это не папка сайта (укажите её в --site)\n";
    return kExitUsage;
  }
  auto fs = NewDiskFileSystem(site_dir);
  Diagnostics diags;
  *site = LoadSiteOrganizations(*fs, diags);
  if (diags.HasErrors()) {
    std::cerr << RenderReport(diags.Sorted(), ReportFormat::kText, FileLineReader(site_dir))
              << "Сначала исправьте ошибки в реестре организаций.\n";
    return kExitContentErrors;
  }
  return std::nullopt;
}

}  // namespace nastavnik
