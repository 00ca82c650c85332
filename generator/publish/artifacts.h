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
#include "validate/record_pipeline.h"
#include "render/page.h"

namespace nastavnik {

class RegistryRowsXml;  // publish/registry_workbook.h
struct XlsxFormattedCells;  // publish/xlsx_stream.h

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
  // INTERNAL: every held registry as loaded, personal columns included, by
  // schema name (not the streamed ones: InternalReports gets their records as
  // they are read). Only InternalReports may read it; public writers use
  // `model`, which holds the public view only.
  const std::map<std::string, std::vector<Record>>* internal_registries = nullptr;
};

// Returns a Status for environment failures (a file that cannot be written).
using ArtifactWriter = Status (*)(const ArtifactInput&);

// Every artifact writer of the public tree, in the order they run (the
// internal reports are InternalReports, below).
const std::vector<ArtifactWriter>& AllArtifactWriters();
// True for the writers of AllArtifactWriters() that read ArtifactInput::pages
// (the sitemap). The others read only the model, so a build starts them
// before the pages are rendered and runs them beside the pages
// (pipeline/build.cc); artifacts_test.cc checks that they ignore `pages`.
bool ArtifactReadsPages(ArtifactWriter writer);
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

// INTERNAL: what the internal reports read while records arrive. A streamed
// registry's records arrive while LoadSite reads it, before the model is
// built (pipeline/build.cc), so this is not the ArtifactInput: site.yaml, the
// build epoch, the internal tree and the organizations as the model holds
// them (SiteModel::organizations, sorted by id).
struct InternalReportsSetup {
  SiteConfig config;
  long long build_epoch;
  OutputTree& internal_tree;
  std::vector<Organization> organizations;
};

// INTERNAL: takes the records of one internal registry as they are read, so
// that one reading of a registry feeds every internal report. Add is called
// in file order from one thread at a time; Finish once, at the end, with the
// whole model.
// `cells` is the row formatted once as sheet cells for
// RegistryColumns(AllFields(schema)) (publish/registry_workbook.h), what the
// workbooks write.
class RegistrySink {
 public:
  virtual ~RegistrySink() = default;
  virtual void Add(const Record& r, const XlsxFormattedCells& cells) = 0;
  virtual Status Finish(const ArtifactInput& in) = 0;
};

// INTERNAL, into output/internal/ only (publish/internal_reports.cc):
//   README.txt, then for every registry with internal columns
//   registries/<name>.csv, organizations/<org>/<name>.csv (InternalCsvSink)
//   and the workbooks of publish/workbooks.h (InternalWorkbookSink,
//   MonitoringFormsSink). Every registry is read once: a streamed one feeds
//   its sinks while LoadSite reads it (Feed), the held ones are fed from
//   memory by Finish.
class InternalReports {
 public:
  explicit InternalReports(InternalReportsSetup setup);
  ~InternalReports();
  InternalReports(const InternalReports&) = delete;
  InternalReports& operator=(const InternalReports&) = delete;

  // The sinks of registry `name`, as a consumer of its records in file
  // order (RecordPipeline's: one batch at a time, from any one thread; each
  // sink takes the batch on a task of its own); null when no report reads
  // the registry. They are finished by Finish.
  RecordPipeline::Consumer Feed(const std::string& name, const Schema& schema);
  // Writes README.txt, feeds the held registries (in.internal_registries)
  // that were not fed, then finishes every sink (workbooks compressed) in
  // parallel. Returns the first failure in registry order.
  Status Finish(const ArtifactInput& in);

 private:
  struct Registry {
    std::vector<std::unique_ptr<RegistrySink>> sinks;
    std::unique_ptr<RegistryRowsXml> rows;  // each batch's rows formatted once for the workbooks
  };
  void Add(Registry& registry, const Record* rows, size_t n);

  InternalReportsSetup setup_;
  std::map<std::string, Registry> registries_;  // by name
};

// null when the registry has no internal column.
std::unique_ptr<RegistrySink> InternalCsvSink(const InternalReportsSetup& setup, const std::string& name,
                                              const Schema& schema);

}  // namespace nastavnik
