#pragma once
// Incremental rendering: the dependency record of the previous build.
//
// A page is a pure function of its PageOutput (which carries everything the
// generator took from content files and registry rows: body HTML, titles,
// table rows), the theme's templates and partials, and the site config. The
// fingerprint of a page is a 128-bit hash of exactly those inputs, taken by
// value rather than by name, so no dependency can be forgotten. The record,
// written beside the output as <out>/.nastavnik-deps after a successful
// publication, lists for each page file its fingerprint and the size and
// mtime of the file published (taken when the page is written, from its open
// descriptor: OutputTree::Write's FileStamp; for a page linked from the
// previous tree, the stamp Unchanged() just checked, its inode being the
// same). The next build renders only pages whose
// fingerprint changed (or whose published file was touched since); the others
// are hard-linked from the previous tree, so the result is the same bytes a
// full build writes.
//
// Thread safety: Lookup() and Record() may be called from several threads
// once Load() has returned.
#include <map>
#include <mutex>
#include <string>

#include "publish/output_tree.h"
#include "render/page.h"
#include "util/status.h"

namespace nastavnik {

class PageCache {
 public:
  // `site_fingerprint` covers the theme and the site config (see
  // FingerprintSite); pages of a build with another one never match.
  PageCache(std::string out_dir, std::string site_fingerprint);

  // Reads <out>/.nastavnik-deps; a missing or malformed record means an
  // empty cache (a full build), never an error.
  void Load();

  // The fingerprint of a page under this cache's site fingerprint.
  std::string Fingerprint(const PageOutput& page) const;
  // True when the previous build published `output_file` from the same
  // fingerprint and the file is still as it was then; `stamp` (when given)
  // is then the file's.
  bool Unchanged(const std::string& output_file, const std::string& fingerprint, FileStamp* stamp = nullptr) const;
  // Notes the fingerprint of a page of this build and the stamp of the file
  // it went to (unknown, size -1, when it was not written).
  void Record(const std::string& output_file, std::string fingerprint, FileStamp stamp);

  // The fingerprints Record()ed, by output file (once pages are written).
  std::map<std::string, std::string> recorded() const;

  // The new record: every page Record()ed with its file's stamp, once every
  // page is written (the swap moves the files, keeping their inodes, sizes
  // and mtimes). A page whose file was not written is left out.
  std::string Snapshot() const;
  // After the public tree is committed: writes `snapshot` (Snapshot()) as the
  // record atomically (temporary file and rename).
  Status Save(const std::string& snapshot) const;

 private:
  struct Entry {
    std::string fingerprint;
    long long size = -1;
    long long mtime_ns = -1;
  };
  std::string path_;
  std::string site_fingerprint_;
  std::map<std::string, Entry> previous_;
  std::string previous_dir_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> current_;
};

// The part of every page's fingerprint shared by all pages: templates,
// partials and the site config (pass its source text).
std::string FingerprintSite(const std::map<std::string, std::string>& theme_texts, const std::string& config_text);

}  // namespace nastavnik
