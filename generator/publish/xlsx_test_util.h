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

inline std::string Attr(const std::string& xml, const std::string& name) {
  std::smatch m;
  if (std::regex_search(xml, m, std::regex(" " + name + "=\"([^\"]*)\""))) return m[1];
  return {};
}

// The 1-based row and column of a reference such as "AB12".
inline std::pair<int, int> RowAndColumn(const std::string& ref) {
  size_t k = 0;
  int column = 0;
  for (; k < ref.size() && ref[k] >= 'A' && ref[k] <= 'Z'; ++k) column = column * 26 + (ref[k] - 'A' + 1);
  return {k < ref.size() ? std::stoi(ref.substr(k)) : 0, column};
}

// The <c .../> or <c ...>...</c> element of cell `ref` in sheet XML, found as
// Excel and LibreOffice find it: a row or a cell without its r="…" follows
// the one before it.
inline std::string CellXml(const std::string& sheet, const std::string& ref) {
  const auto [want_row, want_column] = RowAndColumn(ref);
  int row = 0;
  for (size_t pos = sheet.find("<row"); pos != std::string::npos; pos = sheet.find("<row", pos + 1)) {
    const size_t tag_end = sheet.find('>', pos);
    const std::string r = Attr(sheet.substr(pos, tag_end + 1 - pos), "r");
    row = r.empty() ? row + 1 : std::stoi(r);
    if (sheet[tag_end - 1] == '/') continue;
    const size_t row_end = sheet.find("</row>", tag_end);
    int column = 0;
    for (size_t c = sheet.find("<c", tag_end); c < row_end; c = sheet.find("<c", c + 1)) {
      if (sheet[c + 2] != ' ' && sheet[c + 2] != '>' && sheet[c + 2] != '/') continue;
      const size_t gt = sheet.find('>', c);
      const std::string cell_r = Attr(sheet.substr(c, gt + 1 - c), "r");
      column = cell_r.empty() ? column + 1 : RowAndColumn(cell_r).second;
      const size_t end = sheet[gt - 1] == '/' ? gt + 1 : sheet.find("</c>", c) + 4;
      if (row == want_row && column == want_column) return sheet.substr(c, end - c);
    }
  }
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
