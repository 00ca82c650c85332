// libFuzzer target for the CSV reader: no input may crash it, hang it or make
// it report a position outside the file.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DNASTAVNIK_FUZZ=ON
//   cmake --build build-fuzz --target csv_fuzz
//   ./build-fuzz/generator/csv_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "diag/diagnostic.h"
#include "load/cell_values.h"
#include "load/csv.h"
#include "util/strings.h"

using namespace nastavnik;

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks the options, so overrides are fuzzed too.
  CsvOptions opts;
  if (!bytes.empty()) {
    unsigned char sel = static_cast<unsigned char>(bytes.front());
    if (sel & 1) opts.encoding = (sel & 2) ? TextEncoding::kWindows1251 : TextEncoding::kUtf8;
    if (sel & 4) {
      static const char kDelims[] = {';', ',', '\t', '|'};
      opts.delimiter = kDelims[(sel >> 3) & 3];
    }
    bytes.remove_prefix(1);
  }
  Diagnostics diags;
  CsvTable t = ReadCsv("data/fuzz.csv", bytes, opts, diags);

  // Invariants the rest of nastavnik relies on.
  auto in_file = [&](int line, int column) {
    if (line < 1 || static_cast<size_t>(line) > t.lines.size()) return false;
    return column >= 1 &&
           static_cast<size_t>(column) <= CodepointCount(t.lines[line - 1]) + 1;
  };
  for (const auto& line : t.lines) Check(IsValidUtf8(line));
  for (const auto& c : t.header) {
    Check(!c.value.empty());
    Check(in_file(c.line, c.column));
  }
  for (const auto& r : t.rows) {
    Check(r.cells.size() == t.header.size());
    for (const auto& c : r.cells) {
      Check(IsValidUtf8(c.value));
      Check(in_file(c.line, c.column));
      ParseNumber(c.value);
      ParseInteger(c.value);
      ParseBool(c.value);
      ParseList(c.value);
    }
  }
  for (const auto& d : diags.Sorted()) {
    Check(d.severity == Severity::kError);
    Check(d.pos.line == 0 || in_file(d.pos.line, d.pos.column));
  }
  return 0;
}
