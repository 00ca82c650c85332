#include "publish/privacy_guard.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "publish/archive.h"
#include "publish/pii_test_util.h"
#include "publish/xlsx.h"
#include "util/test_temp_dir.h"

namespace nastavnik {

namespace {

// A worksheet-like text of `bytes` bytes: rows of cells, names, dates, phones
// and e-mails among other words, so that many matches straddle windows' edges.
std::string SheetText(size_t bytes) {
  const std::vector<std::string> cells = {
      "Ёлкина Алёна", "Алёна&#160;Ёлкина", "Мария Петрова-Водкина", "04.03.2009", "8 (912) 345-67-89",
      "alena.elkina@mail.example", "m.petrova&#64;school.example", "Наставничество «педагог — педагог»",
      "Иванов Пётр", "2023/2024", "Ёлкина", "Алёна", "школа № 5", "&amp;", "ёлка"};
  std::mt19937 rng(7);
  std::string text = "<?xml version=\"1.0\"?><worksheet><sheetData>";
  for (int row = 1; text.size() < bytes; ++row) {
    text += "<row r=\"" + std::to_string(row) + "\">";
    for (int c = 0; c < 6; ++c) text += "<c t=\"inlineStr\"><is><t>" + cells[rng() % cells.size()] + "</t></is></c>";
    text += "</row>\n";
  }
  text += "</sheetData></worksheet>";
  return text;
}

Participant Mentee(std::string surname, std::string name) {
  Participant p;
  p.id = surname;
  p.surname = std::move(surname);
  p.name = std::move(name);
  p.role = ParticipantRole::kMentee;
  p.category = "обучающийся";
  return p;
}

// The index refers to the registry's participants: it lives as long as the tests.
const PeopleRegistry& TestPeople() {
  static const PeopleRegistry people = [] {
    PeopleRegistry reg;
    Participant a = Mentee("Ёлкина", "Алёна");
    a.birth_date = Date{2009, 3, 4};
    a.phone = "+7 (912) 345-67-89";
    a.email = "Alena.Elkina@Mail.example";
    reg.participants.push_back(a);
    Participant b = Mentee("Петрова-Водкина", "Мария");
    b.email = "m.petrova@school.example";
    reg.participants.push_back(b);
    return reg;
  }();
  return people;
}

}  // namespace

TEST_CASE("ScanInWindows finds what one scan of the whole text finds") {
  const PiiIndex index(TestPeople(), "https://x.example/", Date{2023, 11, 1});
  const std::string text = SheetText(300000);
  std::vector<PiiHit> whole;
  index.Scan(text, whole);
  REQUIRE(whole.size() > 1000);
  for (size_t window : {size_t{1000}, size_t{4093}, size_t{65536}, text.size(), text.size() + 1}) {
    std::vector<PiiHit> windowed;
    ScanInWindows(index, text, windowed, window, 300);
    INFO("window " << window);
    CHECK(SameHits(windowed, whole));
  }
}

TEST_CASE("ScanInWindows checks UTF-8 in the same pass when asked, in every window") {
  const PiiIndex index(TestPeople(), "https://x.example/", Date{2023, 11, 1});
  const std::string text = SheetText(100000);
  std::vector<PiiHit> whole;
  index.Scan(text, whole);
  for (size_t window : {size_t{1000}, size_t{65536}, text.size() + 1}) {
    INFO("window " << window);
    std::vector<PiiHit> checked;
    CHECK(ScanInWindows(index, text, checked, window, 300, /*utf8_only=*/true));
    CHECK(SameHits(checked, whole));
    // A broken byte anywhere (first window, middle, last byte) is found.
    for (size_t at : {size_t{5}, text.size() / 2, text.size() - 1}) {
      std::string broken = text;
      broken[at] = '\xFF';
      std::vector<PiiHit> ignored;
      CHECK_FALSE(ScanInWindows(index, broken, ignored, window, 300, true));
      CHECK(ScanInWindows(index, broken, ignored, window, 300));  // not asked: scanned anyway
    }
  }
}

TEST_CASE("WindowedScan over pieces of any size finds what one scan of the whole text finds") {
  const PiiIndex index(TestPeople(), "https://x.example/", Date{2023, 11, 1});
  const std::string text = SheetText(200000);
  std::vector<PiiHit> whole;
  index.Scan(text, whole);
  REQUIRE(whole.size() > 500);
  std::mt19937 rng(11);
  for (size_t window : {size_t{1000}, size_t{4093}, size_t{65536}, text.size() - 1, text.size(), text.size() + 1}) {
    for (size_t max_piece : {size_t{1}, size_t{7}, size_t{5000}, size_t{100000}}) {
      if (max_piece == 1 && window > 5000) continue;  // slow, and says nothing new
      std::vector<PiiHit> streamed;
      WindowedScan scan(index, streamed, window, 300);
      for (size_t i = 0; i < text.size();) {
        size_t n = 1 + rng() % max_piece;
        scan.Add(std::string_view(text).substr(i, n));
        i += n;
      }
      CHECK(scan.size() == text.size());
      scan.Finish();
      INFO("window " << window << ", pieces up to " << max_piece);
      CHECK(SameHits(streamed, whole));
    }
  }
  std::vector<PiiHit> none;
  WindowedScan empty(index, none, 1000, 300);
  empty.Finish();
  CHECK(none.empty());
}

TEST_CASE("PublicTreeScan reads a large archive member as it unpacks it, and finds what is in it") {
  const PiiIndex index(TestPeople(), "https://x.example/", Date{2023, 11, 1});
  TempDir dir("guard-zip");
  const std::string big = SheetText(size_t{5} << 20) + "<t>Мария Петрова-Водкина</t>";  // past kWholeMember
  Status st;
  {
    auto book = XlsxWorkbook::Create(dir.path + "/big.xlsx", {}, /*constant_memory=*/true, &st);
    REQUIRE(st.ok());
    XlsxSheet* sheet = book->AddSheet("Лист", {{"Текст", 40, XlsxFormat::kText, {}}});
    for (size_t i = 0; i < big.size(); i += 20000) sheet->WriteRow({XlsxCell::Text(big.substr(i, 20000))});
    REQUIRE(book->Close().ok());
  }
  const std::string bytes = ReadWholeFile(dir.path + "/big.xlsx");
  // The same findings as scanning each member whole.
  std::vector<PiiHit> expected;
  auto entries = ReadZip(bytes, size_t{1} << 30);
  REQUIRE(entries);
  size_t big_members = 0;
  for (const auto& e : *entries) {
    big_members += e.bytes.size() > (size_t{4} << 20);
    ScanInWindows(index, e.bytes, expected);
  }
  REQUIRE(big_members == 1);
  REQUIRE(expected.size() > 1000);

  std::filesystem::create_directories(dir.path + "/out");
  OutputTree tree(dir.path + "/out", "public");
  REQUIRE(tree.Begin().ok());
  PublicTreeScan scan(index, "output/public");
  tree.SetWriteObserver([&](const std::string& rel, std::string_view b) { scan.Add(rel, b); });
  REQUIRE(tree.Write("files/big.xlsx", bytes).ok());
  Diagnostics diags;
  GuardStats stats = GuardPublicTree(index, {}, &tree, "output/public", diags, &scan);
  CHECK(stats.files == entries->size() + 1);  // the archive and its members
  CHECK(diags.error_count() > 0);
  bool named = false;
  for (const auto& d : diags.Sorted())
    named |= d.pos.path.find("files/big.xlsx!xl/worksheets/sheet1.xml") != std::string::npos;
  CHECK(named);
}

}  // namespace nastavnik
