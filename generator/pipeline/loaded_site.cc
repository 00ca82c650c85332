#include "pipeline/loaded_site.h"

#include <algorithm>

#include "load/front_matter.h"
#include "load/yaml.h"
#include "pipeline/registry_loader.h"
#include "util/strings.h"
#include "util/translit.h"
#include "validate/embedded_schemas.h"
#include "validate/validator.h"

namespace nastavnik {

const Schema* LoadedSite::FindSchema(const std::string& name) const {
  for (const auto& s : schemas)
    if (s->name == name) return s.get();
  return nullptr;
}

const std::vector<Record>& LoadedSite::Registry(const std::string& name) const {
  static const std::vector<Record> kEmpty;
  auto it = registries.find(name);
  return it == registries.end() ? kEmpty : it->second;
}

std::vector<std::unique_ptr<Schema>> LoadSchemas(const FileSystem& fs, Diagnostics& diags) {
  std::map<std::string, std::unique_ptr<Schema>> by_name;
  for (const auto& embedded : EmbeddedSchemas()) {
    std::string path = "<nastavnik>/schemas/" + std::string(embedded.name) + ".yaml";
    auto root = ParseYaml(embedded.text, {path, 1, 1}, diags);
    if (!root) continue;
    if (auto s = SchemaFromYaml(*root, path, diags)) {
      std::string name = s->name;  // read before *s is moved from
      by_name[name] = std::make_unique<Schema>(std::move(*s));
    }
  }
  for (const auto& e : fs.List("schemas")) {
    if (!EndsWith(e.path, ".yaml") && !EndsWith(e.path, ".yml")) continue;
    auto text = fs.Read(e.path);
    if (!text) {
      diags.Error({e.path, 0, 0}, "E001", "не удалось прочитать файл схемы", "проверьте права доступа");
      continue;
    }
    auto root = ParseYaml(*text, {e.path, 1, 1}, diags);
    if (!root) continue;
    if (auto s = SchemaFromYaml(*root, e.path, diags)) {
      std::string name = s->name;
      by_name[name] = std::make_unique<Schema>(std::move(*s));
    }
  }
  std::vector<std::unique_ptr<Schema>> out;
  for (auto& [name, s] : by_name) out.push_back(std::move(s));
  return out;
}

namespace {

// Strips a UTF-8 BOM; reports text that is not UTF-8.
std::optional<std::string> ReadText(const FileSystem& fs, const std::string& path, Diagnostics& diags) {
  auto bytes = fs.Read(path);
  if (!bytes) {
    diags.Error({path, 0, 0}, "E001", "не удалось прочитать файл", "проверьте, что файл существует и доступен");
    return std::nullopt;
  }
  std::string text = std::move(*bytes);
  if (StartsWith(text, "\xEF\xBB\xBF")) text.erase(0, 3);
  if (!IsValidUtf8(text)) {
    diags.Error({path, 0, 0}, "E001", "файл не в кодировке UTF-8",
                "сохраните файл в кодировке UTF-8 (в Блокноте: «Сохранить как» → «Кодировка: UTF-8»)");
    return std::nullopt;
  }
  return text;
}

struct Placement {
  ContentDoc::Kind kind;
  std::string schema;
  std::string id;
};

// Where a Markdown file sits decides what it is.
std::optional<Placement> Classify(const std::string& path) {
  auto parts = Split(path, '/');  // content/...
  if (parts.size() == 2 && parts[1] == "_index.md") return Placement{ContentDoc::Kind::kHome, "pages", ""};
  if (parts.size() == 3 && parts[1] == "pages" && EndsWith(parts[2], ".md"))
    return Placement{ContentDoc::Kind::kPage, "pages", parts[2].substr(0, parts[2].size() - 3)};
  if (parts.size() == 3 && parts[1] == "orders" && EndsWith(parts[2], ".md"))
    return Placement{ContentDoc::Kind::kOrder, "orders", parts[2].substr(0, parts[2].size() - 3)};
  if (parts.size() == 5 && parts[1] == "cases" && parts[4] == "index.md")
    return Placement{ContentDoc::Kind::kCase, "cases", parts[2] + "/" + parts[3]};
  return std::nullopt;
}

bool IsValidSlug(const std::string& s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return s.front() != '-' && s.back() != '-';
}

void LoadContent(const FileSystem& fs, LoadedSite& site, Diagnostics& diags) {
  site.content_files = fs.List("content");
  for (const auto& e : site.content_files) {
    if (!EndsWith(e.path, ".md")) continue;
    auto placement = Classify(e.path);
    if (!placement) {
      diags.Error({e.path, 0, 0}, "E006", "файл лежит не на своём месте, и непонятно, что это за материал",
                  "приказы кладут в content/orders/, страницы — в content/pages/, практики — в "
                  "content/cases/<код организации>/<название>/index.md");
      continue;
    }
    if (e.symlink) {
      diags.Error({e.path, 0, 0}, "E006", "материал не может быть символической ссылкой",
                  "положите сам файл вместо ссылки");
      continue;
    }
    for (const auto& part : Split(placement->id, '/')) {
      if (placement->kind != ContentDoc::Kind::kHome && !IsValidSlug(part)) {
        diags.Error({e.path, 0, 0}, "E007",
                    "имя «" + part + "» не годится для адреса страницы",
                    "используйте латинские строчные буквы, цифры и дефис, например «" +
                        Slugify(part) + "»");
      }
    }
    auto text = ReadText(fs, e.path, diags);
    if (!text) continue;
    auto split = SplitFrontMatter(*text, e.path, diags);
    if (!split) continue;
    const Schema* schema = site.FindSchema(placement->schema);
    if (!schema) continue;
    ContentDoc doc;
    doc.kind = placement->kind;
    doc.path = e.path;
    doc.id = placement->id;
    doc.body = std::string(split->body);
    doc.body_line = split->body_line;
    if (!split->has_front_matter) {
      diags.Error({e.path, 1, 1}, "E002", "нет блока параметров в начале файла",
                  "начните файл строкой «---», перечислите параметры (title: …) и закройте строкой «---»");
      continue;
    }
    auto root = ParseYaml(split->yaml, {e.path, split->yaml_line, 1}, diags);
    if (root) {
      doc.front = ValidateFrontMatter(*root, *schema, e.path, doc.id, diags);
    } else {
      // Keep the document, empty, so links and references to it do not
      // turn one syntax error into a cascade of "not found" errors.
      doc.front.schema = schema;
      doc.front.pos = {e.path, split->yaml_line, 1};
      doc.front.id = doc.id;
      doc.front.values.resize(schema->fields.size());
    }
    site.docs.push_back(std::move(doc));
  }
}

void CheckSiteReferences(LoadedSite& site, Diagnostics& diags) {
  ReferenceTargets targets;
  for (const auto& schema : site.schemas) {
    if (schema->kind != Schema::Kind::kRegistry || schema->primary_key.empty()) continue;
    auto& ids = targets[schema->name + "." + schema->primary_key];
    for (const auto& r : site.Registry(schema->name)) ids.push_back(r.id);
  }
  auto& order_ids = targets["orders"];
  for (const auto& d : site.docs)
    if (d.kind == ContentDoc::Kind::kOrder) order_ids.push_back(d.id);
  for (const auto& schema : site.schemas) {
    if (schema->kind == Schema::Kind::kRegistry) {
      CheckUnique(site.Registry(schema->name), *schema, diags);
      CheckReferences(site.Registry(schema->name), *schema, targets, diags);
    }
  }
  for (const auto& name : {"orders", "cases", "pages"}) {
    const Schema* schema = site.FindSchema(name);
    if (!schema) continue;
    std::vector<Record> records;
    for (const auto& d : site.docs)
      if (d.front.schema == schema) records.push_back(d.front);
    CheckReferences(records, *schema, targets, diags);
  }
}

}  // namespace

LoadedSite LoadSite(const FileSystem& fs, Diagnostics& diags) {
  LoadedSite site;
  // The order listed matches the order of dependencies: site.yaml names the
  // theme; schemas must exist before registries and front matter are
  // validated; references are checked once every id is known.
  if (auto text = ReadText(fs, "site.yaml", diags)) site.config = ParseSiteConfig(*text, diags);
  site.theme_dir = "themes/" + site.config.theme;
  site.schemas = LoadSchemas(fs, diags);
  for (const auto& schema : site.schemas) {
    if (schema->kind != Schema::Kind::kRegistry) continue;
    site.registries[schema->name] = LoadRegistry(fs, *schema, diags);
  }
  LoadContent(fs, site, diags);
  CheckSiteReferences(site, diags);
  if (!site.config.issuer.empty()) {
    const auto& orgs = site.Registry("organizations");
    bool found = std::any_of(orgs.begin(), orgs.end(), [&](const Record& r) { return r.id == site.config.issuer; });
    if (!found && site.FindSchema("organizations"))
      diags.Error({"site.yaml", 0, 0}, "E060", "issuer «" + site.config.issuer + "» нет в data/organizations.csv",
                  "укажите код управления образования из реестра организаций");
  }
  return site;
}

}  // namespace nastavnik
