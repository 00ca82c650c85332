#include "pipeline/indicator_values.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace nastavnik {

namespace {

// What indicators need of a participant (no name, no contact), as LoadSite
// kept it while the registry was read (model/participant.h); only rows with
// a valid start.
struct ProgramFacts {
  std::string organization;
  std::string form;
  Date start;
  std::optional<Date> end;
};

struct Answer {
  std::string participant;
  int year_first = 0;
  double score = 0;
};

struct Facts {
  const PeopleRegistry* people = nullptr;
  std::vector<ProgramFacts> programs;
  std::vector<Answer> answers;

  // Calls `fn` with each participant that has a valid start (E041/E042 are
  // reported by validation). Read in place: a list of a million pointers
  // would be the build's largest allocation after the load (8 MB, 12 while
  // it grows).
  template <typename Fn>
  void ForEachParticipant(Fn fn) const {
    for (const ParticipantFacts& p : people->facts)
      if (people->Start(p)) fn(p);
  }
};

Facts ReadFacts(const LoadedSite& site) {
  Facts f;
  f.people = &site.people;
  for (const Record& r : site.Registry("programs")) {
    auto start = r.DateOf("start");
    if (!start) continue;
    f.programs.push_back({r.Text("organization"), r.Text("form"), *start, r.DateOf("end")});
  }
  return f;
}

std::vector<Answer> ReadAnswers(const LoadedSite& site, const std::string& column) {
  std::vector<Answer> out;
  for (const Record& r : site.Registry("survey")) {
    auto first = AcademicYearFirst(r.Text("academic_year"));
    auto score = r.NumberOf(column);
    if (!first || !score) continue;
    out.push_back({r.Text("participant"), *first, *score});
  }
  return out;
}

bool Overlaps(Date start, const std::optional<Date>& end, const AcademicYear& y) {
  return start <= y.end && (!end || *end >= y.start);
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

Date ReferenceDate(const IndicatorDefinition& d, const AcademicYear& y) {
  if (d.age_month == 0) return y.start;
  // The day inside the academic year: in the first calendar year when it
  // falls on or after the start, else in the second.
  for (int year : {y.first_year, y.first_year + 1}) {
    Date r{year, d.age_month, std::min(d.age_day, DaysInMonth(year, d.age_month))};
    if (r >= y.start && r <= y.end) return r;
  }
  return y.start;
}

// Role, categories and forms; `with_age_and_form` false for denominators.
bool Matches(const IndicatorDefinition& d, const PeopleRegistry& people, const ParticipantFacts& p,
             const AcademicYear& y, bool with_age_and_form) {
  if (!d.role.empty() && people.Role(p) != d.role) return false;
  if (!Contains(d.categories, people.Category(p))) return false;
  if (d.active_only ? !people.ActiveBetween(p, y.start, y.end) : *people.Start(p) > y.end) return false;
  if (!with_age_and_form) return true;
  if (!Contains(d.forms, people.Form(p))) return false;
  if (d.age_from || d.age_to) {
    auto birth = people.BirthDate(p);
    if (!birth) return false;
    int age = AgeOn(*birth, ReferenceDate(d, y));
    if (d.age_from && age < *d.age_from) return false;
    if (d.age_to && age > *d.age_to) return false;
  }
  return true;
}

struct Org {
  std::string id;
  const Record* record;
};

std::vector<Org> ParticipatingOrganizations(const LoadedSite& site, const IndicatorDefinition& d) {
  std::vector<Org> out;
  for (const Record& r : site.Registry("organizations")) {
    const std::string& type = r.Text("type");
    bool takes_part = d.organization_types.empty() ? type != "другое" : Contains(d.organization_types, type);
    if (takes_part && !r.id.empty()) out.push_back({r.id, &r});
  }
  std::sort(out.begin(), out.end(), [](const Org& a, const Org& b) { return a.id < b.id; });
  return out;
}

std::set<int> YearsOf(const LoadedSite& site, const IndicatorDefinition& d, const Facts& facts,
                      const std::vector<Answer>& answers) {
  const SiteConfig& c = site.config;
  int m = c.academic_year_start_month, day = c.academic_year_start_day;
  std::set<int> years;
  int first = AcademicYearOf(c.program_start, m, day).first_year;
  int last = AcademicYearOf(c.program_end, m, day).first_year;
  for (int y = first; y <= last && y - first < 50; ++y) years.insert(y);
  for (const auto& [y, target] : d.targets) years.insert(y);
  if (d.numerator == NumeratorKind::kSurveyAverage) {
    for (const auto& a : answers) years.insert(a.year_first);
  } else if (d.numerator == NumeratorKind::kParticipants) {
    facts.ForEachParticipant(
        [&](const ParticipantFacts& p) { years.insert(AcademicYearOf(*facts.people->Start(p), m, day).first_year); });
  }
  return years;
}

IndicatorYear ComputeYear(const IndicatorDefinition& d, const AcademicYear& y, const std::vector<Org>& orgs,
                          const Facts& facts, const std::vector<Answer>& answers) {
  std::map<std::string, double> num, den;
  for (const Org& o : orgs) {
    num[o.id] = 0;
    den[o.id] = 0;
    if (d.denominator == DenominatorKind::kOrganizations) den[o.id] = 1;
    if (d.denominator == DenominatorKind::kOrganizationColumn) {
      const Value& v = o.record->Get(d.denominator_column);
      den[o.id] = v.kind == Value::Kind::kInteger ? static_cast<double>(v.integer) : 0;
    }
  }
  switch (d.numerator) {
    case NumeratorKind::kParticipants:
      facts.ForEachParticipant([&](const ParticipantFacts& p) {
        const std::string& org = facts.people->Organization(p);
        auto n = num.find(org);
        if (n == num.end()) return;
        if (Matches(d, *facts.people, p, y, true)) n->second += 1;
        if (d.denominator == DenominatorKind::kParticipants && Matches(d, *facts.people, p, y, false)) den[org] += 1;
      });
      break;
    case NumeratorKind::kOrganizationsWithPrograms:
      for (const auto& pr : facts.programs) {
        if (!num.count(pr.organization) || !Contains(d.forms, pr.form)) continue;
        if (Overlaps(pr.start, pr.end, y)) num[pr.organization] = 1;
      }
      if (d.denominator == DenominatorKind::kParticipants) {
        facts.ForEachParticipant([&](const ParticipantFacts& p) {
          const std::string& org = facts.people->Organization(p);
          if (den.count(org) && Matches(d, *facts.people, p, y, false)) den[org] += 1;
        });
      }
      break;
    case NumeratorKind::kSurveyAverage:
      for (const auto& a : answers) {
        if (a.year_first != y.first_year) continue;
        const ParticipantFacts* found = facts.people->Find(a.participant);
        if (!found || !facts.people->Start(*found)) continue;
        const ParticipantFacts& p = *found;
        const std::string& org = facts.people->Organization(p);
        if (!num.count(org)) continue;
        // An answer given in the year counts even when the participation has
        // ended (surveys are often taken at the very end of it).
        IndicatorDefinition loose = d;
        loose.active_only = false;
        if (!Matches(loose, *facts.people, p, y, true)) continue;
        num[org] += a.score;
        den[org] += 1;
      }
      break;
  }
  IndicatorYear out;
  out.year = y;
  auto t = d.targets.find(y.first_year);
  if (t != d.targets.end()) out.target = t->second;
  double total_num = 0, total_den = 0;
  for (const Org& o : orgs) {
    total_num += num[o.id];
    total_den += den[o.id];
    IndicatorOrganizationValue v;
    v.organization = o.id;
    v.value = MakeIndicatorValue(num[o.id], den[o.id], d.unit);
    v.achieved = Achieved(v.value, out.target);
    out.organizations.push_back(std::move(v));
  }
  out.municipal = MakeIndicatorValue(total_num, total_den, d.unit);
  out.achieved = Achieved(out.municipal, out.target);
  return out;
}

}  // namespace

std::vector<IndicatorTable> ComputeIndicators(const LoadedSite& site,
                                              const std::vector<IndicatorDefinition>& definitions) {
  Facts facts = ReadFacts(site);
  std::vector<IndicatorTable> out;
  for (const auto& d : definitions) {
    std::vector<Answer> answers;
    if (d.numerator == NumeratorKind::kSurveyAverage) answers = ReadAnswers(site, d.survey_column);
    std::vector<Org> orgs = ParticipatingOrganizations(site, d);
    IndicatorTable table;
    table.definition = d;
    for (int first : YearsOf(site, d, facts, answers)) {
      AcademicYear y = MakeAcademicYear(first, site.config.academic_year_start_month,
                                        site.config.academic_year_start_day);
      table.years.push_back(ComputeYear(d, y, orgs, facts, answers));
    }
    out.push_back(std::move(table));
  }
  return out;
}

}  // namespace nastavnik
