#pragma once
// Everything read from a site directory, validated, before the domain model
// is built: site.yaml, the schemas, every registry's records and every content
// file's front matter and body.
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "load/fs.h"
#include "load/site_config.h"
#include "pipeline/author_matches.h"
#include "model/participant.h"
#include "publish/pii_index.h"
#include "validate/record.h"
#include "validate/record_pipeline.h"
#include "validate/schema.h"

namespace nastavnik {

// One Markdown file of content/.
struct ContentDoc {
  enum class Kind { kHome, kPage, kOrder, kCase };
  Kind kind = Kind::kPage;
  std::string path;  // content/orders/x.md
  std::string id;    // "x"; cases: "<org>/<slug>"
  Record front;      // validated front matter (a build frees its values once
                     // the model is built and the body rendered)
  // The file as read, without its UTF-8 BOM (kept even when it is not UTF-8,
  // for the placeholder scan). Held once: the body is a slice of it. A build
  // does not hold every text (LoadOptions::keep_texts): it is freed once the
  // front matter is parsed and read again when the body is rendered
  // (ReloadText), then freed again.
  std::string source;
  bool had_bom = false;
  bool text_released = false;  // `source` freed; body() is empty until ReloadText()
  size_t body_offset = 0;
  size_t body_size = 0;  // 0 when the file could not be read or split
  int body_line = 1;
  std::string text_hash;  // of the text as loaded, when it was released

  std::string_view body() const {
    return text_released ? std::string_view() : std::string_view(source).substr(body_offset, body_size);
  }
  // Frees the text (remembering its hash, so that ReloadText() can tell the
  // same text from an edit made since).
  void ReleaseText();
  // Reads the text again; false when the file cannot be read or is no longer
  // the text loaded (then the document stays released).
  bool ReloadText(const FileSystem& fs);
  // The text of a released document read again, without keeping it (the
  // document is not changed: other threads may read it meanwhile); nullopt
  // as ReloadText() fails. Its body is at [body_offset, body_offset + body_size).
  std::optional<std::string> ReadTextAgain(const FileSystem& fs) const;
};

struct LoadedSite;

struct LoadOptions {
  // Hold every document's text (a preview session reads their front matter
  // after the build). Otherwise a text is freed once its front matter is
  // parsed, unless it holds a placeholder (CheckCases reports them from it).
  bool keep_texts = true;
  // Called as each streamed registry begins to be read (site.yaml, the
  // schemas and the held registries are loaded by then; the content may
  // still be loading on other threads: read nothing of it): a
  // consumer of its records in file order, or null. It gets each batch
  // beside the loader's own use of it (RecordPipeline's consumer side,
  // never the reader's thread) and may keep nothing of the records. So
  // BuildSite feeds the internal reports: the registry is read once.
  std::function<RecordPipeline::Consumer(const LoadedSite& site, const Schema& schema)> streamed_records;
  // Called once the content is loaded (`docs` and `content_files` complete),
  // on the content's thread, while the registries may still be read: it may
  // read the documents and start work on them that reads no registry and
  // changes no document (BuildSite starts rendering the bodies). LoadSite
  // returns after it has returned.
  std::function<void(const LoadedSite& site)> on_content_loaded;
};

struct LoadedSite {
  SiteConfig config;
  // Schemas are owned here; records point at them, so they never move.
  std::vector<std::unique_ptr<Schema>> schemas;
  std::map<std::string, std::vector<Record>> registries;  // by schema name
  // Registries whose file could not be fully read (rows may be missing).
  std::set<std::string> incomplete_registries;
  std::vector<ContentDoc> docs;                           // sorted by path
  std::vector<FileEntry> content_files;                   // every file under content/
  std::string theme_dir;                                  // "themes/default"

  // Registries read row by row and never held (IsStreamedRegistry: the
  // people registry, which may have a million rows): `registries` has no
  // entry for them. What the build needs of them is reduced while they are
  // read — INTERNAL, see model/participant.h:
  std::set<std::string> streamed_registries;
  PeopleRegistry people;  // facts of every participant, the mentors who may be named, the pairs
  // The privacy guard's needles of every participant (publish/pii_index.h),
  // gathered in the same reading; null when the site has no such registry.
  std::shared_ptr<const PiiNeedles> pii_needles;
  // FoldKey of a name some case gives as an author → for each participant
  // written so: (is a mentee, birth date). Only such names are kept
  // (pipeline/author_matches.h).
  AuthorMatches author_matches;
  // The file system the site was read from; ForEachRecord reads streamed
  // registries again through it. REQUIRES: outlives the LoadedSite's use,
  // unless the site owns it (`owned_fs`): a preview session keeps the loaded
  // site after BuildSite returns (pipeline/build_session.h).
  const FileSystem* fs = nullptr;
  std::unique_ptr<FileSystem> owned_fs;

  // Calls `fn` with every record of registry `name`: held ones from memory,
  // streamed ones by reading and validating the file again (diagnostics of
  // that second reading are dropped: the first one reported them). `fn` may
  // take a streamed record's contents (swap or move from it); held records
  // are passed as copies.
  void ForEachRecord(const std::string& name, const std::function<void(Record&)>& fn) const;

  const Schema* FindSchema(const std::string& name) const;
  const std::vector<Record>& Registry(const std::string& name) const;
};

// True for the registries LoadSite streams instead of holding.
bool IsStreamedRegistry(const Schema& schema);

// Loads and validates a site. Every problem is a diagnostic; the result is as
// complete as the input allows, so `check` reports everything in one run.
// Content files are read, split and validated on every core; their
// diagnostics are merged in path order, as a one-thread load would add them.
LoadedSite LoadSite(const FileSystem& fs, Diagnostics& diags, const LoadOptions& options = {});

// Loads and validates one content file of a loaded site again (a preview
// session's edit): its diagnostics as LoadSite reports them for that file,
// references included. Nullopt when the file is not a document or its
// references cannot be checked alone (those into a streamed registry).
std::optional<ContentDoc> ReloadContentDoc(const LoadedSite& site, const std::string& path, Diagnostics& diags);

// The default schemas with the site's schemas/*.yaml laid over them (a site
// file with the same name replaces the default).
std::vector<std::unique_ptr<Schema>> LoadSchemas(const FileSystem& fs, Diagnostics& diags);

}  // namespace nastavnik
