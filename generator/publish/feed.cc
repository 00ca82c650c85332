// feed.xml: an Atom feed (RFC 4287) of the newest orders and cases.
//
// Written only when site.yaml sets base_url. Atom requires every entry id to
// be a permanent absolute IRI, and feed readers resolve links against the
// feed's own address, which a site without base_url does not know; a feed of
// made-up ids would break readers when the real address is set later. The
// layout links the feed under the same condition.
//
// Deterministic: entries are ordered by date, newest first, then by page
// path; <updated> is the newest entry's date, never the build time, so an
// unchanged site gives an unchanged feed.
#include <algorithm>

#include "publish/artifacts.h"
#include "publish/xml_text.h"
#include "render/urls.h"

namespace nastavnik {

namespace {

// Enough for a reader to catch up after months away; older items are in the
// registers.
constexpr size_t kMaxEntries = 50;

struct Entry {
  Date date;
  std::string path;      // page path
  std::string title;
  std::string summary;
  std::string category;  // «Документы» / «Практики»
};

std::string AtomTime(const Date& d) { return d.Iso() + "T00:00:00Z"; }

}  // namespace

Status WriteFeed(const ArtifactInput& in) {
  const std::string& base = in.config.base_url;
  if (base.empty()) return Status::Ok();
  std::vector<Entry> entries;
  for (const auto& o : in.model.orders)
    entries.push_back({o.date, urls::Order(o.id), o.Heading() + " «" + o.title + "»",
                       o.summary.empty() ? o.title : o.summary, "Документы"});
  for (const auto& c : in.model.cases)
    entries.push_back({c.date, urls::Case(c.id), c.title, c.summary, "Практики"});
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.date != b.date) return a.date > b.date;
    return a.path < b.path;
  });
  if (entries.size() > kMaxEntries) entries.resize(kMaxEntries);

  std::string author = in.config.department.empty() ? in.config.title : in.config.department;
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ru\">\n";
  xml += "  <id>" + XmlEscape(base) + "</id>\n";
  xml += "  <title>" + XmlEscape(in.config.title + ": новые документы и практики") + "</title>\n";
  if (!in.config.description.empty())
    xml += "  <subtitle>" + XmlEscape(in.config.description) + "</subtitle>\n";
  // An empty site still needs <updated>: the build's fixed epoch date.
  std::string updated = entries.empty() ? AtomTime(Date::FromDaysSinceEpoch(in.build_epoch / 86400))
                                        : AtomTime(entries.front().date);
  xml += "  <updated>" + updated + "</updated>\n";
  xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + XmlEscape(base + "feed.xml") + "\"/>\n";
  xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(base) + "\"/>\n";
  xml += "  <author><name>" + XmlEscape(author) + "</name></author>\n";
  xml += "  <generator>nastavnik</generator>\n";
  for (const auto& e : entries) {
    std::string url = XmlEscape(base + e.path);
    xml += "  <entry>\n";
    xml += "    <id>" + url + "</id>\n";
    xml += "    <title>" + XmlEscape(e.title) + "</title>\n";
    xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + url + "\"/>\n";
    xml += "    <published>" + AtomTime(e.date) + "</published>\n";
    xml += "    <updated>" + AtomTime(e.date) + "</updated>\n";
    xml += "    <category term=\"" + XmlEscape(e.category) + "\"/>\n";
    if (!e.summary.empty()) xml += "    <summary>" + XmlEscape(e.summary) + "</summary>\n";
    xml += "  </entry>\n";
  }
  xml += "</feed>\n";
  return in.public_tree.Write("feed.xml", xml);
}

}  // namespace nastavnik
