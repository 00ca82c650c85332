#pragma once
// Atomic publication of a directory tree.
//
// A build writes into a fresh staging directory beside the target
// (<out>/.<name>.staging-<pid>) and only Commit() puts it in place, with one
// renameat2(RENAME_EXCHANGE): readers see either the whole old tree or the
// whole new one. A failed build calls Abort() (or just destroys the object)
// and the previous tree stays exactly as it was.
//
// A file whose bytes equal the previous tree's copy is hard-linked from it
// instead of rewritten, so unchanged outputs keep their inode and mtime (what
// a web server's cache and `serve`'s change detection look at).
//
// Files are created relative to an open descriptor of the staging folder
// (openat, mkdirat, linkat): one mkdir per new folder, and open, one write,
// close per file. The previous tree is looked at only when there is one.
//
// Thread safety: Write() and Copy() may be called from several threads.
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace nastavnik {

// A file's size and modification time as fstat gives them once its bytes are
// in: what the page record keeps (pipeline/page_cache.h). -1: unknown.
struct FileStamp {
  long long size = -1;
  long long mtime_ns = -1;
};

class OutputTree {
 public:
  // REQUIRES: `out_dir` is creatable. `name` is "public" or "internal".
  OutputTree(std::string out_dir, std::string name);
  ~OutputTree();
  OutputTree(const OutputTree&) = delete;
  OutputTree& operator=(const OutputTree&) = delete;

  // Creates the staging directory (removing a stale one from a crashed run).
  Status Begin();
  // Called with the path and bytes of every file Write() (and Copy()) puts in
  // the tree, and of every reserved file at AdoptWritten(), from the writing
  // thread: the privacy guard scans them there instead of reading the tree
  // back. Not called for Reuse(), nor for a reserved file never adopted.
  // Set before the first write.
  using WriteObserver = std::function<void(const std::string& rel_path, std::string_view bytes)>;
  void SetWriteObserver(WriteObserver observer) { observer_ = std::move(observer); }
  // Writes `bytes` to `rel_path` (a '/'-separated path inside the tree).
  // With `stamp`, also gives the file's stamp, from its open descriptor (no
  // path looked up again).
  Status Write(const std::string& rel_path, std::string_view bytes, FileStamp* stamp = nullptr);
  // Hard-links the previous tree's `rel_path` into the staging tree without
  // reading it: for outputs known to be unchanged (incremental builds).
  // Returns false when there is no such file; nothing is written then.
  bool Reuse(const std::string& rel_path);
  // Copies a file from outside the tree (a theme asset, an attachment).
  Status Copy(const std::string& source_abs, const std::string& rel_path);
  // For writers that need a file path rather than bytes (libxlsxwriter):
  // registers `rel_path`, creates its folder and returns the full staging
  // path to write. Call AdoptWritten() once the file is complete.
  Status Reserve(const std::string& rel_path, std::string* full_path);
  // Replaces a reserved file with a hard link to the previous output's copy
  // when the bytes are identical (so it counts as not rewritten).
  Status AdoptWritten(const std::string& rel_path);
  // Puts the staging tree in place of <out>/<name>. The previous tree is
  // renamed to <out>/.<name>.trash-<pid> and removed in the background
  // (publish/tree_remover.h): the new tree is already published by then.
  // Whoever exits must WaitForTreeRemovals() first. Begin() removes any trash
  // a previous, killed run left.
  Status Commit();
  // Removes the staging tree; the published tree is untouched.
  void Abort();

  const std::string& staging_dir() const { return staging_; }
  std::string target_dir() const { return out_dir_ + "/" + name_; }
  // Every path written so far, sorted.
  std::vector<std::string> written() const;
  // How many writes were satisfied by linking the previous, identical file.
  size_t reused_count() const { return reused_; }

 private:
  Status PrepareParent(const std::string& full);
  // Creates folder `dir` (tree-relative) and its missing parents.
  Status MakeDirs(const std::string& dir);
  // True when the previous tree holds `rel_path` with exactly `bytes`; then
  // `stamp` (when given) is that file's.
  bool SameAsPrevious(const std::string& rel_path, std::string_view bytes, FileStamp* stamp = nullptr) const;
  void CloseDirs();

  std::string out_dir_;
  std::string name_;
  WriteObserver observer_;
  std::string staging_;
  int staging_fd_ = -1;
  int previous_fd_ = -1;  // the published tree at Begin(), or -1: none
  bool begun_ = false;
  bool committed_ = false;
  mutable std::mutex mu_;
  std::set<std::string> written_;
  std::set<std::string> made_dirs_;
  size_t reused_ = 0;
};

}  // namespace nastavnik
