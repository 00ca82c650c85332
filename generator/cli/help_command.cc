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
  std::cout <<
      "nastavnik — генератор раздела «Наставничество» для сайтов управлений образования и школ.\n\n"
      "Команды:\n"
      "  build     проверить материалы и собрать сайт в output/public/\n"
      "  check     только проверить материалы (ничего не записывает)\n"
      "  serve     предпросмотр: собрать, показать в браузере и обновлять при каждом сохранении\n"
      "  version   показать версию\n"
      "  help      эта справка; help КОМАНДА — справка по команде\n\n"
      "Коды выхода: 0 — успех, 1 — ошибки в материалах, 2 — неверный вызов.\n";
  return kExitOk;
}

}  // namespace nastavnik
