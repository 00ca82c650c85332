#pragma once
// Reading compressed files back, for the privacy guard: XLSX/DOCX/ODS (zip
// containers) and gzip (search index fragments). The only place that
// includes Poco::Zip and Poco's inflating streams; Poco's exceptions stay here.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nastavnik {

struct ArchiveEntry {
  std::string name;   // path inside the archive
  std::string bytes;  // uncompressed
};

bool LooksLikeZip(std::string_view bytes);   // "PK\3\4"
bool LooksLikeGzip(std::string_view bytes);  // 1f 8b

// Every file in a zip archive, in archive order. nullopt when the archive
// cannot be read or unpacks to more than `max_bytes` in total (a zip bomb).
std::optional<std::vector<ArchiveEntry>> ReadZip(std::string_view bytes, size_t max_bytes);

// The names of the files in a zip archive, in archive order (folders left
// out); nullopt when it cannot be read.
std::optional<std::vector<std::string>> ListZip(std::string_view bytes);

// Unpacks file number `index` (in ListZip's order) of a zip archive a chunk at a time (`chunk` is called
// with each, at most 64 KB), so that a large member is never held whole.
// False when it cannot be read or unpacks to more than `max_bytes`.
bool StreamZipMember(std::string_view bytes, size_t index, size_t max_bytes,
                     const std::function<void(std::string_view chunk)>& chunk);

// The uncompressed bytes of a gzip stream; nullopt when it is corrupt or
// larger than `max_bytes`.
std::optional<std::string> Gunzip(std::string_view bytes, size_t max_bytes);

}  // namespace nastavnik
