#pragma once
// Test support for the workbook tests (*_test.cc in publish/): reading a
// part of an XLSX file back and picking cells and styles out of its XML.
// Not used by the generator itself.
#include <doctest/doctest.h>

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

namespace nastavnik::xlsx_test {

// The text of one part of the zip container; empty when it is absent.
inline std::string ZipEntry(const std::filesystem::path& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  Poco::Zip::ZipArchive archive(in);
  auto it = archive.findHeader(name);
  if (it == archive.headerEnd()) return {};
  in.clear();
  Poco::Zip::ZipInputStream zin(in, it->second);
  return std::string(std::istreambuf_iterator<char>(zin), {});
}

// The <c .../> or <c ...>...</c> element of cell `ref` in sheet XML.
inline std::string CellXml(const std::string& sheet, const std::string& ref) {
  const std::string open = "<c r=\"" + ref + "\"";
  size_t start = sheet.find(open);
  if (start == std::string::npos) return {};
  size_t gt = sheet.find('>', start);
  if (sheet[gt - 1] == '/') return sheet.substr(start, gt + 1 - start);
  size_t end = sheet.find("</c>", start);
  return sheet.substr(start, end + 4 - start);
}

inline std::string Attr(const std::string& xml, const std::string& name) {
  std::smatch m;
  if (std::regex_search(xml, m, std::regex(" " + name + "=\"([^\"]*)\""))) return m[1];
  return {};
}

// The number format code of cell style index `s` (cellXfs order).
inline std::string FormatCodeOfStyle(const std::string& styles, int s) {
  size_t xfs = styles.find("<cellXfs");
  REQUIRE(xfs != std::string::npos);
  size_t pos = xfs;
  for (int i = 0; i <= s; ++i) pos = styles.find("<xf ", pos + 1);
  std::string xf = styles.substr(pos, styles.find('>', pos) - pos);
  std::string id = Attr(xf, "numFmtId");
  std::smatch m;
  if (std::regex_search(styles, m, std::regex("<numFmt numFmtId=\"" + id + "\" formatCode=\"([^\"]*)\""))) {
    return m[1];
  }
  return "builtin:" + id;
}

inline size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace nastavnik::xlsx_test
