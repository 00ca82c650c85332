#include "pipeline/content_files.h"

#include <algorithm>
#include <map>
#include <set>

#include "load/fs.h"
#include "render/links.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

const std::vector<std::string> kAllowedExtensions = {"pdf", "docx", "xlsx", "pptx", "odt",
                                                     "ods", "jpg", "jpeg", "png", "webp"};

std::string ExtensionOf(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return LowerUtf8(path.substr(dot + 1));
}

std::string HumanSize(long long bytes) {
  long long mb10 = bytes * 10 / (1024 * 1024);
  return std::to_string(mb10 / 10) + "," + std::to_string(mb10 % 10) + " МБ";
}

}  // namespace

std::vector<ContentFileCopy> CheckContentFiles(const LoadedSite& site, const SiteModel& model,
                                               Diagnostics& diags, std::set<std::string>* refused) {
  auto refuse = [&](const std::string& path) {
    if (refused) refused->insert(LinkResolver::OutputPathOfContentFile(path));
  };
  std::vector<ContentFileCopy> out;
  std::set<std::string> present;
  // A file a case lists is reported where it is listed (the line a curator
  // edits, and where a pull request shows the annotation); others on the file.
  std::map<std::string, SourcePos> listed;
  for (const auto* cases : {&model.cases, &model.draft_cases})
    for (const auto& c : *cases)
      for (const auto& a : c.attachments)
        listed.emplace(c.source.substr(0, c.source.rfind('/') + 1) + a.file, SourcePos{c.source, a.line, 1});
  for (const auto& e : site.content_files) {
    if (EndsWith(e.path, ".md")) continue;
    std::string name = e.path.substr(e.path.rfind('/') + 1);
    if (!name.empty() && name[0] == '.') continue;  // .gitkeep and editor files
    present.insert(e.path);
    auto where = listed.find(e.path);
    SourcePos pos = where == listed.end() ? SourcePos{e.path, 0, 0} : where->second;
    // Case folders come from pull requests: a symbolic link there, even one
    // staying inside the site, could publish data/participants.csv under an
    // innocent name, so none is accepted.
    if (e.symlink && (e.escapes_root || StartsWith(e.path, "content/cases/"))) {
      diags.Error(pos, "E085", "файл «" + name + "» — символическая ссылка" +
                                     std::string(e.escapes_root ? " на место за пределами сайта" : ""),
                  "положите в папку сам файл, а не символическую ссылку");
      refuse(e.path);
      continue;
    }
    std::string ext = ExtensionOf(e.path);
    if (std::find(kAllowedExtensions.begin(), kAllowedExtensions.end(), ext) == kAllowedExtensions.end()) {
      // Old Office formats are the usual case: say what to save them as.
      bool legacy_office = ext == "doc" || ext == "xls" || ext == "ppt" || ext == "rtf";
      diags.Error(pos, "E083",
                  "файлы такого типа нельзя публиковать: «" + name + "»",
                  legacy_office ? "сохраните файл в современном формате (.docx, .xlsx, .pptx) или в PDF и "
                                  "исправьте имя в ссылках"
                                : "допустимы: pdf, docx, xlsx, pptx, odt, ods, jpg, png, webp");
      refuse(e.path);
      continue;
    }
    if (static_cast<long long>(e.size) > site.config.attachments_max_bytes) {
      diags.Error(pos, "E084",
                  "файл «" + name + "» слишком большой: " + HumanSize(static_cast<long long>(e.size)) + " при пределе " +
                      HumanSize(site.config.attachments_max_bytes),
                  "уменьшите файл (например, сохраните PDF с меньшим разрешением) или разделите его");
      refuse(e.path);
      continue;
    }
    out.push_back({e.path, LinkResolver::OutputPathOfContentFile(e.path)});
  }
  auto dir_of = [](const CaseStudy& c) { return c.source.substr(0, c.source.rfind('/') + 1); };
  // A draft's files are checked like any others but stay unpublished.
  for (const auto& c : model.draft_cases) {
    std::string dir = dir_of(c);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const ContentFileCopy& f) { return StartsWith(f.source_path, dir); }),
              out.end());
  }
  std::vector<const CaseStudy*> all_cases;
  for (const auto& c : model.cases) all_cases.push_back(&c);
  for (const auto& c : model.draft_cases) all_cases.push_back(&c);
  for (const CaseStudy* cp : all_cases) {
    const CaseStudy& c = *cp;
    std::string dir = dir_of(c);
    for (const auto& a : c.attachments) {
      SourcePos pos{c.source, a.line, 1};
      if (a.file.find('/') != std::string::npos || a.file.find('\\') != std::string::npos ||
          a.file == ".." || a.file == ".") {
        diags.Error(pos, "E086", "вложение «" + a.file + "» должно лежать в папке самой практики",
                    "положите файл рядом с index.md и укажите только его имя, без папок и «..»");
        continue;
      }
      if (!present.count(dir + a.file)) {
        diags.Error(pos, "E087", "нет файла вложения «" + a.file + "»",
                    "положите файл в папку " + dir + " или исправьте имя (с учётом регистра букв)");
      }
    }
  }
  return out;
}

}  // namespace nastavnik
