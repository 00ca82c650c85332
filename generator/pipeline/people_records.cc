#include "pipeline/people_records.h"

namespace nastavnik {

Participant ParticipantFromRecord(const Record& r) {
  Participant p;
  p.id = r.id;
  p.pos = r.pos;
  p.surname = r.Text("surname");
  p.name = r.Text("name");
  p.patronymic = r.Text("patronymic");
  p.birth_date = r.DateOf("birth_date");
  p.organization = r.Text("organization");
  p.role = r.Text("role") == "наставник" ? ParticipantRole::kMentor : ParticipantRole::kMentee;
  p.category = r.Text("category");
  p.position = r.Text("position");
  p.form = r.Text("form");
  p.program = r.Text("program");
  p.start = r.DateOf("start").value_or(Date{});
  p.end = r.DateOf("end");
  p.consent.given = r.BoolOf("consent");
  p.consent.date = r.DateOf("consent_date");
  p.consent.address = r.Text("consent_address");
  p.consent.withdrawn = r.DateOf("consent_withdrawn");
  p.phone = r.Text("phone");
  p.email = r.Text("email");
  return p;
}

const PeopleRegistry& PeopleFromRecords(const LoadedSite& site) { return site.people; }

}  // namespace nastavnik
