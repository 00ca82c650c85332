#include "pipeline/internal_cache.h"

#include <stdlib.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "publish/tree_remover.h"
#include "util/test_temp_dir.h"

namespace nastavnik {
namespace {

namespace stdfs = std::filesystem;

// The reports' writer may still be removing an old tree in the folder.
struct TempOut : TempDir {
  TempOut() : TempDir("internal-cache") {}
  ~TempOut() { WaitForTreeRemovals(); }
};


// One build's internal tree: `files` written (or reused), committed, recorded.
bool Build(const std::string& out, const std::string& fingerprint,
           const std::vector<std::pair<std::string, std::string>>& files, bool* reused) {
  OutputTree tree(out, "internal");
  REQUIRE(tree.Begin().ok());
  InternalReportsCache cache(out, fingerprint);
  *reused = cache.ReuseInto(tree);
  if (!*reused)
    for (const auto& [rel, bytes] : files) REQUIRE(tree.Write(rel, bytes).ok());
  if (!tree.Commit().ok()) return false;
  cache.Save();
  return true;
}

}  // namespace

TEST_CASE("InternalReportsFingerprint: follows data/, schemas/, site.yaml, the date and the epoch") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: A\n");
  fs.Add("data/participants.csv", "Код;Фамилия\np1;Иванова\n");
  fs.Add("schemas/participants.yaml", "name: participants\n");
  fs.Add("content/cases/a/b/index.md", "---\ntitle: x\n---\n");
  const Date today{2026, 11, 22};
  const std::string base = InternalReportsFingerprint(fs, "title: A\n", today, 100);
  CHECK(base == InternalReportsFingerprint(fs, "title: A\n", today, 100));
  CHECK(base != InternalReportsFingerprint(fs, "title: B\n", today, 100));
  CHECK(base != InternalReportsFingerprint(fs, "title: A\n", Date{2026, 11, 23}, 100));
  CHECK(base != InternalReportsFingerprint(fs, "title: A\n", today, 101));

  MemoryFileSystem row = fs;
  row.Add("data/participants.csv", "Код;Фамилия\np1;Иванов\n");
  CHECK(base != InternalReportsFingerprint(row, "title: A\n", today, 100));
  MemoryFileSystem schema = fs;
  schema.Add("schemas/participants.yaml", "name: participants\ntitle: У\n");
  CHECK(base != InternalReportsFingerprint(schema, "title: A\n", today, 100));
  MemoryFileSystem added = fs;
  added.Add("data/survey.csv", "");
  CHECK(base != InternalReportsFingerprint(added, "title: A\n", today, 100));
  // Content is not an input of the internal reports.
  MemoryFileSystem content = fs;
  content.Add("content/cases/a/b/index.md", "---\ntitle: y\n---\n");
  CHECK(base == InternalReportsFingerprint(content, "title: A\n", today, 100));
}

TEST_CASE("InternalReportsCache: the previous tree is linked only when nothing changed") {
  TempOut out;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"README.txt", "служебная папка"}, {"registries/participants.csv", "Код\np1\n"}};
  bool reused = true;
  REQUIRE(Build(out.path, "f1", files, &reused));
  CHECK_FALSE(reused);  // no record yet
  const std::string csv = out.path + "/internal/registries/participants.csv";
  REQUIRE(Build(out.path, "f1", {}, &reused));
  CHECK(reused);
  CHECK(ReadWholeFile(csv) == "Код\np1\n");
  CHECK(ReadWholeFile(out.path + "/internal/README.txt") == "служебная папка");

  SUBCASE("another fingerprint writes the reports again") {
    REQUIRE(Build(out.path, "f2", {{"registries/participants.csv", "Код\np2\n"}}, &reused));
    CHECK_FALSE(reused);
    CHECK(ReadWholeFile(csv) == "Код\np2\n");
    CHECK_FALSE(stdfs::exists(out.path + "/internal/README.txt"));
  }
  SUBCASE("a file changed since it was recorded is not trusted") {
    {
      std::ofstream f(csv, std::ios::binary | std::ios::trunc);
      f << "Код\np1\np3\n";
    }
    OutputTree tree(out.path, "internal");
    REQUIRE(tree.Begin().ok());
    CHECK_FALSE(InternalReportsCache(out.path, "f1").ReuseInto(tree));
    // Nothing was linked: a writer may open the staging files in place.
    CHECK_FALSE(stdfs::exists(tree.staging_dir() + "/README.txt"));
    tree.Abort();
  }
  SUBCASE("a record that lists a file twice: nothing linked, and every file can be written") {
    std::string header, fingerprint, first;
    {
      std::ifstream in(out.path + "/.nastavnik-internal");
      std::getline(in, header);
      std::getline(in, fingerprint);
      std::getline(in, first);
    }
    {
      std::ofstream f(out.path + "/.nastavnik-internal", std::ios::binary | std::ios::app);
      f << first << "\n";  // the first file again: its second Reuse fails
    }
    OutputTree tree(out.path, "internal");
    REQUIRE(tree.Begin().ok());
    CHECK_FALSE(InternalReportsCache(out.path, "f1").ReuseInto(tree));
    CHECK(tree.reused_count() == 0);
    for (const char* rel : {"README.txt", "registries/participants.csv"}) {
      CHECK_FALSE(stdfs::exists(tree.staging_dir() + "/" + rel));
      CHECK(tree.Write(rel, "новое").ok());  // not «записывается дважды»
    }
    tree.Abort();
  }
  SUBCASE("a missing file is not trusted") {
    stdfs::remove(out.path + "/internal/README.txt");
    OutputTree tree(out.path, "internal");
    REQUIRE(tree.Begin().ok());
    CHECK_FALSE(InternalReportsCache(out.path, "f1").ReuseInto(tree));
    CHECK_FALSE(stdfs::exists(tree.staging_dir() + "/registries/participants.csv"));
    tree.Abort();
  }
}

}  // namespace nastavnik
