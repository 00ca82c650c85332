#include "render/links.h"

#include "load/fs.h"
#include "render/urls.h"
#include "util/strings.h"

namespace nastavnik {

bool IsExternalUrl(const std::string& url) {
  size_t colon = url.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

LinkResolver::LinkResolver(std::map<std::string, std::string> doc_pages)
    : doc_pages_(std::make_shared<const std::map<std::string, std::string>>(std::move(doc_pages))) {}

LinkResolver::LinkResolver(std::shared_ptr<const std::map<std::string, std::string>> doc_pages)
    : doc_pages_(std::move(doc_pages)) {}

std::string LinkResolver::OutputPathOfContentFile(const std::string& content_path) {
  return StartsWith(content_path, "content/") ? content_path.substr(8) : content_path;
}

std::string LinkResolver::Resolve(const SourcePos& where, const std::string& from_page,
                                  const std::string& url, Diagnostics& diags) {
  if (url.empty() || url[0] == '#' || IsExternalUrl(url) || StartsWith(url, "//")) return url;
  Linker link(from_page);
  std::string fragment;
  std::string target;
  if (url[0] == '/') {
    target = NormalizeSitePath(url, &fragment);
  } else {
    size_t hash = url.find('#');
    std::string path = url.substr(0, hash);
    if (hash != std::string::npos) fragment = url.substr(hash);
    size_t q = path.find('?');
    if (q != std::string::npos) path = path.substr(0, q);
    std::string dir = where.path.substr(0, where.path.rfind('/') + 1);
    auto joined = JoinRelative(dir, path);
    if (!joined || !StartsWith(*joined, "content/")) {
      diags.Error(where, "E090", "ссылка «" + url + "» ведёт за пределы папки content",
                  "ссылайтесь на страницы сайта так: /orders/…/ или на файлы рядом с документом");
      return "";
    }
    if (EndsWith(*joined, ".md")) {
      auto it = doc_pages_->find(*joined);
      if (it == doc_pages_->end()) {
        diags.Error(where, "E090", "ссылка на несуществующий документ «" + url + "»",
                    "проверьте имя файла: ссылка пишется относительно текущего файла");
        return "";
      }
      target = it->second;
    } else {
      target = OutputPathOfContentFile(*joined);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.push_back({where, url, OutputFileOf(target)});
  }
  return link.To(target) + fragment;
}

void LinkResolver::CheckTargets(const std::unordered_set<std::string>& written, Diagnostics& diags) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& p : pending_) {
    if (written.count(p.output_file)) continue;
    diags.Error(p.where, "E090", "ссылка «" + p.url + "» ведёт на страницу или файл, которых нет на сайте",
                "проверьте адрес: страницы сайта пишутся как /orders/код-приказа/, файлы — по имени рядом с документом");
  }
}

std::map<std::string, std::vector<SourcePos>> LinkResolver::Targets() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::vector<SourcePos>> out;
  for (const auto& p : pending_) out[p.output_file].push_back(p.where);
  return out;
}

size_t LinkResolver::Mark() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_.size();
}

void LinkResolver::ForgetAfter(size_t mark) {
  std::lock_guard<std::mutex> lock(mu_);
  if (mark < pending_.size()) pending_.resize(mark);
}

}  // namespace nastavnik
