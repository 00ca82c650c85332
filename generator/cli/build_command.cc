// `nastavnik build` and `nastavnik check`.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "diag/report.h"
#include "pipeline/build.h"
#include "pipeline/source_lines.h"
#include "util/date.h"

namespace nastavnik {

namespace {

std::optional<ReportFormat> FormatFromName(const std::string& name) {
  if (name.empty() || name == "text") return ReportFormat::kText;
  if (name == "github") return ReportFormat::kGithub;
  if (name == "json") return ReportFormat::kJson;
  return std::nullopt;
}

}  // namespace

std::optional<int> ParseJobs(const std::string& text) {
  if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int n = std::stoi(text);
  if (n < 1 || n > 256) return std::nullopt;
  return n;
}

bool ReadJobsOption(const ParsedArgs& args, int* jobs) {
  if (!args.Has("--jobs")) return true;
  auto n = ParseJobs(args.Get("--jobs"));
  if (!n) {
    std::cerr << "nastavnik: --jobs: укажите число потоков от 1 до 256, например --jobs 2\n";
    return false;
  }
  *jobs = *n;
  return true;
}

int RunBuild(const ParsedArgs& args, bool check_only) {
  if (!args.positional.empty()) {
    std::cerr << "nastavnik: лишний аргумент «" << args.positional[0] << "»\n"
              << "Справка: nastavnik help " << args.command << "\n";
    return kExitUsage;
  }
  BuildOptions options;
  options.site_dir = args.Get("--site", ".");
  options.out_dir = args.Get("--out", options.site_dir + "/output");
  options.strict = args.Has("--strict");
  options.dry_run = check_only;
  options.incremental = !args.Has("--full");
  options.free_memory = false;  // the process ends after this build
  if (!ReadJobsOption(args, &options.jobs)) return kExitUsage;
  auto format = FormatFromName(args.Get("--format"));
  if (!format) {
    std::cerr << "nastavnik: --format может быть text, github или json\n";
    return kExitUsage;
  }
  if (args.Has("--today")) {
    auto d = ParseDate(args.Get("--today"));
    if (!d) {
      std::cerr << "nastavnik: --today: «" << args.Get("--today")
                << "» — не дата; укажите ГГГГ-ММ-ДД, например 2023-11-01\n";
      return kExitUsage;
    }
    options.today = *d;
  } else {
    options.today = TodayFromEnvironment();
  }
  // Reproducible timestamps (spreadsheets, feeds): SOURCE_DATE_EPOCH, else
  // midnight of --today, so two builds of the same input are identical.
  options.build_epoch = SourceDateEpochOr(options.today.DaysSinceEpoch() * 86400LL);

  auto started = std::chrono::steady_clock::now();
  Diagnostics diags;
  BuildResult result;
  Status st = BuildSite(options, diags, &result);
  auto sorted = diags.Sorted();
  if (*format == ReportFormat::kGithub) {
    // GitHub places an annotation by its path from the repository root, and
    // a workflow runs in that root: make paths relative to the current
    // folder, so «--site docs/site» gives «docs/site/content/…».
    std::error_code ec;
    std::filesystem::path cwd = std::filesystem::current_path(ec);
    for (auto& d : sorted) {
      if (d.pos.path.empty() || d.pos.path[0] == '<') continue;  // built into nastavnik
      std::filesystem::path p = (std::filesystem::path(options.site_dir) / d.pos.path).lexically_normal();
      if (p.is_absolute() && !ec) {
        std::filesystem::path rel = p.lexically_relative(cwd);
        if (!rel.empty()) p = rel;
      }
      d.pos.path = p.generic_string();
    }
  }
  std::string report = RenderReport(sorted, *format, SiteSourceLineReader(options.site_dir));
  if (*format == ReportFormat::kText) std::cerr << report;
  else std::cout << report;
  if (!st.ok()) {
    std::cerr << "nastavnik: " << st.message() << "\n";
    return kExitUsage;
  }
  bool failed = diags.HasErrors() || (options.strict && diags.warning_count() > 0);
  if (*format != ReportFormat::kText) return failed ? kExitContentErrors : kExitOk;
  if (failed) {
    std::cerr << (check_only ? "Проверка не пройдена." : "Сайт не опубликован: исправьте ошибки выше; прежняя версия в "
                                                          + options.out_dir + "/public не изменилась.")
              << "\n";
    return kExitContentErrors;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", secs);
  if (check_only) {
    std::cerr << "Проверка пройдена: ошибок нет, страниц " << result.pages << " (" << buf << " с).\n";
  } else {
    std::error_code ec;
    if (!result.search_notice.empty()) std::cerr << "Внимание: " << result.search_notice << "\n";
    auto index = std::filesystem::weakly_canonical(options.out_dir + "/public/index.html", ec);
    std::cerr << "Сайт собран: страниц " << result.pages << " (перерисовано " << result.rendered << "), файлов "
              << result.files << " за " << buf
              << " с.\nОткройте в браузере: " << index.string() << "\n";
  }
  return kExitOk;
}

}  // namespace nastavnik
