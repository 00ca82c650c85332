#include "pipeline/site_organizations.h"

#include "pipeline/build_model.h"
#include "pipeline/loaded_site.h"
#include "pipeline/registry_loader.h"

namespace nastavnik {

SiteOrganizations LoadSiteOrganizations(const FileSystem& fs, Diagnostics& diags) {
  // Builds a LoadedSite holding only what is needed, so the model's own
  // conversion (BuildModel) fills the organizations.
  LoadedSite site;
  if (auto text = fs.Read("site.yaml")) site.config = ParseSiteConfig(*text, diags);
  else diags.Error({"site.yaml", 0, 0}, "E001", "не удалось прочитать файл", "проверьте, что это папка сайта");
  site.schemas = LoadSchemas(fs, diags);
  if (const Schema* s = site.FindSchema("organizations")) site.registries["organizations"] = LoadRegistry(fs, *s, diags);
  SiteOrganizations out;
  out.config = site.config;
  out.organizations = BuildModel(site, Date{}).organizations;
  return out;
}

}  // namespace nastavnik
