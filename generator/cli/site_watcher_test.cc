#include "cli/site_watcher.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace nastavnik {

namespace {

namespace stdfs = std::filesystem;

struct Site {
  std::string dir;
  Site() {
    char tmpl[] = "/tmp/nastavnik-watch-XXXXXX";
    dir = ::mkdtemp(tmpl);
    stdfs::create_directories(dir + "/content/orders");
    stdfs::create_directories(dir + "/output/public");
    std::ofstream(dir + "/site.yaml") << "title: x\n";
    std::ofstream(dir + "/content/orders/a.md") << "---\n---\n";
  }
  ~Site() {
    std::error_code ec;
    stdfs::remove_all(dir, ec);
  }
  void Write(const std::string& rel, const std::string& text) const { std::ofstream(dir + "/" + rel) << text; }
};

// Waits until the watcher reports something (polling needs a settle period).
SourceChanges Next(SiteWatcher& w) {
  SourceChanges all;
  for (int i = 0; i < 20; ++i) {
    SourceChanges c = w.Wait(50);
    all.paths.insert(c.paths.begin(), c.paths.end());
    all.everything |= c.everything;
    if (!all.empty()) break;
  }
  return all;
}

void ExerciseWatcher(bool polling) {
  Site site;
  SiteWatcher w(site.dir, polling);
  w.Start();
  CHECK(std::string(w.mode()) == (polling ? "polling" : "inotify"));
  CHECK(w.Wait(20).empty());

  site.Write("content/orders/a.md", "---\ntitle: b\n---\n");
  SourceChanges c = Next(w);
  CHECK(c.paths.count("content/orders/a.md") == 1);
  CHECK_FALSE(c.everything);

  // Output and unrelated files are not sources.
  site.Write("output/public/index.html", "x");
  site.Write("notes.txt", "x");
  CHECK(w.Wait(120).empty());

  // A folder made and filled elsewhere, then moved in: its file is reported,
  // and later edits inside it too.
  stdfs::create_directories(site.dir + "/staged/x");
  std::ofstream(site.dir + "/staged/x/index.md") << "new";
  stdfs::create_directories(site.dir + "/content/cases/org");
  (void)Next(w);
  stdfs::rename(site.dir + "/staged/x", site.dir + "/content/cases/org/x");
  c = Next(w);
  CHECK(c.paths.count("content/cases/org/x/index.md") == 1);
  site.Write("content/cases/org/x/index.md", "changed");
  c = Next(w);
  CHECK(c.paths.count("content/cases/org/x/index.md") == 1);

  site.Write("site.yaml", "title: y\n");
  c = Next(w);
  CHECK(c.paths.count("site.yaml") == 1);
}

}  // namespace

TEST_CASE("SiteWatcher: sources only, new folders included (inotify)") { ExerciseWatcher(false); }
TEST_CASE("SiteWatcher: the polling fallback sees the same") { ExerciseWatcher(true); }

TEST_CASE("SiteWatcher: polling asked without waiting (serve's phase 2) walks once a period, still sees changes") {
  Site site;
  SiteWatcher w(site.dir, true);
  w.Start();
  for (int i = 0; i < 20; ++i) CHECK(w.Wait(0).empty());
  site.Write("content/orders/a.md", "---\ntitle: c\n---\n");
  SourceChanges all;
  for (int i = 0; i < 400 && all.empty(); ++i) {
    all = w.Wait(0);
    ::usleep(2000);
  }
  CHECK(all.paths.count("content/orders/a.md") == 1);
}

TEST_CASE("IsWatchedSource") {
  CHECK(IsWatchedSource("site.yaml"));
  CHECK(IsWatchedSource("content/orders/a.md"));
  CHECK(IsWatchedSource("data"));
  CHECK(IsWatchedSource("themes/default/templates/case.mustache"));
  CHECK(IsWatchedSource("schemas/x.yaml"));
  CHECK_FALSE(IsWatchedSource("output/public/index.html"));
  CHECK_FALSE(IsWatchedSource("contents/x"));
  CHECK_FALSE(IsWatchedSource("site.yaml~"));
  CHECK_FALSE(IsWatchedSource(""));
}

}  // namespace nastavnik
