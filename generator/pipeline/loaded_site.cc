#include "pipeline/loaded_site.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "load/encoding.h"
#include "load/front_matter.h"
#include "load/yaml.h"
#include "pipeline/author_matches.h"
#include "pipeline/case_checks.h"
#include "pipeline/people_records.h"
#include "pipeline/registry_loader.h"
#include "util/hash.h"
#include "util/strings.h"
#include "util/trace.h"
#include "util/translit.h"
#include "validate/embedded_schemas.h"
#include "validate/record_pipeline.h"
#include "validate/validator.h"

namespace nastavnik {

const Schema* LoadedSite::FindSchema(const std::string& name) const {
  for (const auto& s : schemas)
    if (s->name == name) return s.get();
  return nullptr;
}

bool IsStreamedRegistry(const Schema& schema) { return schema.name == "participants"; }

void LoadedSite::ForEachRecord(const std::string& name, const std::function<void(Record&)>& fn) const {
  if (!streamed_registries.count(name)) {
    Record copy;
    for (const Record& r : Registry(name)) {
      copy = r;
      fn(copy);
    }
    return;
  }
  const Schema* schema = FindSchema(name);
  if (!schema || !fs) return;
  Diagnostics again;
  StreamRegistry(*fs, *schema, again, [&](Record& r) { fn(r); });
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
  for (const auto& e : ListReporting(fs, "schemas", diags)) {
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

// Strips a UTF-8 BOM from `text` (setting *had_bom); reports text that is
// not UTF-8 where its first wrong byte is, showing the line as Windows-1251
// (what Notepad's «ANSI» writes), and returns false.
bool CheckText(std::string& text, const std::string& path, Diagnostics& diags, bool* had_bom = nullptr) {
  bool bom = StartsWith(text, "\xEF\xBB\xBF");
  if (bom) text.erase(0, 3);
  if (had_bom) *had_bom = bom;
  size_t bad = FirstInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    line_start = line_start == std::string::npos || bad == 0 ? 0 : line_start + 1;
    size_t line_end = text.find('\n', bad);
    std::string_view raw_line = std::string_view(text).substr(line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start);
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(line_start), '\n'));
    DecodedText as1251 = DecodeToUtf8(text, TextEncoding::kWindows1251);
    bool cp1251 = as1251.invalid_count == 0;
    // Windows-1251 has one byte per character, so the column is the byte's.
    std::string shown = cp1251 ? ToUtf8(raw_line, TextEncoding::kWindows1251) : std::string();
    int column = cp1251 ? static_cast<int>(bad - line_start) + 1
                        : static_cast<int>(CodepointCount(raw_line.substr(0, bad - line_start))) + 1;
    Diagnostic d{{path, line, column}, Severity::kError, "E001",
                 cp1251 ? "файл сохранён в кодировке Windows-1251, а нужна UTF-8" : "файл не в кодировке UTF-8",
                 "сохраните файл в кодировке UTF-8 (в Блокноте: «Сохранить как» → «Кодировка: UTF-8»)", shown};
    diags.Add(std::move(d));
    return false;
  }
  return true;
}

