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

}  // namespace nastavnik
