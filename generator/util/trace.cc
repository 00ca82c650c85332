#include "util/trace.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace nastavnik {

bool TraceOn() {
  static const bool on = std::getenv("NASTAVNIK_TRACE") != nullptr;
  return on;
}

int64_t MonotonicNs() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

std::string_view FormatTrace(int64_t ns, std::string_view what, char* buf, size_t size) {
  int n = std::snprintf(buf, size, "trace %lld ", static_cast<long long>(ns));
  if (n < 0 || static_cast<size_t>(n) >= size) return {};
  size_t len = std::min(what.size(), size - static_cast<size_t>(n));
  std::memcpy(buf + n, what.data(), len);
  return std::string_view(buf, static_cast<size_t>(n) + len);
}

void Trace(std::string_view what) {
  if (!TraceOn()) return;
  char buf[512];
  std::string_view line = FormatTrace(MonotonicNs(), what, buf, sizeof buf - 1);
  buf[line.size()] = '\n';
  ssize_t ignored = ::write(2, buf, line.size() + 1);
  (void)ignored;
}

void Trace(std::string_view a, std::string_view b) {
  if (!TraceOn()) return;
  std::string s(a);
  s += b;
  Trace(s);
}

}  // namespace nastavnik
