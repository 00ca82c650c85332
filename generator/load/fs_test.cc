#include "load/fs.h"
#include "util/test_temp_dir.h"

#include <doctest/doctest.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "diag/diagnostic.h"

using namespace nastavnik;

namespace {

namespace stdfs = std::filesystem;

// Runs `fn` as a user whom permissions stop: tests run as root, whom they do
// not, so then `fn` runs in a child process as nobody (65534). `fn` must
// start no TBB work (the child has none of the parent's threads) and use no
// doctest macro; it returns whether its checks held.
bool AsUnprivileged(const std::function<bool()>& fn) {
  if (::geteuid() != 0) return fn();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const bool dropped = ::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 && ::setuid(65534) == 0;
    ::_exit(dropped && fn() ? 0 : 1);
  }
  int status = 0;
  return pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("DiskFileSystem lists every file below a folder, sorted, with links marked and not followed") {
  TempDir outside("fs-test");
  outside.Write("secret.csv", "Фамилия\n");
  TempDir site("fs-test");
  for (int org = 0; org < 5; ++org)
    for (int c = 0; c < 4; ++c)
      site.Write("content/cases/org-" + std::to_string(org) + "/c" + std::to_string(c) + "/index.md",
                 "---\ntitle: " + std::to_string(org * 10 + c) + "\n---\n");
  site.Write("content/pages/about.md", "О проекте");
  site.Write("content/cases/org-1/c1/plan.pdf", std::string(1000, 'x'));
  site.Write("data/x.csv", "a\n");
  stdfs::create_symlink(outside.dir() / "secret.csv", site.dir() / "content/cases/org-1/c1/leak.pdf");
  stdfs::create_symlink(site.dir() / "data/x.csv", site.dir() / "content/cases/org-1/c1/inside.pdf");
  stdfs::create_directory_symlink(outside.dir(), site.dir() / "content/linked-dir");

  auto fs = NewDiskFileSystem(site.path);
  auto files = fs->List("content");
  REQUIRE(files.size() == 20 + 1 + 1 + 3);
  for (size_t i = 1; i < files.size(); ++i) CHECK(files[i - 1].path < files[i].path);
  auto find = [&](const std::string& p) -> const FileEntry* {
    for (const auto& f : files)
      if (f.path == p) return &f;
    return nullptr;
  };
  const FileEntry* pdf = find("content/cases/org-1/c1/plan.pdf");
  REQUIRE(pdf);
  CHECK(pdf->size == 1000);
  CHECK_FALSE(pdf->symlink);
  const FileEntry* leak = find("content/cases/org-1/c1/leak.pdf");
  REQUIRE(leak);
  CHECK(leak->symlink);
  CHECK(leak->escapes_root);
  const FileEntry* inside = find("content/cases/org-1/c1/inside.pdf");
  REQUIRE(inside);
  CHECK(inside->symlink);
  CHECK_FALSE(inside->escapes_root);
  CHECK(inside->size == 2);
  // A linked folder is one entry, never walked into.
  const FileEntry* dir = find("content/linked-dir");
  REQUIRE(dir);
  CHECK(dir->symlink);
  CHECK(dir->escapes_root);
  CHECK_FALSE(find("content/linked-dir/secret.csv"));

  // Reading a listed file gives what Read gives; a link that leaves the root reads nothing.
  const FileEntry* md = find("content/cases/org-3/c2/index.md");
  REQUIRE(md);
  CHECK(fs->ReadListed(*md) == fs->Read(md->path));
  CHECK(*fs->ReadListed(*md) == "---\ntitle: 32\n---\n");
  CHECK_FALSE(fs->ReadListed(*leak).has_value());
  CHECK(fs->ReadListed(*inside) == std::optional<std::string>("a\n"));
  CHECK(fs->List("nothing").empty());
  CHECK(fs->List("../x").empty());
}

TEST_CASE("DiskFileSystem reads listed files of any size whole, in one read each, and lists a folder of many entries") {
  TempDir site("fs-test");
  const std::vector<size_t> sizes = {0, 1, 4095, 4096, 4097, 65536, 300000};
  for (size_t size : sizes) {
    std::string bytes(size, 'a');
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 26);
    site.Write("content/f" + std::to_string(size) + ".md", bytes);
  }
  // More names than one getdents64 buffer holds (32 KB): the walk reads on.
  for (int i = 0; i < 1500; ++i) site.Write("content/many/a-rather-long-file-name-" + std::to_string(i) + ".md", "x");
  auto fs = NewDiskFileSystem(site.path);
  for (size_t size : sizes) {
    auto bytes = fs->ReadListed(FileEntry{"content/f" + std::to_string(size) + ".md", 0, false, false});
    REQUIRE(bytes.has_value());
    REQUIRE(bytes->size() == size);
    for (size_t i = 0; i < size; i += 997) CHECK((*bytes)[i] == static_cast<char>('a' + i % 26));
  }
  CHECK(fs->List("content").size() == sizes.size() + 1500);
  CHECK(fs->List("content/many").size() == 1500);
  CHECK(fs->List("content/f1.md").empty());  // not a folder
  CHECK(fs->List("missing").empty());
}

