// Workbooks about people: the public mentors base (the public view only) and
// the internal ones (the registries with personal data, the monitoring
// forms). The public writer reads SiteModel::people and nothing else; only
// WriteInternalWorkbooks reads ArtifactInput::internal_registries, and it
// writes into the internal tree only.
#include <functional>
#include <map>
#include <memory>
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

// Where libxlsxwriter's constant-memory temporary files go: the internal
// staging tree itself, which has room for the output (not /tmp).
std::string TmpDir(const ArtifactInput& in) { return in.internal_tree.staging_dir(); }

Status WriteRegistryWorkbook(const ArtifactInput& in, const std::string& name, const Schema& schema,
                             const std::function<void(const std::function<void(const Record&)>&)>& each) {
  const std::string rel = "registries/" + name + ".xlsx";
  XlsxDocProps props = WorkbookProps(in, (schema.title.empty() ? name : schema.title) + " — полный реестр");
  props.comments = "Служебный файл с персональными данными. Не публиковать.";
  XlsxSheetOptions opts;
  opts.landscape = true;
  // Opened at the first row: an empty registry has no workbook.
  Status st;
  std::unique_ptr<XlsxWorkbook> book;
  XlsxSheet* sheet = nullptr;
  std::vector<XlsxCell> cells;
  each([&](const Record& r) {
    if (!st.ok()) return;
    if (!book) {
      std::string full;
      st = in.internal_tree.Reserve(rel, &full);
      if (!st.ok()) return;
      book = XlsxWorkbook::Create(full, props, /*constant_memory=*/true, &st, TmpDir(in));
      if (!st.ok()) return;
      sheet = book->AddSheet(schema.title.empty() ? name : schema.title,
                             RegistryColumns(AllFields(schema), /*dropdowns=*/true), opts);
    }
    if (!book->status().ok()) return;
    cells.clear();
    for (const Value& v : r.values) cells.push_back(RegistryCell(v));
    sheet->WriteRow(cells);
  });
  if (!st.ok()) return st;
  if (!book) return Status::Ok();
  st = book->Close();
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

// A monitoring form being written: sheet 1 gets the organization's rows as
// the registry is read; the counts and indicator sheets follow at the end.
struct MonitoringForm {
  std::string rel;
  std::unique_ptr<XlsxWorkbook> book;
  XlsxSheet* people = nullptr;
  std::map<std::string, long long> counts;  // CountKey → rows
};

std::string CountKey(const std::vector<std::pair<int, std::string>>& criteria) {
  std::string k;
  for (const auto& [field, value] : criteria) k += std::to_string(field) + "\x1f" + value + "\x1e";
  return k;
}

Status BeginMonitoringForm(const ArtifactInput& in, const Organization& org, const Schema& schema,
                           MonitoringForm& form) {
  form.rel = "monitoring/" + Slugify(org.id) + ".xlsx";
  XlsxDocProps props = WorkbookProps(in, "Мониторинг наставничества — " + org.short_name);
  props.company = org.full_name;
  props.comments = "Служебный файл с персональными данными. Не публиковать.";
  std::string full;
  Status st = in.internal_tree.Reserve(form.rel, &full);
  if (!st.ok()) return st;
  form.book = XlsxWorkbook::Create(full, props, /*constant_memory=*/true, &st, TmpDir(in));
  if (!st.ok()) return st;
  // Sheet 1: the participants, to check and complete.
  XlsxSheetOptions opts;
  opts.title = "Участники наставничества — " + org.full_name;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  form.people = form.book->AddSheet("Участники", RegistryColumns(AllFields(schema), /*dropdowns=*/true), opts);
  return Status::Ok();
}

void AddToMonitoringForm(const Schema& schema, const Record& r, std::vector<XlsxCell>& cells, MonitoringForm& form) {
  cells.clear();
  for (const Value& v : r.values) cells.push_back(RegistryCell(v));
  form.people->WriteRow(cells);
  const int role = schema.FieldIndex("role");
  if (role < 0) return;
  const std::string& rv = r.values[role].text;
  ++form.counts[CountKey({{role, rv}})];
  for (const char* name : {"form", "category"}) {
    const int field = schema.FieldIndex(name);
    if (field >= 0) ++form.counts[CountKey({{role, rv}, {field, r.values[field].text}})];
  }
}

Status FinishMonitoringForm(const ArtifactInput& in, const Organization& org, const Schema& schema,
                            MonitoringForm& form) {
  XlsxWorkbook* book = form.book.get();
  XlsxSheet* people = form.people;
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
    auto it = form.counts.find(CountKey(criteria));
    long long n = it == form.counts.end() ? 0 : it->second;
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
  Status st = book->Close();
  form.book.reset();
  if (!st.ok()) return st.WithContext("не удалось записать internal/" + form.rel);
  return in.internal_tree.AdoptWritten(form.rel);
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
  Status st;
  const Schema* participants = nullptr;
  std::function<void(const std::function<void(const Record&)>&)> each_participant;
  in.ForEachInternalRegistry([&](const std::string& name, const Schema& schema, const auto& each) {
    if (name == "participants") {
      participants = &schema;
      each_participant = each;
    }
    if (!st.ok() || !HasInternalField(schema)) return;
    st = WriteRegistryWorkbook(in, name, schema, each);
  });
  if (!st.ok() || !participants) return st;
  // Educational organizations, and any other that has participants: one
  // reading of the registry fills every organization's form at once.
  std::map<std::string, const Organization*> orgs;
  for (const Organization& org : in.model.organizations) orgs.emplace(org.id, &org);
  const int org_field = participants->FieldIndex("organization");
  std::map<std::string, MonitoringForm> forms;
  std::vector<XlsxCell> cells;
  bool any = false;
  each_participant([&](const Record& r) {
    any = true;
    if (!st.ok() || org_field < 0) return;
    const std::string& id = r.values[org_field].text;
    auto o = orgs.find(id);
    if (o == orgs.end()) return;
    auto it = forms.find(id);
    if (it == forms.end()) {
      it = forms.emplace(id, MonitoringForm{}).first;
      st = BeginMonitoringForm(in, *o->second, *participants, it->second);
      if (!st.ok()) return;
    }
    AddToMonitoringForm(*participants, r, cells, it->second);
  });
  if (!st.ok() || !any) return st;
  for (const Organization& org : in.model.organizations) {
    auto it = forms.find(org.id);
    if (it == forms.end()) {
      if (!org.IsEducational()) continue;
      it = forms.emplace(org.id, MonitoringForm{}).first;
      st = BeginMonitoringForm(in, org, *participants, it->second);
      if (!st.ok()) return st;
    }
    st = FinishMonitoringForm(in, org, *participants, it->second);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace nastavnik
