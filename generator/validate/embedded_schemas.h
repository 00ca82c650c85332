#pragma once
// The default schemas compiled into the binary from generator/schemas/*.yaml.
#include <string_view>
#include <vector>

namespace nastavnik {

struct EmbeddedSchema {
  std::string_view name;  // file name without .yaml, e.g. "organizations"
  std::string_view text;  // the YAML text as shipped
};

const std::vector<EmbeddedSchema>& EmbeddedSchemas();

}  // namespace nastavnik