std::optional<std::string> ReadText(const FileSystem& fs, const std::string& path, Diagnostics& diags) {
  auto bytes = fs.Read(path);
  if (!bytes) {
    ReportUnreadableFile(path, diags);
    return std::nullopt;
  }
  if (!CheckText(*bytes, path, diags)) return std::nullopt;
  return bytes;
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

// One Markdown file: placed, read, split, parsed and validated. Returns
// nothing for a file that is not a document (misplaced, a link, no schema).
std::optional<ContentDoc> LoadDoc(const FileSystem& fs, const LoadedSite& site, const FileEntry& e,
                                  const LoadOptions& options, Diagnostics& diags) {
  auto placement = Classify(e.path);
  if (!placement) {
    diags.Error({e.path, 0, 0}, "E006", "файл лежит не на своём месте, и непонятно, что это за материал",
                "приказы кладут в content/orders/, страницы — в content/pages/, практики — в "
                "content/cases/<код организации>/<название>/index.md");
    return std::nullopt;
  }
  if (e.symlink) {
    diags.Error({e.path, 0, 0}, "E006", "материал не может быть символической ссылкой",
                "положите сам файл вместо ссылки");
    return std::nullopt;
  }
  for (const auto& part : Split(placement->id, '/')) {
    if (placement->kind != ContentDoc::Kind::kHome && !IsValidSlug(part)) {
      diags.Error({e.path, 0, 0}, "E007",
                  "имя «" + part + "» не годится для адреса страницы",
                  "используйте латинские строчные буквы, цифры и дефис, например «" +
                      Slugify(part) + "»");
    }
  }
  const Schema* schema = site.FindSchema(placement->schema);
  if (!schema) return std::nullopt;
  ContentDoc doc;
  doc.kind = placement->kind;
  doc.path = e.path;
  doc.id = placement->id;
  // A document that cannot be read or parsed is kept, empty, so links and
  // references to it do not turn one mistake into a cascade of "not found"
  // errors.
  doc.front.schema = schema;
  doc.front.pos = {e.path, 1, 1};
  doc.front.id = doc.id;
  doc.front.values.resize(schema->fields.size());
  auto bytes = fs.ReadListed(e);
  if (!bytes) {
    ReportUnreadableFile(e.path, diags);
    return doc;
  }
  doc.source = std::move(*bytes);
  if (!CheckText(doc.source, e.path, diags, &doc.had_bom)) return doc;
  auto split = SplitFrontMatter(doc.source, e.path, diags);
  if (!split) return doc;
  doc.body_offset = split->body.empty() ? 0 : static_cast<size_t>(split->body.data() - doc.source.data());
  doc.body_size = split->body.size();
  doc.body_line = split->body_line;
  if (!split->has_front_matter) {
    diags.Error({e.path, 1, 1}, "E002", "нет блока параметров в начале файла",
                "начните файл строкой «---», перечислите параметры (title: …) и закройте строкой «---»");
    return doc;
  }
  auto root = ParseYaml(split->yaml, {e.path, split->yaml_line, 1}, diags);
  if (root) doc.front = ValidateFrontMatter(*root, *schema, e.path, doc.id, diags);
  else doc.front.pos = {e.path, split->yaml_line, 1};
  // The text is not held through the build (it would be most of its memory):
  // the body is read again when it is rendered. A file with a placeholder
  // keeps it for CheckCases (rare: an unfinished case).
  if (!options.keep_texts && FindPlaceholder(doc.source) == std::string_view::npos) doc.ReleaseText();
  return doc;
}

void LoadContent(const FileSystem& fs, LoadedSite& site, const LoadOptions& options, Diagnostics& diags) {
  site.content_files = ListReporting(fs, "content", diags);
  Trace("load: content listed");
  std::vector<const FileEntry*> markdown;
  for (const auto& e : site.content_files)
    if (EndsWith(e.path, ".md")) markdown.push_back(&e);
  // Each file on its own thread with its own diagnostics; merged in path
  // order, so the report is the one a single thread would write.
  struct Slot {
    std::optional<ContentDoc> doc;
    Diagnostics diags;
  };
  std::vector<Slot> slots(markdown.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, markdown.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t i = r.begin(); i != r.end(); ++i)
      slots[i].doc = LoadDoc(fs, site, *markdown[i], options, slots[i].diags);
  });
  Trace("load: content parsed");
  site.docs.reserve(markdown.size());
  for (auto& slot : slots) {
    diags.Merge(std::move(slot.diags));
    if (slot.doc) site.docs.push_back(std::move(*slot.doc));
  }
}

// Adds the targets `schema`'s fields refer to («organizations.id», «orders»).
void WantReferences(const Schema& schema, std::set<std::string>& wanted) {
  for (const auto& f : schema.fields)
    if (!f.reference.empty()) wanted.insert(f.reference);
}

// FoldKey of every author the cases give.
std::set<std::string> CaseAuthors(const std::vector<ContentDoc>& docs) {
  std::set<std::string> authors;
  for (const auto& d : docs)
    if (d.kind == ContentDoc::Kind::kCase)
      for (const auto& a : d.front.Get("authors").list) authors.insert(FoldKey(a.text));
  return authors;
}

