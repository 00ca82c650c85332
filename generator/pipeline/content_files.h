#pragma once
// Files under content/ that are not Markdown: attachments of cases and
// orders, images. Content comes from pull requests, so each one is checked
// before it is copied: allowed type, size limit, no link leading out.
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "model/site_model.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

struct ContentFileCopy {
  std::string source_path;  // content/cases/a/b/plan.pdf
  std::string output_path;  // cases/a/b/plan.pdf
};

// Checks every non-Markdown file and every attachment a case lists; returns
// the files to copy into the public tree. Files refused (E083–E085) are added
// to `*refused` (output paths, when given): links to them are not reported
// again as broken.
std::vector<ContentFileCopy> CheckContentFiles(const LoadedSite& site, const SiteModel& model,
                                               Diagnostics& diags,
                                               std::set<std::string>* refused = nullptr);

}  // namespace nastavnik
