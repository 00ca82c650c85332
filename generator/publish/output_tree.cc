#include "publish/output_tree.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "load/fs.h"
#include "publish/tree_remover.h"

namespace nastavnik {

namespace stdfs = std::filesystem;

namespace {

bool SameContent(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  auto size = stdfs::file_size(path, ec);
  if (ec || size != bytes.size()) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string buf(bytes.size(), '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  return in.gcount() == static_cast<std::streamsize>(bytes.size()) && buf == bytes;
}

std::string ErrnoText() { return std::strerror(errno); }

}  // namespace

OutputTree::OutputTree(std::string out_dir, std::string name)
    : out_dir_(std::move(out_dir)), name_(std::move(name)) {
  staging_ = out_dir_ + "/." + name_ + ".staging-" + std::to_string(::getpid());
}

OutputTree::~OutputTree() {
  if (begun_ && !committed_) Abort();
}

Status OutputTree::Begin() {
  std::error_code ec;
  stdfs::create_directories(out_dir_, ec);
  if (ec) return Status::Error("не удалось создать папку " + out_dir_ + ": " + ec.message());
  // Staging trees left by crashed runs (any pid) are garbage.
  for (auto& entry : stdfs::directory_iterator(out_dir_, ec)) {
    std::string fname = entry.path().filename().string();
    if (fname.rfind("." + name_ + ".staging-", 0) == 0 || fname.rfind("." + name_ + ".trash-", 0) == 0 ||
        fname == "." + name_ + ".old") {
      // A removal started by an earlier rebuild of this `serve` session may
      // still be deleting the same tree: retry until it is gone, whoever
      // removed which file.
      for (int attempt = 0; attempt < 5 && stdfs::exists(entry.path(), ec); ++attempt)
        stdfs::remove_all(entry.path(), ec);
    }
  }
  stdfs::create_directories(staging_, ec);
  if (ec) return Status::Error("не удалось создать папку " + staging_ + ": " + ec.message());
  begun_ = true;
  return Status::Ok();
}

Status OutputTree::PrepareParent(const std::string& rel_path) {
  if (!IsSafeRelativePath(rel_path))
    return Status::Error("недопустимый путь в результате сборки: " + rel_path);
  std::string parent = rel_path.substr(0, rel_path.rfind('/') == std::string::npos ? 0 : rel_path.rfind('/'));
  std::lock_guard<std::mutex> lock(mu_);
  if (!written_.insert(rel_path).second)
    return Status::Error("файл " + rel_path + " записывается дважды: два материала с одним адресом");
  if (!parent.empty() && !made_dirs_.count(parent)) {
    std::error_code ec;
    stdfs::create_directories(staging_ + "/" + parent, ec);
    if (ec) return Status::Error("не удалось создать папку " + parent + ": " + ec.message());
    made_dirs_.insert(parent);
  }
  return Status::Ok();
}

Status OutputTree::Write(const std::string& rel_path, std::string_view bytes) {
  Status st = PrepareParent(rel_path);
  if (!st.ok()) return st;
  std::string full = staging_ + "/" + rel_path;
  std::string previous = target_dir() + "/" + rel_path;
  if (SameContent(previous, bytes) && ::link(previous.c_str(), full.c_str()) == 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++reused_;
    }
    if (observer_) observer_(rel_path, bytes);
    return Status::Ok();
  }
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Error("не удалось записать " + rel_path + ": " + ErrnoText());
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::Error("не удалось записать " + rel_path + ": " + ErrnoText());
  if (observer_) observer_(rel_path, bytes);
  return Status::Ok();
}

bool OutputTree::Reuse(const std::string& rel_path) {
  if (!PrepareParent(rel_path).ok()) return false;
  std::string full = staging_ + "/" + rel_path;
  std::string previous = target_dir() + "/" + rel_path;
  if (::link(previous.c_str(), full.c_str()) != 0) {
    std::lock_guard<std::mutex> lock(mu_);
    written_.erase(rel_path);  // the caller writes it instead
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++reused_;
  return true;
}

Status OutputTree::Reserve(const std::string& rel_path, std::string* full_path) {
  Status st = PrepareParent(rel_path);
  if (!st.ok()) return st;
  *full_path = staging_ + "/" + rel_path;
  return Status::Ok();
}

Status OutputTree::AdoptWritten(const std::string& rel_path) {
  std::string full = staging_ + "/" + rel_path;
  std::string previous = target_dir() + "/" + rel_path;
  if (observer_) {
    // The observer (the privacy guard) reads the bytes anyway: public files.
    std::ifstream in(full, std::ios::binary);
    if (!in) return Status::Error("файл " + rel_path + " не записан");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    observer_(rel_path, bytes);
    if (!SameContent(previous, bytes)) return Status::Ok();
  } else {
    // Compared in blocks, never held: an internal registry export may be
    // hundreds of megabytes.
    std::error_code ec;
    const auto size = stdfs::file_size(full, ec);
    if (ec) return Status::Error("файл " + rel_path + " не записан");
    const auto previous_size = stdfs::file_size(previous, ec);
    if (ec || previous_size != size) return Status::Ok();
    std::ifstream a(full, std::ios::binary), b(previous, std::ios::binary);
    if (!a) return Status::Error("файл " + rel_path + " не записан");
    if (!b) return Status::Ok();
    std::vector<char> x(1 << 16), y(1 << 16);
    for (uintmax_t left = size; left > 0;) {
      const auto n = static_cast<std::streamsize>(std::min<uintmax_t>(left, x.size()));
      a.read(x.data(), n);
      b.read(y.data(), n);
      if (a.gcount() != n || b.gcount() != n || std::memcmp(x.data(), y.data(), static_cast<size_t>(n)) != 0)
        return Status::Ok();
      left -= static_cast<uintmax_t>(n);
    }
  }
  std::string tmp = full + ".link";
  if (::link(previous.c_str(), tmp.c_str()) == 0 && ::rename(tmp.c_str(), full.c_str()) == 0) {
    std::lock_guard<std::mutex> lock(mu_);
    ++reused_;
  }
  return Status::Ok();
}

Status OutputTree::Copy(const std::string& source_abs, const std::string& rel_path) {
  std::ifstream in(source_abs, std::ios::binary);
  if (!in) return Status::Error("не удалось прочитать " + source_abs);
  std::ostringstream ss;
  ss << in.rdbuf();
  return Write(rel_path, ss.str());
}

Status OutputTree::Commit() {
  if (!begun_ || committed_) return Status::Error("внутренняя ошибка: публикация без подготовки");
  std::string target = target_dir();
  std::error_code ec;
  if (stdfs::exists(target, ec)) {
    // RENAME_EXCHANGE swaps both names in one step: there is no moment at
    // which <out>/<name> is missing or half-written.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
      return Status::Error("не удалось заменить " + target + ": " + ErrnoText());
    committed_ = true;
    // staging_ now holds the previous tree.
    std::string trash = out_dir_ + "/." + name_ + ".trash-" + std::to_string(::getpid());
    if (::rename(staging_.c_str(), trash.c_str()) == 0) RemoveTreeInBackground(trash);
    else stdfs::remove_all(staging_, ec);
  } else {
    if (::rename(staging_.c_str(), target.c_str()) != 0)
      return Status::Error("не удалось создать " + target + ": " + ErrnoText());
    committed_ = true;
  }
  return Status::Ok();
}

void OutputTree::Abort() {
  std::error_code ec;
  stdfs::remove_all(staging_, ec);
  begun_ = false;
}

std::vector<std::string> OutputTree::written() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {written_.begin(), written_.end()};
}

}  // namespace nastavnik
