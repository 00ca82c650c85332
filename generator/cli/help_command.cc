#include <iostream>

#include "cli/commands.h"

namespace nastavnik {

int RunVersion() {
  std::cout << "nastavnik " << NASTAVNIK_VERSION << "\n";
  return kExitOk;
}

int RunHelp(const std::string& topic) {
  if (topic == "build" || topic == "check") {
    std::cout <<
        "nastavnik " << topic << " [--site ПАПКА] [--out ПАПКА] [--today ГГГГ-ММ-ДД] [--strict] [--format text|github|json]\n\n"
        "  --site    папка сайта с site.yaml, content/, data/, themes/ (по умолчанию текущая)\n"
        "  --out     куда писать результат (по умолчанию ПАПКА_САЙТА/output): public/ — публикуется,\n"
        "            internal/ — служебные отчёты с персональными данными, не публикуется никогда\n"
        "  --today   дата, на которую считаются статусы дорожной карты (по умолчанию SOURCE_DATE_EPOCH или сегодня)\n"
        "  --strict  предупреждения тоже считаются ошибками\n"
        "  --format  вид сообщений: text (для людей), github (аннотации в pull request), json\n";
    return kExitOk;
  }
  if (topic == "deadline") {
    std::cout <<
        "nastavnik deadline [--period ГГГГ-ММ-ДД..ГГГГ-ММ-ДД] \"срок\"\n\n"
        "  Показывает, как nastavnik прочитает срок из дорожной карты: JSON с ключами text, parsed,\n"
        "  kind, start, end, repeat, until.\n"
        "  --period  период программы: нужен, чтобы прочитать даты без года («до 1 декабря»)\n";
    return kExitOk;
  }
  if (topic == "new") {
    std::cout <<
        "nastavnik new case --org КОД \"Название практики\" [--site ПАПКА] [--slug имя-папки]\n\n"
        "  Создаёт content/cases/КОД/<название латиницей>/index.md из заготовки оформления.\n"
        "  --org   код организации из data/organizations.csv\n"
        "  --slug  имя папки, если не подходит созданное из названия\n"
        "  Новая практика — черновик (draft: да): её проверяют, но не публикуют, пока строка не удалена.\n";
    return kExitOk;
  }
  if (topic == "codeowners") {
    std::cout <<
        "nastavnik codeowners [--site ПАПКА] [--write]\n\n"
        "  Печатает .github/CODEOWNERS из реестра организаций: папку практик каждой организации\n"
        "  проверяет её куратор (столбец «GitHub куратора»), остальное — куратор управления образования.\n"
        "  --write  записать файл .github/CODEOWNERS вместо печати\n";
    return kExitOk;
  }
  std::cout <<
      "nastavnik — генератор раздела «Наставничество» для сайтов управлений образования и школ.\n\n"
      "Команды:\n"
      "  build     проверить материалы и собрать сайт в output/public/\n"
      "  check     только проверить материалы (ничего не записывает)\n"
      "  deadline  показать, как будет прочитан срок дорожной карты\n"
      "  new case  создать заготовку практики: new case --org КОД \"Название\"\n"
      "  codeowners  создать .github/CODEOWNERS из реестра организаций\n"
      "  version   показать версию\n"
      "  help      эта справка; help КОМАНДА — справка по команде\n\n"
      "Коды выхода: 0 — успех, 1 — ошибки в материалах, 2 — неверный вызов.\n";
  return kExitOk;
}

}  // namespace nastavnik
