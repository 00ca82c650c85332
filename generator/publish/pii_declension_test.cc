// The privacy guard finds mentees' names in any grammatical case and with
// initials (pii_text::CyrillicStem, the initial forms of NameForms), and
// ordinary text stays clean.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "publish/pii_index.h"
#include "publish/pii_text.h"

using namespace nastavnik;

namespace {

const char kSite[] = "https://x.example/";
const Date kToday{2023, 11, 1};

Participant Mentee(std::string id, std::string surname, std::string name, std::string patronymic = "") {
  Participant p;
  p.id = std::move(id);
  p.surname = std::move(surname);
  p.name = std::move(name);
  p.patronymic = std::move(patronymic);
  p.role = ParticipantRole::kMentee;
  p.category = "обучающийся";
  return p;
}

std::vector<PiiHit> Scan(const PiiIndex& index, std::string_view text) {
  std::vector<PiiHit> hits;
  index.Scan(text, hits);
  return hits;
}

// `text` holds exactly one match, a name of row `person`.
void FindsOne(const PiiIndex& index, std::string_view text, size_t person) {
  INFO(text);
  auto hits = Scan(index, text);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].person == person);
  CHECK(hits[0].kind == PiiKind::kName);
}

// The key a word is compared by, as text.
std::string Stem(std::string word) {
  std::string w = PiiWords(word).at(0);
  pii_text::StemCut c = pii_text::CyrillicStem(w.data(), w.size());
  std::string out = w.substr(0, c.len);
  if (c.drop != pii_text::kNoDrop) out.erase(c.drop, 2);
  return out;
}

// Every word of `forms` has the same key, and WordHash agrees with it.
void SameStem(std::initializer_list<const char*> forms) {
  const std::string want = Stem(*forms.begin());
  for (const char* f : forms) {
    INFO(f);
    CHECK(Stem(f) == want);
    CHECK(PiiIndex::WordHash(PiiWords(f).at(0)) == PiiIndex::KeyHash(want));
  }
}

}  // namespace

TEST_CASE("CyrillicStem gives every case form of a name one key") {
  // Surnames in -ов/-ев/-ёв/-ин/-ын, both genders.
  SameStem({"Иванов", "Иванова", "Иванову", "Ивановым", "Ивановом", "Ивановой", "Ивановою"});
  SameStem({"Сергеев", "Сергеева", "Сергееву", "Сергеевым", "Сергеевой"});
  SameStem({"Королёв", "Королева", "Королёву", "Королёвым", "Королёвой"});
  SameStem({"Пушкин", "Пушкина", "Пушкину", "Пушкиным", "Пушкине", "Пушкиной"});
  SameStem({"Лисицын", "Лисицына", "Лисицыну", "Лисицыным", "Лисицыной"});
  // -ский/-цкий/-ской.
  SameStem({"Достоевский", "Достоевского", "Достоевскому", "Достоевским", "Достоевском", "Достоевская",
            "Достоевской", "Достоевскую"});
  SameStem({"Луцкий", "Луцкого", "Луцкому", "Луцким", "Луцком", "Луцкая", "Луцкой", "Луцкую"});
  SameStem({"Толстой", "Толстого", "Толстому", "Толстым", "Толстом", "Толстая", "Толстую"});
  // In a consonant (men decline, women do not), in -а/-я.
  SameStem({"Шевчук", "Шевчука", "Шевчуку", "Шевчуком", "Шевчуке"});
  SameStem({"Гора", "Горы", "Горе", "Гору", "Горой"});
  // Given names: consonant, fleeting vowel, -а/-я, -ия, -ь, -й.
  SameStem({"Пётр", "Петр", "Петра", "Петру", "Петром", "Петре"});
  SameStem({"Павел", "Павла", "Павлу", "Павлом", "Павле"});
  SameStem({"Лев", "Льва", "Льву", "Львом", "Льве"});
  SameStem({"Максим", "Максима", "Максиму", "Максимом", "Максиме"});
  SameStem({"Артём", "Артема", "Артёму", "Артёмом", "Артёме"});
  SameStem({"Анна", "Анны", "Анне", "Анну", "Анной", "Анною"});
  SameStem({"Илья", "Ильи", "Илье", "Илью", "Ильёй"});
  SameStem({"Никита", "Никиты", "Никите", "Никиту", "Никитой"});
  SameStem({"Мария", "Марии", "Марию", "Марией"});
  SameStem({"Игорь", "Игоря", "Игорю", "Игорем", "Игоре"});
  SameStem({"Любовь", "Любви", "Любовью"});
  SameStem({"Сергей", "Сергея", "Сергею", "Сергеем", "Сергее"});
  SameStem({"Николай", "Николая", "Николаю", "Николаем", "Николае"});
  SameStem({"Ольга", "Ольги", "Ольге", "Ольгу", "Ольгой"});
  // Patronymics.
  SameStem({"Петрович", "Петровича", "Петровичу", "Петровичем", "Петровиче"});
  SameStem({"Сергеевна", "Сергеевны", "Сергеевне", "Сергеевну", "Сергеевной"});
  SameStem({"Ильич", "Ильича", "Ильичу", "Ильичом"});
  SameStem({"Ильинична", "Ильиничны", "Ильиничне", "Ильиничну", "Ильиничной"});
  // Indeclinable: one form, any key.
  CHECK(Stem("Шевченко") == "шевченк");
  CHECK(Stem("Седых") == "седых");
  // Different names stay apart; short words keep their form.
  CHECK(Stem("Иванов") != Stem("Иваненко"));
  CHECK(Stem("Петр") != Stem("Петров"));
  CHECK(Stem("Ян") == "ян");
  CHECK(Stem("Ия") == "ия");
  CHECK(Stem("или") != Stem("Илья"));
}

