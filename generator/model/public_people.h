#pragma once
// The public view of the people registries: what SiteModel holds and what
// render/ and public exporters may read. Built only by BuildPublicPeople()
// (model/privacy.h); see there for the rules. Nothing here is internal.
#include <map>
#include <string>
#include <vector>

#include "util/date.h"

namespace nastavnik {

// A mentor as the public site may show them.
struct PublicMentor {
  std::string full_name;     // «Фамилия Имя Отчество»
  std::string position;
  std::string organization;  // organizations.id
  std::string form;
  std::string program;       // programs.id, may be empty
};

struct PeopleCounts {
  long long mentors = 0;
  long long mentees = 0;
  long long pairs = 0;  // pairs and groups (counted by the pair's form and the mentor's organization)
};

// Counts of participants active (participation overlapping the academic
// year) in one academic year.
struct PeopleAggregates {
  Date year_start, year_end;  // the academic year counted, inclusive
  PeopleCounts total;
  std::map<std::string, PeopleCounts> by_form;          // form → counts
  std::map<std::string, std::map<std::string, PeopleCounts>> by_organization;  // org → form → counts
};

struct PublicPeople {
  // Sorted by organization, then name (ё folded), then registry order.
  std::vector<PublicMentor> mentors;
  PeopleAggregates active;

  std::vector<const PublicMentor*> MentorsOf(const std::string& organization_id) const;
};

}  // namespace nastavnik
