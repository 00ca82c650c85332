// Internal reports: the personified registries, whole and per organization,
// as CSV for Excel (publish/csv_export.h), into output/internal/ — the folder
// that is never published. The only artifact writer that reads internal
// columns (ArtifactInput::internal_registries).
//
//   internal/README.txt                         what the folder is, in Russian
//   internal/registries/<name>.csv              every registry with internal columns
//   internal/organizations/<org>/<name>.csv     its rows of each such registry that
//                                               has an «organization» column
#include <fstream>
#include <map>
#include <memory>

#include "publish/artifacts.h"
#include "publish/csv_export.h"
#include "util/strings.h"
#include "util/translit.h"
#include "validate/schema.h"

namespace nastavnik {

namespace {

constexpr char kReadme[] =
    "Служебные отчёты nastavnik: полный персонифицированный реестр участников и списки по\r\n"
    "организациям. Здесь персональные данные (в том числе детей): ФИО, даты рождения, контакты.\r\n"
    "ЭТУ ПАПКУ НИКОГДА НЕ ПУБЛИКУЮТ и не копируют на веб-сервер. Сайт — папка public рядом.\r\n";

bool HasInternalField(const Schema& s) {
  for (const auto& f : s.fields)
    if (f.publish == Publication::kInternal) return true;
  return false;
}

ExportCell CellOf(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return ExportCell();
    case Value::Kind::kDate: return ExportCell::FromDate(v.date);
    case Value::Kind::kInteger: return ExportCell::Integer(v.integer);
    case Value::Kind::kNumber: return ExportCell::Number(v.number);
    case Value::Kind::kBoolean: return ExportCell(v.boolean ? "да" : "нет");
    case Value::Kind::kList: {
      std::vector<std::string> items;
      for (const auto& item : v.list) items.push_back(item.text);
      return ExportCell(Join(items, ", "));
    }
    default: return ExportCell(v.text);
  }
}

ExportRow HeaderOf(const Schema& s) {
  ExportRow row;
  for (const auto& f : s.fields) row.push_back(ExportCell(f.title.empty() ? f.name : f.title));
  return row;
}

ExportRow RowOf(const Record& r) {
  ExportRow row;
  for (const auto& v : r.values) row.push_back(CellOf(v));
  return row;
}

}  // namespace

void ArtifactInput::ForEachInternalRegistry(
    const std::function<void(const std::string&, const Schema&,
                              const std::function<void(const std::function<void(const Record&)>&)>&)>& fn) const {
  std::map<std::string, const Schema*> all;
  if (internal_registries)
    for (const auto& [name, records] : *internal_registries)
      if (!records.empty() && records.front().schema) all[name] = records.front().schema;
  for (const auto& [name, schema] : streamed_registries) all[name] = schema;
  for (const auto& [name, schema] : all) {
    if (internal_registries) {
      auto it = internal_registries->find(name);
      if (it != internal_registries->end() && !streamed_registries.count(name)) {
        const std::vector<Record>& records = it->second;
        fn(name, *schema, [&records](const std::function<void(const Record&)>& visit) {
          for (const Record& r : records) visit(r);
        });
        continue;
      }
    }
    // By value: the caller may keep it after this returns.
    fn(name, *schema, [this, name = name](const std::function<void(const Record&)>& visit) {
      if (read_streamed) read_streamed(name, visit);
    });
  }
}

Status WriteInternalReports(const ArtifactInput& in) {
  if (!in.internal_registries && in.streamed_registries.empty()) return Status::Ok();
  Status st = in.internal_tree.Write("README.txt", kReadme);
  if (!st.ok()) return st;
  in.ForEachInternalRegistry([&](const std::string& name, const Schema& schema, const auto& each) {
    if (!st.ok() || !HasInternalField(schema)) return;
    // Rows go straight into the files as they are read (the whole registry
    // and one file per organization): nothing is held.
    struct File {
      std::string rel, full;
      std::ofstream out;
      std::unique_ptr<CsvWriter> csv;
    };
    std::map<std::string, std::unique_ptr<File>> files;  // by rel; sorted: deterministic order
    const ExportRow header = HeaderOf(schema);
    auto open = [&](const std::string& rel) -> File* {
      auto& f = files[rel];
      if (!f) {
        f = std::make_unique<File>();
        f->rel = rel;
        Status r = in.internal_tree.Reserve(rel, &f->full);
        if (!r.ok()) {
          if (st.ok()) st = r;
          return nullptr;
        }
        f->out.open(f->full, std::ios::binary | std::ios::trunc);
        f->csv = std::make_unique<CsvWriter>(f->out);
        f->csv->WriteRow(header);
      }
      return f->csv ? f.get() : nullptr;
    };
    int org_field = schema.FieldIndex("organization");
    const std::string all_rel = "registries/" + name + ".csv";
    each([&](const Record& r) {
      if (!st.ok()) return;
      ExportRow row = RowOf(r);
      if (File* f = open(all_rel)) f->csv->WriteRow(row);
      if (org_field < 0) return;
      const std::string& org = r.values[org_field].text;
      if (File* f = open("organizations/" + (org.empty() ? std::string("bez-organizatsii") : Slugify(org)) + "/" +
                         name + ".csv"))
        f->csv->WriteRow(row);
    });
    for (auto& [rel, f] : files) {
      if (!f->csv) continue;
      f->out.close();
      if (!f->out && st.ok()) st = Status::Error("не удалось записать internal/" + rel);
      if (!st.ok()) return;
      st = in.internal_tree.AdoptWritten(rel);
      if (!st.ok()) return;
    }
  });
  return st;
}

}  // namespace nastavnik
