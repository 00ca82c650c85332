#pragma once
// The privacy guard (publish/privacy_guard.h) wired to a loaded site: the
// needles come from the people registries, the sources are every content
// file's front matter and body and every public registry cell.
#include <memory>
#include <string>
#include <vector>

#include <tbb/task_group.h>

#include "pipeline/loaded_site.h"
#include "publish/output_tree.h"
#include "publish/privacy_guard.h"

namespace nastavnik {

// The needles of the people registries; null without participants. Scan()
// works on its own; naming a hit's row (PiiIndex::person) reads the registry
// again, so REQUIRES: `site` outlives every call of person().
std::unique_ptr<PiiIndex> IndexPersonalData(const LoadedSite& site, Date today);

// The guard of one build. The needles are indexed before any page is
// written so that Observe() can scan every file from memory as it is written;
// Finish() scans the sources and whatever reached the tree another way, and
// reports. Without participants it does nothing.
class PersonalDataCheck {
 public:
  // REQUIRES: `site` outlives the check.
  PersonalDataCheck(const LoadedSite& site, Date today, std::string public_label);
  ~PersonalDataCheck();
  // Scans every file `tree` writes from now on (sets its write observer).
  void Observe(OutputTree& tree);
  // Scans the front matter of `d` now (the build does it for every document
  // before the bodies render, then frees the front matter). Thread-safe.
  void ScanFrontMatter(const ContentDoc& d);
  // Scans the body of `d` now (the build does it while rendering the body,
  // then frees the document's text). Thread-safe. `body`: the body when the
  // document does not hold its text (read again without keeping it).
  void ScanBody(const ContentDoc& d);
  void ScanBody(const ContentDoc& d, std::string_view body);
  // Starts scanning the sources in the background (they do not change during
  // a build), so that the scan overlaps the pages: public registry cells and,
  // `with_documents`, the documents' front matter and bodies (false when each
  // went to ScanFrontMatter and ScanBody). REQUIRES: the
  // sources scanned are not changed until Finish(), which waits for the scan
  // (and starts it, with documents, if it was not started).
  void StartSourceScan(bool with_documents = true);
  // As CheckPersonalData below; `public_tree` is the observed tree or null.
  GuardStats Finish(const OutputTree* public_tree, Diagnostics& diags);

 private:
  const LoadedSite& site_;
  std::string label_;
  std::unique_ptr<PiiIndex> index_;  // null without participants
  std::unique_ptr<PublicTreeScan> scan_;
  std::unique_ptr<tbb::task_group> source_scan_;
};

// Reports E075–E078 to `diags`. `public_tree` is null in a dry run (`check`):
// then only the sources are scanned, which is where a curator's mistake is.
// REQUIRES: every file of the build has been written to `public_tree`.
GuardStats CheckPersonalData(const LoadedSite& site, Date today, const OutputTree* public_tree,
                             const std::string& public_label, Diagnostics& diags);

}  // namespace nastavnik
