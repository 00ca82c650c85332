#include "publish/output_tree.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "publish/tree_remover.h"

namespace nastavnik {
namespace {

namespace fs = std::filesystem;

struct TempOut {
  std::string path;
  TempOut() {
    char tmpl[] = "/tmp/nastavnik-output-tree-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempOut() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ino_t Inode(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_ino;
}

// Names in `dir` other than the published trees: staging or trash left over.
std::vector<std::string> Leftovers(const std::string& dir) {
  std::vector<std::string> names;
  for (auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n != "public") names.push_back(n);
  }
  return names;
}

TEST_CASE("a committed tree replaces the previous one and leaves nothing else once removals finish") {
  TempOut out;
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("index.html", "первая").ok());
    REQUIRE(tree.Write("cases/a/index.html", "a").ok());
    REQUIRE(tree.Commit().ok());
  }
  ino_t kept = Inode(out.path + "/public/cases/a/index.html");
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("index.html", "вторая").ok());
    REQUIRE(tree.Write("cases/a/index.html", "a").ok());  // same bytes: linked, not rewritten
    REQUIRE(tree.Commit().ok());
    CHECK(tree.reused_count() == 1);
  }
  WaitForTreeRemovals();
  CHECK(Slurp(out.path + "/public/index.html") == "вторая");
  CHECK(Inode(out.path + "/public/cases/a/index.html") == kept);
  CHECK(Leftovers(out.path).empty());
  CHECK(!fs::exists(out.path + "/public/b"));
}

TEST_CASE("an aborted build leaves the published tree exactly as it was") {
  TempOut out;
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("index.html", "старая").ok());
    REQUIRE(tree.Commit().ok());
  }
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("index.html", "новая").ok());
    REQUIRE(tree.Write("extra.html", "x").ok());
    // Destroyed without Commit(): a failed build.
  }
  WaitForTreeRemovals();
  CHECK(Slurp(out.path + "/public/index.html") == "старая");
  CHECK(!fs::exists(out.path + "/public/extra.html"));
  CHECK(Leftovers(out.path).empty());
}

TEST_CASE("a path written twice and a path leaving the tree are errors") {
  TempOut out;
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  REQUIRE(tree.Write("a/index.html", "1").ok());
  CHECK(!tree.Write("a/index.html", "2").ok());
  CHECK(!tree.Write("../escape.html", "x").ok());
  CHECK(!fs::exists(out.path + "/escape.html"));
}

TEST_CASE("Begin() clears staging and trash left by a killed run") {
  TempOut out;
  fs::create_directories(out.path + "/.public.trash-99999/deep/er");
  fs::create_directories(out.path + "/.public.staging-99998/x");
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  REQUIRE(tree.Commit().ok());
  WaitForTreeRemovals();
  CHECK(Leftovers(out.path).empty());
}

TEST_CASE("RemoveTreeInBackground removes a deep tree by the time WaitForTreeRemovals returns") {
  TempOut out;
  for (int i = 0; i < 50; ++i) {
    fs::path d = fs::path(out.path) / "victim" / ("d" + std::to_string(i)) / "sub";
    fs::create_directories(d);
    std::ofstream(d / "index.html") << "x";
  }
  RemoveTreeInBackground(out.path + "/victim");
  WaitForTreeRemovals();
  CHECK(!fs::exists(out.path + "/victim"));
  WaitForTreeRemovals();  // nothing running: returns at once
}

}  // namespace
}  // namespace nastavnik
