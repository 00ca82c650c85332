#include "render/links.h"
#include "render/urls.h"

#include <doctest/doctest.h>

#include <memory>

namespace nastavnik {

TEST_CASE("LinkResolver: links remembered after a mark are forgotten; the map of pages may be shared") {
  auto pages = std::make_shared<const std::map<std::string, std::string>>(std::map<std::string, std::string>{
      {"content/orders/a.md", "orders/a/"}, {"content/orders/b.md", "orders/b/"}});
  LinkResolver links(pages);
  Diagnostics diags;
  CHECK(links.Resolve({"content/orders/a.md", 3, 1}, "orders/a/", "b.md", diags) == "../../orders/b/index.html");
  size_t mark = links.Mark();
  CHECK(mark == 1);
  links.Resolve({"content/orders/b.md", 5, 1}, "orders/b/", "a.md", diags);
  CHECK(links.Targets().size() == 2);
  links.ForgetAfter(mark);
  auto targets = links.Targets();
  REQUIRE(targets.size() == 1);
  CHECK(targets.begin()->first == "orders/b/index.html");
  CHECK(targets.begin()->second.at(0).path == "content/orders/a.md");
  links.ForgetAfter(5);  // past the end: nothing happens
  CHECK(links.Mark() == 1);
  CHECK(diags.error_count() == 0);
  // A second resolver over the same map resolves the same way.
  LinkResolver other(pages);
  CHECK(other.Resolve({"content/orders/b.md", 1, 1}, "orders/b/", "a.md", diags) == "../../orders/a/index.html");
}

TEST_CASE("Linker::To links pages, files and fragments relative to the page") {
  Linker home(""), order("orders/x/"), file("files/a.xlsx");
  CHECK(home.root() == "");
  CHECK(order.root() == "../../");
  CHECK(file.root() == "../");
  CHECK(home.To("") == "index.html");
  CHECK(home.To("cases/") == "cases/index.html");
  CHECK(order.To("") == "../../index.html");
  CHECK(order.To("cases/a/b/") == "../../cases/a/b/index.html");
  CHECK(order.To("files/katalog.xlsx") == "../../files/katalog.xlsx");
  CHECK(order.To("orders/y/#p2") == "../../orders/y/index.html#p2");
  CHECK(order.To("#top") == "../../index.html#top");
  CHECK(order.To("static/site.js#x#y") == "../../static/site.js#x#y");
}

TEST_CASE("urls::SetCase writes urls::Case into a reused buffer") {
  std::string path = "something longer than the path, held before";
  urls::SetCase(path, "org-7/praktika-1");
  CHECK(path == "cases/org-7/praktika-1/");
  CHECK(path == urls::Case("org-7/praktika-1"));
  urls::SetCase(path, "a/b");  // replaces, does not append
  CHECK(path == "cases/a/b/");
  CHECK(Linker("cases/form/x/").To(path) == "../../../cases/a/b/index.html");
}

}  // namespace nastavnik
