// The ISA-L adapter: entries read back by an independent reader (Poco::Zip),
// chunked deflate across many chunks, CRC-32s as the ZIP format defines them,
// reproducible bytes, errors.
#include "publish/zip_writer.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "publish/xlsx_test_util.h"
#include "util/test_temp_dir.h"

using namespace nastavnik;
using nastavnik::xlsx_test::ZipEntry;
namespace fs = std::filesystem;

namespace {

// ≈ 1 MB of varied text: many chunks, some of it incompressible.
std::string BigText() {
  std::string s;
  unsigned x = 12345;
  for (int i = 0; i < 40000; ++i) {
    x = x * 1103515245 + 12345;
    s += "<row r=\"" + std::to_string(i) + "\"><c>Иванов " + std::to_string(x % 100000) + "</c></row>";
    s.push_back(static_cast<char>(x >> 24));
  }
  return s;
}

// CRC-32 (reflected 0xEDB88320) a bit at a time: what ZIP readers check.
uint32_t ReferenceCrc32(std::string_view s) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// Each entry's name → the CRC-32 its central directory record gives.
std::map<std::string, uint32_t> CentralCrcs(const std::string& zip) {
  auto u16 = [&](size_t at) { return static_cast<uint32_t>(static_cast<unsigned char>(zip[at])) |
                                     static_cast<uint32_t>(static_cast<unsigned char>(zip[at + 1])) << 8; };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  std::map<std::string, uint32_t> out;
  for (size_t at = zip.find("PK\x01\x02"); at != std::string::npos; at = zip.find("PK\x01\x02", at + 4))
    out[zip.substr(at + 46, u16(at + 28))] = u32(at + 16);
  return out;
}

}  // namespace

TEST_CASE("ZipWriter: entries read back whole, across chunks, byte-identical runs") {
  TempDir dir("zip");
  const std::string big = BigText();
  REQUIRE(big.size() > 10 * kZipChunk);
  auto write = [&](const fs::path& path) {
    Status st;
    auto zip = ZipWriter::Create(path.string(), 1, &st);
    REQUIRE(st.ok());
    zip->AddEntry("small.xml", "<a>текст</a>");
    zip->BeginEntry("dir/big.xml");
    for (size_t i = 0; i < big.size(); i += 1000) zip->Write(std::string_view(big).substr(i, 1000));
    zip->BeginEntry("empty.xml");  // ends big.xml
    zip->BeginEntry("direct.xml");
    zip->Buffer()->append(big);     // written in place, one oversized chunk
    zip->MaybeFlush();
    zip->Buffer()->append("tail");
    CHECK(!fs::exists(path));  // only the .part until Close
    st = zip->Close();
    REQUIRE_MESSAGE(st.ok(), st.message());
  };
  const fs::path a = dir.dir() / "a.zip", b = dir.dir() / "b.zip";
  write(a);
  CHECK(!fs::exists(a.string() + ".part"));
  CHECK(ZipEntry(a, "small.xml") == "<a>текст</a>");
  CHECK(ZipEntry(a, "dir/big.xml") == big);
  CHECK(ZipEntry(a, "empty.xml").empty());
  CHECK(ZipEntry(a, "direct.xml") == big + "tail");
  CHECK(fs::file_size(a) < big.size() * 2 / 3);  // compressed
  // Another thread (its own compressor), same bytes.
  std::thread([&] { write(b); }).join();
  CHECK(ReadWholeFile(a) == ReadWholeFile(b));
  // A compressor that has deflated other text first (a worker thread of a
  // build does, in an order the scheduler picks): still the same bytes.
  const fs::path c = dir.dir() / "c.zip";
  std::thread([&] {
    Status st;
    auto other = ZipWriter::Create((dir.dir() / "other.zip").string(), 1, &st);
    REQUIRE(st.ok());
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "<c t=\"s\">Петров " + std::to_string(i * 7919 % 100003) + "</c>";
    other->AddEntry("other.xml", text);
    REQUIRE(other->Close().ok());
    write(c);
  }).join();
  CHECK(ReadWholeFile(a) == ReadWholeFile(c));
  // igzip's CRC-32 is ZIP's.
  const auto crcs = CentralCrcs(ReadWholeFile(a));
  REQUIRE(crcs.size() == 4);
  CHECK(crcs.at("small.xml") == ReferenceCrc32("<a>текст</a>"));
  CHECK(crcs.at("dir/big.xml") == ReferenceCrc32(big));
  CHECK(crcs.at("empty.xml") == 0);
  CHECK(crcs.at("direct.xml") == ReferenceCrc32(big + "tail"));
}

TEST_CASE("ZipWriter: igzip's bytes do not depend on the thread, the run or what the thread compressed before") {
  TempDir dir("zip-repeat");
  const std::string big = BigText();
  auto write = [&](const fs::path& path, int level) {
    Status st;
    auto zip = ZipWriter::Create(path.string(), level, &st);
    REQUIRE(st.ok());
    zip->AddEntry("a.xml", big);
    zip->AddEntry("b.xml", big.substr(0, 5 * kZipChunk + 17));
    REQUIRE(zip->Close().ok());
    return ReadWholeFile(path);
  };
  for (int level : {1, 6, 9}) {
    const std::string first = write(dir.dir() / "1.zip", level);
    CHECK(ZipEntry(dir.dir() / "1.zip", "a.xml") == big);
    CHECK(write(dir.dir() / "2.zip", level) == first);
    std::string other;
    std::thread([&] {
      write(dir.dir() / "3.zip", level == 1 ? 9 : 1);  // the thread's compressor used at another level first
      other = write(dir.dir() / "4.zip", level);
    }).join();
    CHECK(other == first);
  }
}

TEST_CASE("ZipWriter: errors are Russian statuses, a failed file leaves nothing") {
  TempDir dir("zip-err");
  Status st;
  CHECK(ZipWriter::Create((dir.dir() / "no/such/folder/x.zip").string(), 1, &st) == nullptr);
  CHECK(!st.ok());
  CHECK(st.message().find("не удалось создать файл") != std::string::npos);
  {
    auto zip = ZipWriter::Create((dir.dir() / "dropped.zip").string(), 1, &st);
    REQUIRE(zip);
    zip->AddEntry("a.xml", "a");
  }  // destroyed without Close
  CHECK(fs::is_empty(dir.dir()));
}