TEST_CASE("PiiIndex finds a mentee's name in every case form and with initials") {
  PeopleRegistry reg;
  reg.Add(Mentee("m1", "Иванов", "Пётр", "Сергеевич"), true);
  reg.Add(Mentee("m2", "Петрова", "Мария", "Ильинична"), true);
  reg.Add(Mentee("m3", "Достоевская", "Любовь", "Павловна"), true);
  reg.Add(Mentee("m4", "Шевчук", "Павел"), true);
  reg.Add(Mentee("m5", "Шевчук", "Анна"), true);
  reg.Add(Mentee("m6", "Гора", "Илья"), true);
  reg.Add(Mentee("m7", "Лисицын", "Лев", "Игоревич"), true);
  PiiIndex index(reg, kSite, kToday);
  struct Case {
    const char* text;
    size_t person;
    const char* form;  // the bytes the hit spans
  };
  const Case cases[] = {
      {"работа с Ивановым Петром", 0, "Ивановым Петром"},
      {"Петра Иванова пригласили", 0, "Петра Иванова"},
      {"наставляемому Иванову П. С. поручено", 0, "Иванову П. С."},
      {"П. С. Иванову поручено", 0, "П. С. Иванову"},
      {"П.С.Иванову поручено", 0, "П.С.Иванову"},
      {"Петру Сергеевичу Иванову", 0, "Петру Сергеевичу Иванову"},
      {"ИВАНОВЫМ ПЕТРОМ", 0, "ИВАНОВЫМ ПЕТРОМ"},
      {"беседа с Марией Петровой", 1, "Марией Петровой"},
      {"у Петровой Марии", 1, "Петровой Марии"},
      {"Петровой М. И.", 1, "Петровой М. И."},
      {"Марии Ильиничне Петровой", 1, "Марии Ильиничне Петровой"},
      {"с Любовью Достоевской", 2, "Любовью Достоевской"},
      {"Достоевскую Любовь", 2, "Достоевскую Любовь"},
      {"для Любви Достоевской", 2, "Любви Достоевской"},
      {"Павлу Шевчуку", 3, "Павлу Шевчуку"},
      {"с Павлом Шевчуком", 3, "Павлом Шевчуком"},
      {"Анне Шевчук", 4, "Анне Шевчук"},
      {"Шевчук Анной", 4, "Шевчук Анной"},
      {"с Ильёй Горой", 5, "Ильёй Горой"},
      {"Горы Ильи", 5, "Горы Ильи"},
      {"со Львом Лисицыным", 6, "Львом Лисицыным"},
      {"Лисицыну Л. И.", 6, "Лисицыну Л. И."},
      {"Шевчуку П.", 3, "Шевчуку П."},  // no patronymic in the registry: one initial
      {"А. Шевчук", 4, "А. Шевчук"},
  };
  for (const Case& c : cases) {
    FindsOne(index, c.text, c.person);
    auto hits = Scan(index, c.text);
    CHECK(std::string_view(c.text).substr(hits.at(0).offset, hits.at(0).length) == c.form);
  }
  // With a patronymic in the registry, one initial, or another second one, is
  // someone else (an official signing «Иванова А. В.»).
  for (const char* text : {"наставляемому Иванову П. поручено", "П. Иванов", "Иванову П. Д.", "П. Д. Иванову"}) {
    INFO(text);
    CHECK(Scan(index, text).empty());
  }
  // Across markup, as before.
  CHECK(Scan(index, "<p>с <strong>Ивановым</strong> Петром</p>").size() == 1);
}

