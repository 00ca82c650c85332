#pragma once
// The privacy guard (publish/privacy_guard.h) wired to a loaded site: the
// needles come from the people registries, the sources are every content
// file's front matter and body and every public registry cell.
#include <string>

#include "pipeline/loaded_site.h"
#include "publish/output_tree.h"
#include "publish/privacy_guard.h"

namespace nastavnik {

// Reports E075–E078 to `diags`. `public_tree` is null in a dry run (`check`):
// then only the sources are scanned, which is where a curator's mistake is.
// REQUIRES: every file of the build has been written to `public_tree`.
GuardStats CheckPersonalData(const LoadedSite& site, Date today, const OutputTree* public_tree,
                             const std::string& public_label, Diagnostics& diags);

}  // namespace nastavnik
