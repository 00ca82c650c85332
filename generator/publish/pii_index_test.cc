#include <doctest/doctest.h>

#include "publish/pii_index.h"
#include "publish/pii_test_util.h"

using namespace nastavnik;

namespace {

const char kSite[] = "https://obrazovanie.severogorsk.example/nastavnichestvo/";
const Date kToday{2023, 11, 1};

Participant Person(std::string id, std::string surname, std::string name, std::string patronymic,
                   ParticipantRole role) {
  Participant p = Someone(std::move(surname), std::move(name), std::move(patronymic), role);
  p.id = std::move(id);
  return p;
}

PeopleRegistry Registry() {
  PeopleRegistry r;
  Participant child = Person("p1", "Ёлкина", "Алёна", "Петровна", ParticipantRole::kMentee);
  child.birth_date = Date{2009, 3, 4};
  child.phone = "+7 (912) 345-67-89";
  child.email = "Alena.Elkina@Mail.example";
  r.Add(child, true);
  Participant hyphen = Person("p2", "Петрова-Водкина", "Мария", "", ParticipantRole::kMentee);
  r.Add(hyphen, true);
  Participant mentor = Person("p3", "Белова", "Ирина", "Сергеевна", ParticipantRole::kMentor);
  mentor.consent = {true, Date{2021, 10, 1}, kSite, std::nullopt};
  mentor.birth_date = Date{1976, 3, 14};
  r.Add(mentor, true);
  // A mentee with the same name as the consenting mentor: indistinguishable.
  r.Add(Person("p4", "Белова", "Ирина", "", ParticipantRole::kMentee), true);
  // A mentor without consent: names are not needles (only mentees' are).
  r.Add(Person("p5", "Орлов", "Андрей", "", ParticipantRole::kMentor), true);
  return r;
}

std::vector<PiiHit> Scan(const PiiIndex& index, std::string_view text) {
  std::vector<PiiHit> hits;
  index.Scan(text, hits);
  return hits;
}

}  // namespace

TEST_CASE("PiiWords takes long Cyrillic runs in bulk as it takes short ones") {
  // Runs longer than 8 letters (taken 16 bytes at a time) ending at every
  // position of a block: upper case, «Ё», a letter that is not Cyrillic
  // (і, U+0456), a Latin letter, a digit, markup, the text's end.
  const std::string upper = "ПРОПЕДЕВТИЧЕСКИЙЁЛКИНАЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ", lower = "пропедевтическийелкинажжжжжжжжжжжжжжж";
  for (size_t letters = 1; letters * 2 <= upper.size(); ++letters) {
    const std::string w = upper.substr(0, letters * 2), want = lower.substr(0, letters * 2);
    CHECK(PiiWords(w) == std::vector<std::string>{want});
    for (const char* end : {"і", "q", "7", "<b>", " ", "&nbsp;"}) {
      std::vector<std::string> got = PiiWords(w + end + "да");
      REQUIRE(got.size() >= 2);
      CHECK(got.front() == want);
      CHECK(got.back() == "да");
    }
  }
  CHECK(PiiWords("<a title=\"ИВАНОВА-ПЕТРОВСКАЯ ЁЛКИНА\">") ==
        std::vector<std::string>{"иванова", "петровская", "елкина"});
}

TEST_CASE("PiiWords normalises case, ё, entities, escapes and markup") {
  CHECK(PiiWords("Ёлкина  АЛЁНА") == std::vector<std::string>{"елкина", "алена"});
  CHECK(PiiWords("&#1025;&#x43B;кина&nbsp;Ал&shy;ёна") == std::vector<std::string>{"елкина", "алена"});
  CHECK(PiiWords("\"\\u0415\\u043bкина\\nАлёна\"") == std::vector<std::string>{"елкина", "алена"});
  CHECK(PiiWords("<td class=\"x\">Ёлкина</td><td>Алёна</td>") ==
        std::vector<std::string>{"x", "елкина", "алена"});
  CHECK(PiiWords("04.03.2009") == std::vector<std::string>{"4", "3", "2009"});
}