// `only`: the targets to build (all when null).
ReferenceTargets BuildTargets(const LoadedSite& site, const std::set<std::string>& streamed_doubtful,
                              const std::set<std::string>* only = nullptr) {
  ReferenceTargets targets;
  for (const auto& schema : site.schemas) {
    if (schema->kind != Schema::Kind::kRegistry || schema->primary_key.empty()) continue;
    if (only && !only->count(schema->name + "." + schema->primary_key)) continue;
    ReferenceTarget& t = targets[schema->name + "." + schema->primary_key];
    t.missing = "нет в реестре «" + schema->title + "» (" + schema->path + ")";
    t.hint = "код должен совпадать с кодом записи в " + schema->path;
    t.incomplete = site.incomplete_registries.count(schema->name) > 0;
    if (site.streamed_registries.count(schema->name)) {
      if (schema->name == "participants" && schema->primary_key == "id")
        for (const auto& f : site.people.facts) t.ids.emplace_back(site.people.Id(f));
      else
        t.incomplete = true;  // not kept: nothing to check against
      t.doubtful = streamed_doubtful;
      continue;
    }
    for (const auto& r : site.Registry(schema->name)) {
      t.ids.push_back(r.id);
      if (r.has_errors) t.doubtful.insert(FoldKey(r.id));
    }
  }
  if (only && !only->count("orders")) return targets;
  ReferenceTarget& orders = targets["orders"];
  orders.missing = "нет среди документов в content/orders/";
  orders.hint = "код документа — имя его файла в content/orders/ без «.md»";
  for (const auto& d : site.docs)
    if (d.kind == ContentDoc::Kind::kOrder) orders.ids.push_back(d.id);
  return targets;
}

void CheckSiteReferences(LoadedSite& site, const ReferenceTargets& targets, Diagnostics& diags) {
  for (const auto& schema : site.schemas) {
    if (schema->kind == Schema::Kind::kRegistry && !site.streamed_registries.count(schema->name)) {
      CheckUnique(site.Registry(schema->name), *schema, diags);
      CheckReferences(site.Registry(schema->name), *schema, targets, diags);
    }
  }
  for (const auto& name : {"orders", "cases", "pages"}) {
    const Schema* schema = site.FindSchema(name);
    if (!schema) continue;
    // The front matters are lent to the check and given back: no copies.
    std::vector<Record> records;
    std::vector<ContentDoc*> lent;
    for (auto& d : site.docs) {
      if (d.front.schema != schema) continue;
      records.push_back(std::move(d.front));
      lent.push_back(&d);
    }
    CheckReferences(records, *schema, targets, diags);
    for (size_t i = 0; i < lent.size(); ++i) lent[i]->front = std::move(records[i]);
  }
}

// About how many rows a file of `file_bytes` holds when its first `rows`
// rows took `bytes` (1/16 more: a little room costs less than one growth).
size_t EstimateRows(uint64_t file_bytes, size_t bytes, size_t rows) {
  return static_cast<size_t>(static_cast<double>(file_bytes) / bytes * rows * 17 / 16);
}

// Reads a streamed registry once: validation, uniqueness and references row
// by row, and the reductions the build needs (LoadedSite::people; the
// author matches through `authors`, which may wait for the content). Returns
// the folded ids of rows with errors.
std::set<std::string> StreamPeople(const FileSystem& fs, const Schema& schema, LoadedSite& site,
                                   const ReferenceTargets& targets, AuthorMatcher& authors,
                                   const LoadOptions& options, Diagnostics& diags) {
  std::set<std::string> doubtful;
  std::optional<UniqueChecker> unique(std::in_place, schema);
  // The uniqueness tables sized once from an estimate of the rows (the
  // file's size over the bytes of the first rows), not doubled on the way:
  // growing copies the whole table, the largest thing held while reading.
  const auto entry = fs.Stat(schema.path);
  const uint64_t file_bytes = entry ? entry->size : 0;
  size_t rows_seen = 0, row_bytes = 0;
  constexpr size_t kSampleRows = 1024;
  ReferenceChecker references(schema, targets);
  const bool people = schema.name == "participants";
  auto needles = people ? std::make_shared<PiiNeedles>() : nullptr;
  const ParticipantReader reader(&schema);
  Participant p;  // each row read into the same one: no allocation per row
  // Rows are used on another thread while the reader parses and validates
  // the next ones (validate/record_pipeline.h); in file order, so the facts
  // and the needles keep registry order.
  auto use = [&](const Record& r) {
    if (rows_seen < kSampleRows) {
      for (const Value& v : r.values) row_bytes += v.text.size() + 1;  // a separator or the line end
      if (++rows_seen == kSampleRows && row_bytes > 0) {
        unique->Reserve(EstimateRows(file_bytes, row_bytes, rows_seen));
        if (needles) needles->Reserve(EstimateRows(file_bytes, row_bytes, rows_seen));
        if (people) site.people.Reserve(EstimateRows(file_bytes, row_bytes, rows_seen));
      }
    }
    unique->Check(r, diags);
    references.Check(r, diags);
    if (r.has_errors && !r.id.empty()) doubtful.insert(FoldKey(r.id));
    if (!people) return;
    reader.Read(r, p);
    // Facts keep start empty when it is not a valid date (indicators skip the row).
    bool has_start = reader.StartValid(r);
    authors.Add(p.surname, p.name, p.patronymic, [&] { return r.Text("role") == "наставляемый"; }, p.birth_date);
    needles->Add(p);
    site.people.Add(p, false, has_start);  // copied only when kept whole (rare)
  };
  // Whoever else reads the records (the internal reports) takes each batch
  // beside this use of it.
  RecordPipeline::Consumer also = options.streamed_records ? options.streamed_records(site, schema) : nullptr;
  RecordPipeline pipeline([&](std::vector<Record>& batch, size_t n) {
    auto own = [&] {
      for (size_t i = 0; i < n; ++i) use(batch[i]);
    };
    if (also) tbb::parallel_invoke(own, [&] { also(batch, n); });
    else own();
  });
  bool complete = StreamRegistry(fs, schema, diags, [&](Record& r) { pipeline.Push(r); });
  pipeline.Finish();
  if (people) authors.Finish();
  Trace("load: registry read");
  unique.reset();
  if (!complete) site.incomplete_registries.insert(schema.name);
  if (needles) {
    needles->Freeze();
    site.pii_needles = std::move(needles);
  }
  Trace("load: needles frozen");
  return doubtful;
}

}  // namespace

