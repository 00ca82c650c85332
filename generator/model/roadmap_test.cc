#include <doctest/doctest.h>

#include "diag/report.h"
#include "model/roadmap.h"
#include "pipeline/loaded_site.h"

using namespace nastavnik;

namespace {

std::vector<Roadmap> Build(const std::string& csv, Diagnostics& diags, Date today = {2023, 11, 1}) {
  static MemoryFileSystem* fs = nullptr;  // records point at schemas owned by the site
  static LoadedSite* site = nullptr;
  delete site;
  delete fs;
  fs = new MemoryFileSystem();
  fs->Add("site.yaml", "title: Тест\n");
  fs->Add("data/organizations.csv", "Код;Полное наименование;Краткое наименование;Тип\nuo;Управление;УО;другое\n"
                                    "sch-1;Школа;Школа;ОО\n");
  fs->Add("data/roadmap.csv", csv);
  site = new LoadedSite(LoadSite(*fs, diags));
  DeadlineContext ctx{{2021, 9, 1}, {2024, 8, 31}};
  return BuildRoadmaps(site->Registry("roadmap"), ctx, today, diags);
}

const char kHeader[] = "Исполнитель;Номер;Мероприятие;Срок;Ответственный;Ожидаемый результат;Статус;Подтверждение\n";

}  // namespace

TEST_CASE("Roadmap rows group by issuer, keep their order and find sections") {
  Diagnostics diags;
  auto maps = Build(std::string(kHeader) +
                        "uo;1.;Этап;;;;;\n"
                        "uo;1.1;Совещание;сентябрь 2021 г.;УО;Протокол;выполнено;/orders/x/\n"
                        "uo;1.1.1;Подпункт;до 1 декабря 2023 г.;УО;;в работе;\n"
                        "sch-1;1;Приказ;Ноябрь 2024 г.;Директор;;не начато;\n"
                        "uo;2;Без срока, но с ответственным;;УО;;;\n",
                    diags);
  REQUIRE_MESSAGE(diags.empty(), RenderReport(diags.Sorted(), ReportFormat::kText, nullptr));
  REQUIRE(maps.size() == 2);
  CHECK(maps[0].issuer == "sch-1");
  const Roadmap& uo = maps[1];
  REQUIRE(uo.rows.size() == 4);
  CHECK(uo.rows[0].number == "1");
  CHECK(uo.rows[0].section);
  CHECK(uo.rows[1].depth == 2);
  CHECK_FALSE(uo.rows[1].section);
  CHECK(uo.rows[1].state == RoadmapState::kDone);
  CHECK(uo.rows[1].evidence == "/orders/x/");
  CHECK(uo.rows[1].evidence_pos.line == 3);
  CHECK(uo.rows[2].depth == 3);
  CHECK(uo.rows[2].state == RoadmapState::kDueSoon);  // 1 Dec 2023 is 30 days after 1 Nov
  // A number without a dot is a section only when nothing else is filled.
  CHECK_FALSE(uo.rows[3].section);
  CHECK(uo.rows[3].state == RoadmapState::kUnscheduled);
  CHECK(uo.ItemCount() == 3);
  CHECK(maps[0].rows[0].state == RoadmapState::kUpcoming);
}

TEST_CASE("An unreadable deadline is a warning on its cell, never a guess") {
  Diagnostics diags;
  auto maps = Build(std::string(kHeader) + "uo;1.1;Семинар;когда-нибудь;УО;;в работе;\n", diags);
  REQUIRE(diags.Sorted().size() == 1);
  Diagnostic d = diags.Sorted()[0];
  CHECK(d.severity == Severity::kWarning);
  CHECK(d.code == "W030");
  CHECK(d.pos.path == "data/roadmap.csv");
  CHECK(d.pos.line == 2);
  CHECK(d.pos.column == 16);  // «uo;1.1;Семинар;» is 15 characters
  CHECK(d.message == "срок «когда-нибудь» не распознан");
  const RoadmapRow& r = maps[0].rows[0];
  CHECK_FALSE(r.deadline.parsed);
  CHECK_FALSE(r.deadline.start.has_value());
  CHECK(r.deadline.text == "когда-нибудь");
  CHECK(r.state == RoadmapState::kInProgress);  // declared «в работе», no dates
  CHECK(DeadlinePeriodText(r.deadline) == "срок не распознан");
}

TEST_CASE("The parsed period is put in words") {
  DeadlineContext ctx{{2021, 9, 1}, {2024, 8, 31}};
  CHECK(DeadlinePeriodText(ParseDeadline("сентябрь 2021 г.", ctx)) == "01.09.2021 – 30.09.2021");
  CHECK(DeadlinePeriodText(ParseDeadline("не позднее 1 декабря", ctx)) == "до 01.12.2021");
  CHECK(DeadlinePeriodText(ParseDeadline("12 января2022 г.", ctx)) == "12.01.2022");
  CHECK(DeadlinePeriodText(ParseDeadline("ежегодно, до 25 декабря", ctx)) ==
        "впервые 25.12.2021, далее ежегодно до 31.08.2024");
  CHECK(DeadlinePeriodText(ParseDeadline("В течение всего периода реализации программы", ctx)) ==
        "01.09.2021 – 31.08.2024 (весь период)");
  CHECK(DeadlinePeriodText(ParseDeadline("по отдельному графику", ctx)) == "без даты");
  CHECK(DeadlinePeriodText(ParseDeadline("", ctx)) == "");
}
