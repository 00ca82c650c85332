#pragma once
// A small command-line parser: `nastavnik <command> [--flag value | --flag=value | --switch] [positional…]`.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nastavnik {

struct ParsedArgs {
  std::string command;
  std::map<std::string, std::string> flags;  // "--site" → "dir"; switches → ""
  std::vector<std::string> positional;
  std::string error;  // Russian; non-empty when the arguments are wrong

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string Get(const std::string& flag, const std::string& fallback = {}) const;
};

// `with_value` are flags that take a value; `switches` take none. Anything
// else starting with "--" is an error.
ParsedArgs ParseArgs(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
                     const std::set<std::string>& switches);

}  // namespace nastavnik
