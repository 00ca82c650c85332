// Workbooks about people: the public mentors base (the public view only) and
// the internal ones (the registries with personal data, the monitoring
// forms). The public writer reads SiteModel::people and nothing else; the
// internal sinks get registry records from WriteInternalRegistries and write
// into the internal tree only.
#include <tbb/parallel_for.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "publish/registry_workbook.h"
#include "publish/workbook_files.h"
#include "publish/workbooks.h"
#include "publish/xlsx_stream.h"
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

constexpr size_t kRegistryZipChunk = 4 * kZipChunk;

// registries/<name>.xlsx, opened at the first row: an empty registry has no workbook.
class RegistryWorkbookSink : public RegistrySink {
 public:
  RegistryWorkbookSink(const InternalReportsSetup& setup, const std::string& name, const Schema& schema)
      : setup_(setup), name_(name), schema_(schema), rel_("registries/" + name + ".xlsx") {}

  void Add(const Record&, const XlsxFormattedCells& cells) override {
    if (!st_.ok()) return;
    if (!book_) {
      XlsxDocProps props = WorkbookProps(setup_.config, setup_.build_epoch,
                                         (schema_.title.empty() ? name_ : schema_.title) + " — полный реестр");
      props.comments = "Служебный файл с персональными данными. Не публиковать.";
      XlsxSheetOptions opts;
      opts.landscape = true;
      std::string full;
      st_ = setup_.internal_tree.Reserve(rel_, &full);
      if (!st_.ok()) return;
      // One per registry: larger chunks, fewer deflate blocks (each builds
      // its Huffman tables).
      book_ = XlsxStreamWorkbook::Create(full, props, &st_, /*zip_level=*/1, kRegistryZipChunk);
      if (!st_.ok()) return;
      sheet_ = book_->AddSheet(schema_.title.empty() ? name_ : schema_.title,
                               RegistryColumns(AllFields(schema_), /*dropdowns=*/true), opts);
    }
    if (!book_->status().ok()) return;
    if (sheet_->full()) {  // Excel's row limit: the registry goes on on « (2)», « (3)»…
      XlsxSheetOptions opts;
      opts.landscape = true;
      sheet_ = book_->AddSheet(schema_.title.empty() ? name_ : schema_.title,
                               RegistryColumns(AllFields(schema_), /*dropdowns=*/true), opts);
    }
    sheet_->WriteCells(cells);
  }

  Status Finish(const ArtifactInput&) override {
    if (!st_.ok()) return st_;
    if (!book_) return Status::Ok();
    st_ = book_->Close();
    book_.reset();
    if (!st_.ok()) return st_.WithContext("не удалось записать internal/" + rel_);
    return setup_.internal_tree.AdoptWritten(rel_);
  }

 private:
  const InternalReportsSetup& setup_;
  const std::string name_;
  const Schema& schema_;
  const std::string rel_;
  Status st_;
  std::unique_ptr<XlsxStreamWorkbook> book_;
  XlsxStreamSheet* sheet_ = nullptr;
};

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

// Where each count of sheet 2 («Численность») is kept while rows are read:
// rows by role, then by role and form, by role and category — by enum
// position, so counting a row builds no key. A value outside the field's
// enum is not counted (sheet 2 asks only for enum values).
struct CountLayout {
  int role = -1;
  size_t roles = 0;
  struct Field {
    int index;      // in the schema
    size_t offset;  // of (role 0, value 0)
  };
  std::vector<Field> fields;  // form, category (those the schema has)
  size_t size = 0;

  explicit CountLayout(const Schema& schema) : role(schema.FieldIndex("role")) {
    if (role < 0) return;
    roles = schema.fields[role].enum_values.size();
    size = roles;
    for (const char* name : {"form", "category"}) {
      const int field = schema.FieldIndex(name);
      if (field < 0) continue;
      fields.push_back({field, size});
      size += roles * schema.fields[field].enum_values.size();
    }
  }
  static int Position(const std::vector<std::string>& values, const std::string& v) {
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == v) return static_cast<int>(i);
    return -1;
  }
};

// A monitoring form being written: sheet 1 gets the organization's rows as
// the registry is read; the counts and indicator sheets follow at the end.
struct MonitoringForm {
  std::string rel;
  std::unique_ptr<XlsxStreamWorkbook> book;
  XlsxStreamSheet* people = nullptr;
  std::vector<long long> counts;  // by CountLayout
};

