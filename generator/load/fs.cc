#include "load/fs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "util/strings.h"

namespace nastavnik {

namespace stdfs = std::filesystem;

bool IsSafeRelativePath(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find('\\') != std::string::npos) return false;
  if (path.find('\0') != std::string::npos) return false;
  for (const auto& part : Split(path, '/')) {
    if (part == "..") return false;
  }
  return true;
}

std::optional<std::string> JoinRelative(const std::string& dir, const std::string& ref) {
  if (ref.empty() || ref[0] == '/' || ref.find('\\') != std::string::npos) return std::nullopt;
  std::vector<std::string> parts;
  for (const auto& p : Split(dir, '/'))
    if (!p.empty() && p != ".") parts.push_back(p);
  for (const auto& p : Split(ref, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else {
      parts.push_back(p);
    }
  }
  return Join(parts, "/");
}

namespace {

class DiskFileSystem : public FileSystem {
 public:
  explicit DiskFileSystem(const std::string& root) {
    std::error_code ec;
    root_ = stdfs::weakly_canonical(stdfs::absolute(root, ec), ec);
  }

  std::optional<std::string> Read(const std::string& path) const override {
    auto full = Resolve(path);
    if (!full) return std::nullopt;
    std::ifstream in(*full, std::ios::binary);
    if (!in) return std::nullopt;
    // One allocation of the file's size, no stream buffer growing by copies:
    // a registry may be 180 MB.
    std::error_code ec;
    const auto size = stdfs::file_size(*full, ec);
    std::string out;
    if (!ec) {
      out.resize(static_cast<size_t>(size));
      in.read(out.data(), static_cast<std::streamsize>(out.size()));
      out.resize(static_cast<size_t>(in.gcount()));
      if (in.gcount() < static_cast<std::streamsize>(size)) return out;  // shrank while read
      if (in.peek() == std::char_traits<char>::eof()) return out;
    }
    // Grew while read, or not a regular file: the rest as a stream.
    std::ostringstream ss;
    ss << in.rdbuf();
    out += ss.str();
    return out;
  }

  std::vector<FileEntry> List(const std::string& dir) const override {
    std::vector<FileEntry> out;
    if (!dir.empty() && !IsSafeRelativePath(dir)) return out;
    std::error_code ec;
    stdfs::path base = dir.empty() ? root_ : root_ / dir;
    if (!stdfs::is_directory(base, ec)) return out;
    // Symlinked directories are not followed: a link may lead anywhere.
    for (auto it = stdfs::recursive_directory_iterator(base, ec);
         !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
      const auto& entry = *it;
      bool is_link = entry.is_symlink(ec);
      if (!is_link && !entry.is_regular_file(ec)) continue;
      FileEntry fe;
      // Lexically: stdfs::relative would resolve a symlink to its target and
      // report "../../etc/x" instead of the link's own path.
      fe.path = entry.path().lexically_relative(root_).generic_string();
      fe.symlink = is_link;
      if (is_link) {
        auto target = Resolve(fe.path);
        fe.escapes_root = !target.has_value();
        if (target) fe.size = stdfs::file_size(*target, ec);
        if (ec) ec.clear();
      } else {
        fe.size = entry.file_size(ec);
      }
      out.push_back(std::move(fe));
    }
    std::sort(out.begin(), out.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    return out;
  }

  std::optional<FileEntry> Stat(const std::string& path) const override {
    if (!IsSafeRelativePath(path)) return std::nullopt;
    std::error_code ec;
    stdfs::path p = root_ / path;
    auto st = stdfs::symlink_status(p, ec);
    if (ec || !stdfs::exists(st)) return std::nullopt;
    FileEntry fe;
    fe.path = path;
    fe.symlink = stdfs::is_symlink(st);
    auto target = Resolve(path);
    fe.escapes_root = !target.has_value();
    if (target && stdfs::is_regular_file(*target, ec)) fe.size = stdfs::file_size(*target, ec);
    return fe;
  }

  std::string root() const override { return root_.string(); }

 private:
  // The canonical absolute path when `path` resolves inside the root.
  std::optional<stdfs::path> Resolve(const std::string& path) const {
    if (!IsSafeRelativePath(path)) return std::nullopt;
    std::error_code ec;
    stdfs::path full = stdfs::canonical(root_ / path, ec);
    if (ec) return std::nullopt;
    auto rel = full.lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..") return std::nullopt;
    return full;
  }

  stdfs::path root_;
};

}  // namespace

std::unique_ptr<FileSystem> NewDiskFileSystem(const std::string& root) {
  return std::make_unique<DiskFileSystem>(root);
}

std::optional<std::string> MemoryFileSystem::Read(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

std::vector<FileEntry> MemoryFileSystem::List(const std::string& dir) const {
  std::vector<FileEntry> out;
  std::string prefix = dir.empty() ? "" : dir + "/";
  for (const auto& [path, content] : files_) {
    if (StartsWith(path, prefix)) out.push_back(FileEntry{path, content.size(), false, false});
  }
  return out;
}

std::optional<FileEntry> MemoryFileSystem::Stat(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return FileEntry{path, it->second.size(), false, false};
}

}  // namespace nastavnik
