#pragma once
// Test support for *_test.cc files: a scratch folder under /tmp that is
// removed, with everything in it, when the object goes out of scope, and a
// whole-file reader. Not used by the generator itself.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace nastavnik {

struct TempDir {
  std::string path;  // absolute, no trailing '/'

  // `label` names the folder (/tmp/nastavnik-<label>-XXXXXX) so a test that
  // crashed can be told by what it left.
  explicit TempDir(const std::string& label = "test") {
    std::string tmpl = "/tmp/nastavnik-" + label + "-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path dir() const { return path; }

  // Writes `bytes` to `rel` (folders created as needed).
  void Write(const std::string& rel, const std::string& bytes) const {
    std::filesystem::create_directories((dir() / rel).parent_path());
    std::ofstream(dir() / rel, std::ios::binary) << bytes;
  }
};

// The bytes of `path`; empty when it cannot be read.
inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace nastavnik
