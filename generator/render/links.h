#pragma once
// Internal links written by people: in Markdown bodies, in appendices of
// orders, in the roadmap's evidence column.
//
// Accepted forms:
//   /roadmap/, /orders/x/    a site path (from the section's root)
//   other-order.md, ../x.md  a content file, relative to the file it is in
//   plan.pdf                 a file beside the content file (an attachment)
//   https://…, mailto:…      external: left as written
// Each internal link is rewritten to a relative href and remembered; once the
// site is written, CheckTargets() reports every link whose target was not
// (E090, on the file and line where the link is written).
//
// Thread safety: Resolve() may be called from several threads.
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "diag/diagnostic.h"

namespace nastavnik {

class LinkResolver {
 public:
  // `doc_pages`: content path of every Markdown file → its page path.
  explicit LinkResolver(std::map<std::string, std::string> doc_pages);
  // The same map shared with other resolvers (a preview session makes one
  // per edit: no copy of a map of every document).
  explicit LinkResolver(std::shared_ptr<const std::map<std::string, std::string>> doc_pages);

  // Returns the href to write on page `from_page` for `url` written in
  // `source` at line/column. Unknown .md targets are reported at once.
  std::string Resolve(const SourcePos& where, const std::string& from_page, const std::string& url,
                      Diagnostics& diags);

  // The output file a content file is copied to: "content/cases/a/b/x.pdf" →
  // "cases/a/b/x.pdf".
  static std::string OutputPathOfContentFile(const std::string& content_path);

  // Reports every remembered link whose output file is not in `written`.
  void CheckTargets(const std::unordered_set<std::string>& written, Diagnostics& diags) const;

  // Every internal target with the places that link to it (for "cited by").
  std::map<std::string, std::vector<SourcePos>> Targets() const;

  // The links remembered so far, and forgetting those remembered after
  // Mark() returned `mark` (a preview session runs the page generators again
  // from the state the build ran them from: the bodies' links only).
  size_t Mark() const;
  void ForgetAfter(size_t mark);

 private:
  struct Pending {
    SourcePos where;
    std::string url;          // as written
    std::string output_file;  // what must exist
  };
  std::shared_ptr<const std::map<std::string, std::string>> doc_pages_;
  mutable std::mutex mu_;
  std::vector<Pending> pending_;
};

// True for URLs with a scheme (https:, mailto:, tel:, …): not checked.
bool IsExternalUrl(const std::string& url);

}  // namespace nastavnik
