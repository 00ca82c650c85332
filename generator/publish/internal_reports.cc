// Internal reports: the personified registries, whole and per organization,
// as CSV for Excel (publish/csv_export.h), into output/internal/ — the folder
// that is never published. The only artifact writer that reads internal
// columns (ArtifactInput::internal_registries).
//
//   internal/README.txt                         what the folder is, in Russian
//   internal/registries/<name>.csv              every registry with internal columns
//   internal/organizations/<org>/<name>.csv     its rows of each such registry that
//                                               has an «organization» column
#include <map>

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

Status WriteInternalReports(const ArtifactInput& in) {
  if (!in.internal_registries) return Status::Ok();
  Status st = in.internal_tree.Write("README.txt", kReadme);
  if (!st.ok()) return st;
  for (const auto& [name, records] : *in.internal_registries) {
    if (records.empty() || !records.front().schema || !HasInternalField(*records.front().schema)) continue;
    const Schema& schema = *records.front().schema;
    std::vector<ExportRow> all = {HeaderOf(schema)};
    std::map<std::string, std::vector<ExportRow>> by_org;  // sorted: deterministic file order
    int org_field = schema.FieldIndex("organization");
    for (const auto& r : records) {
      all.push_back(RowOf(r));
      if (org_field < 0) continue;
      const std::string& org = r.values[org_field].text;
      auto& rows = by_org[org.empty() ? "bez-organizatsii" : Slugify(org)];
      if (rows.empty()) rows.push_back(HeaderOf(schema));
      rows.push_back(all.back());
    }
    st = in.internal_tree.Write("registries/" + name + ".csv", WriteCsv(all));
    if (!st.ok()) return st;
    for (const auto& [org, rows] : by_org) {
      st = in.internal_tree.Write("organizations/" + org + "/" + name + ".csv", WriteCsv(rows));
      if (!st.ok()) return st;
    }
  }
  return Status::Ok();
}

}  // namespace nastavnik
