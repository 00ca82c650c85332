#include "pipeline/page_cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "publish/published_files.h"
#include "util/hash.h"

namespace nastavnik {

namespace {

constexpr const char* kHeader = "nastavnik-deps 1";

void HashValue(Hasher& h, const TemplateValue& v);

// Walks the values in place: nothing is serialized or copied.
void HashMap(Hasher& h, const TemplateMap& m) {
  h.Add(uint64_t{5}).Add(uint64_t{m.size()});
  for (const auto& [k, item] : m) {
    h.Add(k);
    HashValue(h, item);
  }
}

void HashValue(Hasher& h, const TemplateValue& v) {
  // A shared subtree is hashed once (its digest kept beside it) and stands
  // in every page's fingerprint as that digest: still by value, but a card
  // listed on many pages costs one pass, not one per page.
  if (auto* shared = std::get_if<SharedTemplateValue>(&v.value); shared && *shared) {
    const SharedTemplate& s = **shared;
    std::call_once(s.digest_once, [&s] {
      Hasher sub;
      HashValue(sub, s.value);
      const Hasher::Digest d = sub.Value();
      s.digest[0] = d.lo;
      s.digest[1] = d.hi;
    });
    h.Add(uint64_t{6}).Add(s.digest[0]).Add(s.digest[1]);
    return;
  }
  struct Visitor {
    Hasher& h;
    void operator()(std::monostate) const { h.Add(uint64_t{0}); }
    void operator()(bool b) const { h.Add(uint64_t{b ? 2u : 1u}); }
    void operator()(const std::string& s) const { h.Add(uint64_t{3}).Add(s); }
    void operator()(std::string_view s) const { h.Add(uint64_t{3}).Add(s); }  // borrowed: the same text
    void operator()(const TemplateList& l) const {
      h.Add(uint64_t{4}).Add(uint64_t{l.size()});
      for (const auto& item : l) HashValue(h, item);
    }
    void operator()(const TemplateMap& m) const { HashMap(h, m); }
    void operator()(const SharedTemplateValue&) const {}  // never reached: resolved above
  };
  std::visit(Visitor{h}, v.Resolved().value);
}

bool StatFile(const std::string& path, long long* size, long long* mtime_ns) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  *size = st.st_size;
  *mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  return true;
}

// The generator binary itself: a new nastavnik may render the same inputs
// differently (layout keys, escaping), so its bytes are an input of every page.
// Mapped rather than copied into a growing string (megabytes, page faults).
std::string BinaryDigest() {
  int fd = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) == 0 && st.st_size > 0) {
    const size_t size = static_cast<size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      std::string hex = Hasher().Add(std::string_view(static_cast<const char*>(p), size)).Hex();
      ::munmap(p, size);
      ::close(fd);
      return hex;
    }
  }
  if (fd >= 0) ::close(fd);
  std::ifstream in("/proc/self/exe", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return Hasher().Add(ss.str()).Hex();
}

}  // namespace

std::string FingerprintSite(const std::map<std::string, std::string>& theme_texts, const std::string& config_text) {
  static const std::string binary = BinaryDigest();
  Hasher h;
  h.Add(binary).Add(config_text).Add(uint64_t{theme_texts.size()});
  for (const auto& [name, text] : theme_texts) h.Add(name).Add(text);
  return h.Hex();
}

PageCache::PageCache(std::string out_dir, std::string site_fingerprint)
    : path_(out_dir + "/.nastavnik-deps"), site_fingerprint_(std::move(site_fingerprint)),
      previous_dir_(out_dir + "/public") {}

void PageCache::Load() {
  std::ifstream in(path_);
  std::string line;
  if (!std::getline(in, line) || line != kHeader) return;
  // Line: <fingerprint> <size> <mtime_ns> <output file>
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    Entry e;
    std::string file;
    if (!(ls >> e.fingerprint >> e.size >> e.mtime_ns)) {
      previous_.clear();
      return;
    }
    ls.get();
    std::getline(ls, file);
    if (file.empty()) {
      previous_.clear();
      return;
    }
    previous_[file] = std::move(e);
  }
}

std::string PageCache::Fingerprint(const PageOutput& page) const {
  Hasher h;
  h.Add(site_fingerprint_).Add(page.path).Add(page.template_name).Add(page.title).Add(page.description);
  h.Add(uint64_t{page.in_sitemap}).Add(uint64_t{page.breadcrumbs.size()});
  for (const auto& b : page.breadcrumbs) h.Add(b.title).Add(b.path);
  HashMap(h, page.vars);
  return h.Hex();
}

bool PageCache::Unchanged(const std::string& output_file, const std::string& fingerprint, FileStamp* stamp) const {
  auto it = previous_.find(output_file);
  if (it == previous_.end() || it->second.fingerprint != fingerprint) return false;
  long long size, mtime;
  if (!StatFile(previous_dir_ + "/" + output_file, &size, &mtime) || size != it->second.size ||
      mtime != it->second.mtime_ns)
    return false;
  if (stamp) *stamp = {size, mtime};
  return true;
}

void PageCache::Record(const std::string& output_file, std::string fingerprint, FileStamp stamp) {
  std::lock_guard<std::mutex> lock(mu_);
  current_[output_file] = {std::move(fingerprint), stamp.size, stamp.mtime_ns};
}

std::map<std::string, std::string> PageCache::recorded() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::string> out;
  for (const auto& [file, e] : current_) out.emplace_hint(out.end(), file, e.fingerprint);
  return out;
}

std::string PageCache::Snapshot() const {
  // Each line formatted in place from the stamps taken as the pages were
  // written: no file is looked up again (≈ 17,000 pages at 10,000 cases).
  std::string out = std::string(kHeader) + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  out.reserve(current_.size() * 96);
  auto number = [&out](long long v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  };
  for (const auto& [file, e] : current_) {
    if (e.size < 0) continue;  // not written
    out += e.fingerprint;
    out += ' ';
    number(e.size);
    out += ' ';
    number(e.mtime_ns);
    out += ' ';
    out += file;
    out += '\n';
  }
  return out;
}

Status PageCache::Save(const std::string& snapshot) const {
  if (!WriteReplacing(path_, snapshot)) return Status::Error("не удалось записать " + path_);
  return Status::Ok();
}

}  // namespace nastavnik
