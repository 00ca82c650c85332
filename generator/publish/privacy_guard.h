#pragma once
// The publish-time privacy guard: the last check before a build is swapped in.
//
// It scans every file written to the public tree — HTML, XML, JSON, feeds,
// the search index (gzip fragments unpacked), text files in Windows-1251, and
// the XML inside XLSX/DOCX/ODS containers — and every source a value can come
// from (content front matter and bodies, public registry cells) for the
// personal data of the people registries (publish/pii_index.h). Any match is
// an error, so nothing is published:
//   E075  a mentee's (or pupil's) full name
//   E076  a participant's birth date
//   E077  a participant's phone or e-mail
// A match in a source is reported at the source's file, line and column (what
// a curator can fix), naming the registry row and the public files it reached;
// a match only in the output (it came from a template, a registry or site.yaml)
// is reported at the output file. Messages never repeat the value itself (CI
// logs of a public repository are public; the position is enough to find
// it); a name found in another form than the registry's (declined, or with
// initials: «Ивановым Петром», «Иванову П. С.») is said to be one.
//
// Images and PDF files are not read (binary).
//
// Files are scanned from memory while they are written (PublicTreeScan, fed
// by OutputTree's write observer), so the tree is not read back from disk;
// only files that reach the tree another way (hard-linked from the previous
// build, written to a path by a library) are read at the end.
#include <tbb/enumerable_thread_specific.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "diag/diagnostic.h"
#include "publish/output_tree.h"
#include "publish/pii_index.h"

namespace nastavnik {

// A text personal data may be published from.
struct GuardSource {
  SourcePos pos;          // where `text` starts (1-based line and column)
  std::string_view text;  // a Markdown body, a front-matter value, a registry cell
                          // (not copied: REQUIRES it outlives the scan)
};

struct GuardStats {
  size_t sources = 0;
  size_t files = 0;   // files (and archive members) read from the tree
  size_t bytes = 0;   // bytes scanned, uncompressed
  size_t hits = 0;
};

// A match in an output file (`file` tree-relative), or in a source (`file`
// empty). Internal to the guard.
struct GuardFinding {
  size_t person;
  PiiKind kind;
  SourcePos pos;
  std::string file;
  std::string form;  // a name: the words found, when the text was at hand
};

// The output files scanned so far, from the bytes written.
// Thread safety: Add() may be called from several threads.
class PublicTreeScan {
 public:
  // REQUIRES: `index` outlives the scan. `tree_label` as for GuardPublicTree.
  PublicTreeScan(const PiiIndex& index, std::string tree_label);
  // Scans the bytes of tree file `rel_path` (as written).
  void Add(const std::string& rel_path, std::string_view bytes);
  bool Has(const std::string& rel_path) const;
  // Matches found in the files added so far.
  size_t findings() const {
    std::lock_guard<std::mutex> lock(mu_);
    return found_.size();
  }
  // Scans sources (in parallel) ahead of GuardPublicTree, which then reports
  // their matches as if they had been passed to it. May be called several
  // times, from several threads (reports do not depend on the order).
  void AddSources(const std::vector<GuardSource>& sources);

 private:
  friend GuardStats GuardPublicTree(const PiiIndex&, const std::vector<GuardSource>&, const OutputTree*,
                                    const std::string&, Diagnostics&, const PublicTreeScan*);
  const PiiIndex& index_;
  std::string label_;
  mutable std::mutex mu_;
  std::unordered_set<std::string> files_;  // tree paths scanned
  std::vector<GuardFinding> found_;
  std::vector<GuardFinding> source_found_;  // AddSources, each call's in its sources' order
  size_t sources_ = 0;
  std::vector<std::string> unreadable_;
  size_t count_ = 0;  // files and archive members
  size_t bytes_ = 0;
  // Each thread's memo of the segments found clean (the theme's chrome, the
  // cards of list pages): scanned once, then recognised.
  tbb::enumerable_thread_specific<std::unique_ptr<PiiScanMemo>> memos_;
};

// Scans `text` as PiiIndex::Scan does, a window at a time when it is longer
// than `window` bytes, so that a large file (the cases workbook's sheet: ≈ 1 KB
// a case) costs a window's worth of scanner memory (≈ 5 MB: a word of markup
// is a few bytes, its token 40), not five times its own size.
// Each window is scanned with `margin` bytes of the text before it (the
// scanner's state: an open tag or quote, an e-mail's local part) and after it
// (a match that starts inside it and ends past it); only matches starting in
// the window are kept, so the hits are those of one scan of the whole text
// unless a tag, a quoted attribute or an e-mail is longer than `margin`.
// `utf8_only`: as PiiIndex::ScanUtf8, false (the hits then incomplete) when
// `text` is not UTF-8, found in the same pass. `memo`: as PiiIndex::Scan's.
bool ScanInWindows(const PiiIndex& index, std::string_view text, std::vector<PiiHit>& hits,
                   size_t window = size_t{1} << 20, size_t margin = size_t{16} << 10, bool utf8_only = false,
                   PiiScanMemo* memo = nullptr);

// ScanInWindows over a text that arrives in pieces and is never held whole
// (a large archive member as it is unpacked): Add() each piece, then
// Finish(). Holds about a window and two margins of the text; the hits
// (offsets from the text's start, in order) are those ScanInWindows finds in
// the whole text.
class WindowedScan {
 public:
  WindowedScan(const PiiIndex& index, std::vector<PiiHit>& hits, size_t window = size_t{1} << 20,
               size_t margin = size_t{16} << 10, PiiScanMemo* memo = nullptr)
      : index_(index), hits_(hits), window_(window), margin_(margin), memo_(memo) {}
  void Add(std::string_view piece);
  void Finish();
  // Scans only UTF-8 (as PiiIndex::ScanUtf8); set before the first Add.
  void Utf8Only() { utf8_only_ = true; }
  // False when utf8_only and a window was not UTF-8 (the hits then incomplete).
  bool valid() const { return valid_; }
  size_t size() const { return base_ + buf_.size(); }

 private:
  void ScanWindow(bool at_end);
  void ScanText(std::string_view text, std::vector<PiiHit>& hits);
  const PiiIndex& index_;
  std::vector<PiiHit>& hits_;
  const size_t window_, margin_;
  PiiScanMemo* const memo_;
  std::string buf_;    // the text from offset base_ on
  size_t base_ = 0;
  size_t begin_ = 0;   // the next window
  std::vector<PiiHit> found_;
  bool utf8_only_ = false, valid_ = true;
};

// Scans `sources` and, unless `tree` is null (a dry run: nothing written),
// every file written to `tree`; reports matches to `diags`. `tree_label` names
// the tree in messages ("output/public"). Files `scanned` holds were scanned
// as they were written; the others are read from the staging tree, in
// parallel; sources `scanned` holds (AddSources) are reported with `sources`.
// Reports do not depend on which way a file or source was scanned.
GuardStats GuardPublicTree(const PiiIndex& index, const std::vector<GuardSource>& sources,
                           const OutputTree* tree, const std::string& tree_label, Diagnostics& diags,
                           const PublicTreeScan* scanned = nullptr);

}  // namespace nastavnik
