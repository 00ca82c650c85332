#pragma once
#include <string>

namespace nastavnik {

// An organization of the municipality (a school, kindergarten, college, or the
// education department itself). Counts feed the indicators' denominators.
struct Organization {
  std::string id;
  std::string full_name;
  std::string short_name;
  std::string type;  // ОО, ДО, ДОУ, СПО, другое
  long long students = 0;
  long long staff = 0;
  long long young_specialists = 0;
  std::string site;
  std::string curator;
  std::string curator_github;

  // Organizations that teach (everything but «другое»: the department itself).
  bool IsEducational() const { return type != "другое"; }
};

}  // namespace nastavnik
