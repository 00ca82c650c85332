#include "util/trace.h"

#include <doctest/doctest.h>

namespace nastavnik {

TEST_CASE("FormatTrace: the clock's nanoseconds, then what happened; cut to the buffer") {
  char buf[64];
  CHECK(FormatTrace(1234567890123, "watch: gathered", buf, sizeof buf) == "trace 1234567890123 watch: gathered");
  char small[16];
  CHECK(FormatTrace(42, "a long description", small, sizeof small) == "trace 42 a long ");
  const int64_t a = MonotonicNs();
  const int64_t b = MonotonicNs();
  CHECK(a > 0);
  CHECK(a <= b);
}

}  // namespace nastavnik
