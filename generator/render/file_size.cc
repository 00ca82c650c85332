#include "render/file_size.h"

namespace nastavnik {

namespace {

// `value / unit` with one decimal when below 10, else whole, rounded half up.
std::string Scaled(long long value, long long unit, const char* suffix) {
  long long tenths = (value * 10 + unit / 2) / unit;
  if (tenths >= 100) return std::to_string((tenths + 5) / 10) + " " + suffix;
  std::string out = std::to_string(tenths / 10);
  if (tenths % 10 != 0) out += "," + std::to_string(tenths % 10);
  return out + " " + suffix;
}

}  // namespace

std::string HumanFileSize(long long bytes) {
  if (bytes < 0) bytes = 0;
  if (bytes < 1024) return std::to_string(bytes) + " байт";
  if (bytes < 1024LL * 1024 - 512) return Scaled(bytes, 1024, "КБ");
  return Scaled(bytes, 1024LL * 1024, "МБ");
}

std::string FileTypeLabel(const std::string& file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string::npos || dot + 1 == file_name.size()) return "";
  std::string ext = file_name.substr(dot + 1);
  for (char& c : ext)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return ext;
}

}  // namespace nastavnik
