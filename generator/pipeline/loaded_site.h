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
#include "model/participant.h"
#include "validate/record.h"
#include "validate/schema.h"

namespace nastavnik {

// One Markdown file of content/.
struct ContentDoc {
  enum class Kind { kHome, kPage, kOrder, kCase };
  Kind kind = Kind::kPage;
  std::string path;  // content/orders/x.md
  std::string id;    // "x"; cases: "<org>/<slug>"
  Record front;      // validated front matter
  // The file as read, without its UTF-8 BOM (kept even when it is not UTF-8,
  // for the placeholder scan). Held once: the body is a slice of it. A build
  // frees it once the body is rendered and scanned (ReleaseText()).
  std::string source;
  bool had_bom = false;
  size_t body_offset = 0;
  size_t body_size = 0;  // 0 when the file could not be read or split
  int body_line = 1;

  std::string_view body() const { return std::string_view(source).substr(body_offset, body_size); }
  // Frees the text: body() is empty from now on.
  void ReleaseText() {
    std::string().swap(source);
    body_offset = body_size = 0;
  }
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
  // FoldKey of a name some case gives as an author → for each participant
  // written so: (is a mentee, birth date). Only such names are kept.
  std::map<std::string, std::vector<std::pair<bool, std::optional<Date>>>> author_matches;
  // The file system the site was read from; ForEachRecord reads streamed
  // registries again through it. REQUIRES: outlives the LoadedSite's use,
  // unless the site owns it (`owned_fs`): a preview session keeps the loaded
  // site after BuildSite returns (pipeline/build_session.h).
  const FileSystem* fs = nullptr;
  std::unique_ptr<FileSystem> owned_fs;

  // Calls `fn` with every record of registry `name`: held ones from memory,
  // streamed ones by reading and validating the file again (diagnostics of
  // that second reading are dropped: the first one reported them).
  void ForEachRecord(const std::string& name, const std::function<void(const Record&)>& fn) const;

  const Schema* FindSchema(const std::string& name) const;
  const std::vector<Record>& Registry(const std::string& name) const;
};

// True for the registries LoadSite streams instead of holding.
bool IsStreamedRegistry(const Schema& schema);

// Loads and validates a site. Every problem is a diagnostic; the result is as
// complete as the input allows, so `check` reports everything in one run.
// Content files are read, split and validated on every core; their
// diagnostics are merged in path order, as a one-thread load would add them.
LoadedSite LoadSite(const FileSystem& fs, Diagnostics& diags);

// The default schemas with the site's schemas/*.yaml laid over them (a site
// file with the same name replaces the default).
std::vector<std::unique_ptr<Schema>> LoadSchemas(const FileSystem& fs, Diagnostics& diags);

}  // namespace nastavnik
