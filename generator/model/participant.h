#pragma once
// INTERNAL entities of the personified registry (data/participants.csv) and
// of mentoring pairs and groups (data/pairs.csv).
//
// Mentees are often children. These types carry every internal column (names,
// birth dates, contacts, consent) and therefore must never reach render/ or a
// writer into the public tree: SiteModel holds only the public view built by
// BuildPublicPeople() (model/privacy.h). Only pipeline/, the internal reports
// and the publish-time privacy guard read them.
#include <climits>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <functional>
#include <unordered_map>
#include <vector>

#include "diag/diagnostic.h"
#include "util/date.h"
#include "util/recent_strings.h"

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
// rows), so this is what stays of each row, packed into 16 bytes: the id is
// an offset into PeopleRegistry's id text, the enum-like columns
// (organization, category, form, role) are one number, their combination
// interned by PeopleRegistry (read them through it: a registry has a few
// thousand combinations), the three dates 21 bits each in one word (read
// them through PeopleRegistry too: a date outside the years 0–4094 moves the
// row's dates to a side table).
class ParticipantFacts {
 private:
  friend struct PeopleRegistry;
  uint32_t id_ = 0;       // offset into PeopleRegistry::ids_
  uint32_t profile_ = 0;  // into PeopleRegistry::profiles_
  // Birth, start and end (bits 0, 21, 42), each kNoDate or
  // year * 512 + month * 32 + day; with bit 63 set, the rest is an index
  // into PeopleRegistry::odd_dates_.
  uint64_t dates_ = 0;
};

// Everything the build keeps about people. INTERNAL (see above).
struct PeopleRegistry {
  // Every participant, in registry order. A deque: a million rows grow it
  // without copying it.
  std::deque<ParticipantFacts> facts;
  // Only those who may be named on the site: mentors who are not pupils and
  // whose consent column says «да» (CheckConsent decides the rest), whole, in
  // registry order. Everyone else stays in the file (re-read for the
  // internal reports and the privacy guard).
  std::vector<Participant> participants;
  std::vector<MentoringPair> pairs;       // in registry order

  std::string_view Id(const ParticipantFacts& f) const { return std::string_view(ids_.data() + f.id_); }
  const std::string& Organization(const ParticipantFacts& f) const { return texts_[profiles_[f.profile_].organization]; }
  const std::string& Category(const ParticipantFacts& f) const { return texts_[profiles_[f.profile_].category]; }
  const std::string& Form(const ParticipantFacts& f) const { return texts_[profiles_[f.profile_].form]; }
  bool IsMentor(const ParticipantFacts& f) const { return profiles_[f.profile_].mentor; }
  // «наставник» or «наставляемый», as the registry spells the roles.
  const std::string& Role(const ParticipantFacts& f) const;
  std::optional<Date> BirthDate(const ParticipantFacts& f) const { return Unpack(Dates(f).birth); }
  std::optional<Date> Start(const ParticipantFacts& f) const { return Unpack(Dates(f).start); }  // empty when missing or invalid
  std::optional<Date> End(const ParticipantFacts& f) const { return Unpack(Dates(f).end); }
  // True when f's participation overlaps [from, to] (false without a start).
  bool ActiveBetween(const ParticipantFacts& f, Date from, Date to) const {
    const PackedDates d = Dates(f);
    return d.start != kNone && d.start <= Pack(to) && (d.end == kNone || d.end >= Pack(from));
  }
  // The participant with this id (the first, if the id repeats); null when
  // there is none. Binary search once IndexIds() has run after the last
  // Add() (LoadSite does), a linear scan otherwise.
  const ParticipantFacts* Find(std::string_view id) const;
  void IndexIds();

  // Adds a participant's facts, and the participant whole when they may be
  // named (or when `keep_whole`, as tests do). `start_valid`: false when the
  // start column did not hold a valid date (indicators skip the row).
  void Add(const Participant& p, bool keep_whole = false, bool start_valid = true);
  void Add(Participant&& p, bool keep_whole = false, bool start_valid = true);
  // About `rows` rows are coming in all (an estimate, once some were
  // added): the id text's capacity set once, in proportion to the ids so
  // far, not doubled (a copy of the whole) on the way. Optional.
  void Reserve(size_t rows);

 private:
  struct Profile {
    uint32_t organization, category, form;  // into texts_
    bool mentor;
    auto operator<=>(const Profile&) const = default;
  };
  // The facts of p; true when p is to be kept whole.
  bool AddFacts(const Participant& p, bool keep_whole, bool start_valid);
  // A date as one integer that orders as the dates do; kNone for none.
  static constexpr int32_t kNone = INT32_MIN;
  static int32_t Pack(const Date& d) { return d.year * 512 + d.month * 32 + d.day; }
  static int32_t Pack(const std::optional<Date>& d) { return d ? Pack(*d) : kNone; }
  static std::optional<Date> Unpack(int32_t v) {
    if (v == kNone) return std::nullopt;
    int year = v >= 0 ? v / 512 : -((-v + 511) / 512);
    int rest = v - year * 512;
    return Date{year, rest / 32, rest % 32};
  }
  struct PackedDates {
    int32_t birth = kNone, start = kNone, end = kNone;
  };
  // ParticipantFacts::dates_: 21 bits a date.
  static constexpr uint64_t kDateBits = 21, kDateMask = (uint64_t{1} << kDateBits) - 1, kNoDate = kDateMask;
  static constexpr uint64_t kOddDates = uint64_t{1} << 63;
  PackedDates Dates(const ParticipantFacts& f) const {
    if (f.dates_ & kOddDates) return odd_dates_[f.dates_ & ~kOddDates];
    auto field = [&](int shift) {
      const uint64_t v = f.dates_ >> shift & kDateMask;
      return v == kNoDate ? kNone : static_cast<int32_t>(v);
    };
    return {field(0), field(kDateBits), field(2 * kDateBits)};
  }
  uint64_t PackDates(const PackedDates& d);
  uint32_t Intern(std::string_view s);
  uint32_t Intern(const Profile& p);
  std::string ids_;  // every id, each ended by '\0'
  std::deque<std::string> texts_;
  struct TextHash {  // looked up by string_view: no string built per lookup
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> text_index_;
  RecentStrings<uint32_t, 10> recent_;  // texts interned lately (a row's organization, category and form repeat)
  std::vector<Profile> profiles_;
  std::map<Profile, uint32_t> profile_index_;
  uint32_t recent_profile_ = 0;  // the profile last interned
  std::vector<uint32_t> by_id_;  // indices of `facts` sorted by id (IndexIds)
  std::vector<PackedDates> odd_dates_;  // rows with a date that does not fit 21 bits
};

}  // namespace nastavnik
