#include "publish/workbooks.h"

#include "publish/workbook_files.h"
#include "publish/xlsx.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

// `constant_memory` for a workbook with a row per case: libxlsxwriter keeps
// every cell of a sheet in memory otherwise (≈ 4 KB per case; 400 MB at
// 100,000 cases), in constant-memory mode one row (publish/xlsx.h).
Status Open(const ArtifactInput& in, const std::string& rel, const XlsxDocProps& props,
            std::unique_ptr<XlsxWorkbook>* book, bool constant_memory = false) {
  return OpenWorkbook(in.public_tree, rel, props, constant_memory, book);
}

Status Finish(const ArtifactInput& in, const std::string& rel, XlsxWorkbook& book) {
  return FinishWorkbook(in.public_tree, rel, book);
}

XlsxDocProps Props(const ArtifactInput& in, std::string title) { return WorkbookProps(in, std::move(title)); }

}  // namespace

Status WriteOrdersWorkbook(const ArtifactInput& in) {
  std::unique_ptr<XlsxWorkbook> book;
  Status st = Open(in, kOrdersWorkbook, Props(in, "Реестр документов о наставничестве"), &book);
  if (!st.ok()) return st;
  XlsxSheetOptions opts;
  opts.title = "Реестр документов — " + in.config.title;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxSheet* sheet = book->AddSheet("Документы", {
      {"Вид", 14, XlsxFormat::kText, {}},
      {"Номер", 10, XlsxFormat::kText, {}},
      {"Дата", 12, XlsxFormat::kDate, {}},
      {"Заголовок", 60, XlsxFormat::kWrapText, {}},
      {"Уровень", 22, XlsxFormat::kText, {}},
      {"Кем издан", 40, XlsxFormat::kWrapText, {}},
      {"Статус", 14, XlsxFormat::kText, {}},
      {"Адрес на сайте", 40, XlsxFormat::kText, {}},
  }, opts);
  for (const auto& o : in.model.orders) {
    const Organization* org = in.model.FindOrganization(o.issuer);
    sheet->WriteRow({
        XlsxCell::Text(CapitalizeUtf8(o.type)), XlsxCell::Text(o.number), XlsxCell::Date(o.date),
        XlsxCell::Text(o.title), XlsxCell::Text(o.level),
        XlsxCell::Text(org ? org->full_name : o.issuer), XlsxCell::Text(o.status),
        XlsxCell::Text(in.config.base_url.empty() ? "orders/" + o.id + "/" : in.config.base_url + "orders/" + o.id + "/"),
    });
  }
  return Finish(in, kOrdersWorkbook, *book);
}

Status WriteCasesWorkbook(const ArtifactInput& in) {
  std::unique_ptr<XlsxWorkbook> book;
  Status st = Open(in, kCasesWorkbook, Props(in, "Каталог практик наставничества"), &book,
                 /*constant_memory=*/true);
  if (!st.ok()) return st;
  XlsxSheetOptions opts;
  opts.title = "Практики наставничества — " + in.config.title;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxSheet* sheet = book->AddSheet("Практики", {
      {"Название", 45, XlsxFormat::kWrapText, {}},
      {"Организация", 30, XlsxFormat::kWrapText, {}},
      {"Форма", 22, XlsxFormat::kText, {}},
      {"Вид", 16, XlsxFormat::kText, {}},
      {"Элемент модели", 16, XlsxFormat::kText, {}},
      {"Учебный год", 12, XlsxFormat::kText, {}},
      {"Авторы", 30, XlsxFormat::kWrapText, {}},
      {"Кратко", 60, XlsxFormat::kWrapText, {}},
      {"Награды", 30, XlsxFormat::kWrapText, {}},
      {"Опубликовано", 13, XlsxFormat::kDate, {}},
      {"Адрес на сайте", 40, XlsxFormat::kText, {}},
  }, opts);
  for (const auto& c : in.model.cases) {
    const Organization* org = in.model.FindOrganization(c.organization);
    sheet->WriteRow({
        XlsxCell::Text(c.title), XlsxCell::Text(org ? org->short_name : c.organization),
        XlsxCell::Text(c.form), XlsxCell::Text(c.kind), XlsxCell::Text(c.element),
        XlsxCell::Text(c.academic_year), XlsxCell::Text(Join(c.authors, ", ")),
        XlsxCell::Text(c.summary), XlsxCell::Text(Join(c.awards, "; ")), XlsxCell::Date(c.date),
        XlsxCell::Text(in.config.base_url + "cases/" + c.id + "/"),
    });
  }
  return Finish(in, kCasesWorkbook, *book);
}

}  // namespace nastavnik
