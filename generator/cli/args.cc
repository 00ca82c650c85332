#include "cli/args.h"

namespace nastavnik {

std::string ParsedArgs::Get(const std::string& flag, const std::string& fallback) const {
  auto it = flags.find(flag);
  return it == flags.end() ? fallback : it->second;
}

ParsedArgs ParseArgs(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
                     const std::set<std::string>& switches) {
  ParsedArgs out;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a, value;
      size_t eq = a.find('=');
      bool inline_value = eq != std::string::npos;
      if (inline_value) {
        name = a.substr(0, eq);
        value = a.substr(eq + 1);
      }
      if (with_value.count(name)) {
        if (!inline_value) {
          if (i + 1 >= argv.size()) {
            out.error = "после " + name + " нужно значение";
            return out;
          }
          value = argv[++i];
        }
        out.flags[name] = value;
      } else if (switches.count(name) && !inline_value) {
        out.flags[name] = "";
      } else {
        out.error = "неизвестный параметр " + name;
        return out;
      }
    } else if (out.command.empty()) {
      out.command = a;
    } else {
      out.positional.push_back(a);
    }
  }
  return out;
}

}  // namespace nastavnik
