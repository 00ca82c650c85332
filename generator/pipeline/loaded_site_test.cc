#include <doctest/doctest.h>

#include "diag/report.h"
#include "pipeline/loaded_site.h"

using namespace nastavnik;

namespace {
std::string Report(const Diagnostics& d) { return RenderReport(d.Sorted(), ReportFormat::kText, nullptr); }
}  // namespace

TEST_CASE("Every default schema parses and names its kind") {
  MemoryFileSystem fs;
  Diagnostics diags;
  auto schemas = LoadSchemas(fs, diags);
  CHECK_MESSAGE(diags.empty(), Report(diags));
  REQUIRE(schemas.size() >= 11);
  for (const auto& s : schemas) {
    CHECK_FALSE(s->fields.empty());
    CHECK_FALSE(s->path.empty());
  }
}

TEST_CASE("A minimal site loads an order and reports a mistyped key with a suggestion") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n");
  fs.Add("content/orders/a.md",
         "---\ntype: приказ\nnumber: \"1\"\ndate: 01.09.2021\nissuer: uo\nlevel: муниципальный\n"
         "title: Об утверждении\n---\nТекст\n");
  fs.Add("content/orders/b.md",
         "---\ntype: приказ\nnumber: \"2\"\ndat: 01.09.2021\nissuer: uo\nlevel: муниципальный\n"
         "title: Об утверждении\n---\nТекст\n");
  Diagnostics diags;
  LoadedSite site = LoadSite(fs, diags);
  REQUIRE(site.docs.size() == 2);
  CHECK(site.docs[0].id == "a");
  CHECK(site.docs[0].front.Text("level") == "муниципальный");
  auto sorted = diags.Sorted();
  std::string text = Report(diags);
  CHECK(text.find("content/orders/b.md:4:1: ошибка E040: неизвестный параметр «dat»") != std::string::npos);
  CHECK(text.find("возможно, имелось в виду «date»") != std::string::npos);
  // The typo is one mistake: no second error about the missing «date».
  CHECK(text.find("E041") == std::string::npos);
  CHECK(diags.error_count() == 1);
}
