#include "model/participant.h"

namespace nastavnik {

std::string Participant::FullName() const {
  std::string out = surname;
  for (const std::string* part : {&name, &patronymic}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ' ';
    out += *part;
  }
  return out;
}

bool Participant::ActiveBetween(Date from, Date to) const {
  return start <= to && (!end || *end >= from);
}

void PeopleRegistry::Add(Participant p, bool keep_whole) {
  ParticipantFacts f;
  f.id = p.id;
  f.organization = Intern(p.organization);
  f.role = Intern(p.IsMentor() ? "наставник" : "наставляемый");
  f.category = Intern(p.category);
  f.form = Intern(p.form);
  f.birth_date = p.birth_date;
  f.start = p.start;
  f.end = p.end;
  facts.push_back(std::move(f));
  if (keep_whole || (p.IsMentor() && p.category != "обучающийся" && p.consent.given))
    participants.push_back(std::move(p));
}

}  // namespace nastavnik
