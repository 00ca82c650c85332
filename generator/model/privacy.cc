#include "model/privacy.h"

#include <unordered_map>

#include <algorithm>
#include <optional>
#include <tuple>

#include "util/strings.h"

namespace nastavnik {

namespace {

struct NormalAddress {
  std::string host;  // with ":port" when not the default
  std::string path;  // decoded, starts and ends with '/'
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<NormalAddress> Normalise(std::string_view url) {
  url = Trim(url);
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string scheme = LowerUtf8(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  size_t slash = rest.find('/');
  std::string host = LowerUtf8(rest.substr(0, slash));
  std::string path = slash == std::string_view::npos ? "/" : PercentDecode(rest.substr(slash));
  if (host.find('@') != std::string::npos) return std::nullopt;  // user:password@ is not a site
  for (const char* port : {":80", ":443"})
    if (EndsWith(host, port)) host.resize(host.size() - std::string_view(port).size());
  if (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return std::nullopt;
  for (const char* index : {"index.html", "index.htm"})
    if (EndsWith(path, std::string("/") + index)) path.resize(path.size() - std::string_view(index).size());
  if (path.back() != '/') path += '/';
  return NormalAddress{host, path};
}

std::tuple<std::string, std::string, size_t> MentorKey(const PublicMentor& m, size_t order) {
  return {m.organization, FoldKey(m.full_name), order};
}

}  // namespace

bool ConsentAddressCovers(std::string_view consent_address, std::string_view site_address) {
  auto consent = Normalise(consent_address);
  auto site = Normalise(site_address);
  if (!consent || !site) return false;
  // Both paths end in '/', so a prefix ends on a segment boundary.
  return consent->host == site->host && StartsWith(site->path, consent->path);
}

ConsentStatus CheckConsent(const Participant& p, std::string_view site_address, Date today) {
  if (!p.IsMentor()) return ConsentStatus::kMentee;
  if (p.category == "обучающийся") return ConsentStatus::kPupil;
  const Consent& c = p.consent;
  if (!c.given) return ConsentStatus::kNoConsent;
  if (!c.date) return ConsentStatus::kNoDate;
  if (*c.date > today) return ConsentStatus::kNotYetGiven;
  if (c.withdrawn && *c.withdrawn <= today) return ConsentStatus::kWithdrawn;
  if (Trim(site_address).empty()) return ConsentStatus::kSiteHasNoAddress;
  if (!ConsentAddressCovers(c.address, site_address)) return ConsentStatus::kOtherAddress;
  return ConsentStatus::kPublishable;
}

std::vector<const PublicMentor*> PublicPeople::MentorsOf(const std::string& organization_id) const {
  std::vector<const PublicMentor*> out;
  for (const auto& m : mentors)
    if (m.organization == organization_id) out.push_back(&m);
  return out;
}

PublicPeople BuildPublicPeople(const PeopleRegistry& people, std::string_view site_address, Date today,
                               std::pair<Date, Date> year) {
  PublicPeople out;
  std::vector<std::pair<PublicMentor, size_t>> mentors;
  for (size_t i = 0; i < people.participants.size(); ++i) {
    const Participant& p = people.participants[i];
    if (CheckConsent(p, site_address, today) != ConsentStatus::kPublishable) continue;
    mentors.push_back({{p.FullName(), p.position, p.organization, p.form, p.program}, i});
  }
  std::sort(mentors.begin(), mentors.end(), [](const auto& a, const auto& b) {
    return MentorKey(a.first, a.second) < MentorKey(b.first, b.second);
  });
  for (auto& [m, order] : mentors) out.mentors.push_back(std::move(m));

  PeopleAggregates& agg = out.active;
  agg.year_start = year.first;
  agg.year_end = year.second;
  for (const auto& p : people.facts) {
    if (!people.ActiveBetween(p, year.first, year.second)) continue;
    long long PeopleCounts::*field = people.IsMentor(p) ? &PeopleCounts::mentors : &PeopleCounts::mentees;
    const std::string& form = people.Form(p);
    ++(agg.total.*field);
    ++(agg.by_form[form].*field);
    ++(agg.by_organization[people.Organization(p)][form].*field);
  }
  for (const auto& pair : people.pairs) {
    if (pair.start > year.second || (pair.end && *pair.end < year.first)) continue;
    ++agg.total.pairs;
    ++agg.by_form[pair.form].pairs;
    if (const ParticipantFacts* mentor = people.Find(pair.mentor))
      ++agg.by_organization[people.Organization(*mentor)][pair.form].pairs;
  }
  return out;
}

}  // namespace nastavnik
