#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "publish/artifacts.h"
#include "publish/output_tree.h"
#include "util/test_temp_dir.h"
#include "validate/schema.h"

namespace nastavnik {
namespace {

FieldSchema Field(const std::string& name, const std::string& title, Publication publish) {
  FieldSchema f;
  f.name = name;
  f.title = title;
  f.publish = publish;
  return f;
}

Schema PeopleSchema(const std::string& name) {
  Schema s;
  s.name = name;
  s.title = "Люди";
  s.primary_key = "id";
  s.fields = {Field("id", "Код", Publication::kAggregate), Field("surname", "Фамилия", Publication::kInternal),
              Field("organization", "Организация", Publication::kAggregate)};
  return s;
}

Record Row(const Schema& s, const std::string& id, const std::string& surname, const std::string& org) {
  Record r;
  r.schema = &s;
  r.id = id;
  for (const std::string& text : {id, surname, org}) {
    Value v;
    v.kind = Value::Kind::kString;
    v.text = text;
    r.values.push_back(v);
  }
  return r;
}

}  // namespace

TEST_CASE("InternalReports: a fed registry and a held one give their reports once, rows in order") {
  TempDir dir("internal-reports");
  OutputTree pub(dir.path, "public");
  OutputTree internal(dir.path, "internal");
  REQUIRE(pub.Begin().ok());
  REQUIRE(internal.Begin().ok());
  SiteConfig config;
  config.title = "Тест";
  Organization a;
  a.id = "a";
  a.short_name = "Школа А";
  a.full_name = "Школа А полностью";
  a.type = "ОО";
  const Schema participants = PeopleSchema("participants"), pairs = PeopleSchema("pairs");
  Schema public_only = PeopleSchema("programs");
  for (auto& f : public_only.fields) f.publish = Publication::kPublic;

  InternalReports reports(InternalReportsSetup{config, 1698796800, internal, {a}});
  CHECK_FALSE(reports.Feed("programs", public_only));  // no report reads it
  RecordPipeline::Consumer feed = reports.Feed("participants", participants);
  REQUIRE(feed);
  // Fed as LoadSite feeds it: batches, in file order.
  std::vector<Record> batch = {Row(participants, "p1", "Иванова", "a"), Row(participants, "p2", "Петров", "b"),
                               Row(participants, "p3", "Сидорова", "a")};
  feed(batch, 2);
  batch[0] = batch[2];
  feed(batch, 1);

  // The held registries are fed by Finish; the fed one is not fed again,
  // even when it is among them.
  std::map<std::string, std::vector<Record>> held;
  held["pairs"] = {Row(pairs, "x1", "Кузнецова", "a")};
  held["participants"] = {Row(participants, "p9", "Лишний", "a")};
  SiteModel model;
  std::vector<PageInfo> no_pages;
  Diagnostics diags;
  ArtifactInput ai{config, model, no_pages, 1698796800, pub, internal, diags};
  ai.internal_registries = &held;
  REQUIRE(reports.Finish(ai).ok());

  const std::filesystem::path root = internal.staging_dir();
  std::vector<std::string> written = internal.written();
  std::sort(written.begin(), written.end());
  CHECK(written == std::vector<std::string>{"README.txt", "monitoring/a.xlsx", "organizations/a/pairs.csv",
                                            "organizations/a/participants.csv", "organizations/b/participants.csv",
                                            "registries/pairs.csv", "registries/pairs.xlsx",
                                            "registries/participants.csv", "registries/participants.xlsx"});
  const std::string whole = ReadWholeFile(root / "registries/participants.csv");
  CHECK(whole.find("p1;Иванова;a\r\np2;Петров;b\r\np3;Сидорова;a\r\n") != std::string::npos);
  CHECK(whole.find("p9") == std::string::npos);
  const std::string of_a = ReadWholeFile(root / "organizations/a/participants.csv");
  CHECK(of_a.find("p1;Иванова;a\r\np3;Сидорова;a\r\n") != std::string::npos);
  CHECK(of_a.find("p2") == std::string::npos);
  CHECK(ReadWholeFile(root / "registries/pairs.csv").find("x1;Кузнецова;a\r\n") != std::string::npos);
  pub.Abort();
  internal.Abort();
}

}  // namespace nastavnik
