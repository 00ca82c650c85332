#pragma once
// File sizes and types as a download link shows them to a Russian reader.
#include <string>

namespace nastavnik {

// «820 байт», «350 КБ», «1,2 МБ» (binary units, one decimal under 10 MB,
// rounded half up; the comma is the Russian decimal separator).
std::string HumanFileSize(long long bytes);

// The upper-case extension of a file name: "plan.odt" → "ODT"; "" if none.
std::string FileTypeLabel(const std::string& file_name);

}  // namespace nastavnik
