#pragma once
// Atomic publication of a directory tree.
//
// A build writes into a staging directory beside the target
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
// A tree made with KeepPrevious::kYes (`build`'s public one) does not delete
// the tree it replaces: Commit() keeps it as <out>/.<name>.previous and the
// next Begin() takes it as its staging tree (one made with kNo removes it). On ext4 without a journal, creating
// thousands of folders and inodes right after deleting as many is quadratic
// (the allocator skips every inode freed in the last minute) and freeing
// their blocks issues synchronous discards; reconciling the kept tree costs
// neither. Its entries are never written through: an unchanged file there is
// a hard link shared with the published tree, so every write first unlinks
// the staging entry and creates a new inode (O_EXCL), and a file equal to the
// published one is linked from it unless the staging entry already is that
// inode. Prune() (or Commit()) then removes every file and folder this build
// did not write, so the published tree is exactly what a build into an empty
// folder gives. Abort() still deletes the staging tree: a failed build may
// have left a page the privacy guard refused in it.
//
// Thread safety: Write(), Copy(), Reuse() and Reserve() may be called from
// several threads.
#include <sys/stat.h>

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
  enum class KeepPrevious { kNo, kYes };
  // REQUIRES: `out_dir` is creatable. `name` is "public" or "internal".
  // kYes: the replaced tree is kept to stage the next build in (see above).
  OutputTree(std::string out_dir, std::string name, KeepPrevious keep = KeepPrevious::kNo);
  ~OutputTree();
  OutputTree(const OutputTree&) = delete;
  OutputTree& operator=(const OutputTree&) = delete;

  // Creates the staging directory, or with KeepPrevious::kYes takes the kept
  // previous tree (or a staging tree a killed run left) as it; removes other
  // leftovers of killed runs.
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
  // Takes back a Reuse() that succeeded: the staged link is removed and the
  // path may be written again (a caller that reuses a set of files all or
  // none, and found one it could not reuse).
  void Withdraw(const std::string& rel_path);
  // Copies a file from outside the tree (a theme asset, an attachment).
  Status Copy(const std::string& source_abs, const std::string& rel_path);
  // For writers that need a file path rather than bytes (libxlsxwriter):
  // registers `rel_path`, creates its folder, removes whatever a kept tree
  // has at that path (fopen("wb") would truncate a shared inode) and returns
  // the full staging path to write. Call AdoptWritten() once the file is
  // complete.
  Status Reserve(const std::string& rel_path, std::string* full_path);
  // Replaces a reserved file with a hard link to the previous output's copy
  // when the bytes are identical (so it counts as not rewritten).
  Status AdoptWritten(const std::string& rel_path);
  // Removes from the staging tree every file and folder not written (or
  // reserved, or reused) by this build: what a kept tree held from an older
  // build. Call it before a tool outside the tree (Pagefind) reads or writes
  // the staging tree; whatever is added afterwards is published as it is.
  // Commit() prunes when it was not called. A new, empty staging tree has
  // nothing to prune.
  Status Prune();
  // Puts the staging tree in place of <out>/<name>. The previous tree is kept
  // as <out>/.<name>.previous (KeepPrevious::kYes) or renamed to
  // <out>/.<name>.trash-<pid> and removed in the background
  // (publish/tree_remover.h): the new tree is already published by then.
  // Whoever exits must WaitForTreeRemovals() first. Begin() removes any trash
  // a previous, killed run left.
  Status Commit();
  // Removes the staging tree (a kept one too); the published tree is
  // untouched.
  void Abort();

  const std::string& staging_dir() const { return staging_; }
  std::string target_dir() const { return out_dir_ + "/" + name_; }
  // Every path written so far, sorted.
  std::vector<std::string> written() const;
  // How many writes were satisfied by linking the previous, identical file
  // (or by finding the kept staging entry already linked to it).
  size_t reused_count() const { return reused_; }
  // True when Begin() took a kept tree as the staging tree.
  bool reconciling() const { return reconciling_; }

 private:
  Status PrepareParent(const std::string& full);
  // Creates folder `dir` (tree-relative) and its missing parents. In a kept
  // tree, only records them as needed: most exist already, and a missing one
  // is made when a file cannot be created for want of it (MakeDirsOnDisk).
  Status MakeDirs(const std::string& dir);
  // Kept tree: makes every missing folder of `dir`, removing a file that
  // stands where a folder must be.
  Status MakeDirsOnDisk(const std::string& dir);
  // Kept tree: unlinks the staging entry at `rel_path` (a shared inode keeps
  // its other names), or removes a folder standing there. ENOENT is fine.
  Status ClearEntry(const std::string& rel_path);
  // Runs `create` (an *at call that makes `rel_path` in the staging tree and
  // returns 0 or -1 with errno); in a kept tree, once more after making the
  // missing folders when it failed with ENOENT or ENOTDIR.
  template <typename Create>
  int CreateEntry(const std::string& rel_path, Create create);
  // Kept tree: true when the staging entry at `rel_path` is the inode `st`.
  bool StagedIs(const std::string& rel_path, const struct stat& st) const;
  Status PruneFolder(int dir_fd, const std::string& prefix);
  // True when the previous tree holds `rel_path` with exactly `bytes`; then
  // `stamp` (when given) is that file's.
  // `previous_st` (when given) gets the previous file's stat.
  bool SameAsPrevious(const std::string& rel_path, std::string_view bytes, FileStamp* stamp = nullptr,
                      struct stat* previous_st = nullptr) const;
  void CloseDirs();

  std::string out_dir_;
  std::string name_;
  KeepPrevious keep_;
  WriteObserver observer_;
  std::string staging_;
  int staging_fd_ = -1;
  int previous_fd_ = -1;  // the published tree at Begin(), or -1: none
  bool begun_ = false;
  bool committed_ = false;
  bool reconciling_ = false;  // the staging tree is a kept one, not new
  bool pruned_ = false;
  mutable std::mutex mu_;
  std::set<std::string> written_;
  std::set<std::string> made_dirs_;  // every folder of the tree (kept tree: needed)
  size_t reused_ = 0;
};

}  // namespace nastavnik
