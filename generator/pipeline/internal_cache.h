#pragma once
// The internal reports of the previous build, reused when nothing they are
// made from has changed (incremental builds, `serve`).
//
// The internal reports (publish/internal_reports.cc: the personified
// registries as CSV and XLSX, every organization's monitoring form) are the
// most expensive output of a site with a large registry — seconds of CPU for
// 200,000 rows — and depend on no page: only on data/ and schemas/ (every
// registry, the indicator definitions), site.yaml, the date of the build
// (`--today`: the current academic year), the build epoch (workbook
// properties) and the nastavnik binary. When the fingerprint of all of them
// equals the one recorded with the previous build and every file of the
// previous internal tree is still as it was written (size and mtime), those
// files are hard-linked into the staging tree instead of written again; the
// output is then the same bytes a full build writes.
//
// Record: <out>/.nastavnik-internal — a header line, the fingerprint, then
// "<size> <mtime_ns> <path>" for every file of <out>/internal.
#include <string>

#include "load/fs.h"
#include "publish/output_tree.h"
#include "util/date.h"

namespace nastavnik {

// The fingerprint of everything the internal reports are made from.
// `config_text` is site.yaml as read.
std::string InternalReportsFingerprint(const FileSystem& fs, const std::string& config_text, Date today,
                                       long long build_epoch);

class InternalReportsCache {
 public:
  InternalReportsCache(std::string out_dir, std::string fingerprint);

  // Links every file of the previous internal tree into `tree` (its staging
  // tree, begun) when the previous record has this fingerprint and every file
  // it lists is unchanged. Returns false, with nothing linked, otherwise.
  bool ReuseInto(OutputTree& tree) const;

  // Records the published internal tree (<out>/internal) under this
  // fingerprint; call after the commit. A failure only makes the next build
  // write the reports again.
  void Save() const;

 private:
  std::string out_dir_;
  std::string fingerprint_;
};

}  // namespace nastavnik