TEST_CASE("PiiIndex finds mentees' names in every order and notation") {
  PeopleRegistry reg = Registry();
  PiiIndex index(reg, kSite, kToday);
  for (std::string_view text : {"Ёлкина Алёна", "ЕЛКИНА АЛЕНА", "Алёна Ёлкина", "Алёна Петровна Ёлкина",
                                "Ёлкина Алёна Петровна", "<p>Ёлкина <em>Алёна</em></p>",
                                "{\"t\":\"\\u0415\\u043b\\u043a\\u0438\\u043d\\u0430 \\u0410\\u043b\\u0435\\u043d\\u0430\"}",
                                "Ёлкина\n   Алёна", "Ёлкина,&nbsp;Алёна"}) {
    auto hits = Scan(index, text);
    INFO(text);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].person == 0);
    CHECK(hits[0].kind == PiiKind::kName);
  }
  auto hits = Scan(index, "работа: Петрова-Водкина Мария, 7 класс");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].person == 1);
  CHECK(hits[0].offset == std::string_view("работа: ").size());
}

TEST_CASE("PiiIndex leaves alone what is not a full name of a mentee") {
  PeopleRegistry reg = Registry();
  PiiIndex index(reg, kSite, kToday);
  CHECK(Scan(index, "Алёна").empty());                       // a first name alone
  CHECK(Scan(index, "Ёлкина а. п.").empty());                // not initials: lower case
  CHECK(Scan(index, "Ёлкинская Алёна").empty());            // whole words only
  CHECK(Scan(index, "Белова Ирина Сергеевна").empty());      // the consenting mentor
  CHECK(Scan(index, "Орлов Андрей").empty());                // a mentor: not a needle
  CHECK(Scan(index, "<img alt=\"Ёлкина\" title=\"Алёна\">").empty());  // separate attribute values
  CHECK(Scan(index, "<img alt=\"Ёлкина Алёна\">").size() == 1);         // one attribute value
}

TEST_CASE("PiiIndex finds birth dates, phones and e-mails") {
  PeopleRegistry reg = Registry();
  PiiIndex index(reg, kSite, kToday);
  for (std::string_view text : {"04.03.2009", "4.3.2009", "2009-03-04", "4 марта 2009 г."}) {
    auto hits = Scan(index, text);
    INFO(text);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].kind == PiiKind::kBirthDate);
  }
  CHECK(Scan(index, "14.03.1976").size() == 1);  // a mentor's birth date is internal too
  CHECK(Scan(index, "04.03.2010").empty());
  for (std::string_view text : {"+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "тел. 912-345-67-89"}) {
    auto hits = Scan(index, text);
    INFO(text);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].kind == PiiKind::kPhone);
  }
  CHECK(Scan(index, "ИНН 19123456789012").empty());
  for (std::string_view text : {"alena.elkina@mail.example", "mailto:Alena.Elkina@MAIL.example.",
                                "alena.elkina&#64;mail.example", "\"alena.elkina\\u0040mail.example\""}) {
    auto hits = Scan(index, text);
    INFO(text);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].kind == PiiKind::kEmail);
  }
  CHECK(Scan(index, "xalena.elkina@mail.example").empty());
}

TEST_CASE("A mentee who shares a name with a consenting mentor is found by the patronymic") {
  PeopleRegistry reg = Registry();  // p4 «Белова Ирина» has no patronymic: not searched at all
  Participant namesake = Person("p6", "Белова", "Ирина", "Петровна", ParticipantRole::kMentee);
  reg.Add(namesake, true);
  PiiIndex index(reg, kSite, kToday);
  CHECK(Scan(index, "Белова Ирина Сергеевна").empty());
  CHECK(Scan(index, "Ирина Сергеевна Белова").empty());
  auto hits = Scan(index, "Белова Ирина Петровна");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].person == 5);
  CHECK(Scan(index, "Ирина Петровна Белова").size() == 1);
}

