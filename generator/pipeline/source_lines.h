#pragma once
// The lines a text report quotes under each diagnostic, read from the site.
#include <string>

#include "diag/report.h"

namespace nastavnik {

// Like FileLineReader(site_dir), but a line that is not UTF-8 is shown as
// Windows-1251 (a registry saved by a Russian Excel), so the caret sits
// under readable text whatever stage reported the diagnostic.
SourceLineReader SiteSourceLineReader(const std::string& site_dir);

}  // namespace nastavnik