void ContentDoc::ReleaseText() {
  if (text_released) return;
  text_hash = Hasher().Add(source).Hex();
  std::string().swap(source);
  text_released = true;
}

std::optional<std::string> ContentDoc::ReadTextAgain(const FileSystem& fs) const {
  // Listed by the walk, not a link (LoadDoc refuses those). The size it had
  // (the body runs to the end of the file) lets one read take it whole with
  // no fstat; a file whose size changed is read as without it.
  const uint64_t size = body_offset + body_size + (had_bom ? 3 : 0);
  auto bytes = fs.ReadListed(FileEntry{path, size, false, false});
  if (!bytes) return std::nullopt;
  if (StartsWith(*bytes, "\xEF\xBB\xBF")) bytes->erase(0, 3);
  if (Hasher().Add(*bytes).Hex() != text_hash) return std::nullopt;
  return bytes;
}

bool ContentDoc::ReloadText(const FileSystem& fs) {
  if (!text_released) return true;
  auto bytes = ReadTextAgain(fs);
  if (!bytes) return false;
  source = std::move(*bytes);
  text_released = false;
  return true;
}

std::optional<ContentDoc> ReloadContentDoc(const LoadedSite& site, const std::string& path, Diagnostics& diags) {
  if (!site.fs) return std::nullopt;
  auto entry = site.fs->Stat(path);
  if (!entry || entry->escapes_root) return std::nullopt;
  std::optional<ContentDoc> doc = LoadDoc(*site.fs, site, *entry, LoadOptions{}, diags);
  if (!doc || !doc->front.schema) return std::nullopt;
  // Its references, against targets built as LoadSite builds them; a
  // streamed registry's targets need the rows that had errors, which are
  // not kept: not handled here.
  std::set<std::string> wanted;
  WantReferences(*doc->front.schema, wanted);
  for (const auto& name : site.streamed_registries)
    for (const auto& w : wanted)
      if (StartsWith(w, name + ".")) return std::nullopt;
  ReferenceTargets targets = BuildTargets(site, {}, &wanted);
  const Schema& schema = *doc->front.schema;
  std::vector<Record> records;
  records.push_back(std::move(doc->front));
  CheckReferences(records, schema, targets, diags);
  doc->front = std::move(records[0]);
  return doc;
}

