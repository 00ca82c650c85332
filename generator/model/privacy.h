#pragma once
// Privacy by construction: the only way people from the registries reach the
// public site.
//
// The registries (model/participant.h) hold names, birth dates and contacts;
// SiteModel holds only a PublicPeople, built here, so a template or a public
// exporter cannot show an internal column by mistake: the data simply is not
// there. A PublicPeople contains
//   - mentors with a valid consent (see CheckConsent): name, position,
//     organization, form and program — nothing else (no id, no birth date, no
//     contact);
//   - counts of mentors, mentees and pairs active in one academic year, by
//     form and by organization. Numbers only.
// Mentees and pupils are never named, whatever their consent column says.
#include <string>
#include <string_view>
#include <vector>

#include "model/participant.h"
#include "model/public_people.h"
#include "util/date.h"

namespace nastavnik {

// Why a participant may or may not be named on the public site.
enum class ConsentStatus {
  kPublishable,     // a mentor with a valid consent
  kMentee,          // mentees are never named
  kPupil,           // a pupil mentor («обучающийся», ученик – ученик) is a child too
  kNoConsent,       // consent is not «да»
  kNoDate,          // consent without a date cannot be checked
  kNotYetGiven,     // dated after today
  kOtherAddress,    // names an address that does not cover the site (or none)
  kWithdrawn,       // withdrawn on or before today
  kSiteHasNoAddress,  // site.yaml has neither consent_address nor base_url
};

// True when a consent naming `consent_address` covers a site published at
// `site_address`. Both are normalised first: scheme and host lower-cased, a
// default port (80, 443) and a trailing dot of the host dropped, percent-escapes
// decoded, query and fragment dropped, a final «index.html» dropped, and the
// path ending in '/'. The consent covers the site when the hosts (with ports)
// are equal and the consent's path is a prefix of the site's path on a segment
// boundary: a consent for «https://uo.example/» covers the site at
// «https://uo.example/nastavnichestvo/», not the other way round, and not
// «https://uo.example/nastavnichestvo-old/». http and https count as the same
// address: a consent names a web address, not a protocol, and sites move to
// https. An empty or unparsable address covers nothing.
bool ConsentAddressCovers(std::string_view consent_address, std::string_view site_address);

// The consent rule for one participant on `today`: a mentor who is not a
// pupil (category «обучающийся»: a child, whose consent only a parent can
// give, which the registry does not record); consent «да»;
// dated on or before today; naming an address that covers `site_address`;
// not withdrawn on or before today (a withdrawal dated in the future takes
// effect on that day's build).
ConsentStatus CheckConsent(const Participant& p, std::string_view site_address, Date today);

// Builds the public view. `site_address` is site.yaml's consent_address (which
// defaults to base_url); `year` the academic year to count
// (first and last day, inclusive; see AcademicYearOf in model/indicators.h).
PublicPeople BuildPublicPeople(const PeopleRegistry& people, std::string_view site_address, Date today,
                               std::pair<Date, Date> year);

}  // namespace nastavnik
