#pragma once
// Typed people from the validated participants and pairs registries.
// INTERNAL data (see model/participant.h): the result goes to the privacy
// view, the internal reports and the privacy guard, never into SiteModel.
#include "model/participant.h"
#include "pipeline/loaded_site.h"

namespace nastavnik {

// Rows that failed validation are converted as far as they go (empty fields);
// a build with errors does not publish anyway. The participants registry is
// streamed: this holds the facts of every participant and, whole, only the
// mentors who may be named (see PeopleRegistry); LoadSite fills it.
const PeopleRegistry& PeopleFromRecords(const LoadedSite& site);

// One row of the participants registry as a Participant.
Participant ParticipantFromRecord(const Record& r);

}  // namespace nastavnik
