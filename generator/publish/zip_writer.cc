#include "publish/zip_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

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

// One raw-deflate compressor per thread, reset for every chunk: an open
// entry holds none.
class Deflater {
 public:
  explicit Deflater(int level) : level_(level) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = deflateInit2(&z_, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Deflater() {
    if (ok_) deflateEnd(&z_);
  }
  int level() const { return level_; }

  // Appends the deflated `in` to *out: a sync-flushed run, or the stream's
  // end when `last`.
  bool Compress(std::string_view in, bool last, std::string* out) {
    if (!ok_ || deflateReset(&z_) != Z_OK) return false;
    const size_t start = out->size();
    out->resize(start + deflateBound(&z_, static_cast<uLong>(in.size())) + 16);
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    z_.next_out = reinterpret_cast<Bytef*>(out->data() + start);
    z_.avail_out = static_cast<uInt>(out->size() - start);
    const int r = deflate(&z_, last ? Z_FINISH : Z_SYNC_FLUSH);
    const bool done = last ? r == Z_STREAM_END : (r == Z_OK && z_.avail_in == 0 && z_.avail_out > 0);
    out->resize(out->size() - z_.avail_out);
    return done;
  }

 private:
  int level_;
  bool ok_ = false;
  z_stream z_;
};

Deflater& ThreadDeflater(int level) {
  thread_local std::unique_ptr<Deflater> d;
  if (!d || d->level() != level) d = std::make_unique<Deflater>(level);
  return *d;
}

// Deflated bytes on their way to the file: per thread, not per writer.
std::string& ThreadOutput() {
  thread_local std::string out;
  out.clear();
  return out;
}

}  // namespace

std::unique_ptr<ZipWriter> ZipWriter::Create(const std::string& path, int level, Status* status) {
  std::unique_ptr<ZipWriter> w(new ZipWriter());
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
  const char* p = static_cast<const char*>(data);
  size_t done = 0;
  while (status_.ok() && done < size) {
    ssize_t n = ::write(fd_, p + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Fail("не удалось записать файл «" + path_ + "»: " + std::strerror(errno));
      break;
    }
    done += static_cast<size_t>(n);
  }
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
  pending_.reserve(kZipChunk + kZipChunk / 2);
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
  e.crc = static_cast<uint32_t>(
      crc32(e.crc, reinterpret_cast<const Bytef*>(pending_.data()), static_cast<uInt>(pending_.size())));
  e.size += pending_.size();
  std::string& out = ThreadOutput();
  if (!ThreadDeflater(level_).Compress(pending_, last, &out)) {
    Fail("не удалось сжать файл «" + path_ + "» (zlib)");
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
