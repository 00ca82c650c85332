#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace nastavnik {

void Diagnostics::Add(Diagnostic d) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.push_back(std::move(d));
}

void Diagnostics::Error(SourcePos pos, std::string code, std::string message, std::string hint) {
  Add(Diagnostic{std::move(pos), Severity::kError, std::move(code), std::move(message),
                 std::move(hint), {}});
}

void Diagnostics::Warning(SourcePos pos, std::string code, std::string message, std::string hint) {
  Add(Diagnostic{std::move(pos), Severity::kWarning, std::move(code), std::move(message),
                 std::move(hint), {}});
}

bool Diagnostics::HasErrors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t Diagnostics::warning_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kWarning; });
}

bool Diagnostics::empty() const {
  std::lock_guard<std::mutex> lock(mu_);
  return items_.empty();
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out = items_;
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.path, a.pos.line, a.pos.column, a.code, a.message) <
           std::tie(b.pos.path, b.pos.line, b.pos.column, b.code, b.message);
  });
  // The same problem reported twice (two passes over one file) is shown once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.pos.path == b.pos.path && a.pos.line == b.pos.line &&
                                 a.pos.column == b.pos.column && a.code == b.code &&
                                 a.message == b.message;
                        }),
            out.end());
  return out;
}

void Diagnostics::Merge(Diagnostics&& other) {
  std::vector<Diagnostic> moved;
  {
    std::lock_guard<std::mutex> lock(other.mu_);
    moved.swap(other.items_);
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& d : moved) items_.push_back(std::move(d));
}

}  // namespace nastavnik
