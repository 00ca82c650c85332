// Internal reports: the personified registries, whole and per organization,
// as CSV for Excel (publish/csv_export.h), into output/internal/ — the folder
// that is never published; and InternalReports, which feeds every internal
// sink (the workbooks: publish/people_workbooks.cc) — the only code that reads
// internal columns (ArtifactInput::internal_registries, and the streamed
// registry's records as LoadSite reads them, through Feed).
//
//   internal/README.txt                         what the folder is, in Russian
//   internal/registries/<name>.csv              every registry with internal columns
//   internal/organizations/<org>/<name>.csv     its rows of each such registry that
//                                               has an «organization» column
#include <tbb/parallel_for.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "publish/artifacts.h"
#include "publish/csv_export.h"
#include "publish/registry_workbook.h"
#include "publish/workbooks.h"
#include "util/strings.h"
#include "util/translit.h"
#include "validate/record_pipeline.h"
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

// The CSV exports of one registry: the whole registry and one file per
// organization, rows written as they come (nothing is held).
class CsvReportsSink : public RegistrySink {
 public:
  CsvReportsSink(const InternalReportsSetup& setup, const std::string& name, const Schema& schema)
      : setup_(setup), name_(name), header_(HeaderOf(schema)), org_field_(schema.FieldIndex("organization")),
        all_rel_("registries/" + name + ".csv") {}

  void Add(const Record& r, const XlsxFormattedCells&) override {
    if (!st_.ok()) return;
    // The row is formatted once, into a reused buffer, for both files.
    line_.clear();
    for (size_t i = 0; i < r.values.size(); ++i) {
      if (i) line_.push_back(';');
      const Value& v = r.values[i];
      if (v.kind == Value::Kind::kString || v.kind == Value::Kind::kObjects) AppendCsvText(v.text, &line_);
      else if (v.kind == Value::Kind::kDate) v.date.AppendRussian(line_);  // digits and dots: never quoted
      else if (v.kind == Value::Kind::kBoolean) line_ += v.boolean ? "да" : "нет";  // as CellOf's, never quoted
      else if (v.kind != Value::Kind::kNull) AppendCsvField(CellOf(v), &line_);  // an empty field is nothing
    }
    line_.append("\r\n");
    if (!all_) all_ = Open(all_rel_);
    if (all_) all_->out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    if (org_field_ < 0) return;
    const std::string& org = r.values[org_field_].text;
    auto file = by_org_.find(org);
    if (file == by_org_.end())
      file = by_org_.emplace(org, Open("organizations/" + (org.empty() ? std::string("bez-organizatsii") : Slugify(org)) +
                                       "/" + name_ + ".csv")).first;
    if (file->second) file->second->out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }

  Status Finish(const ArtifactInput&) override {
    for (auto& [rel, f] : files_) {
      if (!st_.ok()) return st_;
      if (!f->csv) continue;
      f->out.close();
      if (!f->out) return Status::Error("не удалось записать internal/" + rel);
      st_ = setup_.internal_tree.AdoptWritten(rel);
    }
    return st_;
  }

 private:
  struct File {
    std::ofstream out;
    std::unique_ptr<CsvWriter> csv;
  };

  File* Open(const std::string& rel) {
    auto& f = files_[rel];
    if (!f) {
      f = std::make_unique<File>();
      std::string full;
      Status r = setup_.internal_tree.Reserve(rel, &full);
      if (!r.ok()) {
        if (st_.ok()) st_ = r;
        return nullptr;
      }
      f->out.open(full, std::ios::binary | std::ios::trunc);
      f->csv = std::make_unique<CsvWriter>(f->out);
      f->csv->WriteRow(header_);
    }
    return f->csv ? f.get() : nullptr;
  }

  const InternalReportsSetup& setup_;
  const std::string name_;
  const ExportRow header_;
  const int org_field_;
  const std::string all_rel_;
  Status st_;
  std::map<std::string, std::unique_ptr<File>> files_;  // by rel; sorted: deterministic order
  File* all_ = nullptr;                                 // the whole registry's file
  std::map<std::string, File*> by_org_;                 // organization → its file (null: failed)
  std::string line_;
};

}  // namespace

std::unique_ptr<RegistrySink> InternalCsvSink(const InternalReportsSetup& setup, const std::string& name,
                                              const Schema& schema) {
  if (!HasInternalField(schema)) return nullptr;
  return std::make_unique<CsvReportsSink>(setup, name, schema);
}

// Rows of a held registry fed at a time, as a streamed one's batches.
constexpr size_t kHeldBatch = 512;

InternalReports::InternalReports(InternalReportsSetup setup) : setup_(std::move(setup)) {}
InternalReports::~InternalReports() = default;

// The rows' cells formatted once (on every core), then each sink on a task of
// its own, rows in order: spreadsheet cells cost more than reading.
void InternalReports::Add(Registry& registry, const Record* rows, size_t n) {
  registry.rows->Format(rows, n);
  tbb::parallel_for(size_t{0}, registry.sinks.size(), [&](size_t k) {
    for (size_t i = 0; i < n; ++i) registry.sinks[k]->Add(rows[i], registry.rows->Row(i));
  });
}

RecordPipeline::Consumer InternalReports::Feed(const std::string& name, const Schema& schema) {
  Registry& registry = registries_[name];
  for (auto make : {InternalCsvSink, InternalWorkbookSink, MonitoringFormsSink})
    if (auto sink = make(setup_, name, schema)) registry.sinks.push_back(std::move(sink));
  if (registry.sinks.empty()) return nullptr;
  registry.rows = std::make_unique<RegistryRowsXml>(schema);
  return [this, &registry](std::vector<Record>& batch, size_t n) { Add(registry, batch.data(), n); };
}

Status InternalReports::Finish(const ArtifactInput& in) {
  Status st = setup_.internal_tree.Write("README.txt", kReadme);
  if (!st.ok()) return st;
  if (in.internal_registries)
    for (auto& [name, records] : *in.internal_registries) {
      if (records.empty() || !records.front().schema || registries_.count(name)) continue;
      if (!Feed(name, *records.front().schema)) continue;
      for (size_t i = 0; i < records.size(); i += kHeldBatch)
        Add(registries_[name], records.data() + i, std::min(kHeldBatch, records.size() - i));
    }
  // Workbooks are compressed as they are closed: in parallel.
  std::vector<RegistrySink*> all;
  for (auto& [name, registry] : registries_)
    for (auto& sink : registry.sinks) all.push_back(sink.get());
  std::vector<Status> results(all.size());
  tbb::parallel_for(size_t{0}, all.size(), [&](size_t k) { results[k] = all[k]->Finish(in); });
  registries_.clear();
  for (const Status& r : results)
    if (!r.ok()) return r;
  return Status::Ok();
}

}  // namespace nastavnik