TEST_CASE("DiskFileSystem lists every file of folders that fill one getdents64 buffer to its last record") {
  // 255-byte names: 280-byte records, 117 of which fill the walk's 32 KB
  // buffer. A folder of 100 to 130 of them ends just before, at or just
  // after a full buffer: a read that left no room for one more record is
  // not the end.
  TempDir site("fs-test");
  for (int count = 100; count <= 130; ++count) {
    for (int i = 0; i < count; ++i) {
      std::string name = std::to_string(i) + "-";
      name += std::string(255 - name.size(), 'x');
      site.Write("content/d" + std::to_string(count) + "/" + name, "x");
    }
  }
  auto fs = NewDiskFileSystem(site.path);
  size_t wrong = 0;
  for (int count = 100; count <= 130; ++count)
    wrong += fs->List("content/d" + std::to_string(count)).size() != static_cast<size_t>(count);
  CHECK(wrong == 0);
  size_t total = 0;
  for (int count = 100; count <= 130; ++count) total += static_cast<size_t>(count);
  CHECK(fs->List("content").size() == total);
}

TEST_CASE("DiskFileSystem reads a listed file whole with the walk's size, and as before when the file changed since") {
  TempDir site("fs-test");
  site.Write("content/a.md", "первый текст");
  site.Write("content/b.md", "второй");
  site.Write("content/c.md", "третий");
  auto fs = NewDiskFileSystem(site.path);
  auto files = fs->List("content");
  REQUIRE(files.size() == 3);
  CHECK(fs->ReadListed(files[0]) == std::optional<std::string>("первый текст"));
  site.Write("content/b.md", "второй, дописанный после обхода");  // grew
  CHECK(fs->ReadListed(files[1]) == std::optional<std::string>("второй, дописанный после обхода"));
  site.Write("content/c.md", "3");  // shrank
  CHECK(fs->ReadListed(files[2]) == std::optional<std::string>("3"));
  // A FIFO put in a file's place is refused, not waited on.
  stdfs::remove(site.dir() / "content/a.md");
  REQUIRE(::mkfifo((site.path + "/content/a.md").c_str(), 0644) == 0);
  CHECK_FALSE(fs->ReadListed(files[0]).has_value());
}

TEST_CASE("DiskFileSystem reports the folders it cannot list, and tells a missing file from an unreadable one") {
  TempDir site("fs-test");
  REQUIRE(::chmod(site.path.c_str(), 0755) == 0);  // mkdtemp's 0700 would stop the unprivileged user
  site.Write("content/index.md", "x");
  site.Write("content/locked/index.md", "y");
  site.Write("other/unlisted/index.md", "z");
  site.Write("data/secret.csv", "a\n");
  REQUIRE(::chmod((site.path + "/content/locked").c_str(), 0) == 0);
  REQUIRE(::chmod((site.path + "/data/secret.csv").c_str(), 0) == 0);
  auto fs = NewDiskFileSystem(site.path);
  // One folder below each listed one (the walk of a single folder starts no TBB task).
  CHECK(AsUnprivileged([&] {
    std::vector<std::string> unreadable{"stale"};
    auto files = fs->List("content", &unreadable);
    bool ok = files.size() == 1 && files[0].path == "content/index.md" &&
              unreadable == std::vector<std::string>{"content/locked"};
    // The folder itself, and a folder that can be entered but not listed.
    ok = ok && fs->List("content/locked", &unreadable).empty() &&
         unreadable == std::vector<std::string>{"content/locked"};
    ok = ok && ::chmod((site.path + "/content/locked").c_str(), 0) != 0;  // really unprivileged (or not root)
    return ok && !fs->Missing("data/secret.csv") && fs->Missing("data/none.csv") && !fs->Read("data/secret.csv");
  }));
  REQUIRE(::chmod((site.path + "/other/unlisted").c_str(), 0311) == 0);
  CHECK(AsUnprivileged([&] {
    std::vector<std::string> unreadable;
    auto files = fs->List("other/unlisted", &unreadable);
    return files.empty() && unreadable == std::vector<std::string>{"other/unlisted"};
  }));
  // A missing folder is nothing to list, not an unreadable one.
  std::vector<std::string> unreadable{"stale"};
  CHECK(fs->List("missing", &unreadable).empty());
  CHECK(unreadable.empty());
  // Reported as E001 on the folder.
  Diagnostics diags;
  ReportUnreadableFolders({"content/locked"}, diags);
  auto sorted = diags.Sorted();
  REQUIRE(sorted.size() == 1);
  CHECK(sorted[0].pos.path == "content/locked");
  CHECK(sorted[0].code == "E001");
  REQUIRE(::chmod((site.path + "/content/locked").c_str(), 0755) == 0);  // so that TempDir can remove it
  REQUIRE(::chmod((site.path + "/other/unlisted").c_str(), 0755) == 0);
}

TEST_CASE("IsSafeRelativePath refuses absolute paths, backslashes, NULs and any '..' component") {
  for (const char* ok : {"a", "a/b/index.html", "a//b", "..a/b", "a/b..", "a/.../b", ".nastavnik", "a/./b"})
    CHECK_MESSAGE(IsSafeRelativePath(ok), ok);
  for (const char* bad : {"", "/a", "..", "../a", "a/..", "a/../b", "a\\b", "a/b/.."})
    CHECK_FALSE_MESSAGE(IsSafeRelativePath(bad), bad);
  CHECK_FALSE(IsSafeRelativePath(std::string("a\0b", 3)));
}
