#include "publish/registry_workbook.h"

#include <tbb/parallel_for.h>

#include <algorithm>

#include "publish/xlsx_stream.h"
#include "util/strings.h"

namespace nastavnik {

namespace {

XlsxFormat FormatOf(const FieldSchema& f) {
  switch (f.type) {
    case FieldType::kInteger: return XlsxFormat::kInteger;
    case FieldType::kNumber: return XlsxFormat::kGeneral;
    case FieldType::kDate: return XlsxFormat::kDate;
    case FieldType::kList: return XlsxFormat::kWrapText;
    default: return XlsxFormat::kText;
  }
}

double WidthOf(const FieldSchema& f) {
  switch (f.type) {
    case FieldType::kDate: return 12;
    case FieldType::kInteger:
    case FieldType::kNumber:
    case FieldType::kBoolean: return 11;
    case FieldType::kEmail:
    case FieldType::kUrl: return 28;
    case FieldType::kEnum: {
      size_t longest = 0;
      for (const auto& v : f.enum_values) longest = std::max(longest, CodepointCount(v));
      return std::clamp(static_cast<double>(longest) + 4, 12.0, 30.0);
    }
    default: break;
  }
  // The header must fit on two lines at most.
  return std::clamp(static_cast<double>(CodepointCount(f.title.empty() ? f.name : f.title)) / 2 + 4, 14.0, 30.0);
}

}  // namespace

std::vector<const FieldSchema*> AllFields(const Schema& schema) {
  std::vector<const FieldSchema*> out;
  for (const auto& f : schema.fields) out.push_back(&f);
  return out;
}

std::vector<XlsxColumn> RegistryColumns(const std::vector<const FieldSchema*>& fields, bool dropdowns) {
  std::vector<XlsxColumn> columns;
  for (const FieldSchema* f : fields) {
    XlsxColumn c{f->title.empty() ? f->name : f->title, WidthOf(*f), FormatOf(*f), {}};
    if (dropdowns && f->type == FieldType::kEnum) c.validation_list = f->enum_values;
    if (dropdowns && f->type == FieldType::kBoolean) c.validation_list = {"да", "нет"};
    columns.push_back(std::move(c));
  }
  return columns;
}

XlsxCell RegistryCell(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull: return XlsxCell::Empty();
    case Value::Kind::kDate: return XlsxCell::Date(v.date);
    case Value::Kind::kInteger: return XlsxCell::Integer(v.integer);
    case Value::Kind::kNumber: return XlsxCell::Number(v.number);
    case Value::Kind::kBoolean: return XlsxCell::Text(v.boolean ? "да" : "нет");
    case Value::Kind::kList: {
      std::vector<std::string> items;
      for (const auto& item : v.list) items.push_back(item.text);
      return XlsxCell::Text(Join(items, ", "));
    }
    default: return XlsxCell::Text(v.text);
  }
}

void RegistryCells(const Record& record, std::vector<XlsxCell>* cells) {
  cells->resize(record.values.size(), XlsxCell::Empty());
  for (size_t i = 0; i < record.values.size(); ++i) {
    const Value& v = record.values[i];
    // Text as RegistryCell writes it, without a new string.
    if (v.kind == Value::Kind::kString || v.kind == Value::Kind::kObjects) {
      (*cells)[i].SetText(v.text);
    } else if (v.kind == Value::Kind::kNull) {
      (*cells)[i].SetEmpty();
    } else {
      (*cells)[i] = RegistryCell(v);
    }
  }
}

RegistryRowsXml::RegistryRowsXml(const Schema& schema) {
  const std::vector<XlsxColumn> columns = RegistryColumns(AllFields(schema), /*dropdowns=*/false);
  for (int k = 0; k < 8; ++k) slices_.push_back({XlsxCellsFormatter(columns), {}, {}});
}

void RegistryCellViews(const Record& record, std::vector<XlsxCell>* made, std::vector<XlsxCellView>* views) {
  const size_t n = record.values.size();
  if (made->size() < n) made->resize(n, XlsxCell::Empty());
  views->resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Value& v = record.values[i];
    XlsxCellView& view = (*views)[i];
    XlsxCell& cell = (*made)[i];
    switch (v.kind) {
      case Value::Kind::kNull:
        view = XlsxCellView();
        continue;
      case Value::Kind::kString:
      case Value::Kind::kObjects:
        if (record.utf8 ? XlsxCell::Utf8TextIsKept(v.text) : XlsxCell::TextIsKept(v.text)) {
          view = XlsxCellView::Text(v.text);
          continue;
        }
        cell.SetText(v.text);
        break;
      case Value::Kind::kDate:
        if (XlsxCell::IsExcelDate(v.date)) {
          view = XlsxCellView::Date(v.date);
          continue;
        }
        cell = RegistryCell(v);
        break;
      case Value::Kind::kBoolean:
        view = XlsxCellView::Text(v.boolean ? "да" : "нет");
        continue;
      default:
        cell = RegistryCell(v);
    }
    view = XlsxCellView(cell);
  }
}

void RegistryRowsXml::Format(const Record* rows, size_t n) {
  per_slice_ = std::max<size_t>(1, (n + slices_.size() - 1) / slices_.size());
  tbb::parallel_for(size_t{0}, slices_.size(), [&](size_t k) {
    Slice& slice = slices_[k];
    slice.formatter.Clear();
    for (size_t i = k * per_slice_; i < std::min(n, (k + 1) * per_slice_); ++i) {
      RegistryCellViews(rows[i], &slice.cells, &slice.views);
      slice.formatter.Format(slice.views);
    }
  });
}

Status WriteStreamedWorkbook(const std::string& path, const XlsxDocProps& props, const std::string& sheet_name,
                             std::vector<XlsxColumn> columns, XlsxSheetOptions options, const RowSource& next,
                             long long* rows_written) {
  Status st;
  auto book = XlsxStreamWorkbook::Create(path, props, &st);
  if (!st.ok()) return st;
  XlsxStreamSheet* sheet = book->AddSheet(sheet_name, columns, options);
  long long written = 0;
  std::vector<XlsxCell> cells;
  while (book->status().ok()) {
    cells.clear();
    if (!next(&cells)) break;
    if (sheet->full()) {  // Excel's row limit: the registry goes on on « (2)», « (3)»…
      written += sheet->data_row_count();
      sheet = book->AddSheet(sheet_name, columns, options);
    }
    sheet->WriteRow(cells);
  }
  if (rows_written) *rows_written = written + sheet->data_row_count();
  return book->Close();
}

}  // namespace nastavnik
