#include "cli/preview_files.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace nastavnik {

namespace {

namespace stdfs = std::filesystem;

// A throwaway tree: <tmp>/root/{index.html, orders/index.html, файл.txt},
// <tmp>/secret.txt and <tmp>/root/out → <tmp> (a symlink leading outside).
struct Tree {
  std::string base;
  std::string root;
  Tree() {
    char tmpl[] = "/tmp/nastavnik-preview-XXXXXX";
    base = ::mkdtemp(tmpl);
    stdfs::create_directories(base + "/root/orders");
    root = stdfs::canonical(base + "/root").string();
    std::ofstream(root + "/index.html") << "<html><body>home</body></html>";
    std::ofstream(root + "/orders/index.html") << "orders";
    std::ofstream(root + "/файл.txt") << "text";
    std::ofstream(base + "/secret.txt") << "secret";
    stdfs::create_directory_symlink(base, root + "/out");
  }
  ~Tree() { stdfs::remove_all(base); }
};

}  // namespace

TEST_CASE("ResolvePreviewPath: files, index.html, redirects and Cyrillic names") {
  Tree t;
  auto home = ResolvePreviewPath(t.root, "/");
  CHECK(home.kind == PreviewTarget::Kind::kFile);
  CHECK(home.file == t.root + "/index.html");
  CHECK(ResolvePreviewPath(t.root, "/orders/?page=2").file == t.root + "/orders/index.html");
  auto redirect = ResolvePreviewPath(t.root, "/orders");
  CHECK(redirect.kind == PreviewTarget::Kind::kRedirect);
  CHECK(redirect.location == "/orders/");
  CHECK(ResolvePreviewPath(t.root, "/%D1%84%D0%B0%D0%B9%D0%BB.txt").file == t.root + "/файл.txt");
  CHECK(ResolvePreviewPath(t.root, "/missing.html").kind == PreviewTarget::Kind::kNotFound);
}

TEST_CASE("ResolvePreviewPath: nothing outside the tree") {
  Tree t;
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/orders/..%2F..%2Fsecret.txt",
                           "/out/secret.txt", "/out", "/..\\secret.txt", "/a%00b", "/%zz", "/%2", "relative"}) {
    std::string shown = path;
    CAPTURE(shown);
    CHECK(ResolvePreviewPath(t.root, path).kind == PreviewTarget::Kind::kForbidden);
  }
}

TEST_CASE("ContentTypeOf") {
  CHECK(ContentTypeOf("a/index.html") == "text/html; charset=utf-8");
  CHECK(ContentTypeOf("static/style.css") == "text/css; charset=utf-8");
  CHECK(ContentTypeOf("x.XLSX") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(ContentTypeOf("plan.odt") == "application/vnd.oasis.opendocument.text");
  CHECK(ContentTypeOf("calendar.ics") == "text/calendar; charset=utf-8");
  CHECK(ContentTypeOf("img.webp") == "image/webp");
  CHECK(ContentTypeOf("dir.v2/README") == "application/octet-stream");
}

TEST_CASE("Reload script only where asked; the overlay escapes the report") {
  std::string page = InjectReloadScript("<html><body>x</body></html>", 7);
  CHECK(page.find("<script>") < page.find("</body>"));
  CHECK(page.find(kPreviewGenerationPath) != std::string::npos);
  CHECK(page.find("?path='+encodeURIComponent(location.pathname)") != std::string::npos);
  std::string overlay = ErrorOverlayPage("content/a.md:1:1: <script>alert(1)</script> & «ошибка»", 3);
  CHECK(overlay.find("<script>alert(1)") == std::string::npos);
  CHECK(overlay.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; «ошибка»") != std::string::npos);
}

TEST_CASE("PollPagePath: the page a reload poll asks about, decoded once") {
  CHECK(PollPagePath("/__nastavnik/generation?path=%2Fcases%2F") == "/cases/");
  // A Cyrillic path stays percent-encoded as the browser sent it.
  CHECK(PollPagePath("/__nastavnik/generation?x=1&path=%2F%25D0%25B0%2F") == "/%D0%B0/");
  CHECK(PollPagePath("/__nastavnik/generation").empty());
  CHECK(PollPagePath("/__nastavnik/generation?path=%zz").empty());
}

}  // namespace nastavnik
