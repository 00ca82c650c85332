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

template <typename Book>
Status Finish(const ArtifactInput& in, const std::string& rel, Book& book) {
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

// A download: level 6 keeps it ≈ 1.3× libxlsxwriter's size (level 1: 1.7×).
constexpr int kCasesZipLevel = 6;

// Through our streaming writer: a row per case (≈ 1 MB at 10,000 cases).
// Its cells are kept and refilled: no allocation per row once grown.
Status WriteCasesWorkbook(const ArtifactInput& in) {
  std::unique_ptr<XlsxStreamWorkbook> book;
  Status st = OpenWorkbook(in.public_tree, kCasesWorkbook, Props(in, "Каталог практик наставничества"),
                           kCasesZipLevel, &book);
  if (!st.ok()) return st;
  XlsxSheetOptions opts;
  opts.title = "Практики наставничества — " + in.config.title;
  opts.landscape = true;
  opts.fit_to_width = true;
  opts.repeat_header_rows = true;
  XlsxStreamSheet* sheet = book->AddSheet("Практики", {
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
  std::vector<XlsxCell> cells(11, XlsxCell::Empty());
  std::string scratch;
  for (const auto& c : in.model.cases) {
    const Organization* org = in.model.FindOrganization(c.organization);
    cells[0].SetText(c.title);
    cells[1].SetText(org ? org->short_name : c.organization);
    cells[2].SetText(c.form);
    cells[3].SetText(c.kind);
    cells[4].SetText(c.element);
    cells[5].SetText(c.academic_year);
    cells[6].SetText(Join(c.authors, ", "));
    cells[7].SetText(c.summary);
    cells[8].SetText(Join(c.awards, "; "));
    cells[9] = XlsxCell::Date(c.date);
    scratch.assign(in.config.base_url).append("cases/").append(c.id).append("/");
    cells[10].SetText(scratch);
    sheet->WriteRow(cells);
  }
  return Finish(in, kCasesWorkbook, *book);
}

}  // namespace nastavnik
