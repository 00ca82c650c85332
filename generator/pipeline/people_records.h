#pragma once
// Typed people from the validated participants and pairs registries.
// INTERNAL data (see model/participant.h): the result goes to the privacy
// view, the internal reports and the privacy guard, never into SiteModel.
#include "model/participant.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

// Rows that failed validation are converted as far as they go (empty fields);
// a build with errors does not publish anyway.
PeopleRegistry PeopleFromRecords(const LoadedSite& site);

}  // namespace nastavnik
