// `nastavnik deadline [--period ГГГГ-ММ-ДД..ГГГГ-ММ-ДД] "<срок>"`: how nastavnik
// reads one deadline, as the JSON object data/roadmap.json carries for each
// row. A methodist (or a test) can try a wording before writing it into the
// registry. Text that does not parse is still exit 0 with "parsed": false.
#include <iostream>

#include "cli/commands.h"
#include "model/deadline.h"
#include "model/deadline_json.h"
#include "util/json.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

// "2021-09-01..2024-08-31" (the dates in any form ParseDate reads).
std::optional<std::pair<Date, Date>> ParsePeriod(const std::string& text) {
  size_t dots = text.find("..");
  if (dots == std::string::npos) return std::nullopt;
  auto start = ParseDate(text.substr(0, dots));
  auto end = ParseDate(text.substr(dots + 2));
  if (!start || !end || *end < *start) return std::nullopt;
  return std::make_pair(*start, *end);
}

int Usage(const std::string& problem) {
  std::cerr << "nastavnik: " << problem
            << "\nВызов: nastavnik deadline [--period ГГГГ-ММ-ДД..ГГГГ-ММ-ДД] \"срок\"\n"
               "Справка: nastavnik help deadline\n";
  return kExitUsage;
}

}  // namespace

int RunDeadline(const ParsedArgs& args) {
  if (!args.error.empty()) return Usage(args.error);
  if (args.positional.empty()) return Usage("не указан срок: напишите его в кавычках");
  if (args.positional.size() > 1)
    return Usage("лишний аргумент «" + args.positional[1] + "» — срок из нескольких слов возьмите в кавычки");
  DeadlineContext ctx;
  if (args.Has("--period")) {
    auto period = ParsePeriod(args.Get("--period"));
    if (!period)
      return Usage("--period: «" + args.Get("--period") +
                   "» — не период; укажите начало и конец программы, например 2021-09-01..2024-08-31");
    ctx.period_start = period->first;
    ctx.period_end = period->second;
  }
  Deadline d = ParseDeadline(args.positional[0], ctx);
  JsonWriter w;
  WriteDeadlineJson(w, d);
  std::cout << w.str() << "\n";
  return kExitOk;
}

}  // namespace nastavnik
