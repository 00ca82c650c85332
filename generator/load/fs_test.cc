#include "load/fs.h"
#include "util/test_temp_dir.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace nastavnik;

namespace {

namespace stdfs = std::filesystem;

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

TEST_CASE("IsSafeRelativePath refuses absolute paths, backslashes, NULs and any '..' component") {
  for (const char* ok : {"a", "a/b/index.html", "a//b", "..a/b", "a/b..", "a/.../b", ".nastavnik", "a/./b"})
    CHECK_MESSAGE(IsSafeRelativePath(ok), ok);
  for (const char* bad : {"", "/a", "..", "../a", "a/..", "a/../b", "a\\b", "a/b/.."})
    CHECK_FALSE_MESSAGE(IsSafeRelativePath(bad), bad);
  CHECK_FALSE(IsSafeRelativePath(std::string("a\0b", 3)));
}
