#include "pipeline/page_cache.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "util/test_temp_dir.h"

namespace nastavnik {

TEST_CASE("PageCache: a page's fingerprint follows every input") {
  PageCache cache("/nonexistent", FingerprintSite({{"templates/page", "{{title}}"}}, "title: A"));
  PageOutput page;
  page.path = "orders/x/";
  page.template_name = "page";
  page.title = "Приказ";
  page.vars["body_html"] = "<p>текст</p>";
  TemplateList rows;
  rows.push_back(TemplateMap{{"name", TemplateValue("Школа № 1")}});
  page.vars["rows"] = rows;
  std::string base = cache.Fingerprint(page);
  CHECK(base == cache.Fingerprint(page));

  PageOutput body = page;
  body.vars["body_html"] = "<p>текст!</p>";
  PageOutput row = page;
  TemplateList other_rows;
  other_rows.push_back(TemplateMap{{"name", TemplateValue("Школа № 2")}});
  row.vars["rows"] = other_rows;
  PageOutput crumbs = page;
  crumbs.breadcrumbs = {{"Главная", ""}};
  PageOutput shape = page;
  shape.vars["body_html"] = TemplateList{TemplateValue("<p>текст</p>")};
  for (const PageOutput* changed : {&body, &row, &crumbs, &shape}) CHECK(cache.Fingerprint(*changed) != base);

  PageCache other_theme("/nonexistent", FingerprintSite({{"templates/page", "<b>{{title}}</b>"}}, "title: A"));
  PageCache other_config("/nonexistent", FingerprintSite({{"templates/page", "{{title}}"}}, "title: B"));
  CHECK(other_theme.Fingerprint(page) != base);
  CHECK(other_config.Fingerprint(page) != base);
  // Nothing recorded on disk: every page is rendered.
  CHECK_FALSE(cache.Unchanged("orders/x/index.html", base));
}

TEST_CASE("PageCache: a shared subtree counts by its content, hashed once") {
  PageCache cache("/nonexistent", FingerprintSite({{"templates/page", "{{title}}"}}, "title: A"));
  TemplateMap card{{"title", TemplateValue("Практика")}, {"href", TemplateValue("../a/")}};
  PageOutput shared;
  SharedTemplateValue one = Share(card);
  shared.vars["cases"] = TemplateList{one, one};
  const std::string base = cache.Fingerprint(shared);
  CHECK((one->digest[0] | one->digest[1]) != 0);  // kept beside the subtree for the next page
  CHECK(cache.Fingerprint(shared) == base);
  // Another node with the same content: the same fingerprint.
  PageOutput again;
  again.vars["cases"] = TemplateList{Share(card), Share(card)};
  CHECK(cache.Fingerprint(again) == base);
  TemplateMap changed = card;
  changed["title"] = "Другая";
  shared.vars["cases"] = TemplateList{one, Share(changed)};
  CHECK(cache.Fingerprint(shared) != base);
  // Nested shared subtrees too.
  PageOutput nested, nested_changed;
  nested.vars["x"] = Share(TemplateList{one});
  nested_changed.vars["x"] = Share(TemplateList{Share(changed)});
  CHECK(cache.Fingerprint(nested) != cache.Fingerprint(nested_changed));
}

TEST_CASE("PageCache: a shared case card borrowing the model counts by its content; any input changes it") {
  PageCache cache("/nonexistent", FingerprintSite({{"templates/page", "{{title}}"}}, "title: A"));
  std::string title = "Практика", summary = "Кратко", form = "форма";
  auto card = [&] {
    TemplateMap m;
    m["form"] = TemplateValue::Borrow(form);
    m["href"] = "../a/index.html";
    m["summary"] = TemplateValue::Borrow(summary);
    m["title"] = TemplateValue::Borrow(title);
    return m;
  };
  auto page_of = [&](TemplateValue v) {
    PageOutput p;
    p.vars["cases"] = TemplateList{std::move(v)};
    return p;
  };
  const std::string plain = cache.Fingerprint(page_of(card()));
  const std::string shared = cache.Fingerprint(page_of(ShareBorrowing(card())));
  CHECK(shared == cache.Fingerprint(page_of(Share(card()))));  // borrowed or copied: the same content
  CHECK(shared == cache.Fingerprint(page_of(ShareBorrowing(card()))));
  for (std::string* input : {&title, &summary, &form}) {
    const std::string before = *input;
    *input += "!";
    CHECK(cache.Fingerprint(page_of(ShareBorrowing(card()))) != shared);
    CHECK(cache.Fingerprint(page_of(card())) != plain);
    *input = before;
  }
}

TEST_CASE("PageCache: the stamps taken as pages are written are the record of the tree they become") {
  TempDir out("page-cache");
  const std::string site = FingerprintSite({{"templates/page", "{{title}}"}}, "title: A");
  PageCache cache(out.path, site);
  PageOutput a, b;
  a.path = "orders/a/";
  b.path = "orders/b/";
  OutputTree tree(out.path, "public");
  REQUIRE(tree.Begin().ok());
  FileStamp stamp_a, stamp_b;
  REQUIRE(tree.Write("orders/a/index.html", "<p>a</p>", &stamp_a).ok());
  REQUIRE(tree.Write("orders/b/index.html", "<p>bb</p>", &stamp_b).ok());
  CHECK(stamp_b.size == 9);
  CHECK(stamp_a.mtime_ns > 0);
  cache.Record("orders/a/index.html", cache.Fingerprint(a), stamp_a);
  cache.Record("orders/b/index.html", cache.Fingerprint(b), stamp_b);
  cache.Record("orders/c/index.html", cache.Fingerprint(b), FileStamp{});  // never written: left out
  const std::string snapshot = cache.Snapshot();
  CHECK(snapshot.find("orders/c/") == std::string::npos);
  CHECK(cache.recorded().size() == 3);
  // The swap keeps the files' inodes, sizes and mtimes.
  REQUIRE(tree.Commit().ok());
  REQUIRE(cache.Save(snapshot).ok());

  PageCache next(out.path, site);
  next.Load();
  FileStamp linked;
  CHECK(next.Unchanged("orders/a/index.html", cache.Fingerprint(a), &linked));
  CHECK(linked.size == stamp_a.size);
  CHECK(linked.mtime_ns == stamp_a.mtime_ns);
  CHECK(next.Unchanged("orders/b/index.html", cache.Fingerprint(b)));
  CHECK_FALSE(next.Unchanged("orders/a/index.html", cache.Fingerprint(b)));
  CHECK_FALSE(next.Unchanged("orders/c/index.html", cache.Fingerprint(b)));
  out.Write("public/orders/b/index.html", "<p>b!!</p>");  // changed since: rendered again
  CHECK_FALSE(next.Unchanged("orders/b/index.html", cache.Fingerprint(b)));
}

}  // namespace nastavnik

namespace nastavnik {

TEST_CASE("PageCache: borrowed text counts as the same text owned, and a page made owned keeps its fingerprint") {
  PageCache cache("/nonexistent", FingerprintSite({{"templates/page", "{{title}}"}}, "title: A"));
  const std::string title = "Наставничество «педагог — педагог»";
  PageOutput owned;
  owned.path = "cases/x/";
  owned.template_name = "page";
  owned.vars["title"] = title;
  owned.vars["cards"] = TemplateList{TemplateMap{{"form", TemplateValue(title)}}};
  PageOutput borrowed = owned;
  borrowed.vars["title"] = TemplateValue::Borrow(title);
  borrowed.vars["cards"] = TemplateList{TemplateMap{{"form", TemplateValue::Borrow(title)}}};
  CHECK(cache.Fingerprint(borrowed) == cache.Fingerprint(owned));
  MakeOwned(borrowed.vars);
  CHECK(std::holds_alternative<std::string>(borrowed.vars["title"].value));
  CHECK(cache.Fingerprint(borrowed) == cache.Fingerprint(owned));
}

}  // namespace nastavnik
