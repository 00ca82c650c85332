#pragma once
// Files of the published tree rewritten in place while a server in the same
// process reads them (`serve`): a quick rebuild's pages and artifacts.
//
// A page is rewritten over its own inode (pwrite from offset 0, then
// ftruncate to the new size), not through a temporary file and a rename: on
// ext4 each new inode after many deletions scans for recently deleted ones,
// and a rename over an existing file starts the file's writeback at once
// (auto_da_alloc), ≈ 1–3 ms a page against ≈ 0.1 ms in place. A reader never
// sees a page half written because every reader and writer of the tree in
// the process goes through this class: a writer holds the file's lock
// exclusively, a reader shared (one of 64 stripes, by the path's hash). A
// file whose inode is shared with another tree (a hard link kept by
// OutputTree::Reuse, nlink > 1) is replaced through a temporary file and a
// rename instead, so that the other tree keeps its bytes.
//
// Readers outside the process may see a page while it is written; `serve`'s
// tree is read by its own HTTP server. A write that fails half-way leaves the
// file changed (its mtime too, so the next build's page cache rewrites it).
#include <array>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace nastavnik {

class PublishedFiles {
 public:
  explicit PublishedFiles(std::string dir) : dir_(std::move(dir)) {}
  PublishedFiles(const PublishedFiles&) = delete;
  PublishedFiles& operator=(const PublishedFiles&) = delete;

  // `rel`: a file of the tree ("cases/x/index.html"). False on any failure.
  bool Write(const std::string& rel, std::string_view bytes);
  // The file's bytes, never a half-written state; nullopt when it cannot be
  // read. `path`: where to read it (the resolved path of `rel`).
  std::optional<std::string> Read(const std::string& rel, const std::string& path);

  const std::string& dir() const { return dir_; }

 private:
  std::shared_mutex& LockOf(std::string_view rel);

  std::string dir_;
  std::array<std::shared_mutex, 64> locks_;
};

// `bytes` to `path` through a temporary file in the same folder and a
// rename: any reader sees the old file or the new one.
bool WriteReplacing(const std::string& path, std::string_view bytes);

}  // namespace nastavnik
