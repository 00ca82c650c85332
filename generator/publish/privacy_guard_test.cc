#include "publish/privacy_guard.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace nastavnik {

namespace {

Participant Mentee(std::string surname, std::string name) {
  Participant p;
  p.id = surname;
  p.surname = std::move(surname);
  p.name = std::move(name);
  p.role = ParticipantRole::kMentee;
  p.category = "обучающийся";
  return p;
}

}  // namespace

TEST_CASE("ScanInWindows finds what one scan of the whole text finds") {
  PeopleRegistry reg;
  Participant a = Mentee("Ёлкина", "Алёна");
  a.birth_date = Date{2009, 3, 4};
  a.phone = "+7 (912) 345-67-89";
  a.email = "Alena.Elkina@Mail.example";
  reg.participants.push_back(a);
  Participant b = Mentee("Петрова-Водкина", "Мария");
  b.email = "m.petrova@school.example";
  reg.participants.push_back(b);
  PiiIndex index(reg, "https://x.example/", Date{2023, 11, 1});

  // A worksheet-like text: rows of cells, names, dates, phones and e-mails
  // among other words, so that many matches straddle the windows' edges.
  const std::vector<std::string> cells = {
      "Ёлкина Алёна", "Алёна&#160;Ёлкина", "Мария Петрова-Водкина", "04.03.2009", "8 (912) 345-67-89",
      "alena.elkina@mail.example", "m.petrova&#64;school.example", "Наставничество «педагог — педагог»",
      "Иванов Пётр", "2023/2024", "Ёлкина", "Алёна", "школа № 5", "&amp;", "ёлка"};
  std::mt19937 rng(7);
  std::string text = "<?xml version=\"1.0\"?><worksheet><sheetData>";
  for (int row = 1; text.size() < 300000; ++row) {
    text += "<row r=\"" + std::to_string(row) + "\">";
    for (int c = 0; c < 6; ++c) text += "<c t=\"inlineStr\"><is><t>" + cells[rng() % cells.size()] + "</t></is></c>";
    text += "</row>\n";
  }
  text += "</sheetData></worksheet>";

  std::vector<PiiHit> whole;
  index.Scan(text, whole);
  REQUIRE(whole.size() > 1000);
  for (size_t window : {size_t{1000}, size_t{4093}, size_t{65536}, text.size(), text.size() + 1}) {
    std::vector<PiiHit> windowed;
    ScanInWindows(index, text, windowed, window, 300);
    INFO("window " << window);
    REQUIRE(windowed.size() == whole.size());
    size_t differ = 0;
    for (size_t i = 0; i < whole.size(); ++i)
      differ += windowed[i].offset != whole[i].offset || windowed[i].person != whole[i].person ||
                windowed[i].kind != whole[i].kind;
    CHECK(differ == 0);
  }
}

}  // namespace nastavnik
