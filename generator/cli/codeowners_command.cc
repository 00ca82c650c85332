// `nastavnik codeowners [--write]`: prints (or writes) .github/CODEOWNERS
// generated from the organizations registry (see pipeline/codeowners.h).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/site_organizations_loader.h"
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
  SiteOrganizations site;
  if (auto exit_code = LoadOrganizationsOrReport(site_dir, &site)) return *exit_code;
  std::error_code ec;
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
