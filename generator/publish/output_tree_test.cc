#include "publish/output_tree.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
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

constexpr auto kKeep = OutputTree::KeepPrevious::kYes;

// Every file and folder under `root`, relative and sorted ("a/", "a/b.html").
std::vector<std::string> Listing(const std::string& root) {
  std::vector<std::string> out;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).generic_string();
    out.push_back(e.is_directory() ? rel + "/" : rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Publishes `files` (path → bytes) with a kept previous tree.
void Publish(const std::string& out, const std::vector<std::pair<std::string, std::string>>& files) {
  OutputTree tree(out, "public", kKeep);
  REQUIRE(tree.Begin().ok());
  for (const auto& [rel, bytes] : files) REQUIRE(tree.Write(rel, bytes).ok());
  REQUIRE(tree.Commit().ok());
}

TEST_CASE("a kept tree stages the next build, and only what that build wrote is published") {
  TempDir out;
  Publish(out.path, {{"index.html", "1"}, {"cases/a/index.html", "a"}, {"cases/b/index.html", "b"},
                     {"cases/b/plan.pdf", "pdf"}, {"old/deep/x.html", "x"}});
  CHECK(Leftovers(out.path).empty());  // nothing replaced: nothing kept
  Publish(out.path, {{"index.html", "2"}, {"cases/a/index.html", "a"}, {"cases/b/index.html", "b"},
                     {"cases/b/plan.pdf", "pdf"}, {"old/deep/x.html", "x"}});
  CHECK(Leftovers(out.path) == std::vector<std::string>{".public.previous"});
  const ino_t a = Inode(out.path + "/public/cases/a/index.html");
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    CHECK(tree.reconciling());
    CHECK(!fs::exists(out.path + "/.public.previous"));
    REQUIRE(tree.Write("index.html", "3").ok());
    REQUIRE(tree.Write("cases/a/index.html", "a").ok());   // the kept entry already is the published file
    REQUIRE(tree.Write("cases/c/new/index.html", "c").ok());  // folders the kept tree lacks
    REQUIRE(tree.Commit().ok());
    CHECK(tree.reused_count() == 1);
  }
  WaitForTreeRemovals();
  CHECK(Listing(out.path + "/public") ==
        std::vector<std::string>{"cases/", "cases/a/", "cases/a/index.html", "cases/c/", "cases/c/new/",
                                 "cases/c/new/index.html", "index.html"});
  CHECK(ReadWholeFile(out.path + "/public/index.html") == "3");
  CHECK(ReadWholeFile(out.path + "/public/cases/c/new/index.html") == "c");
  CHECK(Inode(out.path + "/public/cases/a/index.html") == a);
  CHECK(Leftovers(out.path) == std::vector<std::string>{".public.previous"});
}

TEST_CASE("new bytes for a kept entry shared with the published file never reach the published file") {
  TempDir out;
  Publish(out.path, {{"a.html", "старая"}, {"b.html", "b"}});
  Publish(out.path, {{"a.html", "старая"}, {"b.html", "b"}});  // linked: the kept and published trees share both
  const std::string published = out.path + "/public/a.html";
  const ino_t a = Inode(published), b = Inode(out.path + "/public/b.html");
  REQUIRE(Inode(out.path + "/.public.previous/a.html") == a);
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    REQUIRE(Inode(tree.staging_dir() + "/a.html") == a);
    REQUIRE(tree.Write("a.html", "новая, длиннее старой").ok());
    REQUIRE(tree.Write("b.html", "b").ok());
    CHECK(ReadWholeFile(published) == "старая");  // not written through the shared inode
    CHECK(Inode(published) == a);
    CHECK(ReadWholeFile(tree.staging_dir() + "/a.html") == "новая, длиннее старой");
    REQUIRE(tree.Commit().ok());
  }
  CHECK(ReadWholeFile(published) == "новая, длиннее старой");
  CHECK(Inode(out.path + "/public/b.html") == b);
  // The replaced tree, now kept, still holds what was published before.
  CHECK(ReadWholeFile(out.path + "/.public.previous/a.html") == "старая");
}

TEST_CASE("Reserve() in a kept tree gives a path that does not write through a shared inode") {
  TempDir out;
  Publish(out.path, {{"books/r.xlsx", "old book"}});
  Publish(out.path, {{"books/r.xlsx", "old book"}});
  const std::string published = out.path + "/public/books/r.xlsx";
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    REQUIRE(Inode(tree.staging_dir() + "/books/r.xlsx") == Inode(published));
    std::string full;
    REQUIRE(tree.Reserve("books/r.xlsx", &full).ok());
    FILE* f = std::fopen(full.c_str(), "wb");  // as libxlsxwriter opens it
    REQUIRE(f != nullptr);
    std::fputs("new book", f);
    std::fclose(f);
    CHECK(ReadWholeFile(published) == "old book");
    REQUIRE(tree.AdoptWritten("books/r.xlsx").ok());
    REQUIRE(tree.Commit().ok());
  }
  CHECK(ReadWholeFile(published) == "new book");
}

