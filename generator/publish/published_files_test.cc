#include "publish/published_files.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "util/test_temp_dir.h"

namespace nastavnik {

TEST_CASE("PublishedFiles: rewritten in place, longer and shorter, new files created") {
  TempDir dir("published");
  dir.Write("a/index.html", "old old old old");
  PublishedFiles files(dir.path);
  struct stat before, after;
  REQUIRE(::stat((dir.path + "/a/index.html").c_str(), &before) == 0);
  CHECK(files.Write("a/index.html", "new"));
  CHECK(ReadWholeFile(dir.path + "/a/index.html") == "new");
  CHECK(files.Write("a/index.html", "a longer page than before"));
  CHECK(ReadWholeFile(dir.path + "/a/index.html") == "a longer page than before");
  REQUIRE(::stat((dir.path + "/a/index.html").c_str(), &after) == 0);
  CHECK(after.st_ino == before.st_ino);  // the same file: no new inode, no rename
  CHECK(files.Write("a/new.html", "fresh"));
  CHECK(ReadWholeFile(dir.path + "/a/new.html") == "fresh");
  CHECK(files.Read("a/new.html", dir.path + "/a/new.html") == std::optional<std::string>("fresh"));
  CHECK_FALSE(files.Read("missing.html", dir.path + "/missing.html").has_value());
  CHECK_FALSE(files.Write("no/such/folder.html", "x"));
}

TEST_CASE("PublishedFiles: a file hard-linked from another tree is replaced, the other tree keeps its bytes") {
  TempDir dir("published");
  dir.Write("public/p.html", "shared");
  REQUIRE(::link((dir.path + "/public/p.html").c_str(), (dir.path + "/previous.html").c_str()) == 0);
  PublishedFiles files(dir.path + "/public");
  CHECK(files.Write("p.html", "mine"));
  CHECK(ReadWholeFile(dir.path + "/public/p.html") == "mine");
  CHECK(ReadWholeFile(dir.path + "/previous.html") == "shared");
  struct stat st;
  REQUIRE(::stat((dir.path + "/public/p.html").c_str(), &st) == 0);
  CHECK(st.st_nlink == 1);
  for (const auto& e : std::filesystem::directory_iterator(dir.path + "/public"))
    CHECK(e.path().filename() == "p.html");  // no temporary file left
}

TEST_CASE("PublishedFiles: a reader never sees a page half written") {
  TempDir dir("published");
  const std::string small(1000, 's'), large(300000, 'L');
  dir.Write("p.html", small);
  PublishedFiles files(dir.path);
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0}, reads{0};
  std::thread reader([&] {
    while (!stop) {
      auto bytes = files.Read("p.html", dir.path + "/p.html");
      if (!bytes || (*bytes != small && *bytes != large)) ++bad;
      ++reads;
    }
  });
  for (int i = 0; i < 200; ++i) REQUIRE(files.Write("p.html", i % 2 ? small : large));
  while (reads < 50) std::this_thread::yield();
  stop = true;
  reader.join();
  CHECK(bad == 0);
}

TEST_CASE("WriteReplacing: the new bytes, through a rename") {
  TempDir dir("published");
  dir.Write("f.txt", "before");
  CHECK(WriteReplacing(dir.path + "/f.txt", "after"));
  CHECK(ReadWholeFile(dir.path + "/f.txt") == "after");
  CHECK_FALSE(WriteReplacing(dir.path + "/missing/f.txt", "x"));
}

}  // namespace nastavnik
