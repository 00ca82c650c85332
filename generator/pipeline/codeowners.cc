#include "pipeline/codeowners.h"

namespace nastavnik {

namespace {

std::string Handle(const std::string& github) {
  return github.empty() || github[0] == '@' ? github : "@" + github;
}

}  // namespace

CodeownersResult GenerateCodeowners(const SiteConfig& config, const std::vector<Organization>& organizations) {
  CodeownersResult r;
  r.text =
      "# Кто проверяет pull request: файл создан командой `nastavnik codeowners --write`\n"
      "# из data/organizations.csv (столбец «GitHub куратора»). Не правьте его вручную:\n"
      "# исправьте реестр и выполните команду снова.\n";
  std::string default_owner;
  for (const auto& o : organizations)
    if (o.id == config.issuer) default_owner = Handle(o.curator_github);
  if (default_owner.empty()) {
    r.warning = "у управления образования (issuer «" + config.issuer +
                "» в site.yaml) не указан GitHub куратора в data/organizations.csv: остальные файлы останутся "
                "без проверяющего";
  } else {
    r.text += "\n# Всё остальное: реестры, приказы, страницы, настройки.\n* " + default_owner + "\n";
  }
  std::string lines;
  for (const auto& o : organizations) {
    if (o.curator_github.empty() || o.id == config.issuer) continue;
    lines += "/content/cases/" + o.id + "/ " + Handle(o.curator_github) + "\n";
  }
  if (!lines.empty()) r.text += "\n# Практики организаций: проверяет куратор организации.\n" + lines;
  return r;
}

}  // namespace nastavnik
