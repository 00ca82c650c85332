#include "load/site_config.h"

#include <algorithm>
#include <cstdlib>

#include "load/yaml.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

const char kPath[] = "site.yaml";

const std::vector<std::string> kKnownKeys = {
    "title", "description", "municipality", "department", "issuer", "base_url",
    "program_period", "academic_year_start", "menu", "consent_address",
    "attachments_max_mb", "unsafe_html", "search", "theme", "cases_per_page"};

class Reader {
 public:
  explicit Reader(Diagnostics& diags) : diags_(diags) {}

  void Error(const YamlNode& at, const std::string& message, const std::string& hint) {
    diags_.Error({kPath, at.line, at.column}, "E060", message, hint);
  }

  bool String(const YamlNode& root, const char* key, std::string& out) {
    const YamlNode* v = root.Find(key);
    if (!v || v->IsNull()) return false;
    if (!v->IsScalar()) {
      Error(*v, std::string("параметр «") + key + "» должен быть строкой", "запишите значение в одну строку");
      return false;
    }
    out = std::string(Trim(v->scalar));
    return true;
  }

  void Bool(const YamlNode& root, const char* key, bool& out) {
    std::string s;
    if (!String(root, key, s)) return;
    std::string k = FoldKey(s);
    if (k == "true" || k == "да" || k == "yes") out = true;
    else if (k == "false" || k == "нет" || k == "no") out = false;
    else Error(*root.Find(key), std::string("параметр «") + key + "»: ожидалось «да» или «нет»", "напишите true или false");
  }

  void Integer(const YamlNode& root, const char* key, long long& out, long long min, long long max) {
    std::string s;
    if (!String(root, key, s)) return;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < min || v > max) {
      Error(*root.Find(key), std::string("параметр «") + key + "» должен быть целым числом от " +
                                 std::to_string(min) + " до " + std::to_string(max),
            std::string("напишите только число, без единиц измерения, например: ") + key + ": " +
                std::to_string(std::max(min, std::min(max, 10LL))));
      return;
    }
    out = v;
  }

  void DateValue(const YamlNode& map, const char* key, Date& out) {
    std::string s;
    if (!String(map, key, s)) return;
    if (auto d = ParseDate(s)) out = *d;
    else Error(*map.Find(key), std::string("«") + key + "»: «" + s + "» — не дата",
               "запишите дату как ДД.ММ.ГГГГ");
  }

 private:
  Diagnostics& diags_;
};

}  // namespace

SiteConfig ParseSiteConfig(std::string_view text, Diagnostics& diags) {
  SiteConfig c;
  auto root = ParseYaml(text, {kPath, 1, 1}, diags);
  if (!root) return c;
  Reader r(diags);
  if (root->IsNull()) return c;
  if (!root->IsMap()) {
    r.Error(*root, "site.yaml должен состоять из строк «ключ: значение»", "например: title: Наставничество");
    return c;
  }
  for (const auto& [key, value] : root->entries) {
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key.scalar) != kKnownKeys.end()) continue;
    std::string near = SuggestClosest(key.scalar, kKnownKeys);
    r.Error(key, "неизвестный параметр «" + key.scalar + "» в site.yaml",
            near.empty() ? "допустимые: " + Join(kKnownKeys, ", ") : "возможно, имелось в виду «" + near + "»");
  }
  r.String(*root, "title", c.title);
  r.String(*root, "description", c.description);
  r.String(*root, "municipality", c.municipality);
  r.String(*root, "department", c.department);
  if (r.String(*root, "issuer", c.issuer)) {
    const YamlNode* v = root->Find("issuer");
    c.issuer_pos = {kPath, v->line, v->column};
  }
  if (r.String(*root, "base_url", c.base_url) && !c.base_url.empty()) {
    if (!StartsWith(c.base_url, "https://") && !StartsWith(c.base_url, "http://"))
      r.Error(*root->Find("base_url"), "base_url должен начинаться с https://",
              "допишите в начале https://, например: https://" + c.base_url);
    if (c.base_url.back() != '/') c.base_url += '/';
  }
  c.consent_address = c.base_url;
  r.String(*root, "consent_address", c.consent_address);
  if (const YamlNode* p = root->Find("program_period")) {
    if (p->IsMap()) {
      r.DateValue(*p, "start", c.program_start);
      r.DateValue(*p, "end", c.program_end);
      if (c.program_end < c.program_start)
        r.Error(*p, "конец периода программы раньше начала", "проверьте даты start и end");
    } else {
      r.Error(*p, "program_period должен содержать start и end", "например:\n  start: 01.09.2021\n  end: 31.08.2024");
    }
  }
  std::string ay;
  if (r.String(*root, "academic_year_start", ay)) {
    auto parts = Split(ay, '.');
    int d = 0, m = 0;
    if (parts.size() == 2) {
      d = std::atoi(parts[0].c_str());
      m = std::atoi(parts[1].c_str());
    }
    if (m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(2001, m)) {
      c.academic_year_start_day = d;
      c.academic_year_start_month = m;
    } else {
      r.Error(*root->Find("academic_year_start"), "academic_year_start: «" + ay + "» — не день и месяц",
              "запишите как ДД.ММ, например 01.09");
    }
  }
  if (const YamlNode* menu = root->Find("menu")) {
    if (!menu->IsSequence()) {
      r.Error(*menu, "menu должно быть списком пунктов", "каждый пункт: - {title: …, link: /…/}");
    } else {
      for (const auto& item : menu->items) {
        MenuItem mi;
        if (!item.IsMap() || !r.String(item, "title", mi.title) || !r.String(item, "link", mi.link)) {
          r.Error(item, "у пункта меню должны быть title и link", "например: - {title: Документы, link: /orders/}");
          continue;
        }
        c.menu.push_back(std::move(mi));
      }
    }
  }
  long long mb = 10;
  r.Integer(*root, "attachments_max_mb", mb, 1, 200);
  c.attachments_max_bytes = mb * 1024 * 1024;
  r.Bool(*root, "unsafe_html", c.unsafe_html);
  r.Bool(*root, "search", c.search);
  r.String(*root, "theme", c.theme);
  long long per_page = c.cases_per_page;
  r.Integer(*root, "cases_per_page", per_page, 1, 500);
  c.cases_per_page = static_cast<int>(per_page);
  if (c.theme.empty() || c.theme.find('/') != std::string::npos || c.theme.find("..") != std::string::npos)
    r.Error(*root, "недопустимое имя темы «" + c.theme + "»", "укажите имя папки в themes/, например default");
  return c;
}

}  // namespace nastavnik
