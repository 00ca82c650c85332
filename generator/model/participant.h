#pragma once
// INTERNAL entities of the personified registry (data/participants.csv) and
// of mentoring pairs and groups (data/pairs.csv).
//
// Mentees are often children. These types carry every internal column (names,
// birth dates, contacts, consent) and therefore must never reach render/ or a
// writer into the public tree: SiteModel holds only the public view built by
// BuildPublicPeople() (model/privacy.h). Only pipeline/, the internal reports
// and the publish-time privacy guard read them.
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "util/date.h"

namespace nastavnik {

enum class ParticipantRole { kMentor, kMentee };

// Consent to distribution of personal data (152-ФЗ, ст. 10.1): a separate
// document naming the web address the data will be published at.
struct Consent {
  bool given = false;               // «Согласие на публикацию» = да
  std::optional<Date> date;         // when it was signed
  std::string address;              // the web address it names
  std::optional<Date> withdrawn;    // when it was withdrawn, if it was
};

struct Participant {
  std::string id;
  SourcePos pos;  // the registry row: data/participants.csv:LINE
  std::string surname, name, patronymic;
  std::optional<Date> birth_date;
  std::string organization;  // organizations.id
  ParticipantRole role = ParticipantRole::kMentee;
  std::string category;      // обучающийся, педагог, …
  std::string position;      // position, or class for a pupil
  std::string form;          // form of mentoring («учитель – учитель»)
  std::string program;       // programs.id
  Date start;
  std::optional<Date> end;
  Consent consent;
  std::string phone;
  std::string email;

  bool IsMentor() const { return role == ParticipantRole::kMentor; }
  // «Фамилия Имя Отчество», the patronymic omitted when empty.
  std::string FullName() const;
  // True when participation overlaps [from, to] (both inclusive).
  bool ActiveBetween(Date from, Date to) const;
};

// A mentoring pair or group: one mentor, one or more mentees.
struct MentoringPair {
  std::string id;
  SourcePos pos;
  std::string mentor;                // participants.id
  std::vector<std::string> mentees;  // participants.id
  std::string form;
  std::string program;
  Date start;
  std::optional<Date> end;
};

// What indicators and the public counts need of every participant: no name,
// no contact. The registry is streamed, not held (it may have a million
// rows), so this is what stays of each row; texts of enum-like columns are
// interned (PeopleRegistry::strings).
struct ParticipantFacts {
  std::string id;
  const std::string* organization = nullptr;
  const std::string* role = nullptr;      // as written (canonical enum spelling)
  const std::string* category = nullptr;
  const std::string* form = nullptr;
  std::optional<Date> birth_date;
  std::optional<Date> start;              // empty when missing or invalid
  std::optional<Date> end;

  bool IsMentor() const { return *role == "наставник"; }
  bool ActiveBetween(Date from, Date to) const {
    return start && *start <= to && (!end || *end >= from);
  }
};

// Everything the build keeps about people. INTERNAL (see above). Not
// copyable (facts point into `strings`).
struct PeopleRegistry {
  PeopleRegistry() = default;
  PeopleRegistry(const PeopleRegistry&) = delete;
  PeopleRegistry& operator=(const PeopleRegistry&) = delete;
  PeopleRegistry(PeopleRegistry&&) = default;
  PeopleRegistry& operator=(PeopleRegistry&&) = default;

  std::vector<ParticipantFacts> facts;    // every participant, in registry order
  // Only those who may be named on the site: mentors who are not pupils and
  // whose consent column says «да» (CheckConsent decides the rest), whole, in
  // registry order. Everyone else stays in the file (re-read for the
  // internal reports and the privacy guard).
  std::vector<Participant> participants;
  std::vector<MentoringPair> pairs;       // in registry order
  std::set<std::string, std::less<>> strings;

  const std::string* Intern(std::string_view s) {
    // The last few texts asked for are compared first: a row's organization,
    // role, category and form repeat from row to row.
    for (const std::string* c : recent_)
      if (c && *c == s) return c;
    const std::string* p = &*strings.emplace(s).first;
    recent_[recent_next_++ % kRecent] = p;
    return p;
  }
  // Adds a participant's facts, and the participant whole when they may be
  // named (or when `keep_whole`, as tests do).
  void Add(Participant p, bool keep_whole = false);

 private:
  static constexpr size_t kRecent = 16;
  const std::string* recent_[kRecent] = {};  // into `strings` (nodes do not move)
  size_t recent_next_ = 0;
};

}  // namespace nastavnik
