#pragma once
// Artifacts: everything a build writes besides HTML pages — sitemap.xml,
// robots.txt, feeds, JSON data, spreadsheets, internal reports. Each writer is
// independent and writes into the public or the internal tree.
#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "load/site_config.h"
#include "model/site_model.h"
#include "publish/output_tree.h"
#include "validate/record.h"
#include "render/page.h"

namespace nastavnik {

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
  // INTERNAL: every registry as loaded, personal columns included, by schema
  // name. Only writers into internal_tree may read it (WriteInternalReports);
  // public writers use `model`, which holds the public view only.
  const std::map<std::string, std::vector<Record>>* internal_registries = nullptr;
};

// Returns a Status for environment failures (a file that cannot be written).
using ArtifactWriter = Status (*)(const ArtifactInput&);

// Every artifact writer, in the order they run.
const std::vector<ArtifactWriter>& AllArtifactWriters();

Status WriteSitemap(const ArtifactInput& in);
Status WriteRobots(const ArtifactInput& in);
Status WriteFeed(const ArtifactInput& in);  // feed.xml (Atom), see publish/feed.cc
Status WriteInternalReports(const ArtifactInput& in);

}  // namespace nastavnik
