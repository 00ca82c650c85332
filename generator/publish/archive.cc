#include "publish/archive.h"

#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <istream>
#include <sstream>

namespace nastavnik {

namespace {

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
    std::istringstream in{std::string(bytes)};
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

std::optional<std::string> Gunzip(std::string_view bytes, size_t max_bytes) {
  try {
    std::istringstream in{std::string(bytes)};
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
