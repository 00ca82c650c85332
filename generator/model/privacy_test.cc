#include <doctest/doctest.h>

#include "model/privacy.h"

using namespace nastavnik;

namespace {

const char kSite[] = "https://obrazovanie.severogorsk.example/nastavnichestvo/";
const Date kToday{2023, 11, 1};

Participant Mentor(std::string id, std::string surname, std::string org = "sch-3") {
  Participant p;
  p.id = std::move(id);
  p.surname = std::move(surname);
  p.name = "Ирина";
  p.patronymic = "Сергеевна";
  p.birth_date = Date{1976, 3, 14};
  p.organization = std::move(org);
  p.role = ParticipantRole::kMentor;
  p.category = "педагог";
  p.position = "учитель математики";
  p.form = "учитель – учитель";
  p.start = Date{2021, 10, 13};
  p.consent = {true, Date{2021, 10, 23}, kSite, std::nullopt};
  p.phone = "+7 900 881-99-38";
  p.email = "belova@mail.example";
  return p;
}

}  // namespace

TEST_CASE("ConsentAddressCovers: same host, path prefix on a segment boundary") {
  CHECK(ConsentAddressCovers(kSite, kSite));
  CHECK(ConsentAddressCovers("https://obrazovanie.severogorsk.example/", kSite));
  CHECK(ConsentAddressCovers("https://obrazovanie.severogorsk.example", kSite));
  CHECK(ConsentAddressCovers("HTTPS://Obrazovanie.Severogorsk.Example:443/nastavnichestvo", kSite));
  CHECK(ConsentAddressCovers("http://obrazovanie.severogorsk.example/nastavnichestvo/index.html", kSite));
  CHECK(ConsentAddressCovers("https://obrazovanie.severogorsk.example/nastavnichestvo/?utm=1#top", kSite));
  CHECK(ConsentAddressCovers("https://obrazovanie.severogorsk.example/%6Eastavnichestvo/", kSite));
  CHECK(ConsentAddressCovers("https://obrazovanie.severogorsk.example./nastavnichestvo/", kSite));
  // Another site, a narrower or a sibling path, another port: not covered.
  CHECK_FALSE(ConsentAddressCovers("https://sch3.severogorsk.example/", kSite));
  CHECK_FALSE(ConsentAddressCovers("https://obrazovanie.severogorsk.example/nastavnichestvo/mentors/", kSite));
  CHECK_FALSE(ConsentAddressCovers("https://obrazovanie.severogorsk.example/nastav", kSite));
  CHECK_FALSE(ConsentAddressCovers("https://obrazovanie.severogorsk.example:8443/nastavnichestvo/", kSite));
  CHECK_FALSE(ConsentAddressCovers("https://evil.example@obrazovanie.severogorsk.example/", kSite));
  CHECK_FALSE(ConsentAddressCovers("obrazovanie.severogorsk.example/nastavnichestvo/", kSite));
  CHECK_FALSE(ConsentAddressCovers("", kSite));
  CHECK_FALSE(ConsentAddressCovers(kSite, ""));
}

TEST_CASE("CheckConsent: every reason a mentor is not named") {
  Participant p = Mentor("p1", "Белова");
  CHECK(CheckConsent(p, kSite, kToday) == ConsentStatus::kPublishable);

  Participant no = p;
  no.consent.given = false;
  CHECK(CheckConsent(no, kSite, kToday) == ConsentStatus::kNoConsent);

  Participant undated = p;
  undated.consent.date.reset();
  CHECK(CheckConsent(undated, kSite, kToday) == ConsentStatus::kNoDate);

  Participant future = p;
  future.consent.date = Date{2023, 11, 2};
  CHECK(CheckConsent(future, kSite, kToday) == ConsentStatus::kNotYetGiven);
  future.consent.date = kToday;  // signed today: valid today
  CHECK(CheckConsent(future, kSite, kToday) == ConsentStatus::kPublishable);

  Participant other = p;
  other.consent.address = "https://sch3.severogorsk.example/";
  CHECK(CheckConsent(other, kSite, kToday) == ConsentStatus::kOtherAddress);
  other.consent.address = "";
  CHECK(CheckConsent(other, kSite, kToday) == ConsentStatus::kOtherAddress);

  Participant withdrawn = p;
  withdrawn.consent.withdrawn = kToday;  // withdrawn today: gone today
  CHECK(CheckConsent(withdrawn, kSite, kToday) == ConsentStatus::kWithdrawn);
  withdrawn.consent.withdrawn = Date{2022, 11, 24};
  CHECK(CheckConsent(withdrawn, kSite, kToday) == ConsentStatus::kWithdrawn);
  withdrawn.consent.withdrawn = Date{2024, 9, 20};  // announced, not yet in force
  CHECK(CheckConsent(withdrawn, kSite, kToday) == ConsentStatus::kPublishable);

  Participant mentee = p;
  mentee.role = ParticipantRole::kMentee;
  CHECK(CheckConsent(mentee, kSite, kToday) == ConsentStatus::kMentee);

  Participant pupil = p;
  pupil.category = "обучающийся";
  CHECK(CheckConsent(pupil, kSite, kToday) == ConsentStatus::kPupil);

  CHECK(CheckConsent(p, "", kToday) == ConsentStatus::kSiteHasNoAddress);
}

TEST_CASE("BuildPublicPeople exposes consenting mentors and counts only") {
  PeopleRegistry reg;
  reg.Add(Mentor("p1", "Ёлкина", "sch-5"));
  reg.Add(Mentor("p2", "Белова", "sch-3"));
  Participant refused = Mentor("p3", "Орлов", "sch-3");
  refused.consent.given = false;
  reg.Add(refused);
  Participant child = Mentor("p4", "Иванова", "sch-3");
  child.role = ParticipantRole::kMentee;
  child.category = "обучающийся";
  child.position = "7 класс";
  reg.Add(child);
  Participant old = Mentor("p5", "Жукова", "sch-3");  // ended before the year
  old.end = Date{2023, 5, 31};
  reg.Add(old);
  reg.pairs.push_back({"pr1", {}, "p2", {"p4"}, "учитель – учитель", "", Date{2021, 9, 1}, std::nullopt});
  reg.pairs.push_back({"pr2", {}, "p5", {"p4"}, "учитель – учитель", "", Date{2021, 9, 1}, Date{2023, 5, 31}});

  std::pair<Date, Date> year{Date{2023, 9, 1}, Date{2024, 8, 31}};
  PublicPeople pub = BuildPublicPeople(reg, kSite, kToday, year);

  REQUIRE(pub.mentors.size() == 3);  // p2, p5 (sch-3), p1 (sch-5); not p3, never p4
  CHECK(pub.mentors[0].full_name == "Белова Ирина Сергеевна");
  CHECK(pub.mentors[1].full_name == "Жукова Ирина Сергеевна");
  CHECK(pub.mentors[2].full_name == "Ёлкина Ирина Сергеевна");
  CHECK(pub.mentors[0].position == "учитель математики");
  CHECK(pub.MentorsOf("sch-3").size() == 2);

  CHECK(pub.active.total.mentors == 3);  // p1, p2, p3 (p5 ended in May)
  CHECK(pub.active.total.mentees == 1);
  CHECK(pub.active.total.pairs == 1);
  CHECK(pub.active.by_organization["sch-3"]["учитель – учитель"].mentors == 2);
  CHECK(pub.active.by_organization["sch-3"]["учитель – учитель"].mentees == 1);
  CHECK(pub.active.by_organization["sch-3"]["учитель – учитель"].pairs == 1);
  CHECK(pub.active.by_form["учитель – учитель"].mentors == 3);
}
