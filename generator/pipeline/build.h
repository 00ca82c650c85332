#pragma once
// The whole pipeline: load → validate → model → render → publish.
// `nastavnik build` runs all of it; `nastavnik check` runs the same code with
// dry_run set, which renders everything (so links are checked) but writes
// nothing.
#include <string>

#include "diag/diagnostic.h"
#include "util/date.h"
#include "util/status.h"

namespace nastavnik {

class BuildCapture;

struct BuildOptions {
  std::string site_dir = ".";
  std::string out_dir = "output";
  Date today;                 // for statuses; the CLI fills it
  bool strict = false;        // warnings fail the build too
  bool dry_run = false;       // check only: write nothing
  long long build_epoch = 0;  // fixed timestamp for reproducible files
  int jobs = 0;               // threads; 0 = every core
  bool incremental = true;    // re-render only pages whose inputs changed
  // False when the process exits right after the build (`build`, `check`):
  // the loaded site and model are then left to the OS instead of being freed
  // one small allocation at a time (seconds for a large registry). `serve`
  // builds again and again, so it frees them.
  bool free_memory = true;
  // A preview session's record of this build (pipeline/build_session.h), or
  // null. Filled only when the build is published.
  BuildCapture* capture = nullptr;
};

struct BuildResult {
  bool published = false;
  size_t pages = 0;
  size_t files = 0;    // every file in the public tree
  size_t reused = 0;   // files identical to the previous build (not rewritten)
  size_t rendered = 0; // pages rendered (the others' inputs had not changed)
  std::string search_notice;  // why the search index was not built, or ""
};

// Content problems go to `diags` (and mean nothing is published); a Status
// error means the environment failed (no site.yaml, output not writable).
Status BuildSite(const BuildOptions& options, Diagnostics& diags, BuildResult* result);

}  // namespace nastavnik
