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
        "nastavnik " << topic << " [--site ПАПКА] [--out ПАПКА] [--today ГГГГ-ММ-ДД] [--strict] [--format text|github|json]\n"
        "          [--jobs N] [--full]\n\n"
        "  --site    папка сайта с site.yaml, content/, data/, themes/ (по умолчанию текущая)\n"
        "  --out     куда писать результат (по умолчанию ПАПКА_САЙТА/output): public/ — публикуется,\n"
        "            internal/ — служебные отчёты с персональными данными, не публикуется никогда\n"
        "  --today   дата, на которую считаются статусы дорожной карты (по умолчанию SOURCE_DATE_EPOCH или сегодня)\n"
        "  --strict  предупреждения тоже считаются ошибками\n"
        "  --format  вид сообщений: text (для людей), github (аннотации в pull request), json\n"
        "  --jobs    сколько ядер использовать (по умолчанию все); результат от этого не зависит\n"
        "  --full    перерисовать все страницы, даже те, что не изменились с прошлой сборки\n";
    return kExitOk;
  }
  if (topic == "serve") {
    std::cout <<
        "nastavnik serve [--site ПАПКА] [--out ПАПКА] [--port 1313] [--bind 127.0.0.1] [--today ГГГГ-ММ-ДД]\n\n"
        "Собирает сайт и показывает его в браузере по адресу http://127.0.0.1:1313/.\n"
        "После сохранения любого файла в content/, data/, themes/ или site.yaml сайт\n"
        "пересобирается, а открытые страницы обновляются сами. Если в материалах ошибка,\n"
        "вместо сайта показывается её описание. Остановить: Ctrl+C.\n\n"
        "  --port    порт (по умолчанию 1313)\n"
        "  --bind    адрес (по умолчанию 127.0.0.1 — сайт виден только на этом компьютере)\n"
        "  --jobs    сколько ядер использовать (по умолчанию все)\n";
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
      "  serve     предпросмотр: собрать, показать в браузере и обновлять при каждом сохранении\n"
      "  deadline  показать, как будет прочитан срок дорожной карты\n"
      "  new case  создать заготовку практики: new case --org КОД \"Название\"\n"
      "  codeowners  создать .github/CODEOWNERS из реестра организаций\n"
      "  version   показать версию\n"
      "  help      эта справка; help КОМАНДА — справка по команде\n\n"
      "Коды выхода: 0 — успех, 1 — ошибки в материалах, 2 — неверный вызов.\n";
  return kExitOk;
}

}  // namespace nastavnik
