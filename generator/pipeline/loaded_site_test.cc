#include <doctest/doctest.h>

#include <cstdio>

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

TEST_CASE("Content files load on every core into path order; each body is a slice of its file") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n");
  std::string expected;
  for (int i = 0; i < 300; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "p%03d", i);
    // Every seventh page repeats a key: E005 where the repeat is.
    std::string extra = i % 7 == 0 ? "title: снова\n" : "";
    fs.Add(std::string("content/pages/") + id + ".md",
           "---\ntitle: Страница " + std::to_string(i) + "\n" + extra + "---\nТекст " + std::to_string(i) + "\n");
    if (i % 7 == 0) expected += std::string("content/pages/") + id + ".md:3:1: E005\n";
  }
  Diagnostics diags;
  LoadedSite site = LoadSite(fs, diags);
  REQUIRE(site.docs.size() == 300);
  for (int i = 0; i < 300; ++i) {
    const ContentDoc& d = site.docs[static_cast<size_t>(i)];
    char id[8];
    std::snprintf(id, sizeof id, "p%03d", i);
    CHECK(d.id == id);
    CHECK(d.body() == "Текст " + std::to_string(i) + "\n");
    CHECK(d.body_line == (i % 7 == 0 ? 5 : 4));
    CHECK(d.body().data() >= d.source.data());
    CHECK(d.body().data() + d.body().size() == d.source.data() + d.source.size());
    CHECK(d.front.Text("title") == "Страница " + std::to_string(i));
  }
  std::string found;
  for (const auto& d : diags.Sorted())
    found += d.pos.path + ":" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + ": " + d.code + "\n";
  CHECK(found == expected);
}

TEST_CASE("A file that is not UTF-8 is kept empty, with its text for later scans") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("content/pages/a.md", "---\ntitle: \xCF\xF0\xE8\xE2\xE5\xF2\n---\n");
  Diagnostics diags;
  LoadedSite site = LoadSite(fs, diags);
  REQUIRE(site.docs.size() == 1);
  CHECK(site.docs[0].body().empty());
  CHECK(site.docs[0].source.size() == 22);
  auto sorted = diags.Sorted();
  REQUIRE(sorted.size() == 1);
  CHECK(sorted[0].code == "E001");
  CHECK(sorted[0].pos.line == 2);
  CHECK(sorted[0].pos.column == 8);
}

TEST_CASE("Without keep_texts a document's text is freed after loading and read again, checked, for its body") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n");
  const std::string order =
      "\xEF\xBB\xBF---\ntype: приказ\nnumber: \"1\"\ndate: 01.09.2021\nissuer: uo\nlevel: муниципальный\n"
      "title: Об утверждении\n---\nТекст приказа\n";
  fs.Add("content/orders/a.md", order);
  fs.Add("content/orders/b.md", order);
  Diagnostics diags;
  LoadOptions options;
  options.keep_texts = false;
  LoadedSite site = LoadSite(fs, diags, options);
  REQUIRE(site.docs.size() == 2);
  ContentDoc& a = site.docs[0];
  // Front matter parsed, text gone.
  CHECK(a.front.Text("level") == "муниципальный");
  CHECK(a.text_released);
  CHECK(a.source.empty());
  CHECK(a.body().empty());
  CHECK(a.body_size == std::string("Текст приказа\n").size());
  // Read again (the BOM taken off as when loaded): the same body.
  REQUIRE(a.ReloadText(fs));
  CHECK(a.body() == "Текст приказа\n");
  CHECK(a.had_bom);
  a.ReleaseText();
  CHECK(a.body().empty());
  // A file edited since it was loaded is not taken for the loaded one.
  fs.Add("content/orders/b.md", order + "ещё строка\n");
  CHECK_FALSE(site.docs[1].ReloadText(fs));
  CHECK(site.docs[1].body().empty());
  // By default texts are held.
  LoadedSite held = LoadSite(fs, diags);
  CHECK_FALSE(held.docs[0].text_released);
  CHECK(held.docs[0].body() == "Текст приказа\n");
}

