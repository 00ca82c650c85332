#pragma once
// ISA-L adapter (igzip's deflate, its CRC-32): a deterministic ZIP writer for
// the workbooks we write ourselves (publish/xlsx_stream.h). The only file that
// includes ISA-L.
//
// Entries are deflated as they are written, in independent chunks of
// kZipChunk bytes (each a raw deflate run ended byte-aligned by a full flush; the last
// ends the stream; a chunk as long as deflate's window loses little), so an
// entry being written holds one chunk of input and no compressor or output
// buffer: those are per thread, shared by every writer on it, and deflated
// bytes are written at once. Thousands of workbooks can be open at once (a
// monitoring form per organization) for ≈ 50 KB each.
//
// Guarantees:
//  - Byte-reproducible: every entry carries the same DOS time (1980-01-01
//    00:00), no extra fields, no comments; the same calls give the same bytes.
//  - The file at `path` appears only when Close() succeeds (written to
//    `path` + ".part" and renamed).
//  - No ZIP64: an entry or an archive past 4 GB is refused with a Russian
//    error (a 1,000,000-row registry sheet is ≈ 400 MB of XML).
//  - Errors are sticky: the first is kept, later calls do nothing, Close()
//    returns it.
//
// Thread safety: one ZipWriter on one thread at a time; distinct writers on
// distinct threads are independent.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace nastavnik {

// Input bytes deflated at a time per entry (the memory an open entry holds).
inline constexpr size_t kZipChunk = 32 * 1024;

class ZipWriter {
 public:
  // Starts `path` + ".part". `level`: 1 (fastest) .. 9, as zlib's (igzip has
  // three: 1–3, 4–6, 7–9). On failure
  // returns null and sets *status. REQUIRES: status != nullptr.
  // `chunk`: input bytes deflated at a time (kZipChunk unless a writer
  // keeps few entries open and wants fewer, larger blocks).
  static std::unique_ptr<ZipWriter> Create(const std::string& path, int level, Status* status,
                                           size_t chunk = kZipChunk);
  ~ZipWriter();  // without Close(), the partial file is removed
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Starts an entry named `name` (ASCII, '/' separated); ends the previous
  // one if it is still open.
  void BeginEntry(std::string name);
  // Appends to the open entry. REQUIRES: an entry is open.
  void Write(std::string_view bytes);
  // Direct access to the pending chunk, for writers that format in place:
  // append to *Buffer(), then call MaybeFlush(), which deflates the chunk
  // once it holds a chunk or more. REQUIRES: an entry is open.
  std::string* Buffer() { return &pending_; }
  void MaybeFlush() {
    if (pending_.size() >= chunk_) FlushChunk(/*last=*/false);
  }
  void EndEntry();
  // A whole entry at once.
  void AddEntry(std::string name, std::string_view bytes);

  const Status& status() const { return status_; }
  // Ends the open entry, writes the central directory and renames the file
  // into place. Call once.
  Status Close();

 private:
  struct Entry {
    std::string name;
    uint64_t offset = 0;
    uint32_t crc = 0;
    uint64_t compressed = 0;
    uint64_t size = 0;
  };
  ZipWriter() = default;
  void FlushChunk(bool last);
  void Emit(const void* data, size_t size);  // written at once
  void Fail(const std::string& message);

  std::string path_;
  std::string part_;
  int fd_ = -1;
  int level_ = 1;
  size_t chunk_ = kZipChunk;
  Status status_;
  bool open_entry_ = false;
  bool closed_ = false;
  uint64_t file_offset_ = 0;  // bytes written so far
  std::vector<Entry> entries_;
  std::string pending_;  // input of the open entry not yet deflated
};

}  // namespace nastavnik
