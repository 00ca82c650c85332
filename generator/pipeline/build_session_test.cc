#include "pipeline/build_session.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <vector>
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

// Every file of a tree, by relative path, with its bytes.
std::map<std::string, std::string> TreeOf(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : stdfs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[stdfs::relative(e.path(), dir).string()] = Slurp(e.path().string());
  return out;
}

// The published tree equals a fresh full build of the same sources.
void CheckSameAsFullBuild(const TempSite& t) {
  BuildOptions o = OptionsFor(t);
  o.out_dir = t.dir + "/fresh";
  o.incremental = false;
  Diagnostics diags;
  BuildResult result;
  REQUIRE(BuildSite(o, diags, &result).ok());
  REQUIRE_FALSE(diags.HasErrors());
  auto served = TreeOf(t.dir + "/out/public");
  auto fresh = TreeOf(t.dir + "/fresh/public");
  std::vector<std::string> differ;
  for (const auto& [path, bytes] : fresh) {
    auto it = served.find(path);
    if (it == served.end() || it->second != bytes) differ.push_back(path);
  }
  for (const auto& [path, bytes] : served)
    if (!fresh.count(path)) differ.push_back(path);
  INFO(differ.size() << " files differ, first: " << (differ.empty() ? "" : differ[0]));
  CHECK(differ.empty());
  stdfs::remove_all(t.dir + "/fresh");
}

// Runs a case edit's phase 2 to its end, a few pages at a time.
void FinishBacklog(BuildSession& session) {
  for (int steps = 0; session.HasBacklog(); ++steps) {
    REQUIRE(steps < 10000);
    BuildSession::Step step = session.Continue(std::chrono::microseconds(0), 2);
    REQUIRE(step.refusal.empty());
    if (step.waiting) ::usleep(2000);
  }
}

}  // namespace