TEST_CASE("A streamed registry is read once: its records reach the streamed_records consumer in file order") {
  MemoryFileSystem fs;
  fs.Add("site.yaml", "title: Тест\n");
  fs.Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n");
  // More rows than a batch (RecordPipeline: 512), one of them wrong.
  std::string csv = "Код;Фамилия;Имя;Дата рождения;Организация;Роль;Категория;Форма;Начало\n";
  const int kRows = 1300;
  for (int i = 0; i < kRows; ++i)
    csv += "p" + std::to_string(i) + ";Фамилия;Имя;" + (i == 700 ? "не дата" : "01.01.2010") +
           ";uo;наставляемый;обучающийся;ученик – ученик;01.10.2021\n";
  fs.Add("data/participants.csv", csv);
  std::vector<std::string> schemas_seen, fed;
  LoadOptions options;
  options.streamed_records = [&](const LoadedSite& loading, const Schema& schema) -> RecordPipeline::Consumer {
    schemas_seen.push_back(schema.name);
    // The held registries are loaded by then.
    CHECK(loading.Registry("organizations").size() == 1);
    return [&](std::vector<Record>& batch, size_t n) {
      for (size_t i = 0; i < n; ++i) fed.push_back(batch[i].id + "|" + batch[i].Text("birth_date"));
    };
  };
  Diagnostics diags;
  LoadedSite site = LoadSite(fs, diags, options);
  CHECK(schemas_seen == std::vector<std::string>{"participants"});
  CHECK(diags.error_count() == 1);  // the date, reported once
  // What a second reading gives, record for record; the loader's own use is unchanged.
  std::vector<std::string> again;
  site.ForEachRecord("participants", [&](Record& r) { again.push_back(r.id + "|" + r.Text("birth_date")); });
  REQUIRE(fed.size() == static_cast<size_t>(kRows));
  CHECK(fed == again);
  CHECK(fed[3].rfind("p3|", 0) == 0);
  CHECK(site.people.facts.size() == static_cast<size_t>(kRows));
  // No consumer: no hook called, same facts.
  Diagnostics plain_diags;
  LoadedSite plain = LoadSite(fs, plain_diags);
  CHECK(plain.people.facts.size() == site.people.facts.size());
}

TEST_CASE("Authors match the streamed registry's rows in registry order, for a long and a short registry") {
  // Authors named by the first rows, the last rows and rows between.
  for (const int rows : {6000, 30}) {
    CAPTURE(rows);
    MemoryFileSystem fs;
    fs.Add("site.yaml", "title: Тест\n");
    fs.Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n");
    const int kCases = 1500;
    std::string csv = "Код;Фамилия;Имя;Отчество;Дата рождения;Организация;Роль;Категория;Форма;Начало\n";
    std::vector<std::pair<bool, std::optional<Date>>> expected;
    for (int i = 0; i < rows; ++i) {
      const bool named = i % 1000 == 0 || i == rows - 1 || i == 7;
      const bool mentee = i % 2 == 1;
      const int year = 1970 + i % 40;
      csv += "p" + std::to_string(i) + ";" + (named ? "Белова" : "Другая") + ";Ирина;Сергеевна;01.01." +
             std::to_string(year) + ";uo;" + (mentee ? "наставляемый" : "наставник") +
             ";педагог;учитель – учитель;01.09.2021\n";
      if (named) expected.push_back({mentee, Date{year, 1, 1}});
    }
    fs.Add("data/participants.csv", csv);
    for (int c = 0; c < kCases; ++c)
      fs.Add("content/cases/uo/c" + std::to_string(c) + "/index.md",
             "---\ntitle: Практика\norganization: uo\ndate: 01.06.2023\nauthors: [Белова Ирина Сергеевна]\n"
             "form: учитель – учитель\nkind: традиционное\nelement: адаптация\nacademic_year: 2022-2023\n"
             "summary: Кратко.\n---\nТекст.\n");
    Diagnostics diags;
    LoadedSite site = LoadSite(fs, diags);
    CHECK_MESSAGE(diags.error_count() == 0, Report(diags));
    CHECK(site.docs.size() == static_cast<size_t>(kCases));
    CHECK(site.people.facts.size() == static_cast<size_t>(rows));
    REQUIRE(site.author_matches.count("белова ирина сергеевна") == 1);
    CHECK(site.author_matches.at("белова ирина сергеевна") == expected);
  }
}