TEST_CASE("PiiIndex: ordinary words that share a stem with a name are not a name") {
  PeopleRegistry reg;
  reg.Add(Mentee("m1", "Иванов", "Пётр", "Сергеевич"), true);
  reg.Add(Mentee("m2", "Белова", "Вера"), true);
  reg.Add(Mentee("m3", "Горбунова", "Надежда"), true);
  reg.Add(Mentee("m4", "Сидоров", "Илья"), true);
  reg.Add(Mentee("m5", "Гусев", "Глеб"), true);
  PiiIndex index(reg, kSite, kToday);
  for (const char* text : {
           "Иванову",                                   // a surname alone
           "Петром",                                    // a name alone
           "в 2023 г. Иванову",                         // «г.» is no initial (lower case)
           "с Ивановым",                                // a preposition is no initial
           "С Ивановым",                                // nor at a sentence's start without a dot
           "Иванову П",                                 // an initial needs its dot
           "Иванову Р. С.",                             // another initial
           "вера в успех, надежда на лучшее",           // common nouns
           "белой вере",                                // a stem shared, not the pair
           "или Сидорову",                              // «или» is not a form of «Илья»
           "Иванову Петрович",                          // a patronymic is not the name
       }) {
    INFO(text);
    CHECK(Scan(index, text).empty());
  }
  // Real sentences of municipal orders (/work/shared/seeds): initials of
  // officials, not mentees, are not found.
  for (const char* text : {
           "3. Перминовой В.Г., ответственному по внедрению и реализации целевой модели наставничества",
           "Директору МАУ ЗАТО Северск «РЦО» (Хлебенков В.В.) обеспечить информационное сопровождение",
           "Возложить контроль на Ковалёву Л.Ю., начальника отдела",
       })
    CHECK(Scan(index, text).empty());
}

TEST_CASE("PiiIndex: a mentee named in an official's sentence of an order is found in it") {
  PeopleRegistry reg;
  reg.Add(Mentee("m1", "Ковалёва", "Людмила", "Юрьевна"), true);
  reg.Add(Mentee("m2", "Перминова", "Вера", "Геннадьевна"), true);
  PiiIndex index(reg, kSite, kToday);
  FindsOne(index, "Возложить контроль на Ковалёву Л.Ю., начальника отдела", 0);
  FindsOne(index, "3. Перминовой В.Г., ответственному по внедрению", 1);
}

TEST_CASE("PiiIndex: a published mentor's declined name and initials stay allowed (namesakes)") {
  PeopleRegistry reg;
  Participant mentor = Mentee("t1", "Белова", "Ирина", "Сергеевна");
  mentor.role = ParticipantRole::kMentor;
  mentor.category = "педагог";
  mentor.consent = {true, Date{2021, 10, 1}, kSite, std::nullopt};
  reg.Add(mentor, true);
  reg.Add(Mentee("m1", "Белова", "Ирина", "Петровна"), true);   // a namesake mentee
  reg.Add(Mentee("m2", "Белова", "Инна"), true);                // the mentor's surname and initial
  reg.Add(Mentee("m3", "Белов", "Игорь", "Сергеевич"), true);   // «И. С. Белов(а)»: the mentor's initials
  PiiIndex index(reg, kSite, kToday);
  for (const char* text : {"с Беловой Ириной", "Ирине Сергеевне Беловой", "Беловой И. С.", "И. С. Беловой",
                           "Белова И.", "И. Белова"}) {
    INFO(text);
    CHECK(Scan(index, text).empty());
  }
  // The namesake, by the patronymic, in any case.
  FindsOne(index, "Беловой Ирине Петровне", 1);
  FindsOne(index, "Ирине Петровне Беловой", 1);
  // The others by their own names.
  FindsOne(index, "с Инной Беловой", 2);
  FindsOne(index, "Игорю Белову", 3);
}

TEST_CASE("IsRegistryNameForm tells the registry's spelling from another form") {
  Participant p = Mentee("m1", "Иванов", "Пётр", "Сергеевич");
  CHECK(IsRegistryNameForm(p, "Иванов Пётр"));
  CHECK(IsRegistryNameForm(p, "ПЕТР ИВАНОВ"));
  CHECK(IsRegistryNameForm(p, "Пётр Сергеевич Иванов"));
  CHECK(IsRegistryNameForm(p, "Иванов  Пётр\nСергеевич"));
  CHECK_FALSE(IsRegistryNameForm(p, "Ивановым Петром"));
  CHECK_FALSE(IsRegistryNameForm(p, "Иванову П."));
  CHECK_FALSE(IsRegistryNameForm(p, "П. С. Иванов"));
}