namespace nastavnik {

TEST_CASE("PiiIndex from needles gathered beforehand finds what the walk finds") {
  PeopleRegistry reg = Registry();
  reg.Add(Person("p6", "Белова", "Ирина", "Петровна", ParticipantRole::kMentee), true);
  // The namesake mentor comes after the mentee: which short forms are left
  // out is only known once every row is read.
  Participant late = Person("p7", "Ершова", "Ольга", "", ParticipantRole::kMentor);
  late.consent = {true, Date{2021, 10, 1}, kSite, std::nullopt};
  reg.Add(Person("p8", "Ершова", "Ольга", "Ивановна", ParticipantRole::kMentee), true);
  reg.Add(late, true);
  PiiNeedles needles;
  for (const auto& p : reg.participants) needles.Add(p);
  CHECK(needles.size() == reg.participants.size());
  PiiIndex walked(reg, kSite, kToday);
  size_t walks = 0;
  auto everyone = [&](const std::function<void(const Participant&)>& fn) {
    ++walks;
    for (const auto& p : reg.participants) fn(p);
  };
  PiiIndex gathered(reg.participants, needles, everyone, kSite, kToday, nullptr);
  CHECK(walks == 1);  // a namesake of a published mentor: the long forms are read again
  CHECK(gathered.needle_count() == walked.needle_count());
  for (std::string_view text :
       {"Ёлкина Алёна", "Алёна Ёлкина", "04.03.2009", "2009-03-04", "+7 912 345 67 89", "alena.elkina@mail.example",
        "Белова Ирина Сергеевна", "Белова Ирина Петровна", "Ирина Петровна Белова", "Ершова Ольга",
        "Ершова Ольга Ивановна", "Ольга Ивановна Ершова", "Петрова-Водкина Мария", "Орлов Андрей"}) {
    auto a = Scan(walked, text), b = Scan(gathered, text);
    REQUIRE_MESSAGE(a.size() == b.size(), text);
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].person == b[i].person);
      CHECK(a[i].kind == b[i].kind);
      CHECK(a[i].offset == b[i].offset);
    }
  }
  CHECK(Scan(gathered, "Ершова Ольга").empty());            // the mentor's published name
  CHECK(Scan(gathered, "Ершова Ольга Ивановна").size() == 1);  // the mentee, by the patronymic

  // Without namesakes the registry is not read again.
  PeopleRegistry plain;
  plain.Add(Person("p1", "Ёлкина", "Алёна", "Петровна", ParticipantRole::kMentee), true);
  plain.Add(Person("p2", "Орлов", "Андрей", "Петрович", ParticipantRole::kMentor), true);
  PiiNeedles plain_needles;
  for (const auto& p : plain.participants) plain_needles.Add(p);
  walks = 0;
  auto plain_everyone = [&](const std::function<void(const Participant&)>& fn) {
    ++walks;
    for (const auto& p : plain.participants) fn(p);
  };
  PiiIndex plain_index(plain.participants, plain_needles, plain_everyone, kSite, kToday, nullptr);
  CHECK(walks == 0);
  CHECK(plain_index.needle_count() == PiiIndex(plain, kSite, kToday).needle_count());
}

