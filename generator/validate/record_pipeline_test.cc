// RecordPipeline: every record reaches the consumer once, in order, in
// batches; the reader's record is swapped, not copied.
#include "validate/record_pipeline.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace nastavnik;

TEST_CASE("RecordPipeline hands every record on, in order, batch by batch") {
  for (size_t total : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{1000}}) {
    CAPTURE(total);
    std::vector<std::string> seen;
    std::vector<size_t> batches;
    RecordPipeline pipeline(
        [&](std::vector<Record>& batch, size_t n) {
          batches.push_back(n);
          for (size_t i = 0; i < n; ++i) seen.push_back(batch[i].id);
        },
        /*batch=*/8);
    Record r;
    for (size_t i = 0; i < total; ++i) {
      r.id = "row-" + std::to_string(i);  // overwritten whatever the swap gave back
      pipeline.Push(r);
    }
    pipeline.Finish();
    REQUIRE(seen.size() == total);
    for (size_t i = 0; i < total; ++i) CHECK(seen[i] == "row-" + std::to_string(i));
    for (size_t k = 0; k + 1 < batches.size(); ++k) CHECK(batches[k] == 8);
    CHECK(batches.size() == (total + 7) / 8);
  }
}