Status BeginMonitoringForm(const InternalReportsSetup& setup, const Organization& org, const Schema& schema,
                           MonitoringForm& form) {
  form.rel = "monitoring/" + Slugify(org.id) + ".xlsx";
  XlsxDocProps props = WorkbookProps(setup.config, setup.build_epoch, "Мониторинг наставничества — " + org.short_name);
  props.company = org.full_name;
  props.comments = "Служебный файл с персональными данными. Не публиковать.";
  std::string full;
  Status st = setup.internal_tree.Reserve(form.rel, &full);
  if (!st.ok()) return st;
  form.book = XlsxStreamWorkbook::Create(full, props, &st);
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

void AddToMonitoringForm(const Schema& schema, const CountLayout& layout, const Record& r,
                         const XlsxFormattedCells& cells, MonitoringForm& form) {
  form.people->WriteCells(cells);
  if (layout.role < 0) return;
  const int role = CountLayout::Position(schema.fields[layout.role].enum_values, r.values[layout.role].text);
  if (role < 0) return;
  form.counts.resize(layout.size);
  ++form.counts[role];
  for (const CountLayout::Field& f : layout.fields) {
    const std::vector<std::string>& values = schema.fields[f.index].enum_values;
    const int v = CountLayout::Position(values, r.values[f.index].text);
    if (v >= 0) ++form.counts[f.offset + role * values.size() + v];
  }
}

Status FinishMonitoringForm(const ArtifactInput& in, const Organization& org, const Schema& schema,
                            MonitoringForm& form) {
  XlsxStreamWorkbook* book = form.book.get();
  const std::string people_sheet = form.people->name();
  // Sheet 2: live counts over sheet 1, by role, form and category.
  XlsxSheetOptions count_opts;
  count_opts.title = "Численность участников по списку на листе «Участники»";
  count_opts.autofilter = false;
  XlsxStreamSheet* counts = book->AddSheet("Численность", {
      {"Что считается", 60, XlsxFormat::kWrapText, {}},
      {"Количество", 13, XlsxFormat::kInteger, {}},
  }, count_opts);
  const CountLayout layout(schema);
  form.counts.resize(layout.size);
  auto count_row = [&](const std::string& label, std::vector<std::pair<int, std::string>> criteria, size_t slot) {
    counts->WriteRow({XlsxCell::Text(label), XlsxCell::Formula(CountIfs(people_sheet, criteria), form.counts[slot])});
  };
  if (layout.role >= 0) {
    const int role = layout.role;
    const std::vector<std::string>& roles = schema.fields[role].enum_values;
    for (size_t r = 0; r < roles.size(); ++r) count_row("Роль «" + roles[r] + "» — всего", {{role, roles[r]}}, r);
    for (const CountLayout::Field& field : layout.fields) {
      const FieldSchema& f = schema.fields[field.index];
      for (size_t r = 0; r < roles.size(); ++r)
        for (size_t v = 0; v < f.enum_values.size(); ++v)
          count_row("Роль «" + roles[r] + "», " + (f.title.empty() ? f.name : f.title) + " «" + f.enum_values[v] + "»",
                    {{role, roles[r]}, {field.index, f.enum_values[v]}}, field.offset + r * f.enum_values.size() + v);
    }
  }

  // Sheet 3: this organization's indicator values for the current year, as
  // the site computed them, with the same live formula as the public workbook.
  XlsxSheetOptions ind_opts;
  ind_opts.title = "Целевые показатели организации (как рассчитаны на сайте)";
  XlsxStreamSheet* ind = book->AddSheet("Показатели", {
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

namespace {

// Every organization's form filled in one reading of the registry.
class MonitoringSink : public RegistrySink {
 public:
  MonitoringSink(const InternalReportsSetup& setup, const Schema& schema)
      : setup_(setup), schema_(schema), layout_(schema), org_field_(schema.FieldIndex("organization")) {
    for (const Organization& org : setup.organizations) orgs_.emplace(org.id, &org);
  }

  void Add(const Record& r, const XlsxFormattedCells& cells) override {
    any_ = true;
    if (!st_.ok() || org_field_ < 0) return;
    const std::string& id = r.values[org_field_].text;
    auto it = forms_.find(id);
    if (it == forms_.end()) {
      auto o = orgs_.find(id);
      if (o == orgs_.end()) return;
      it = forms_.emplace(id, MonitoringForm{}).first;
      st_ = BeginMonitoringForm(setup_, *o->second, schema_, it->second);
      if (!st_.ok()) return;
    }
    AddToMonitoringForm(schema_, layout_, r, cells, it->second);
  }

  // Educational organizations without participants get an empty form; then
  // every form is finished (counts, indicators, compression) in parallel. An
  // empty form is begun only there, on its worker: an open form costs
  // ≈ 110 KB (libxlsxwriter's row of 16,384 cells, its temporary file), and
  // there is an organization for every 50 cases.
  Status Finish(const ArtifactInput& in) override {
    if (!st_.ok() || !any_) return st_;
    std::vector<std::pair<const Organization*, MonitoringForm*>> todo;
    for (const Organization& org : setup_.organizations) {
      auto it = forms_.find(org.id);
      if (it == forms_.end()) {
        if (!org.IsEducational()) continue;
        it = forms_.emplace(org.id, MonitoringForm{}).first;
      }
      todo.push_back({&org, &it->second});
    }
    std::vector<Status> results(todo.size());
    tbb::parallel_for(size_t{0}, todo.size(), [&](size_t k) {
      MonitoringForm& form = *todo[k].second;
      if (!form.book) results[k] = BeginMonitoringForm(setup_, *todo[k].first, schema_, form);
      if (results[k].ok()) results[k] = FinishMonitoringForm(in, *todo[k].first, schema_, form);
    });
    for (const Status& r : results)
      if (!r.ok()) return r;
    return Status::Ok();
  }

 private:
  const InternalReportsSetup& setup_;
  const Schema& schema_;
  const CountLayout layout_;
  const int org_field_;
  Status st_;
  bool any_ = false;
  std::map<std::string, const Organization*> orgs_;
  std::map<std::string, MonitoringForm> forms_;
};

}  // namespace

std::unique_ptr<RegistrySink> InternalWorkbookSink(const InternalReportsSetup& setup, const std::string& name,
                                                   const Schema& schema) {
  if (!HasInternalField(schema)) return nullptr;
  return std::make_unique<RegistryWorkbookSink>(setup, name, schema);
}

std::unique_ptr<RegistrySink> MonitoringFormsSink(const InternalReportsSetup& setup, const std::string& name,
                                                  const Schema& schema) {
  if (name != "participants") return nullptr;
  return std::make_unique<MonitoringSink>(setup, schema);
}

}  // namespace nastavnik
