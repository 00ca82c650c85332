#pragma once
// Subcommands. Each is thin: it parses its flags and calls the pipeline.
// Exit codes: 0 success, 1 content errors, 2 usage errors (and failures of
// the environment, such as an output folder that cannot be written).
#include <optional>
#include <string>

#include "cli/args.h"

namespace nastavnik {

inline constexpr int kExitOk = 0;
inline constexpr int kExitContentErrors = 1;
inline constexpr int kExitUsage = 2;

int RunBuild(const ParsedArgs& args, bool check_only);
// Starts the preview server (cli/serve_command.cc); returns when stopped.
int RunServe(const ParsedArgs& args);
// "--jobs N": 1..256 threads; nullopt for anything else.
std::optional<int> ParseJobs(const std::string& text);
// Sets *jobs from "--jobs" when given; false (the usage error printed) when
// its value is not a thread count.
bool ReadJobsOption(const ParsedArgs& args, int* jobs);
int RunDeadline(const ParsedArgs& args);
int RunNew(const ParsedArgs& args);         // new case --org ID "Название"
int RunCodeowners(const ParsedArgs& args);  // codeowners [--write]
int RunVersion();
int RunHelp(const std::string& topic);

}  // namespace nastavnik
