// The catalogue, the sources and the documentation cannot drift apart: every
// code a source file reports is catalogued, the catalogue is sorted and has
// no repeats, and CONTRIBUTING.md («Коды ошибок») explains every code.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "diag/codes.h"

using namespace nastavnik;

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::set<std::string> Catalogue() {
  std::set<std::string> out;
  for (const auto& c : AllCodes()) out.insert(std::string(c.code));
  return out;
}

const std::filesystem::path kSource = NASTAVNIK_SOURCE_DIR;

}  // namespace

TEST_CASE("The code catalogue is sorted, without repeats, with a title for each code") {
  const auto& codes = AllCodes();
  REQUIRE(!codes.empty());
  for (size_t i = 1; i < codes.size(); ++i) CHECK(codes[i - 1].code < codes[i].code);
  for (const auto& c : codes) {
    CHECK(std::regex_match(std::string(c.code), std::regex("[EW][0-9]{3}")));
    CHECK(!c.title.empty());
  }
}

TEST_CASE("Every code reported in generator/ is in the catalogue") {
  const std::set<std::string> catalogue = Catalogue();
  const std::regex quoted("\"([EW][0-9]{3})\"");
  std::set<std::string> used;
  for (const auto& e : std::filesystem::recursive_directory_iterator(kSource / "generator")) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || e.path().extension() != ".cc") continue;
    // Tests use made-up codes; the catalogue itself is what is checked.
    if (name.find("_test.cc") != std::string::npos || name == "codes.cc") continue;
    std::string text = ReadFile(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), quoted), end; it != end; ++it) {
      std::string code = (*it)[1];
      used.insert(code);
      CHECK_MESSAGE(catalogue.count(code), code << " is used in " << e.path().string()
                                                << " but missing from diag/codes.cc");
    }
  }
  // The scan itself must have found the sources.
  CHECK(used.count("E003"));
  CHECK(used.count("E047"));
}

TEST_CASE("CONTRIBUTING.md explains every catalogued code, and no other") {
  std::string doc = ReadFile(kSource / "CONTRIBUTING.md");
  size_t section = doc.find("## Коды ошибок");
  REQUIRE(section != std::string::npos);
  std::string table = doc.substr(section);
  std::set<std::string> documented;
  const std::regex row("\\n\\| *([EW][0-9]{3}) *\\|([^|\\n]*)\\|([^|\\n]*)\\|");
  for (std::sregex_iterator it(table.begin(), table.end(), row), end; it != end; ++it) {
    std::string code = (*it)[1];
    CHECK_MESSAGE(documented.insert(code).second, code << " is in the table twice");
    CHECK_MESSAGE(std::string((*it)[2]).find_first_not_of(' ') != std::string::npos, code << " has no meaning");
    CHECK_MESSAGE(std::string((*it)[3]).find_first_not_of(' ') != std::string::npos, code << " has no fix");
  }
  const std::set<std::string> catalogue = Catalogue();
  for (const auto& code : catalogue)
    CHECK_MESSAGE(documented.count(code), code << " is missing from the table in CONTRIBUTING.md");
  for (const auto& code : documented)
    CHECK_MESSAGE(catalogue.count(code), code << " is in CONTRIBUTING.md but not in diag/codes.cc");
}
