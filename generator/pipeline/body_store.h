#pragma once
// The rendered Markdown bodies of one build, kept out of memory.
//
// Every body is rendered once, before the pages (their links must all be
// known first: order pages list who cites them), but each is shown by one
// page, generated much later. Held in memory, the bodies grew with the site
// (≈ 7 KB a case, 0.7 GB at 100,000 cases); here each is written, as it is
// rendered, to an unnamed temporary file (O_TMPFILE: it never appears in the
// folder and disappears with the process) and read back when its page is
// generated. The file lives in the output folder when there is one (the disk
// the pages go to), else in the system's temporary folder; when no file can
// be created, or a write fails, the body is held in memory instead.
//
// Bodies are appended to a batch of kBatch bytes that goes to the file in
// one write (≈ 9 bodies a write rather than one: 9,000 calls fewer at
// 10,000 cases); a body still in the batch is read from it. A batch the
// file refused stays in memory.
//
// Thread safety: Put() of different indexes and Html() may run at once.
#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "render/page.h"
#include "util/status.h"

namespace nastavnik {

class BodyStore final : public RenderedBodies {
 public:
  // `sources`: every document's path, sorted (LoadedSite::docs order).
  // `dir`: where to create the file; empty for the temporary folder.
  BodyStore(std::vector<std::string> sources, const std::string& dir);
  ~BodyStore() override;
  BodyStore(const BodyStore&) = delete;
  BodyStore& operator=(const BodyStore&) = delete;

  // Stores the HTML of sources[index] (each index once).
  void Put(size_t index, std::string html);
  std::string Html(const std::string& source) const override;
  // Replaces the body of a known source, in memory (a preview session's
  // edit); false for a source the store does not know. Not concurrently
  // with Html().
  bool Replace(const std::string& source, std::string html);

  // Bodies kept in the file rather than in memory.
  bool spilled() const { return fd_ >= 0; }
  // The first failure to read a body back (its page would lack it).
  Status status() const;

 private:
  static constexpr size_t kBatch = 64 << 10;
  struct Entry {
    unsigned long long offset = 0;
    size_t size = 0;
    bool in_file = false;  // at `offset` of the file's bytes (or of the batch)
    std::string held;      // when not in the file
  };
  // Writes the batch at batch_offset_ (mu_ held); a refused one is kept.
  void FlushBatch();
  // The bytes [offset, offset + size) when they are not (only) in the file:
  // in the batch or in a refused one; false when they are in the file.
  bool CopyUnwritten(const Entry& e, std::string* html) const;

  std::vector<std::string> sources_;
  std::vector<Entry> entries_;
  int fd_ = -1;
  mutable std::mutex mu_;
  mutable Status failure_;
  // Under mu_: the batch, the offset of its first byte in the file, and
  // batches the file refused (by their offsets).
  std::string batch_;
  unsigned long long batch_offset_ = 0;
  std::vector<std::pair<unsigned long long, std::string>> refused_;
  // Bytes below it were written (or refused): no lock to read them back.
  std::atomic<unsigned long long> written_end_{0};
  std::atomic<bool> any_refused_{false};
};

}  // namespace nastavnik