TEST_CASE("Reuse() from a kept tree: the shared entry is kept, a stale one is replaced, a missing one refused") {
  TempDir out;
  Publish(out.path, {{"p/a.html", "a"}, {"p/b.html", "b1"}});
  Publish(out.path, {{"p/a.html", "a"}, {"p/b.html", "b2"}});  // the kept b.html is the older file
  const ino_t a = Inode(out.path + "/public/p/a.html"), b = Inode(out.path + "/public/p/b.html");
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    CHECK(tree.Reuse("p/a.html"));
    CHECK(tree.Reuse("p/b.html"));
    CHECK(!tree.Reuse("p/none.html"));
    CHECK(tree.reused_count() == 2);
    CHECK(Inode(tree.staging_dir() + "/p/b.html") == b);
    REQUIRE(tree.Commit().ok());
  }
  CHECK(Inode(out.path + "/public/p/a.html") == a);
  CHECK(ReadWholeFile(out.path + "/public/p/b.html") == "b2");
  CHECK(Listing(out.path + "/public") == std::vector<std::string>{"p/", "p/a.html", "p/b.html"});
}

TEST_CASE("a kept tree's file where a folder is needed, and its folder where a file is, give way") {
  TempDir out;
  Publish(out.path, {{"x", "file"}, {"y/index.html", "page"}, {"y/deep/z.html", "z"}});
  Publish(out.path, {{"x", "file"}, {"y/index.html", "page"}, {"y/deep/z.html", "z"}});
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.reconciling());
    REQUIRE(tree.Write("x/index.html", "now a folder").ok());
    REQUIRE(tree.Write("y", "now a file").ok());
    // Within one build the conflict is still an error, as in a new tree.
    REQUIRE(tree.Write("w", "file").ok());
    CHECK(!tree.Write("w/index.html", "page").ok());
    REQUIRE(tree.Write("v/index.html", "page").ok());
    CHECK(!tree.Write("v", "file").ok());
    CHECK(ReadWholeFile(tree.staging_dir() + "/v/index.html") == "page");
    REQUIRE(tree.Commit().ok());
  }
  CHECK(ReadWholeFile(out.path + "/public/x/index.html") == "now a folder");
  CHECK(ReadWholeFile(out.path + "/public/y") == "now a file");
  CHECK(Listing(out.path + "/public") ==
        std::vector<std::string>{"v/", "v/index.html", "w", "x/", "x/index.html", "y"});
}

TEST_CASE("a symbolic link planted in a kept tree is never followed: the writes stay in the tree") {
  TempDir out, elsewhere;
  Publish(out.path, {{"index.html", "1"}, {"cases/a/index.html", "a"}, {"cases/b/index.html", "b"}});
  Publish(out.path, {{"index.html", "1"}, {"cases/a/index.html", "a"}, {"cases/b/index.html", "b"}});
  const std::string kept = out.path + "/.public.previous";
  REQUIRE(fs::is_directory(kept));
  // At the top level, one level down, and where a folder the build needs is missing.
  fs::remove_all(kept + "/cases/a");
  fs::create_directory_symlink(elsewhere.path, kept + "/cases/a");
  fs::create_directories(elsewhere.path + "/deep");
  fs::create_directory_symlink(elsewhere.path + "/deep", kept + "/new");
  // A killed run's staging "tree" that is only a link is not adopted.
  fs::create_directory_symlink(elsewhere.path, out.path + "/.public.staging-99997");
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.reconciling());
    REQUIRE(tree.Write("index.html", "2").ok());
    REQUIRE(tree.Write("cases/a/index.html", "a2").ok());
    REQUIRE(tree.Write("cases/a/more/page.html", "m").ok());
    REQUIRE(tree.Write("cases/b/index.html", "b").ok());
    REQUIRE(tree.Write("new/x/index.html", "x").ok());
    REQUIRE(tree.Commit().ok());
  }
  WaitForTreeRemovals();
  CHECK(Listing(elsewhere.path) == std::vector<std::string>{"deep/"});
  CHECK(Listing(out.path + "/public") ==
        std::vector<std::string>{"cases/", "cases/a/", "cases/a/index.html", "cases/a/more/",
                                 "cases/a/more/page.html", "cases/b/", "cases/b/index.html", "index.html",
                                 "new/", "new/x/", "new/x/index.html"});
  CHECK(!fs::is_symlink(out.path + "/public/cases/a"));
  CHECK(!fs::is_symlink(out.path + "/public/new"));
  CHECK(ReadWholeFile(out.path + "/public/cases/a/index.html") == "a2");
  CHECK(!fs::exists(fs::symlink_status(out.path + "/.public.staging-99997")));
  // With no kept tree, a killed run's staging tree would be adopted: not a link.
  fs::remove_all(out.path + "/.public.previous");
  fs::create_directory_symlink(elsewhere.path, out.path + "/.public.staging-99996");
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    CHECK(!tree.reconciling());
    REQUIRE(tree.Write("deep/index.html", "d").ok());
    REQUIRE(tree.Commit().ok());
  }
  WaitForTreeRemovals();
  CHECK(Listing(elsewhere.path) == std::vector<std::string>{"deep/"});
  CHECK(Listing(out.path + "/public") == std::vector<std::string>{"deep/", "deep/index.html"});
}

