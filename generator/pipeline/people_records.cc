#include "pipeline/people_records.h"

namespace nastavnik {

PeopleRegistry PeopleFromRecords(const LoadedSite& site) {
  PeopleRegistry out;
  const auto& rows = site.Registry("participants");
  out.participants.reserve(rows.size());
  for (const Record& r : rows) {
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
    out.participants.push_back(std::move(p));
  }
  for (const Record& r : site.Registry("pairs")) {
    MentoringPair pair;
    pair.id = r.id;
    pair.pos = r.pos;
    pair.mentor = r.Text("mentor");
    pair.mentees = r.Texts("mentees");
    pair.form = r.Text("form");
    pair.program = r.Text("program");
    pair.start = r.DateOf("start").value_or(Date{});
    pair.end = r.DateOf("end");
    out.pairs.push_back(std::move(pair));
  }
  return out;
}

}  // namespace nastavnik
