// sitemap.xml and robots.txt.
#include "publish/artifacts.h"
#include "util/xml_text.h"
#include "render/urls.h"
#include "util/strings.h"

namespace nastavnik {

Status WriteSitemap(const ArtifactInput& in) {
  // A sitemap needs absolute URLs; without base_url there is nothing honest
  // to write, and search engines ignore relative ones.
  if (in.config.base_url.empty()) return Status::Ok();
  // Escaped piece by piece, in place: the base once, then each path.
  const std::string base = XmlEscape(in.config.base_url);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  xml.reserve(xml.size() + in.pages.size() * (base.size() + 80));
  for (const auto& p : in.pages) {
    if (!p.in_sitemap) continue;
    xml += "  <url><loc>";
    xml += base;
    AppendXmlEscaped(p.path, &xml);
    xml += "</loc></url>\n";
  }
  xml += "</urlset>\n";
  return in.public_tree.Write("sitemap.xml", xml);
}

Status WriteRobots(const ArtifactInput& in) {
  std::string text = "User-agent: *\nAllow: /\n";
  if (!in.config.base_url.empty()) text += "Sitemap: " + in.config.base_url + "sitemap.xml\n";
  return in.public_tree.Write("robots.txt", text);
}

}  // namespace nastavnik
