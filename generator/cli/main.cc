// nastavnik: the command line. Each subcommand is a thin wrapper over the
// pipeline (see cli/commands.h).
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "publish/tree_remover.h"

namespace nastavnik {
namespace {

int RunCommand(const std::vector<std::string>& args) {
  if (args.empty()) {
    RunHelp("");
    return kExitUsage;
  }
  const std::string command = args[0];
  if (command == "build" || command == "check") {
    ParsedArgs parsed = ParseArgs(args, {"--site", "--out", "--today", "--format", "--jobs"},
                                   {"--strict", "--full"});
    if (!parsed.error.empty()) {
      std::cerr << "nastavnik: " << parsed.error << "\nСправка: nastavnik help " << command << "\n";
      return kExitUsage;
    }
    return RunBuild(parsed, command == "check");
  }
  if (command == "deadline") return RunDeadline(ParseArgs(args, {"--period"}, {}));
  if (command == "new" || command == "codeowners") {
    ParsedArgs parsed = command == "new" ? ParseArgs(args, {"--site", "--org", "--slug", "--today"}, {})
                                         : ParseArgs(args, {"--site"}, {"--write"});
    if (!parsed.error.empty()) {
      std::cerr << "nastavnik: " << parsed.error << "\nСправка: nastavnik help " << command << "\n";
      return kExitUsage;
    }
    return command == "new" ? RunNew(parsed) : RunCodeowners(parsed);
  }
  if (command == "serve") {
    ParsedArgs parsed =
        ParseArgs(args, {"--site", "--out", "--today", "--jobs", "--bind", "--port"}, {});
    if (!parsed.error.empty()) {
      std::cerr << "nastavnik: " << parsed.error << "\nСправка: nastavnik help serve\n";
      return kExitUsage;
    }
    return RunServe(parsed);
  }
  if (command == "version" || command == "--version") return RunVersion();
  if (command == "help" || command == "--help" || command == "-h")
    return RunHelp(args.size() > 1 ? args[1] : "");
  std::cerr << "nastavnik: неизвестная команда «" << command << "»\nСписок команд: nastavnik help\n";
  return kExitUsage;
}

}  // namespace
}  // namespace nastavnik

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  int code = nastavnik::RunCommand(args);
  // The output folder holds only the result once the command returns: a CI
  // job that copies it next must not meet a previous tree being deleted.
  nastavnik::WaitForTreeRemovals();
  return code;
}
