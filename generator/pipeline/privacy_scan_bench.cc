// A micro benchmark of the privacy guard's scan (not a test): the needles of
// a site's people registries against every file of a built public tree, held
// in memory, scanned on one thread as the build's write observer scans them.
//
//   privacy_scan_bench SITE_DIR PUBLIC_DIR [ROUNDS]
//
// Prints the bytes scanned, the matches and the CPU time per round.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "load/fs.h"
#include "pipeline/loaded_site.h"
#include "pipeline/privacy_check.h"

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nastavnik;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s SITE_DIR PUBLIC_DIR [ROUNDS]\n", argv[0]);
    return 2;
  }
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  std::vector<std::pair<std::string, std::string>> files;
  size_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(argv[2])) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files.emplace_back(std::filesystem::relative(e.path(), argv[2]).string(), ss.str());
    total += files.back().second.size();
  }
  std::sort(files.begin(), files.end());
  Diagnostics diags;
  auto fs = NewDiskFileSystem(argv[1]);
  double t0 = CpuSeconds();
  LoadedSite site = LoadSite(*fs, diags);
  double t1 = CpuSeconds();
  auto index = IndexPersonalData(site, Date{2026, 1, 1});
  double t2 = CpuSeconds();
  if (!index) {
    std::fprintf(stderr, "no participants in %s\n", argv[1]);
    return 1;
  }
  std::printf("%zu files, %.1f MB; load %.2f s, index %.3f s, %zu needles\n", files.size(), total / 1e6, t1 - t0,
              t2 - t1, index->needle_count());
  for (int r = 0; r < rounds; ++r) {
    PublicTreeScan scan(*index, "public");
    double a = CpuSeconds();
    for (const auto& [path, bytes] : files) scan.Add(path, bytes);
    double b = CpuSeconds();
    std::printf("round %d: %.3f s CPU, %.0f MB/s, %zu matches\n", r + 1, b - a, total / 1e6 / (b - a),
                scan.findings());
  }
  return 0;
}