TEST_CASE("an aborted build removes a kept staging tree, and the next one starts from a new tree") {
  TempDir out;
  Publish(out.path, {{"index.html", "1"}});
  Publish(out.path, {{"index.html", "2"}});
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.reconciling());
    REQUIRE(tree.Write("leak.html", "Иванов Иван Иванович").ok());
    tree.Abort();
  }
  WaitForTreeRemovals();
  CHECK(Leftovers(out.path).empty());
  CHECK(ReadWholeFile(out.path + "/public/index.html") == "2");
  OutputTree tree(out.path, "public", kKeep);
  REQUIRE(tree.Begin().ok());
  CHECK(!tree.reconciling());
  CHECK(Listing(tree.staging_dir()).empty());
}

TEST_CASE("a killed run's staging tree is reconciled like a kept one; a tree without KeepPrevious is removed") {
  TempDir out;
  Publish(out.path, {{"index.html", "1"}});
  fs::create_directories(out.path + "/.public.staging-99998/stale");
  std::ofstream(out.path + "/.public.staging-99998/stale/page.html") << "stale";
  std::ofstream(out.path + "/.public.staging-99998/index.html") << "half";
  {
    OutputTree tree(out.path, "public", kKeep);
    REQUIRE(tree.Begin().ok());
    CHECK(tree.reconciling());
    REQUIRE(tree.Write("index.html", "1").ok());
    REQUIRE(tree.Commit().ok());
  }
  CHECK(Listing(out.path + "/public") == std::vector<std::string>{"index.html"});
  CHECK(ReadWholeFile(out.path + "/public/index.html") == "1");
  {
    OutputTree tree(out.path, "internal");  // KeepPrevious::kNo: personal data goes at once
    REQUIRE(tree.Begin().ok());
    REQUIRE(tree.Write("r.csv", "1").ok());
    REQUIRE(tree.Commit().ok());
  }
  {
    OutputTree tree(out.path, "internal");
    REQUIRE(tree.Begin().ok());
    CHECK(!tree.reconciling());
    REQUIRE(tree.Write("r.csv", "2").ok());
    REQUIRE(tree.Commit().ok());
  }
  WaitForTreeRemovals();
  for (const auto& name : Leftovers(out.path)) CHECK((name == "internal" || name.find("internal") == std::string::npos));
  CHECK(!fs::exists(out.path + "/.internal.previous"));
}

TEST_CASE("a tree that keeps nothing (serve) discards a kept tree, and shares no inode with it") {
  TempDir out;
  Publish(out.path, {{"index.html", "1"}});
  Publish(out.path, {{"index.html", "1"}});
  REQUIRE(fs::exists(out.path + "/.public.previous"));
  {
    OutputTree tree(out.path, "public");
    REQUIRE(tree.Begin().ok());
    CHECK(!tree.reconciling());
    REQUIRE(tree.Write("index.html", "1").ok());
    REQUIRE(tree.Commit().ok());
  }
  WaitForTreeRemovals();
  CHECK(Leftovers(out.path).empty());
  struct stat st {};
  REQUIRE(::stat((out.path + "/public/index.html").c_str(), &st) == 0);
  CHECK(st.st_nlink == 1);
}

TEST_CASE("files added to a kept staging tree after Prune() are published") {
  TempDir out;
  Publish(out.path, {{"index.html", "1"}, {"pagefind/old.js", "old"}});
  Publish(out.path, {{"index.html", "1"}, {"pagefind/old.js", "old"}});
  OutputTree tree(out.path, "public", kKeep);
  REQUIRE(tree.Begin().ok());
  REQUIRE(tree.Write("index.html", "1").ok());
  REQUIRE(tree.Prune().ok());
  CHECK(!fs::exists(tree.staging_dir() + "/pagefind"));  // the old index is gone before the tool runs
  fs::create_directories(tree.staging_dir() + "/pagefind");
  std::ofstream(tree.staging_dir() + "/pagefind/new.js") << "new";  // as Pagefind writes it
  REQUIRE(tree.Commit().ok());
  CHECK(Listing(out.path + "/public") == std::vector<std::string>{"index.html", "pagefind/", "pagefind/new.js"});
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
