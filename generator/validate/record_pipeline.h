#pragma once
// Records read on one thread, used on another: a streamed registry's reader
// (CSV and validation, validate/table.h) hands each record to Push(), which
// swaps it into a batch; full batches go to `consume` on a TBB task while the
// reader fills the next one. Two batches in all: the reader gets back records
// whose buffers it reuses, so nothing is allocated per row once they have
// grown, and no record is copied.
//
// `consume(batch, n)` sees batches in reading order, one at a time, on some
// thread other than the reader's (or the reader's, when TBB has no other);
// it may keep nothing from them. Thread safety: Push() and Finish() from
// the reader's thread only.
#include <tbb/task_group.h>

#include <functional>
#include <utility>
#include <vector>

#include "validate/record.h"

namespace nastavnik {

class RecordPipeline {
 public:
  using Consumer = std::function<void(std::vector<Record>& batch, size_t n)>;
  explicit RecordPipeline(Consumer consume, size_t batch = 512)
      : consume_(std::move(consume)), filling_(batch), feeding_(batch) {}
  ~RecordPipeline() { group_.wait(); }
  RecordPipeline(const RecordPipeline&) = delete;
  RecordPipeline& operator=(const RecordPipeline&) = delete;

  // Takes r's contents (r gets an older record's, to be overwritten).
  void Push(Record& r) {
    std::swap(filling_[filled_++], r);
    if (filled_ == filling_.size()) Dispatch();
  }
  // Consumes what is left and waits for it.
  void Finish() {
    Dispatch();
    group_.wait();
  }

 private:
  void Dispatch() {
    group_.wait();
    feeding_.swap(filling_);
    fed_ = filled_;
    filled_ = 0;
    if (fed_ > 0) group_.run([this] { consume_(feeding_, fed_); });
  }

  Consumer consume_;
  std::vector<Record> filling_, feeding_;
  size_t filled_ = 0, fed_ = 0;
  tbb::task_group group_;
};

}  // namespace nastavnik
