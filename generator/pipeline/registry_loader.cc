#include "pipeline/registry_loader.h"

#include <memory>

#include "load/csv.h"
#include "load/encoding.h"
#include "validate/table.h"

namespace nastavnik {

namespace {

CsvOptions OptionsOf(const Schema& schema, Diagnostics& diags) {
  CsvOptions opts;
  if (!schema.encoding.empty()) {
    opts.encoding = EncodingFromName(schema.encoding);
    if (!opts.encoding)
      diags.Error({schema.source, 0, 0}, "E062", "неизвестная кодировка «" + schema.encoding + "»",
                  "допустимы utf-8 и windows-1251");
  }
  if (schema.delimiter == ";" || schema.delimiter == "," ) opts.delimiter = schema.delimiter[0];
  else if (schema.delimiter == "tab") opts.delimiter = '\t';
  return opts;
}

}  // namespace

std::vector<Record> LoadRegistry(const FileSystem& fs, const Schema& schema, Diagnostics& diags,
                                 bool* complete) {
  std::vector<Record> out;
  bool ok = StreamRegistry(fs, schema, diags, [&](Record& r) { out.push_back(std::move(r)); });
  if (complete) *complete = ok;
  return out;
}

bool StreamRegistry(const FileSystem& fs, const Schema& schema, Diagnostics& diags,
                    const std::function<void(Record&)>& on_record) {
  if (schema.path.empty()) return true;
  auto src = fs.Open(schema.path);
  if (!src) {
    if (fs.Missing(schema.path)) return true;  // an optional registry not given
    ReportUnreadableFile(schema.path, diags);
    return false;
  }
  CsvOptions opts = OptionsOf(schema, diags);
  std::unique_ptr<TableValidator> validator;
  Record record;
  CsvInfo info = ReadCsvStream(
      schema.path, *src, opts, diags,
      [&](const CsvInfo& head, const CsvLines& lines) {
        validator = std::make_unique<TableValidator>(head, lines, schema, diags);
      },
      [&](CsvRow& row, const CsvLines& lines) {
        if (!validator || !validator->active()) return;
        validator->Row(row, lines, diags, record);
        on_record(record);
      });
  return info.complete;
}

}  // namespace nastavnik
