#include "pipeline/build_session.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace nastavnik {

namespace {

namespace stdfs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Spill(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

void Replace(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = Slurp(path);
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  Spill(path, text.replace(at, from.size(), to));
}

// The minimal fixture site copied to a temporary folder.
struct TempSite {
  std::string dir;
  TempSite() {
    char tmpl[] = "/tmp/nastavnik-session-XXXXXX";
    dir = ::mkdtemp(tmpl);
    stdfs::copy(std::string(NASTAVNIK_SOURCE_DIR) + "/tests/fixtures/sites/minimal", dir + "/site",
                stdfs::copy_options::recursive);
  }
  ~TempSite() {
    std::error_code ec;
    stdfs::remove_all(dir, ec);
  }
};

BuildOptions OptionsFor(const TempSite& t) {
  BuildOptions o;
  o.site_dir = t.dir + "/site";
  o.out_dir = t.dir + "/out";
  o.today = Date{2023, 11, 1};
  o.build_epoch = 1698796800;
  o.jobs = 1;
  return o;
}

}  // namespace

TEST_CASE("BuildSession: a body edit rewrites its page in place; anything else builds in full") {
  setenv("NASTAVNIK_PAGEFIND", "off", 1);
  TempSite t;
  BuildSession session(OptionsFor(t));
  auto first = session.Rebuild({}, true);
  REQUIRE(first.status.ok());
  REQUIRE_FALSE(first.failed);
  CHECK_FALSE(first.quick);
  // Nothing changed: nothing written (and the preparation is done).
  auto none = session.Rebuild({}, false);
  CHECK(none.quick);
  CHECK(none.pages_written == 0);

  const std::string order = t.dir + "/site/content/orders/uo-1.md";
  const std::string page = t.dir + "/out/public/orders/uo-1/index.html";
  const std::string other = t.dir + "/out/public/orders/sch-1-2/index.html";
  std::string other_before = Slurp(other);

  SUBCASE("body only: quick, one page") {
    Replace(order, "Контроль оставляю за собой.", "Контроль поручаю заместителю.");
    auto r = session.Rebuild({"content/orders/uo-1.md"}, false);
    INFO(r.quick_refusal);
    CHECK(r.quick);
    CHECK(r.pages_written == 1);
    CHECK(Slurp(page).find("Контроль поручаю заместителю.") != std::string::npos);
    CHECK(Slurp(other) == other_before);
    // A temporary file that came and went is no reason to rebuild.
    r = session.Rebuild({"content/orders/.uo-1.md.swx"}, false);
    CHECK(r.quick);
    CHECK(r.pages_written == 0);
  }
  SUBCASE("front matter: full build") {
    Replace(order, "title: Об утверждении", "title: Об утверждении новой");
    auto r = session.Rebuild({"content/orders/uo-1.md"}, false);
    CHECK_FALSE(r.quick);
    CHECK_FALSE(r.failed);
    CHECK(r.quick_refusal.find("front matter") == 0);
    CHECK(Slurp(page).find("Об утверждении новой") != std::string::npos);
  }
  SUBCASE("a body error: full build, reported, the published page unchanged") {
    std::string before = Slurp(page);
    Replace(order, "Контроль оставляю за собой.", "Контроль <b>оставляю</b>.");
    auto r = session.Rebuild({"content/orders/uo-1.md"}, false);
    CHECK_FALSE(r.quick);
    CHECK(r.failed);
    CHECK(r.report.find("E080") != std::string::npos);
    CHECK(Slurp(page) == before);
  }
  SUBCASE("a new link target: full build (another page's «cited by» changes)") {
    Replace(order, "Контроль оставляю за собой.", "Контроль оставляю за собой, см. [приказ](sch-1-2.md).");
    auto r = session.Rebuild({"content/orders/uo-1.md"}, false);
    CHECK_FALSE(r.quick);
    CHECK(r.quick_refusal.find("link targets") == 0);
  }
  SUBCASE("a theme's static file: copied in place; a template: full build") {
    auto r = session.Rebuild({"themes/default/static/style.css"}, false);
    CHECK_FALSE(r.quick);  // the site uses the embedded theme: a new theme folder
    stdfs::create_directories(t.dir + "/site/themes");
    stdfs::copy(std::string(NASTAVNIK_SOURCE_DIR) + "/themes/default", t.dir + "/site/themes/default",
                stdfs::copy_options::recursive);
    r = session.Rebuild({"themes/default"}, true);
    REQUIRE_FALSE(r.failed);
    Spill(t.dir + "/site/themes/default/static/style.css", "body { color: black; }\n");
    r = session.Rebuild({"themes/default/static/style.css"}, false);
    INFO(r.quick_refusal);
    CHECK(r.quick);
    CHECK(Slurp(t.dir + "/out/public/static/style.css") == "body { color: black; }\n");
    Replace(t.dir + "/site/themes/default/templates/order.mustache", "</", "<!-- x --></");
    r = session.Rebuild({"themes/default/templates/order.mustache"}, false);
    CHECK_FALSE(r.quick);
    CHECK(Slurp(page).find("<!-- x -->") != std::string::npos);
  }
  SUBCASE("a registry: full build") {
    auto r = session.Rebuild({"data/organizations.csv"}, false);
    CHECK_FALSE(r.quick);
  }
}

}  // namespace nastavnik
