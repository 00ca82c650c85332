#pragma once
// The file system as the loader sees it: a site root and paths relative to it
// with '/' separators. Tests use MemoryFileSystem; the CLI uses DiskFileSystem.
//
// Every path a caller passes is relative to the root. Paths that would leave
// the root ("..", absolute paths, or symlinks pointing outside) are refused:
// content comes from pull requests and must not read the builder's files.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nastavnik {

class Diagnostics;

struct FileEntry {
  std::string path;  // relative to the root, '/' separators
  uint64_t size = 0;
  bool symlink = false;       // the entry itself is a symbolic link
  bool escapes_root = false;  // it resolves to somewhere outside the root
};

// A file read piece by piece (FileSystem::Open), so that a registry of a
// million rows is never held whole. Not thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `n` bytes into `buf`; 0 at the end of the file (or on a read error).
  virtual size_t Read(char* buf, size_t n) = 0;
  // Back to the first byte; false when the file cannot be read again.
  virtual bool Rewind() = 0;
};

// Bytes held in memory as a ByteSource (tests, small files).
class MemoryByteSource : public ByteSource {
 public:
  explicit MemoryByteSource(std::string bytes) : owned_(std::move(bytes)), bytes_(owned_) {}
  // REQUIRES: `bytes` outlives the source.
  static std::unique_ptr<MemoryByteSource> View(std::string_view bytes) {
    auto s = std::make_unique<MemoryByteSource>(std::string());
    s->bytes_ = bytes;
    return s;
  }
  size_t Read(char* buf, size_t n) override;
  bool Rewind() override {
    pos_ = 0;
    return true;
  }

 private:
  std::string owned_;
  std::string_view bytes_;
  size_t pos_ = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Reads a whole file; nullopt when it is missing, unreadable or outside the root.
  virtual std::optional<std::string> Read(const std::string& path) const = 0;
  // Regular files (and symlinks) below `dir`, recursively, sorted by path.
  // A folder below `dir` (or `dir` itself) that exists but cannot be listed
  // (no permission to read or enter it, an I/O error) goes to *unreadable
  // (when given; sorted): the files in it are missing from the list, and a
  // build must say so rather than publish a site without them. A missing
  // `dir` is an empty list, not an unreadable folder.
  virtual std::vector<FileEntry> List(const std::string& dir,
                                      std::vector<std::string>* unreadable = nullptr) const = 0;
  virtual std::optional<FileEntry> Stat(const std::string& path) const = 0;
  // Reads a file as List() returned it. An entry that is not a symbolic link
  // was found by a walk that follows no link, so it lies inside the root and
  // is read without resolving its path again; a link is resolved as by Read().
  virtual std::optional<std::string> ReadListed(const FileEntry& entry) const { return Read(entry.path); }
  // Opens a file to read it piece by piece; null when Read() would give
  // nullopt. The default holds the file as Read() gives it.
  virtual std::unique_ptr<ByteSource> Open(const std::string& path) const;
  // True when nothing is at `path`, as opposed to something that cannot be
  // read (no permission, a link out of the root): a missing file may be
  // optional, an unreadable one is an error.
  virtual bool Missing(const std::string& path) const { return !Stat(path); }
  // The root as an absolute path when there is one (empty for memory).
  virtual std::string root() const = 0;
};

// REQUIRES: `root` exists. The root is made absolute and canonical once.
std::unique_ptr<FileSystem> NewDiskFileSystem(const std::string& root);

class MemoryFileSystem : public FileSystem {
 public:
  void Add(std::string path, std::string content) { files_[std::move(path)] = std::move(content); }
  std::optional<std::string> Read(const std::string& path) const override;
  std::vector<FileEntry> List(const std::string& dir, std::vector<std::string>* unreadable = nullptr) const override;
  std::optional<FileEntry> Stat(const std::string& path) const override;
  std::string root() const override { return {}; }

 private:
  std::map<std::string, std::string> files_;
};

// E001 on a file that could not be read (FileSystem::Read gave nullopt).
void ReportUnreadableFile(const std::string& path, Diagnostics& diags);
// E001 on each folder List() could not list: the files in it would be
// missing from the site without a word.
void ReportUnreadableFolders(const std::vector<std::string>& folders, Diagnostics& diags);
// fs.List(dir), reporting the folders it could not list.
std::vector<FileEntry> ListReporting(const FileSystem& fs, const std::string& dir, Diagnostics& diags);

// True when a relative path stays inside its root lexically: not absolute,
// no ".." component, no empty or "." component games, no backslashes.
bool IsSafeRelativePath(const std::string& path);

// Joins a directory ("content/cases/sch-1/x") and a relative reference
// ("plan.pdf", "../y/index.md") lexically; nullopt when it climbs above "".
std::optional<std::string> JoinRelative(const std::string& dir, const std::string& ref);

}  // namespace nastavnik
