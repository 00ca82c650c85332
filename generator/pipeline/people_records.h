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

// Rows of the participants registry as Participants, the fields found by
// the index the schema gives them once, not by name on every row.
class ParticipantReader {
 public:
  // `schema`: the records' (null: every field is empty).
  explicit ParticipantReader(const Schema* schema);
  // Row `r` into `p`, reusing p's buffers: a streamed registry allocates
  // nothing per row once they have grown.
  void Read(const Record& r, Participant& p) const;
  // Whether the row's start column holds a valid date (Read leaves p.start
  // at Date{} when it does not).
  bool StartValid(const Record& r) const;

 private:
  const Value& At(const Record& r, int field) const;
  int surname_ = -1, name_ = -1, patronymic_ = -1, birth_date_ = -1, organization_ = -1, role_ = -1,
      category_ = -1, position_ = -1, form_ = -1, program_ = -1, start_ = -1, end_ = -1, consent_ = -1,
      consent_date_ = -1, consent_address_ = -1, consent_withdrawn_ = -1, phone_ = -1, email_ = -1;
};

// One row of the participants registry as a Participant.
Participant ParticipantFromRecord(const Record& r);

}  // namespace nastavnik
