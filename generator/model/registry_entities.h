#pragma once
// Public entities built from registries (data/*.csv).
#include <optional>
#include <string>
#include <vector>

#include "util/date.h"

namespace nastavnik {

struct Program {
  std::string id;
  std::string title;
  std::string organization;
  std::string form;
  Date start;
  std::optional<Date> end;
  std::string description;
};

// A member of the municipal working group: an official acting in office, so
// name and position are public (they appear in the published order).
struct WorkingGroupMember {
  std::string name;
  std::string role;
  std::string position;
  std::string organization;
};

}  // namespace nastavnik
