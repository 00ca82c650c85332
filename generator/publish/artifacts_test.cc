#include "publish/artifacts.h"

#include <stdlib.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "publish/output_tree.h"
#include "util/test_temp_dir.h"

namespace nastavnik {
namespace {

namespace fs = std::filesystem;



CaseStudy SampleCase(const std::string& org, const std::string& slug, Date date) {
  CaseStudy c;
  c.id = org + "/" + slug;
  c.slug = slug;
  c.source = "content/cases/" + c.id + "/index.md";
  c.title = "Практика " + slug;
  c.organization = org;
  c.date = date;
  c.authors = {"Иванова Мария Петровна"};
  c.form = "учитель – учитель";
  c.kind = "традиционное";
  c.element = "адаптация";
  c.academic_year = "2022-2023";
  c.tags = {"молодой педагог"};
  c.summary = "Кратко о практике " + slug;
  c.results = {"Результат"};
  c.awards = {"Диплом"};
  c.attachments = {{"plan.pdf", "План", 1024, 12}};
  return c;
}

// An organization and two cases, with the base_url the feed and sitemap need.
SiteConfig SampleConfig() {
  SiteConfig config;
  config.base_url = "https://example.org/nastavnichestvo/";
  return config;
}
SiteModel SampleModel() {
  SiteModel model;
  model.today = Date{2023, 11, 1};
  model.organizations.push_back({});
  model.organizations.back().id = "org-1";
  model.organizations.back().short_name = "Школа № 1";
  model.cases.push_back(SampleCase("org-1", "a", Date{2023, 10, 1}));
  model.cases.push_back(SampleCase("org-1", "b", Date{2023, 9, 1}));
  return model;
}

// Every file the writers write, by path, with its bytes.
std::map<std::string, std::string> Run(const std::vector<ArtifactWriter>& writers, const SiteConfig& config,
                                       const SiteModel& model, const std::vector<PageInfo>& pages,
                                       const std::string& dir) {
  OutputTree pub(dir, "public");
  OutputTree internal(dir, "internal");
  REQUIRE(pub.Begin().ok());
  REQUIRE(internal.Begin().ok());
  Diagnostics diags;
  ArtifactInput ai{config, model, pages, 1698796800, pub, internal, diags};
  for (ArtifactWriter w : writers) REQUIRE(w(ai).ok());
  CHECK(diags.error_count() == 0);
  std::map<std::string, std::string> out;
  for (const auto& rel : pub.written()) out[rel] = ReadWholeFile(fs::path(pub.staging_dir()) / rel);
  pub.Abort();
  internal.Abort();
  return out;
}

}  // namespace

TEST_CASE("artifacts outside CaseArtifactWriters do not change with a case's own fields") {
  // The contract a preview session relies on (pipeline/build_session.h):
  // after an edit that keeps a case's place in the catalog, only
  // CaseArtifactWriters() are run again.
  const auto& all = AllArtifactWriters();
  const auto& case_writers = CaseArtifactWriters();
  std::vector<ArtifactWriter> others;
  for (ArtifactWriter w : all)
    if (std::find(case_writers.begin(), case_writers.end(), w) == case_writers.end()) others.push_back(w);
  REQUIRE(others.size() + case_writers.size() == all.size());  // a subset, no duplicates

  const SiteConfig config = SampleConfig();
  const SiteModel model = SampleModel();
  std::vector<PageInfo> pages = {{"", "Главная", true}, {"cases/org-1/a/", "Практика a", true},
                                 {"cases/org-1/b/", "Практика b", true}};

  SiteModel edited = model;
  CaseStudy& c = edited.cases[0];
  c.title = "Совсем другое название";
  c.summary = "Другое описание";
  c.results = {"Иной результат", "Ещё один"};
  c.awards = {};
  c.element = "обучение";
  c.attachments[0].title = "План работы";
  // Its place in the catalog too (a preview session handles such a move
  // with the same writers, plus the sitemap for the pages it adds or removes).
  c.tags = {"другой тег"};
  c.form = "ученик – ученик";
  c.kind = "групповое";
  c.academic_year = "2021-2022";
  c.date = Date{2021, 9, 1};
  std::swap(edited.cases[0], edited.cases[1]);
  std::vector<PageInfo> edited_pages = pages;
  edited_pages[1].title = edited.cases[1].title;

  TempDir a, b;
  auto before = Run(others, config, model, pages, a.path);
  auto after = Run(others, config, edited, edited_pages, b.path);
  CHECK(!before.empty());
  CHECK(before == after);
  // And the case writers do see the edit (else the test proves nothing).
  TempDir c1, c2;
  CHECK(Run(case_writers, config, model, pages, c1.path) != Run(case_writers, config, edited, edited_pages, c2.path));
  // They read no more of the model than CaseArtifactModel() copies.
  TempDir c3, c4;
  CHECK(Run(case_writers, config, CaseArtifactModel(edited), edited_pages, c3.path) ==
        Run(case_writers, config, edited, edited_pages, c4.path));
}

TEST_CASE("artifacts that do not read pages write the same without the page list") {
  // pipeline/build.cc starts them before any page is rendered, with no pages.
  std::vector<ArtifactWriter> model_only, page_readers;
  for (ArtifactWriter w : AllArtifactWriters()) (ArtifactReadsPages(w) ? page_readers : model_only).push_back(w);
  REQUIRE(!model_only.empty());
  REQUIRE(page_readers.size() == 1);  // the sitemap

  const SiteConfig config = SampleConfig();
  const SiteModel model = SampleModel();
  const std::vector<PageInfo> pages = {{"", "Главная", true}, {"cases/org-1/a/", "Практика a", true},
                                       {"cases/", "Практики", false}};
  TempDir a, b, c, d;
  CHECK(Run(model_only, config, model, pages, a.path) == Run(model_only, config, model, {}, b.path));
  // The page list does reach the sitemap (else the split proves nothing).
  CHECK(Run(page_readers, config, model, pages, c.path) != Run(page_readers, config, model, {}, d.path));
}

}  // namespace nastavnik
