#include "publish/archive.h"

#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <istream>
#include <sstream>

namespace nastavnik {

namespace {

// An input stream over bytes held elsewhere (not copied), seekable as
// Poco::Zip needs.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());  // read only: no put area
    setg(p, p, p + bytes.size());
  }

 protected:
  pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode) override {
    char* from = dir == std::ios_base::beg ? eback() : dir == std::ios_base::cur ? gptr() : egptr();
    if (off < eback() - from || off > egptr() - from) return pos_type(off_type(-1));
    setg(eback(), from + off, egptr());
    return pos_type(gptr() - eback());
  }
  pos_type seekpos(pos_type pos, std::ios_base::openmode which) override {
    return seekoff(off_type(pos), std::ios_base::beg, which);
  }
};

// Reads at most `max_bytes` + 1 bytes, so the caller can tell "too big".
bool ReadCapped(std::istream& in, size_t max_bytes, std::string& out) {
  char buf[64 * 1024];
  while (in) {
    in.read(buf, sizeof buf);
    out.append(buf, static_cast<size_t>(in.gcount()));
    if (out.size() > max_bytes) return false;
  }
  return in.eof();
}

}  // namespace

bool LooksLikeZip(std::string_view b) { return b.size() >= 4 && b.substr(0, 4) == std::string_view("PK\3\4", 4); }

bool LooksLikeGzip(std::string_view b) {
  return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f && static_cast<unsigned char>(b[1]) == 0x8b;
}

std::optional<std::vector<ArchiveEntry>> ReadZip(std::string_view bytes, size_t max_bytes) {
  try {
    ViewBuf buf(bytes);
    std::istream in(&buf);
    Poco::Zip::ZipArchive archive(in);
    std::vector<ArchiveEntry> out;
    size_t total = 0;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
      if (it->second.isDirectory()) continue;
      in.clear();
      Poco::Zip::ZipInputStream zin(in, it->second);
      ArchiveEntry e{it->first, {}};
      if (!ReadCapped(zin, max_bytes - total, e.bytes)) return std::nullopt;
      total += e.bytes.size();
      out.push_back(std::move(e));
    }
    return out;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::vector<std::string>> ListZip(std::string_view bytes) {
  try {
    ViewBuf buf(bytes);
    std::istream in(&buf);
    Poco::Zip::ZipArchive archive(in);
    std::vector<std::string> out;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it)
      if (!it->second.isDirectory()) out.push_back(it->first);
    return out;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool StreamZipMember(std::string_view bytes, size_t index, size_t max_bytes,
                     const std::function<void(std::string_view chunk)>& chunk) {
  try {
    ViewBuf buf(bytes);
    std::istream in(&buf);
    Poco::Zip::ZipArchive archive(in);
    auto it = archive.headerBegin();
    for (size_t seen = 0; it != archive.headerEnd(); ++it)
      if (!it->second.isDirectory() && seen++ == index) break;
    if (it == archive.headerEnd()) return false;
    in.clear();
    Poco::Zip::ZipInputStream zin(in, it->second);
    char block[64 * 1024];
    size_t total = 0;
    while (zin) {
      zin.read(block, sizeof block);
      const auto n = static_cast<size_t>(zin.gcount());
      total += n;
      if (total > max_bytes) return false;
      if (n > 0) chunk(std::string_view(block, n));
    }
    return zin.eof();
  } catch (const Poco::Exception&) {
    return false;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<std::string> Gunzip(std::string_view bytes, size_t max_bytes) {
  try {
    ViewBuf buf(bytes);
    std::istream in(&buf);
    Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_GZIP);
    std::string out;
    if (!ReadCapped(inflate, max_bytes, out)) return std::nullopt;
    return out;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace nastavnik
