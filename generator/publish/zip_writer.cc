#include "publish/zip_writer.h"

#include <fcntl.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "util/fd_io.h"

namespace nastavnik {

namespace {

constexpr uint16_t kDosTime = 0;                       // 00:00:00
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
constexpr uint16_t kVersion = 20;                      // 2.0: deflate
constexpr uint16_t kDeflated = 8;
constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
constexpr char kTooBig[] =
    "файл больше 4 ГБ — это предел формата ZIP без расширения ZIP64 (уменьшите реестр или разделите его)";

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}

void Put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// One raw-deflate compressor per thread (ISA-L's igzip, one call per
// chunk: no history carried between chunks, so an open entry holds none).
// igzip at its level 1 deflates XML ≈ 5 times faster than zlib's level 1,
// for ≈ 10 % more bytes. Its output depends only on the input and the
// level (the same code path on one machine; zip_writer_test compares runs).
class Deflater {
 public:
  explicit Deflater(int level)
      : level_(level), isal_level_(level <= 3 ? 1 : level <= 6 ? 2 : 3),
        work_(isal_level_ == 1 ? ISAL_DEF_LVL1_DEFAULT : isal_level_ == 2 ? ISAL_DEF_LVL2_DEFAULT : ISAL_DEF_LVL3_DEFAULT) {}
  int level() const { return level_; }

  // Deflates `in` into *out (valid until the next call): blocks ending
  // byte-aligned (a full flush), or the stream's last block when `last`.
  bool Compress(std::string_view in, bool last, std::string_view* out) {
    isal_zstream& z = z_;  // ≈ 100 KB: kept, not on a worker thread's stack
    // isal_deflate_stateless_init sets only the public fields, and the
    // stateless call reads some of the internal state and of the level
    // buffer as it finds them: left from an earlier chunk, or heap garbage
    // in a new Deflater, which made the bytes depend on which thread
    // compressed what before. Both are cleared whole for every chunk, so a
    // chunk's bytes depend on the chunk alone. (Clearing only the fields
    // before the state's buffers was ≈ 80 KB less memset per 32 KB chunk,
    // but a fresh clone's test run still caught two runs differing.)
    std::memset(&z, 0, sizeof z);
    std::fill(work_.begin(), work_.end(), uint8_t{0});
    isal_deflate_stateless_init(&z);
    z.level = static_cast<uint32_t>(isal_level_);
    z.level_buf = work_.data();
    z.level_buf_size = static_cast<uint32_t>(work_.size());
    z.flush = FULL_FLUSH;
    z.end_of_stream = last ? 1 : 0;
    z.gzip_flag = IGZIP_DEFLATE;
    // Incompressible input becomes stored blocks: 5 bytes per 64 KB.
    const size_t room = in.size() + in.size() / 64 + ISAL_DEF_MAX_HDR_SIZE + 64;
    if (out_.size() < room) out_.resize(room);  // only grows: not zeroed per chunk
    z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uint32_t>(in.size());
    z.next_out = reinterpret_cast<uint8_t*>(out_.data());
    z.avail_out = static_cast<uint32_t>(room);
    const bool done = isal_deflate_stateless(&z) == COMP_OK && z.avail_in == 0;
    *out = std::string_view(out_.data(), room - z.avail_out);
    return done;
  }

 private:
  int level_;
  int isal_level_;
  std::vector<uint8_t> work_;  // igzip's hash tables and token buffer
  std::string out_;             // deflated bytes on their way to the file
  isal_zstream z_{};
};

Deflater& ThreadDeflater(int level) {
  thread_local std::unique_ptr<Deflater> d;
  if (!d || d->level() != level) d = std::make_unique<Deflater>(level);
  return *d;
}

}  // namespace

std::unique_ptr<ZipWriter> ZipWriter::Create(const std::string& path, int level, Status* status, size_t chunk) {
  std::unique_ptr<ZipWriter> w(new ZipWriter());
  w->chunk_ = chunk < 1024 ? 1024 : chunk;
  w->path_ = path;
  w->part_ = path + ".part";
  w->level_ = level < 1 ? 1 : level > 9 ? 9 : level;
  w->fd_ = ::open(w->part_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (w->fd_ < 0) {
    *status = Status::Error("не удалось создать файл «" + path + "»: " + std::strerror(errno));
    return nullptr;
  }
  *status = Status::Ok();
  return w;
}

ZipWriter::~ZipWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!closed_ || !status_.ok()) ::unlink(part_.c_str());
}

void ZipWriter::Fail(const std::string& message) {
  if (status_.ok()) status_ = Status::Error(message);
}

void ZipWriter::Emit(const void* data, size_t size) {
  if (status_.ok() && !WriteAll(fd_, std::string_view(static_cast<const char*>(data), size)))
    Fail("не удалось записать файл «" + path_ + "»: " + std::strerror(errno));
  file_offset_ += size;
}