TEST_CASE("PiiNeedles: a name or a birth date seen again adds nothing; the first row keeps it") {
  // Rows repeat names and dates (a registry of a million rows has a few
  // thousand of each): the repeats are skipped, as adding them again would
  // change nothing. Dates outside 1900-2099 take the long way.
  auto row = [](std::string id, std::string surname, ParticipantRole role, Date birth) {
    Participant p = Person(std::move(id), std::move(surname), "Алёна", "Петровна", role);
    p.birth_date = birth;
    return p;
  };
  const Date early{1850, 1, 2}, usual{2009, 3, 4}, late{2150, 6, 7};
  PeopleRegistry repeated, once;
  // A mentor first (a name that is no needle), then mentees.
  for (const Participant& p :
       {row("p0", "Ёлкина", ParticipantRole::kMentor, usual), row("p1", "Ёлкина", ParticipantRole::kMentee, usual),
        row("p2", "Ёлкина", ParticipantRole::kMentee, usual), row("p3", "Орлова", ParticipantRole::kMentee, early),
        row("p4", "Орлова", ParticipantRole::kMentee, early), row("p5", "Ёлкина", ParticipantRole::kMentee, late),
        row("p6", "Белова", ParticipantRole::kMentee, late)})
    repeated.Add(p, true);
  for (const Participant& p : {row("p0", "Ёлкина", ParticipantRole::kMentor, usual),
                               row("p1", "Ёлкина", ParticipantRole::kMentee, usual),
                               row("p3", "Орлова", ParticipantRole::kMentee, early),
                               row("p5", "Белова", ParticipantRole::kMentee, late)})
    once.Add(p, true);
  PiiNeedles needles;
  for (const auto& p : repeated.participants) needles.Add(p);
  auto everyone = [&](const std::function<void(const Participant&)>& fn) {
    for (const auto& p : repeated.participants) fn(p);
  };
  PiiIndex index(repeated.participants, needles, everyone, kSite, kToday, nullptr);
  CHECK(index.needle_count() == PiiIndex(once, kSite, kToday).needle_count());
  auto first = [&](std::string_view text) {
    auto hits = Scan(index, text);
    REQUIRE_MESSAGE(hits.size() == 1, text);
    return hits[0].person;
  };
  CHECK(first("Ёлкина Алёна") == 1);
  CHECK(first("04.03.2009") == 0);  // a date is a needle whoever's it is
  CHECK(first("Орлова Алёна") == 3);
  CHECK(first("02.01.1850") == 3);
  CHECK(first("07.06.2150") == 5);
  CHECK(first("Белова Алёна") == 6);
}

TEST_CASE("PiiNeedles: with nearly every name distinct the names' cache turns off; repeats still find the first row") {
  PeopleRegistry reg;
  for (int i = 0; i < 9000; ++i)
    reg.Add(Person("d" + std::to_string(i), "Фамилия" + std::to_string(i), "Алёна", "", ParticipantRole::kMentee), true);
  reg.Add(Person("r1", "Ёлкина", "Алёна", "", ParticipantRole::kMentee), true);
  reg.Add(Person("r2", "Ёлкина", "Алёна", "", ParticipantRole::kMentee), true);
  for (auto& p : reg.participants) p.birth_date.reset();
  PiiNeedles needles;
  for (const auto& p : reg.participants) needles.Add(p);
  auto everyone = [&](const std::function<void(const Participant&)>& fn) {
    for (const auto& p : reg.participants) fn(p);
  };
  PiiIndex index(reg.participants, needles, everyone, kSite, kToday, nullptr);
  auto hits = Scan(index, "Ёлкина Алёна");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].person == 9000);
  hits = Scan(index, "Фамилия8999 Алёна");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].person == 8999);
}

TEST_CASE("PiiIndex: a name's first row is found again only when a scan finds the name, once a name") {
  // The tables keep a name form's key, not its row: the row is looked up
  // by walking the registry, which a scan without a match never does.
  PeopleRegistry reg;
  for (int i = 0; i < 50; ++i)
    reg.Add(Person("d" + std::to_string(i), "Фамилия" + std::to_string(i), "Алёна", "Ивановна",
                   i == 7 ? ParticipantRole::kMentor : ParticipantRole::kMentee),
            true);
  reg.Add(Person("r1", "Фамилия7", "Алёна", "Ивановна", ParticipantRole::kMentee), true);  // a mentor's namesake
  reg.Add(Person("r2", "Фамилия9", "Алёна", "Ивановна", ParticipantRole::kMentee), true);
  for (auto& p : reg.participants) p.birth_date.reset();
  PiiNeedles needles;
  for (const auto& p : reg.participants) needles.Add(p);
  int walks = 0;
  auto everyone = [&](const std::function<void(const Participant&)>& fn) {
    ++walks;
    for (const auto& p : reg.participants) fn(p);
  };
  PiiIndex index(reg.participants, needles, everyone, kSite, kToday, nullptr);
  const int built = walks;
  CHECK(Scan(index, "Наставничество в школе: Алёна и её фамилия").empty());
  CHECK(walks == built);
  for (int round = 0; round < 2; ++round) {
    auto hits = Scan(index, "Фамилия9 Алёна, Алёна Ивановна Фамилия9; Фамилия7 А. И.");
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].person == 9);   // not r2, a later row
    CHECK(hits[1].person == 9);
    CHECK(hits[2].person == 50);  // the mentor (row 7) gives no needle: r1 is the first
    CHECK(walks == built + 3);    // one walk a name key (three here), the second round none
  }
}

}  // namespace nastavnik

