// The zlib adapter: entries read back by an independent reader (Poco::Zip),
// chunked deflate across many chunks, reproducible bytes, errors.
#include "publish/zip_writer.h"

#include <doctest/doctest.h>

#include <filesystem>
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