void ZipWriter::BeginEntry(std::string name) {
  if (open_entry_) EndEntry();
  if (!status_.ok()) return;
  Entry e;
  e.name = std::move(name);
  e.offset = file_offset_;
  std::string h;
  Put32(h, 0x04034b50);
  Put16(h, kVersion);
  Put16(h, 0);  // flags
  Put16(h, kDeflated);
  Put16(h, kDosTime);
  Put16(h, kDosDate);
  Put32(h, 0);  // crc, sizes: patched by EndEntry
  Put32(h, 0);
  Put32(h, 0);
  Put16(h, static_cast<uint16_t>(e.name.size()));
  Put16(h, 0);  // extra
  h += e.name;
  Emit(h.data(), h.size());
  entries_.push_back(std::move(e));
  open_entry_ = true;
  pending_.clear();
  // Room for a chunk and the row that crosses its end, so the buffer does
  // not double.
  pending_.reserve(chunk_ + chunk_ / 2);
}

void ZipWriter::Write(std::string_view bytes) {
  pending_.append(bytes);
  MaybeFlush();
}

void ZipWriter::FlushChunk(bool last) {
  if (!status_.ok()) {
    pending_.clear();
    return;
  }
  Entry& e = entries_.back();
  e.crc = crc32_gzip_refl(e.crc, reinterpret_cast<const unsigned char*>(pending_.data()), pending_.size());
  e.size += pending_.size();
  std::string_view out;
  if (!ThreadDeflater(level_).Compress(pending_, last, &out)) {
    Fail("не удалось сжать файл «" + path_ + "» (igzip)");
    pending_.clear();
    return;
  }
  pending_.clear();
  e.compressed += out.size();
  if (e.size > kMax32 || e.compressed > kMax32 || file_offset_ + out.size() > kMax32) {
    Fail(kTooBig);
    return;
  }
  Emit(out.data(), out.size());
}

void ZipWriter::EndEntry() {
  if (!open_entry_) return;
  open_entry_ = false;
  FlushChunk(/*last=*/true);
  std::string().swap(pending_);  // a closed entry holds nothing
  if (!status_.ok()) return;
  const Entry& e = entries_.back();
  std::string patch;
  Put32(patch, e.crc);
  Put32(patch, static_cast<uint32_t>(e.compressed));
  Put32(patch, static_cast<uint32_t>(e.size));
  if (::pwrite(fd_, patch.data(), patch.size(), static_cast<off_t>(e.offset + 14)) !=
      static_cast<ssize_t>(patch.size()))
    Fail("не удалось записать файл «" + path_ + "»: " + std::strerror(errno));
}

void ZipWriter::AddEntry(std::string name, std::string_view bytes) {
  BeginEntry(std::move(name));
  Write(bytes);
  EndEntry();
}

Status ZipWriter::Close() {
  if (closed_) return status_;
  EndEntry();
  closed_ = true;
  if (!status_.ok()) return status_;
  const uint64_t directory = file_offset_;
  std::string cd;
  for (const Entry& e : entries_) {
    Put32(cd, 0x02014b50);
    Put16(cd, kVersion);  // made by: MS-DOS, 2.0
    Put16(cd, kVersion);
    Put16(cd, 0);
    Put16(cd, kDeflated);
    Put16(cd, kDosTime);
    Put16(cd, kDosDate);
    Put32(cd, e.crc);
    Put32(cd, static_cast<uint32_t>(e.compressed));
    Put32(cd, static_cast<uint32_t>(e.size));
    Put16(cd, static_cast<uint16_t>(e.name.size()));
    Put16(cd, 0);  // extra
    Put16(cd, 0);  // comment
    Put16(cd, 0);  // disk
    Put16(cd, 0);  // internal attributes
    Put32(cd, 0);  // external attributes
    Put32(cd, static_cast<uint32_t>(e.offset));
    cd += e.name;
  }
  const size_t directory_size = cd.size();
  Put32(cd, 0x06054b50);
  Put16(cd, 0);
  Put16(cd, 0);
  Put16(cd, static_cast<uint16_t>(entries_.size()));
  Put16(cd, static_cast<uint16_t>(entries_.size()));
  Put32(cd, static_cast<uint32_t>(directory_size));
  Put32(cd, static_cast<uint32_t>(directory));
  Put16(cd, 0);  // comment
  if (directory + cd.size() > kMax32 || entries_.size() > 0xFFFF) Fail(kTooBig);
  if (status_.ok()) Emit(cd.data(), cd.size());
  if (::close(fd_) != 0) Fail("не удалось записать файл «" + path_ + "»: " + std::strerror(errno));
  fd_ = -1;
  if (status_.ok() && std::rename(part_.c_str(), path_.c_str()) != 0)
    Fail("не удалось переименовать временный файл «" + part_ + "»: " + std::strerror(errno));
  return status_;
}

}  // namespace nastavnik
