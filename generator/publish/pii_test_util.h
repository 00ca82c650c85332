#pragma once
// Shared by the privacy guard's tests.
#include <string>
#include <utility>
#include <vector>

#include "publish/pii_index.h"

namespace nastavnik {

// A participant of the tests' registries (mentees are pupils).
inline Participant Someone(std::string surname, std::string name, std::string patronymic, ParticipantRole role) {
  Participant p;
  p.id = surname;
  p.surname = std::move(surname);
  p.name = std::move(name);
  p.patronymic = std::move(patronymic);
  p.role = role;
  p.category = role == ParticipantRole::kMentee ? "обучающийся" : "педагог";
  return p;
}

// Three mentees with every kind of needle: a Cyrillic name with «ё» and a
// patronymic, a Latin one without, a double surname.
inline PeopleRegistry ScanTestRegistry() {
  PeopleRegistry reg;
  Participant a = Someone("Ёлкина", "Алёна", "Петровна", ParticipantRole::kMentee);
  a.birth_date = Date{2009, 3, 4};
  a.phone = "+7 (912) 345-67-89";
  a.email = "Alena.Elkina@Mail.example";
  reg.participants.push_back(a);
  Participant b = Someone("Orlov", "Ivan", "", ParticipantRole::kMentee);
  b.email = "i-orlov+x@school.example";
  b.phone = "8 900 000 01 02";
  b.birth_date = Date{2010, 12, 31};
  reg.participants.push_back(b);
  reg.participants.push_back(Someone("Петрова-Водкина", "Мария", "", ParticipantRole::kMentee));
  return reg;
}

// Two scans found the same matches (same person, kind and place; the length
// is left out, as the reference scanner of pii_index_scan_test.cc does not
// give it).
inline bool SameHits(const std::vector<PiiHit>& a, const std::vector<PiiHit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].person != b[i].person || a[i].kind != b[i].kind || a[i].offset != b[i].offset) return false;
  return true;
}

// The same, the lengths too (reports quote the form found).
inline bool IdenticalHits(const std::vector<PiiHit>& a, const std::vector<PiiHit>& b) {
  if (!SameHits(a, b)) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].length != b[i].length) return false;
  return true;
}

}  // namespace nastavnik
