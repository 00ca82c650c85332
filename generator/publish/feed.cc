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
#include "util/xml_text.h"
#include "render/urls.h"

namespace nastavnik {

namespace {

// Enough for a reader to catch up after months away; older items are in the
// registers.
constexpr size_t kMaxEntries = 50;

// An order or a case, by date and page path; its texts are taken only for
// the entries kept (kMaxEntries of ≈ 10,000 cases).
struct Entry {
  Date date;
  std::string path;  // page path
  const Order* order = nullptr;     // one of the two
  const CaseStudy* item = nullptr;
};

std::string AtomTime(const Date& d) { return d.Iso() + "T00:00:00Z"; }

}  // namespace

Status WriteFeed(const ArtifactInput& in) {
  const std::string& base = in.config.base_url;
  if (base.empty()) return Status::Ok();
  std::vector<Entry> entries;
  entries.reserve(in.model.orders.size() + in.model.cases.size());
  for (const auto& o : in.model.orders) entries.push_back({o.date, urls::Order(o.id), &o, nullptr});
  for (const auto& c : in.model.cases) entries.push_back({c.date, urls::Case(c.id), nullptr, &c});
  // Page paths are distinct: the order is total, the newest kept are the same
  // whatever the sort.
  const size_t kept = std::min(entries.size(), kMaxEntries);
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(kept), entries.end(),
                    [](const Entry& a, const Entry& b) {
                      if (a.date != b.date) return a.date > b.date;
                      return a.path < b.path;
                    });
  entries.resize(kept);

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
    const std::string title = e.order ? e.order->Heading() + " «" + e.order->title + "»" : e.item->title;
    const std::string& summary =
        e.order ? (e.order->summary.empty() ? e.order->title : e.order->summary) : e.item->summary;
    xml += "  <entry>\n";
    xml += "    <id>" + url + "</id>\n";
    xml += "    <title>" + XmlEscape(title) + "</title>\n";
    xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + url + "\"/>\n";
    xml += "    <published>" + AtomTime(e.date) + "</published>\n";
    xml += "    <updated>" + AtomTime(e.date) + "</updated>\n";
    xml += "    <category term=\"" + std::string(e.order ? "Документы" : "Практики") + "\"/>\n";
    if (!summary.empty()) xml += "    <summary>" + XmlEscape(summary) + "</summary>\n";
    xml += "  </entry>\n";
  }
  xml += "</feed>\n";
  return in.public_tree.Write("feed.xml", xml);
}

}  // namespace nastavnik
