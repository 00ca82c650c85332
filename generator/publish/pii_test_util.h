#pragma once
// Shared by the privacy guard's tests: two scans found the same matches
// (same person, kind and place; the length is left out, as the reference
// scanner of pii_index_scan_test.cc does not give it).
#include <vector>

#include "publish/pii_index.h"

namespace nastavnik {

inline bool SameHits(const std::vector<PiiHit>& a, const std::vector<PiiHit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].person != b[i].person || a[i].kind != b[i].kind || a[i].offset != b[i].offset) return false;
  return true;
}

}  // namespace nastavnik
