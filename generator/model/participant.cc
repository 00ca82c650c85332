#include "model/participant.h"

#include <algorithm>

namespace nastavnik {

std::string Participant::FullName() const {
  std::string out = surname;
  for (const std::string* part : {&name, &patronymic}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ' ';
    out += *part;
  }
  return out;
}

bool Participant::ActiveBetween(Date from, Date to) const {
  return start <= to && (!end || *end >= from);
}

const std::string& PeopleRegistry::Role(const ParticipantFacts& f) const {
  static const std::string mentor = "наставник", mentee = "наставляемый";
  return IsMentor(f) ? mentor : mentee;
}

uint32_t PeopleRegistry::Intern(std::string_view s) {
  if (const uint32_t* i = recent_.Find(s)) return *i;
  auto it = text_index_.find(s);
  if (it == text_index_.end()) {
    it = text_index_.emplace(std::string(s), static_cast<uint32_t>(texts_.size())).first;
    texts_.push_back(it->first);
  }
  recent_.Put(s, it->second);
  return it->second;
}

uint32_t PeopleRegistry::Intern(const Profile& p) {
  if (recent_profile_ < profiles_.size() && profiles_[recent_profile_] == p) return recent_profile_;
  auto [it, added] = profile_index_.try_emplace(p, static_cast<uint32_t>(profiles_.size()));
  if (added) profiles_.push_back(p);
  return recent_profile_ = it->second;
}

void PeopleRegistry::Reserve(size_t rows) {
  if (facts.empty() || rows <= facts.size()) return;
  ids_.reserve(static_cast<size_t>(static_cast<double>(ids_.size()) / facts.size() * rows));
}

void PeopleRegistry::Add(const Participant& p, bool keep_whole, bool start_valid) {
  if (AddFacts(p, keep_whole, start_valid)) participants.push_back(p);
}

void PeopleRegistry::Add(Participant&& p, bool keep_whole, bool start_valid) {
  if (AddFacts(p, keep_whole, start_valid)) participants.push_back(std::move(p));
}

bool PeopleRegistry::AddFacts(const Participant& p, bool keep_whole, bool start_valid) {
  ParticipantFacts f;
  f.id_ = static_cast<uint32_t>(ids_.size());
  ids_.append(p.id);
  ids_ += '\0';
  f.profile_ = Intern(Profile{Intern(p.organization), Intern(p.category), Intern(p.form), p.IsMentor()});
  f.dates_ = PackDates({Pack(p.birth_date), start_valid ? Pack(p.start) : kNone, Pack(p.end)});
  facts.push_back(f);
  by_id_.clear();
  return keep_whole || (p.IsMentor() && p.category != "обучающийся" && p.consent.given);
}

uint64_t PeopleRegistry::PackDates(const PackedDates& d) {
  uint64_t out = 0;
  int shift = 0;
  for (int32_t v : {d.birth, d.start, d.end}) {
    // The packed value itself when it fits (years 0–4094): it reads back as is.
    const bool fits = v == kNone || (v >= 0 && static_cast<uint64_t>(v) < kNoDate);
    if (!fits) {
      odd_dates_.push_back(d);
      return kOddDates | (odd_dates_.size() - 1);
    }
    out |= (v == kNone ? kNoDate : static_cast<uint64_t>(v)) << shift;
    shift += kDateBits;
  }
  return out;
}

void PeopleRegistry::IndexIds() {
  by_id_.resize(facts.size());
  for (uint32_t i = 0; i < by_id_.size(); ++i) by_id_[i] = i;
  // Stable: of equal ids the first row comes first.
  std::stable_sort(by_id_.begin(), by_id_.end(), [&](uint32_t a, uint32_t b) { return Id(facts[a]) < Id(facts[b]); });
}

const ParticipantFacts* PeopleRegistry::Find(std::string_view id) const {
  if (by_id_.size() != facts.size()) {
    for (const auto& f : facts)
      if (Id(f) == id) return &f;
    return nullptr;
  }
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [&](uint32_t i, std::string_view v) { return Id(facts[i]) < v; });
  if (it == by_id_.end() || Id(facts[*it]) != id) return nullptr;
  return &facts[*it];
}

}  // namespace nastavnik
