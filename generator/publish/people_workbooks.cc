// Workbooks about people: the public mentors base (the public view only) and
// the internal ones (the registries with personal data, the monitoring
// forms). The public writer reads SiteModel::people and nothing else; only
// WriteInternalWorkbooks reads ArtifactInput::internal_registries, and it
// writes into the internal tree only.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "publish/registry_workbook.h"
#include "publish/workbook_files.h"
#include "publish/workbooks.h"
#include "util/translit.h"

namespace nastavnik {

namespace {

std::string OrganizationName(const SiteModel& model, const std::string& id) {
  const Organization* o = model.FindOrganization(id);
  return o ? o->short_name : id;
}

std::string ProgramTitle(const SiteModel& model, const std::string& id) {
  for (const auto& p : model.programs)
    if (p.id == id) return p.title;
  return id;
}

bool HasInternalField(const Schema& s) {
  for (const auto& f : s.fields)
    if (f.publish == Publication::kInternal) return true;
  return false;
}

// Records of a registry, or null when the site has none.
const std::vector<Record>* Registry(const ArtifactInput& in, const std::string& name) {
  if (!in.internal_registries) return nullptr;
  auto it = in.internal_registries->find(name);
  if (it == in.internal_registries->end() || it->second.empty() || !it->second.front().schema) return nullptr;
  return &it->second;
}

// Where libxlsxwriter's constant-memory temporary files go: the internal
// staging tree itself, which has room for the output (not /tmp).
std::string TmpDir(const ArtifactInput& in) { return in.internal_tree.staging_dir(); }

Status WriteRegistryWorkbook(const ArtifactInput& in, const std::string& name, const std::vector<Record>& records) {
  const Schema& schema = *records.front().schema;
  const std::string rel = "registries/" + name + ".xlsx";
  std::string full;
  Status st = in.internal_tree.Reserve(rel, &full);
  if (!st.ok()) return st;
  XlsxDocProps props = WorkbookProps(in, (schema.title.empty() ? name : schema.title) + " — полный реестр");
  props.comments = "Служебный файл с персональными данными. Не публиковать.";
  XlsxSheetOptions opts;
  opts.landscape = true;
  size_t next = 0;
  st = WriteStreamedWorkbook(full, props, schema.title.empty() ? name : schema.title,
                             RegistryColumns(AllFields(schema), /*dropdowns=*/true), opts,
                             [&](std::vector<XlsxCell>* cells) {
                               if (next == records.size()) return false;
                               for (const Value& v : records[next].values) cells->push_back(RegistryCell(v));
                               ++next;
                               return true;
                             }, nullptr, TmpDir(in));
  if (!st.ok()) return st.WithContext("не удалось записать internal/" + rel);
  return in.internal_tree.AdoptWritten(rel);
}

// COUNTIFS over whole columns, so the rows a school adds are counted too.
std::string CountIfs(const std::string& sheet, const std::vector<std::pair<int, std::string>>& criteria) {
  std::string f = "COUNTIFS(";
  for (size_t i = 0; i < criteria.size(); ++i) {
    const std::string col = XlsxCellName(0, criteria[i].first);
    const std::string letters = col.substr(0, col.size() - 1);
    if (i) f += ",";
    f += SheetRef(sheet) + "$" + letters + ":$" + letters + ",\"" + criteria[i].second + "\"";
  }
  return f + ")";
}

const IndicatorYear* CurrentYear(const ArtifactInput& in, const IndicatorTable& t) {
  const AcademicYear now = AcademicYearOf(in.model.today, in.config.academic_year_start_month,
                                          in.config.academic_year_start_day);
  for (const auto& y : t.years)
    if (y.year == now) return &y;
  return t.years.empty() ? nullptr : &t.years.back();
}

Status WriteMonitoringForm(const ArtifactInput& in, const Organization& org, const std::vector<Record>& all) {
  const Schema& schema = *all.front().schema;
  const std::string rel = "monitoring/" + Slugify(org.id) + ".xlsx";
  std::unique_ptr<XlsxWorkbook> book;
  XlsxDocProps props = WorkbookProps(in, "Мониторинг наставничества — " + org.short_name);
  props.company = org.full_name;
  props.comments = "Служебный файл с персональными данными. Не публиковать.";
  std::string full;
  Status st = in.internal_tree.Reserve(rel, &full);
  if (!st.ok()) return st;
  book = XlsxWorkbook::Create(full, props, /*constant_memory=*/true, &st, TmpDir(in));
  if (!st.ok()) return st;

  // Sheet 1: the participants, to check and complete.
  XlsxSheetOptions opts;
  opts.title = "Участники наставничества — " + org.full_name;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxSheet* people = book->AddSheet("Участники", RegistryColumns(AllFields(schema), /*dropdowns=*/true), opts);
  const int org_field = schema.FieldIndex("organization");
  std::vector<const Record*> rows;
  for (const Record& r : all)
    if (org_field >= 0 && r.values[org_field].text == org.id) rows.push_back(&r);
  for (const Record* r : rows) {
    std::vector<XlsxCell> cells;
    for (const Value& v : r->values) cells.push_back(RegistryCell(v));
    people->WriteRow(cells);
  }

  // Sheet 2: live counts over sheet 1, by role, form and category.
  XlsxSheetOptions count_opts;
  count_opts.title = "Численность участников по списку на листе «Участники»";
  count_opts.autofilter = false;
  XlsxSheet* counts = book->AddSheet("Численность", {
      {"Что считается", 60, XlsxFormat::kWrapText, {}},
      {"Количество", 13, XlsxFormat::kInteger, {}},
  }, count_opts);
  const int role = schema.FieldIndex("role");
  auto count_row = [&](const std::string& label, std::vector<std::pair<int, std::string>> criteria) {
    long long n = 0;
    for (const Record* r : rows) {
      bool match = true;
      for (const auto& [field, value] : criteria) match = match && r->values[field].text == value;
      n += match;
    }
    counts->WriteRow({XlsxCell::Text(label), XlsxCell::Formula(CountIfs(people->name(), criteria), n)});
  };
  if (role >= 0) {
    const FieldSchema& role_field = schema.fields[role];
    for (const std::string& r : role_field.enum_values) count_row("Роль «" + r + "» — всего", {{role, r}});
    for (const char* name : {"form", "category"}) {
      const int field = schema.FieldIndex(name);
      if (field < 0) continue;
      const FieldSchema& f = schema.fields[field];
      for (const std::string& r : role_field.enum_values)
        for (const std::string& v : f.enum_values)
          count_row("Роль «" + r + "», " + (f.title.empty() ? f.name : f.title) + " «" + v + "»",
                    {{role, r}, {field, v}});
    }
  }

  // Sheet 3: this organization's indicator values for the current year, as
  // the site computed them, with the same live formula as the public workbook.
  XlsxSheetOptions ind_opts;
  ind_opts.title = "Целевые показатели организации (как рассчитаны на сайте)";
  XlsxSheet* ind = book->AddSheet("Показатели", {
      {"Показатель", 50, XlsxFormat::kWrapText, {}},
      {"Учебный год", 12, XlsxFormat::kText, {}},
      {"Числитель", 12, XlsxFormat::kGeneral, {}},
      {"Знаменатель", 13, XlsxFormat::kGeneral, {}},
      {"Значение", 11, XlsxFormat::kTenths, {}},
      {"Единица", 9, XlsxFormat::kText, {}},
      {"Цель", 9, XlsxFormat::kTenths, {}},
  }, ind_opts);
  for (const auto& t : in.model.indicators) {
    const IndicatorYear* y = CurrentYear(in, t);
    if (!y) continue;
    for (const auto& ov : y->organizations) {
      if (ov.organization != org.id) continue;
      const IndicatorDefinition& d = t.definition;
      const std::string c = XlsxCellName(ind->next_row(), 2), dn = XlsxCellName(ind->next_row(), 3);
      const std::string formula = IndicatorValueFormula(d, c, dn);
      ind->WriteRow({
          XlsxCell::Text(d.DisplayTitle()), XlsxCell::Text(y->year.Label()),
          XlsxCell::Number(ov.value.numerator), XlsxCell::Number(ov.value.denominator),
          ov.value.tenths ? XlsxCell::Formula(formula, TenthsToDouble(*ov.value.tenths))
                          : XlsxCell::FormulaText(formula, kNoDataText),
          XlsxCell::Text(d.unit == IndicatorUnit::kPercent ? "%" : "баллы"),
          y->target ? XlsxCell::Number(TenthsToDouble(TenthsOf(*y->target))) : XlsxCell::Empty(),
      });
    }
  }
  st = book->Close();
  if (!st.ok()) return st.WithContext("не удалось записать internal/" + rel);
  return in.internal_tree.AdoptWritten(rel);
}

}  // namespace

Status WriteMentorsWorkbook(const ArtifactInput& in) {
  std::unique_ptr<XlsxWorkbook> book;
  Status st = OpenWorkbook(in.public_tree, kMentorsWorkbook, WorkbookProps(in, "База наставников"),
                           /*constant_memory=*/false, &book);
  if (!st.ok()) return st;
  XlsxSheetOptions opts;
  opts.title = "Наставники, давшие согласие на публикацию — " + in.config.title;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxSheet* sheet = book->AddSheet("Наставники", {
      {"ФИО", 34, XlsxFormat::kText, {}},
      {"Должность", 30, XlsxFormat::kWrapText, {}},
      {"Организация", 30, XlsxFormat::kWrapText, {}},
      {"Форма наставничества", 24, XlsxFormat::kText, {}},
      {"Программа", 40, XlsxFormat::kWrapText, {}},
  }, opts);
  // The public view, already sorted and filtered by consent (model/privacy.h).
  for (const PublicMentor& m : in.model.people.mentors) {
    sheet->WriteRow({XlsxCell::Text(m.full_name), XlsxCell::Text(m.position),
                     XlsxCell::Text(OrganizationName(in.model, m.organization)), XlsxCell::Text(m.form),
                     XlsxCell::Text(m.program.empty() ? "" : ProgramTitle(in.model, m.program))});
  }
  return FinishWorkbook(in.public_tree, kMentorsWorkbook, *book);
}

Status WriteInternalWorkbooks(const ArtifactInput& in) {
  if (!in.internal_registries) return Status::Ok();
  for (const auto& [name, records] : *in.internal_registries) {
    if (records.empty() || !records.front().schema || !HasInternalField(*records.front().schema)) continue;
    Status st = WriteRegistryWorkbook(in, name, records);
    if (!st.ok()) return st;
  }
  const std::vector<Record>* participants = Registry(in, "participants");
  if (!participants) return Status::Ok();
  // Educational organizations, and any other that has participants.
  std::set<std::string> with_participants;
  const int org_field = participants->front().schema->FieldIndex("organization");
  for (const Record& r : *participants)
    if (org_field >= 0) with_participants.insert(r.values[org_field].text);
  for (const Organization& org : in.model.organizations) {
    if (!org.IsEducational() && !with_participants.count(org.id)) continue;
    Status st = WriteMonitoringForm(in, org, *participants);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace nastavnik
