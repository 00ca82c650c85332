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
// is reported at the output file. Messages never repeat the value itself: CI
// logs may be public.
//
// Images and PDF files are not read (binary).
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "publish/output_tree.h"
#include "publish/pii_index.h"

namespace nastavnik {

// A text personal data may be published from.
struct GuardSource {
  SourcePos pos;     // where `text` starts (1-based line and column)
  std::string text;  // a Markdown body, a front-matter value, a registry cell
};

struct GuardStats {
  size_t sources = 0;
  size_t files = 0;   // files (and archive members) read from the tree
  size_t bytes = 0;   // bytes scanned, uncompressed
  size_t hits = 0;
};

// Scans `sources` and, unless `tree` is null (a dry run: nothing written),
// every file written to `tree`; reports matches to `diags`. `tree_label` names
// the tree in messages ("output/public"). Files are scanned in parallel.
GuardStats GuardPublicTree(const PiiIndex& index, const std::vector<GuardSource>& sources,
                           const OutputTree* tree, const std::string& tree_label, Diagnostics& diags);

}  // namespace nastavnik
