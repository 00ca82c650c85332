#include "publish/output_tree.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <fstream>
#include <sstream>

#include "publish/tree_remover.h"
#include "util/test_temp_dir.h"

namespace nastavnik {
namespace {

namespace fs = std::filesystem;



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
  TempDir out;
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
  CHECK(ReadWholeFile(out.path + "/public/index.html") == "вторая");
  CHECK(Inode(out.path + "/public/cases/a/index.html") == kept);
  CHECK(Leftovers(out.path).empty());
  CHECK(!fs::exists(out.path + "/public/b"));
}

TEST_CASE("a written file's stamp is its size and mtime; a file linked from the previous tree gives that file's") {
  TempDir out;
  auto stat_stamp = [](const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return FileStamp{st.st_size, st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec};
  };
  FileStamp first;
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("cases/a/index.html", "страница", &first).ok());
    const FileStamp on_disk = stat_stamp(tree.staging_dir() + "/cases/a/index.html");
    CHECK(first.size == on_disk.size);
    CHECK(first.mtime_ns == on_disk.mtime_ns);
    REQUIRE(tree.Commit().ok());
  }
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    FileStamp linked, changed;
    REQUIRE(tree.Write("cases/a/index.html", "страница", &linked).ok());  // same bytes: linked
    REQUIRE(tree.Write("cases/b/index.html", "другая", &changed).ok());
    CHECK(tree.reused_count() == 1);
    CHECK(linked.size == first.size);
    CHECK(linked.mtime_ns == first.mtime_ns);
    CHECK(changed.size == static_cast<long long>(std::string("другая").size()));
    REQUIRE(tree.Commit().ok());
  }
  WaitForTreeRemovals();
}

TEST_CASE("an aborted build leaves the published tree exactly as it was") {
  TempDir out;
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
  CHECK(ReadWholeFile(out.path + "/public/index.html") == "старая");
  CHECK(!fs::exists(out.path + "/public/extra.html"));
  CHECK(Leftovers(out.path).empty());
}

TEST_CASE("a path written twice and a path leaving the tree are errors") {
  TempDir out;
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  REQUIRE(tree.Write("a/index.html", "1").ok());
  CHECK(!tree.Write("a/index.html", "2").ok());
  CHECK(!tree.Write("../escape.html", "x").ok());
  CHECK(!fs::exists(out.path + "/escape.html"));
}

TEST_CASE("files go into new folders at any depth, from several threads, with their exact bytes") {
  TempDir out;
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string rel = "cases/org" + std::to_string(i % 5) + "/c" + std::to_string(t * 100 + i) + "/index.html";
        if (!tree.Write(rel, rel + std::string(static_cast<size_t>(i) * 1000, 'x')).ok()) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  REQUIRE(tree.Commit().ok());
  WaitForTreeRemovals();
  CHECK(ReadWholeFile(out.path + "/public/cases/org3/c213/index.html") ==
        "cases/org3/c213/index.html" + std::string(13000, 'x'));
  CHECK(tree.reused_count() == 0);  // no previous tree: nothing to link
}

TEST_CASE("a file differing from the previous copy, even by a byte at the end, is written anew") {
  TempDir out;
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("a/index.html", "abc").ok());
    REQUIRE(tree.Write("b/index.html", "abc").ok());
    REQUIRE(tree.Commit().ok());
  }
  ino_t a = Inode(out.path + "/public/a/index.html");
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("a/index.html", "abd").ok());
    REQUIRE(tree.Write("b/index.html", "abc").ok());
    REQUIRE(tree.Commit().ok());
    CHECK(tree.reused_count() == 1);
  }
  WaitForTreeRemovals();
  CHECK(ReadWholeFile(out.path + "/public/a/index.html") == "abd");
  CHECK(Inode(out.path + "/public/a/index.html") != a);
}

TEST_CASE("a folder whose name is taken by a file is an error, not a crash") {
  TempDir out;
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  REQUIRE(tree.Write("x", "file").ok());
  CHECK(!tree.Write("x/index.html", "page").ok());
}

TEST_CASE("Begin() clears staging and trash left by a killed run") {
  TempDir out;
  fs::create_directories(out.path + "/.public.trash-99999/deep/er");
  fs::create_directories(out.path + "/.public.staging-99998/x");
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  REQUIRE(tree.Commit().ok());
  WaitForTreeRemovals();
  CHECK(Leftovers(out.path).empty());
}

TEST_CASE("RemoveTreeInBackground removes a deep tree by the time WaitForTreeRemovals returns") {
  TempDir out;
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
