// `nastavnik codeowners [--write]`: prints (or writes) .github/CODEOWNERS
// generated from the organizations registry (see pipeline/codeowners.h).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "diag/report.h"
#include "load/fs.h"
#include "pipeline/codeowners.h"
#include "pipeline/site_organizations.h"

namespace nastavnik {

int RunCodeowners(const ParsedArgs& args) {
  if (!args.positional.empty()) {
    std::cerr << "nastavnik: лишний аргумент «" << args.positional[0] << "»\nСправка: nastavnik help codeowners\n";
    return kExitUsage;
  }
  namespace stdfs = std::filesystem;
  std::string site_dir = args.Get("--site", ".");
  std::error_code ec;
  if (!stdfs::exists(stdfs::path(site_dir) / "site.yaml", ec)) {
    std::cerr << "nastavnik: в папке «" << site_dir << "» нет файла site.yaml — это не папка сайта (укажите её в --site)\n";
    return kExitUsage;
  }
  auto fs = NewDiskFileSystem(site_dir);
  Diagnostics diags;
  SiteOrganizations site = LoadSiteOrganizations(*fs, diags);
  if (diags.HasErrors()) {
    std::cerr << RenderReport(diags.Sorted(), ReportFormat::kText, FileLineReader(site_dir))
              << "Сначала исправьте ошибки в реестре организаций.\n";
    return kExitContentErrors;
  }
  CodeownersResult r = GenerateCodeowners(site.config, site.organizations);
  if (!r.warning.empty()) std::cerr << "nastavnik: предупреждение: " << r.warning << "\n";
  if (!args.Has("--write")) {
    std::cout << r.text;
    return kExitOk;
  }
  stdfs::path path = stdfs::path(site_dir) / ".github" / "CODEOWNERS";
  stdfs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << r.text;
  out.close();
  if (ec || !out) {
    std::cerr << "nastavnik: не удалось записать .github/CODEOWNERS\n";
    return kExitUsage;
  }
  std::cerr << "Записан .github/CODEOWNERS.\n";
  return kExitOk;
}

}  // namespace nastavnik
