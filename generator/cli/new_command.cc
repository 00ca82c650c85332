// `nastavnik new case --org <id> "Название"`: a new case folder from the
// theme's archetype (themes/<theme>/archetypes/case.md, or the copy built
// into nastavnik), valid as created and marked `draft: да` so that its
// placeholders are checked but never published.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "diag/report.h"
#include "load/fs.h"
#include "pipeline/site_organizations.h"
#include "render/embedded_theme.h"
#include "util/date.h"
#include "util/strings.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

constexpr size_t kSlugMaxBytes = 60;
constexpr size_t kTitleMinLetters = 5;  // the cases schema's minimum

// The site's archetype when its theme has one, else the built-in one.
std::optional<std::string> Archetype(const FileSystem& fs, const std::string& theme, const std::string& name) {
  std::string rel = "archetypes/" + name + ".md";
  if (auto text = fs.Read("themes/" + theme + "/" + rel)) return text;
  for (const auto& f : EmbeddedThemeFiles())
    if (f.path == rel) return std::string(f.bytes);
  return std::nullopt;
}

// A YAML double-quoted scalar: the title may hold «:», «#» or quotes.
std::string YamlQuoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    out += c;
  }
  return out + "\"";
}

// The academic year `today` falls in: "2023-2024" from the year's start day.
std::string AcademicYearOf(Date today, const SiteConfig& config) {
  bool after_start = std::pair(today.month, today.day) >=
                     std::pair(config.academic_year_start_month, config.academic_year_start_day);
  int first = after_start ? today.year : today.year - 1;
  return std::to_string(first) + "-" + std::to_string(first + 1);
}

int Usage(const std::string& message) {
  std::cerr << "nastavnik: " << message << "\n"
            << "Например: nastavnik new case --org sch-3 \"Школа молодого учителя\"\n"
            << "Справка: nastavnik help new\n";
  return kExitUsage;
}

}  // namespace

int RunNew(const ParsedArgs& args) {
  if (args.positional.empty() || args.positional[0] != "case")
    return Usage("создать можно только практику: nastavnik new case");
  if (args.positional.size() != 2) return Usage("укажите одно название практики в кавычках");
  if (!args.Has("--org")) return Usage("укажите организацию: --org <код из data/organizations.csv>");
  std::string site_dir = args.Get("--site", ".");
  std::string org_id = args.Get("--org");
  std::string title(Trim(args.positional[1]));
  if (!IsValidUtf8(title)) return Usage("название не в кодировке UTF-8");
  if (CodepointCount(title) < kTitleMinLetters) return Usage("название слишком короткое: нужно не меньше 5 букв");
  std::string slug = args.Has("--slug") ? args.Get("--slug") : Slugify(title, kSlugMaxBytes);
  if (slug.empty() || Slugify(slug, kSlugMaxBytes) != slug)
    return Usage("из названия не получилось имя папки; задайте его сами: --slug latinskie-bukvy-i-defis");

  namespace stdfs = std::filesystem;
  std::error_code ec;
  if (!stdfs::exists(stdfs::path(site_dir) / "site.yaml", ec)) {
    std::cerr << "nastavnik: в папке «" << site_dir << "» нет файла site.yaml — это не папка сайта (укажите её в --site)\n";
    return kExitUsage;
  }
  auto fs = NewDiskFileSystem(site_dir);
  Diagnostics diags;
  SiteOrganizations site = LoadSiteOrganizations(*fs, diags);
  if (diags.HasErrors()) {
    std::cerr << RenderReport(diags.Sorted(), ReportFormat::kText, FileLineReader(site_dir))
              << "Сначала исправьте ошибки в реестре организаций.\n";
    return kExitContentErrors;
  }
  const Organization* org = nullptr;
  for (const auto& o : site.organizations)
    if (o.id == org_id) org = &o;
  if (!org) {
    std::vector<std::string> ids;
    for (const auto& o : site.organizations) ids.push_back(o.id);
    std::string guess = SuggestClosest(org_id, ids);
    std::cerr << "nastavnik: организации «" << org_id << "» нет в data/organizations.csv."
              << (guess.empty() ? std::string() : " Возможно, имелось в виду «" + guess + "».")
              << " Коды организаций:\n";
    for (const auto& o : site.organizations) std::cerr << "  " << o.id << " — " << o.short_name << "\n";
    return kExitUsage;
  }
  std::string rel_dir = "content/cases/" + org_id + "/" + slug;
  stdfs::path dir = stdfs::path(site_dir) / rel_dir;
  if (stdfs::exists(dir, ec) || stdfs::is_symlink(dir, ec)) {
    std::cerr << "nastavnik: папка " << rel_dir << " уже есть — такая практика уже создана.\n"
              << "Откройте " << rel_dir << "/index.md или выберите другое название (или --slug).\n";
    return kExitUsage;
  }
  auto archetype = Archetype(*fs, site.config.theme, "case");
  if (!archetype) {
    std::cerr << "nastavnik: в оформлении нет заготовки archetypes/case.md\n";
    return kExitUsage;
  }
  Date today = args.Has("--today") ? ParseDate(args.Get("--today")).value_or(Date{}) : TodayFromEnvironment();
  if (today.year == 0) return Usage("--today: укажите дату в виде ГГГГ-ММ-ДД");
  std::string text = *archetype;
  text = ReplaceAll(text, "{{title}}", YamlQuoted(title));
  text = ReplaceAll(text, "{{organization}}", org_id);
  text = ReplaceAll(text, "{{date}}", today.Russian());
  text = ReplaceAll(text, "{{academic_year}}", AcademicYearOf(today, site.config));

  stdfs::create_directories(dir, ec);
  std::ofstream out(dir / "index.md", std::ios::binary);
  out << text;
  out.close();
  if (ec || !out) {
    std::cerr << "nastavnik: не удалось записать " << rel_dir << "/index.md: " << ec.message() << "\n";
    return kExitUsage;
  }
  std::cout << "Создана практика: " << rel_dir << "/index.md\n\n"
            << "Что дальше:\n"
            << "  1. Откройте файл и замените всё, что помечено словом ЗАПОЛНИТЕ (пометки тоже удалите).\n"
            << "  2. Файлы для скачивания положите в папку " << rel_dir << "/ и перечислите в attachments.\n"
            << "  3. Проверьте: nastavnik check — ошибки покажут файл, строку и как исправить.\n"
            << "  4. Когда всё готово, удалите строку «draft: да»: пока она есть, практика не публикуется.\n"
            << "  5. Отправьте изменения pull request'ом (см. CONTRIBUTING.md).\n";
  return kExitOk;
}

}  // namespace nastavnik
