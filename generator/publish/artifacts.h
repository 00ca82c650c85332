#pragma once
// Artifacts: everything a build writes besides HTML pages — sitemap.xml,
// robots.txt, feeds, JSON data, spreadsheets, internal reports. Each writer is
// independent and writes into the public or the internal tree.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "load/site_config.h"
#include "model/site_model.h"
#include "publish/output_tree.h"
#include "validate/record.h"
#include "render/page.h"

namespace nastavnik {

struct PageInfo {
  std::string path;   // page path
  std::string title;
  bool in_sitemap = true;
};

struct ArtifactInput {
  const SiteConfig& config;
  const SiteModel& model;
  const std::vector<PageInfo>& pages;  // every page written, in order
  long long build_epoch;               // SOURCE_DATE_EPOCH or the content's time
  OutputTree& public_tree;
  OutputTree& internal_tree;           // never published; output/internal/
  Diagnostics& diags;
  // INTERNAL: every registry as loaded, personal columns included, by schema
  // name. Only writers into internal_tree may read it (WriteInternalReports);
  // public writers use `model`, which holds the public view only.
  const std::map<std::string, std::vector<Record>>* internal_registries = nullptr;
  // INTERNAL: registries that are read row by row and never held (the
  // participants registry; pipeline/loaded_site.h), by name with their schema,
  // and a way to read one again: `read_streamed(name, fn)` calls fn with every
  // record in file order (fn may take the record's contents: swap or move
  // from it). Same rule as internal_registries.
  std::map<std::string, const Schema*> streamed_registries{};
  using RecordVisitor = std::function<void(Record&)>;
  std::function<void(const std::string&, const RecordVisitor&)> read_streamed{};

  // Every registry, held or streamed, in name order: fn(name, schema, each)
  // where each(visit) walks its records (visit may take them, as above; a
  // held registry's records are copies).
  void ForEachInternalRegistry(
      const std::function<void(const std::string&, const Schema&, const std::function<void(const RecordVisitor&)>&)>&
          fn) const;
};

// Returns a Status for environment failures (a file that cannot be written).
using ArtifactWriter = Status (*)(const ArtifactInput&);

// Every artifact writer of the public tree, in the order they run (the
// internal reports are WriteInternalRegistries, below).
const std::vector<ArtifactWriter>& AllArtifactWriters();
// The writers of AllArtifactWriters() whose output a case's own fields
// (title, summary, results…: all but its place in the catalog and the set of
// pages) can reach, in the same order: what a preview session writes again
// after such an edit (pipeline/build_session.h). artifacts_test.cc checks
// that the other writers' files do not change with those fields.
const std::vector<ArtifactWriter>& CaseArtifactWriters();
// All that CaseArtifactWriters() read of a model (today, organizations,
// orders, cases): a preview session copies this much for their thread, not
// the people and plans of a large registry. artifacts_test.cc checks it.
SiteModel CaseArtifactModel(const SiteModel& model);

Status WriteSitemap(const ArtifactInput& in);
Status WriteRobots(const ArtifactInput& in);
Status WriteFeed(const ArtifactInput& in);  // feed.xml (Atom), see publish/feed.cc

// INTERNAL: takes the records of one internal registry as they are read, so
// that one reading of a streamed registry feeds every internal report. Add
// is called in file order from one thread at a time; Finish once, at the end.
class RegistrySink {
 public:
  virtual ~RegistrySink() = default;
  virtual void Add(const Record& r) = 0;
  virtual Status Finish() = 0;
};

// INTERNAL, into output/internal/ only (publish/internal_reports.cc):
//   README.txt, then for every registry with internal columns
//   registries/<name>.csv, organizations/<org>/<name>.csv (InternalCsvSink)
//   and the workbooks of publish/workbooks.h (InternalWorkbookSink,
//   MonitoringFormsSink) — every registry read once, its sinks fed in
//   parallel in batches of rows, workbooks closed (compressed) in parallel.
Status WriteInternalRegistries(const ArtifactInput& in);
// null when the registry has no internal column.
std::unique_ptr<RegistrySink> InternalCsvSink(const ArtifactInput& in, const std::string& name,
                                              const Schema& schema);

}  // namespace nastavnik