TEST_CASE("PiiIndex::KeyHashOf: the padded read hashes like the plain one, whatever follows the word") {
  std::string buf = "Наставничество-2024 abcdefghijklmnopqrstuvwxyz";
  for (size_t n = 0; n + 16 <= buf.size(); ++n) {
    std::string padded = buf.substr(0, n) + "\xFF\xEE\xDD\xCC\xBB\xAA\x99\x88\x77";
    CHECK(nastavnik::PiiIndex::KeyHashOf(padded.data(), n, true) == nastavnik::PiiIndex::KeyHash(buf.substr(0, n)));
  }
  CHECK(nastavnik::PiiIndex::KeyHash("иванов") != nastavnik::PiiIndex::KeyHash("иванова"));
  CHECK(nastavnik::PiiIndex::GramHash({"иванов", "петр"}) != nastavnik::PiiIndex::GramHash({"петр", "иванов"}));
}

TEST_CASE("PiiIndex: the orders a name is written in share one entry, each order still found") {
  using nastavnik::PiiIndex;
  PeopleRegistry reg;
  reg.Add(Person("p1", "Ёлкина", "Алёна", "Петровна", ParticipantRole::kMentee), true);
  for (auto& p : reg.participants) p.phone = p.email = "", p.birth_date.reset();
  PiiIndex full(reg, kSite, kToday);
  // «Ф И» = «И Ф», «И О Ф», «Ф И. О.» = «И. О. Ф».
  CHECK(full.needle_count() == 3);
  for (std::string_view text : {"Ёлкина Алёна", "Алёной Ёлкиной", "Алёна Петровна Ёлкина", "Ёлкиной А. П.",
                                "А. П. Ёлкина", "Ёлкина Алёна Петровна"})
    CHECK_MESSAGE(Scan(full, text).size() == 1, text);
  for (std::string_view text : {"П. А. Ёлкина", "Ёлкина П. А.", "Ёлкина А.", "А. Ёлкина", "Петровна Алёна"})
    CHECK_MESSAGE(Scan(full, text).empty(), text);

  PeopleRegistry plain;  // no patronymic: «Ф И» = «И Ф», «Ф И.» = «И. Ф»
  plain.Add(Person("p2", "Ёлкина", "Алёна", "", ParticipantRole::kMentee), true);
  for (auto& p : plain.participants) p.phone = p.email = "", p.birth_date.reset();
  PiiIndex short_forms(plain, kSite, kToday);
  CHECK(short_forms.needle_count() == 2);
  for (std::string_view text : {"Алёна Ёлкина", "Ёлкиной А.", "А. Ёлкина"})
    CHECK_MESSAGE(Scan(short_forms, text).size() == 1, text);
  CHECK(Scan(short_forms, "Ёлкина А. П.").size() == 1);  // «Ёлкина А.» inside it
  CHECK(PiiIndex::KeysOf({"елкин", "ален"}).name == PiiIndex::KeysOf({"ален", "елкин"}).name);
  CHECK(PiiIndex::KeysOf({"елкин", "ален"}).gram != PiiIndex::KeysOf({"ален", "елкин"}).gram);
  CHECK(PiiIndex::KeysOf({"елкин", "а.", "п."}).name == PiiIndex::KeysOf({"а.", "п.", "елкин"}).name);
  CHECK(PiiIndex::KeysOf({"елкин", "а.", "п."}).name != PiiIndex::KeysOf({"п.", "а.", "елкин"}).name);
}