TEST_CASE("BuildSession: a case's front matter edit rewrites the pages showing it, as a full build would") {
  setenv("NASTAVNIK_PAGEFIND", "off", 1);
  TempSite t;
  BuildSession session(OptionsFor(t));
  auto first = session.Rebuild({}, true);
  REQUIRE(first.status.ok());
  REQUIRE_FALSE(first.failed);
  (void)session.Rebuild({}, false);  // waits for the preparation
  const std::string rel = "content/cases/sch-1/shkola-molodogo-pedagoga/index.md";
  const std::string source = t.dir + "/site/" + rel;
  const std::string org_page = t.dir + "/out/public/organizations/sch-1/index.html";
  const std::string order_page = t.dir + "/out/public/orders/uo-1/index.html";
  std::string order_before = Slurp(order_page);

  SUBCASE("title and summary: quick, equal to a full build") {
    Replace(source, "title: Школа молодого педагога", "title: Школа молодого учителя");
    auto r = session.Rebuild({rel}, false);
    INFO(r.quick_refusal);
    CHECK(r.quick);
    CHECK(r.pages_written >= 3);  // its page, the catalog, its organization
    CHECK(Slurp(org_page).find("Школа молодого учителя") != std::string::npos);
    CHECK(Slurp(order_page) == order_before);
    session.WaitIdle();  // the artifacts follow the pages
    CheckSameAsFullBuild(t);
    Replace(source, "summary: Молодые учителя", "summary: Начинающие учителя");
    r = session.Rebuild({rel}, false);
    INFO(r.quick_refusal);
    CHECK(r.quick);
    session.WaitIdle();  // the artifacts follow the pages
    CheckSameAsFullBuild(t);
  }
  SUBCASE("its page and lists are handed over first, the related cases' pages after") {
    const std::string own = "cases/sch-1/shkola-molodogo-pedagoga/index.html";
    std::vector<std::string> first;
    bool own_written = false;
    session.SetOnPagesWritten([&](const std::vector<std::string>& files) {
      first = files;
      own_written = Slurp(t.dir + "/out/public/" + own).find("Школа молодого учителя") != std::string::npos;
    });
    Replace(source, "title: Школа молодого педагога", "title: Школа молодого учителя");
    Replace(source, "form: учитель – учитель", "form: ученик – ученик");
    auto r = session.Rebuild({rel}, false);
    INFO(r.quick_refusal);
    REQUIRE(r.quick);
    CHECK(own_written);  // on disk when the hook hears of it
    CHECK(std::count(first.begin(), first.end(), own) == 1);
    CHECK(std::count(first.begin(), first.end(), "cases/index.html") == 1);
    for (const auto& f : r.pages) CHECK(std::count(first.begin(), first.end(), f) == 0);  // announced once
    CHECK(r.pages_written == first.size() + r.pages.size());
    session.SetOnPagesWritten(nullptr);
    FinishBacklog(session);
    CheckSameAsFullBuild(t);
  }
  SUBCASE("a tag: its place in the catalog changes, still no full build") {
    Replace(source, "tags: [молодые специалисты, адаптация]", "tags: [молодые специалисты]");
    auto r = session.Rebuild({rel}, false);
    INFO(r.quick_refusal);
    CHECK(r.quick);
    CHECK_FALSE(r.failed);
    CHECK(session.HasBacklog());  // the other catalog pages: phase 2
    FinishBacklog(session);
    CheckSameAsFullBuild(t);
  }
  SUBCASE("phase 2: the pages showing the case first, the rest in chunks; an edit between chunks") {
    const std::string own = t.dir + "/out/public/cases/sch-1/shkola-molodogo-pedagoga/index.html";
    Replace(source, "form: учитель – учитель", "form: ученик – ученик");
    auto r = session.Rebuild({rel}, false);
    INFO(r.quick_refusal);
    REQUIRE(r.quick);
    // Phase 1: the case page and the lists that show it are final already.
    CHECK(Slurp(own).find("ученик – ученик") != std::string::npos);
    REQUIRE(session.HasBacklog());
    // Phase 2 up to its first written page (the plan, the generators'
    // walk, a page), then another edit (a date) before the rest: the pages
    // generated and not written yet are dropped, its phase 1 runs, the
    // backlog carries over; the end is a full build's.
    size_t steps = 0;
    for (;; ++steps) {
      REQUIRE(steps < 100);
      BuildSession::Step step = session.Continue(std::chrono::microseconds(0), 1);
      REQUIRE(step.refusal.empty());
      REQUIRE_FALSE(step.finished);
      if (!step.pages.empty()) break;
    }
    CHECK(steps >= 2);  // the plan and the walk come before any page
    Replace(source, "date: 01.06.2023", "date: 01.02.2022");
    r = session.Rebuild({rel}, false);
    CHECK(r.quick);
    FinishBacklog(session);
    CHECK_FALSE(session.HasBacklog());
    CheckSameAsFullBuild(t);
    // A full build clears a backlog.
    Replace(source, "form: ученик – ученик", "form: учитель – учитель");
    r = session.Rebuild({rel}, false);
    CHECK(r.quick);
    CHECK(session.HasBacklog());
    r = session.Rebuild({}, true);
    CHECK_FALSE(r.quick);
    CHECK_FALSE(session.HasBacklog());
    CheckSameAsFullBuild(t);
  }
  SUBCASE("a body edit, then an edit of a case its page shows: its page keeps the new body") {
    const std::string other = "content/cases/sch-1/starsheklassniki-pyatiklassnikam/index.md";
    Spill(t.dir + "/site/" + other, Slurp(t.dir + "/site/" + other) + "\nНовый абзац о практике.\n");
    auto r = session.Rebuild({other}, false);
    CHECK(r.quick);
    Replace(source, "title: Школа молодого педагога", "title: Школа молодого учителя");
    r = session.Rebuild({rel}, false);
    CHECK(r.quick);
    FinishBacklog(session);
    session.WaitIdle();
    CheckSameAsFullBuild(t);
  }
  SUBCASE("an error: a full build reports it, nothing published") {
    std::string before = Slurp(org_page);
    Replace(source, "organization: sch-1", "organization: sch-2");
    auto r = session.Rebuild({rel}, false);
    CHECK_FALSE(r.quick);
    CHECK(r.failed);
    CHECK(r.report.find("E088") != std::string::npos);
    CHECK(Slurp(org_page) == before);
  }
}

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