LoadedSite LoadSite(const FileSystem& fs, Diagnostics& diags, const LoadOptions& options) {
  LoadedSite site;
  // The order listed matches the order of dependencies: site.yaml names the
  // theme; schemas must exist before registries and front matter are
  // validated; references are checked once every id is known.
  if (auto text = ReadText(fs, "site.yaml", diags)) site.config = ParseSiteConfig(*text, diags);
  site.theme_dir = "themes/" + site.config.theme;
  site.schemas = LoadSchemas(fs, diags);
  site.fs = &fs;
  Trace("load: schemas");
  // Content files need only the schemas: they load (on every core) while the
  // registries do, the streamed one included. Each side writes its own
  // members of `site`; diagnostics of different files never tie when sorted,
  // so the report does not depend on which finishes first. The streamed
  // registry needs the cases' authors only to match them (E089):
  // AuthorMatcher keeps the rows read before the content is loaded.
  tbb::task_group content;
  AuthorMatcher authors(site.author_matches, [&] { content.wait(); });
  content.run([&] {
    LoadContent(fs, site, options, diags);
    Trace("load: content");
    authors.SetAuthors(CaseAuthors(site.docs));
    if (options.on_content_loaded) options.on_content_loaded(site);
  });
  for (const auto& schema : site.schemas) {
    if (schema->kind != Schema::Kind::kRegistry) continue;
    if (IsStreamedRegistry(*schema)) {
      site.streamed_registries.insert(schema->name);
      continue;
    }
    bool complete = true;
    site.registries[schema->name] = LoadRegistry(fs, *schema, diags, &complete);
    if (!complete) site.incomplete_registries.insert(schema->name);
  }
  Trace("load: held registries");
  // The streamed registries' references are checked as they are read,
  // against the held registries (then their ids join the targets): only a
  // reference to the documents (orders) waits for the content, and so does
  // a one-thread build (nothing to overlap).
  std::set<std::string> streamed_wanted;
  for (const auto& name : site.streamed_registries)
    if (const Schema* schema = site.FindSchema(name)) WantReferences(*schema, streamed_wanted);
  if (streamed_wanted.count("orders") || tbb::this_task_arena::max_concurrency() < 2) content.wait();
  std::set<std::string> streamed_doubtful;
  {
    ReferenceTargets held = BuildTargets(site, {}, &streamed_wanted);
    for (const auto& name : site.streamed_registries)
      if (const Schema* schema = site.FindSchema(name)) {
        auto d = StreamPeople(fs, *schema, site, held, authors, options, diags);
        streamed_doubtful.insert(d.begin(), d.end());
      }
  }
  content.wait();
  Trace("load: streamed registries");
  for (const Record& r : site.Registry("pairs")) {
    MentoringPair pair;
    pair.id = r.id;
    pair.pos = r.pos;
    pair.mentor = r.Text("mentor");
    pair.mentees = r.Texts("mentees");
    pair.form = r.Text("form");
    pair.program = r.Text("program");
    pair.start = r.DateOf("start").value_or(Date{});
    pair.end = r.DateOf("end");
    site.people.pairs.push_back(std::move(pair));
  }
  // The ids are looked up only for the pairs' mentors (BuildPublicPeople):
  // a site without pairs does not hold the index (4 bytes a row).
  if (!site.people.pairs.empty()) site.people.IndexIds();
  Trace("load: ids indexed");
  {
    // Only the targets some record refers to: the participants' ids (a
    // million strings) are not copied for a site without pairs or survey.
    std::set<std::string> wanted;
    for (const auto& [name, records] : site.registries)
      if (!records.empty() && records.front().schema) WantReferences(*records.front().schema, wanted);
    for (const auto& d : site.docs)
      if (d.front.schema) WantReferences(*d.front.schema, wanted);
    CheckSiteReferences(site, BuildTargets(site, streamed_doubtful, &wanted), diags);
  }
  Trace("load: references");
  if (!site.config.issuer.empty()) {
    const auto& orgs = site.Registry("organizations");
    bool found = std::any_of(orgs.begin(), orgs.end(), [&](const Record& r) { return r.id == site.config.issuer; });
    if (!found && site.FindSchema("organizations") && !site.incomplete_registries.count("organizations")) {
      std::vector<std::string> ids;
      for (const auto& r : orgs) ids.push_back(r.id);
      std::string near = SuggestClosest(site.config.issuer, ids);
      diags.Error(site.config.issuer_pos, "E060",
                  "issuer: организации с кодом «" + site.config.issuer + "» нет в data/organizations.csv",
                  near.empty() ? "укажите код управления образования из реестра организаций"
                               : "возможно, имелось в виду «" + near + "»");
    }
  }
  return site;
}

}  // namespace nastavnik
