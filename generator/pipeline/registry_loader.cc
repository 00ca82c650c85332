#include "pipeline/registry_loader.h"

#include "load/csv.h"
#include "load/encoding.h"
#include "validate/table.h"

namespace nastavnik {

std::vector<Record> LoadRegistry(const FileSystem& fs, const Schema& schema, Diagnostics& diags,
                                 bool* complete) {
  if (schema.path.empty()) return {};
  auto bytes = fs.Read(schema.path);
  if (!bytes) return {};
  CsvOptions opts;
  if (!schema.encoding.empty()) {
    opts.encoding = EncodingFromName(schema.encoding);
    if (!opts.encoding)
      diags.Error({schema.source, 0, 0}, "E062", "неизвестная кодировка «" + schema.encoding + "»",
                  "допустимы utf-8 и windows-1251");
  }
  if (schema.delimiter == ";" || schema.delimiter == "," ) opts.delimiter = schema.delimiter[0];
  else if (schema.delimiter == "tab") opts.delimiter = '\t';
  CsvTable table = ReadCsv(schema.path, *bytes, opts, diags);
  if (complete) *complete = table.complete;
  return ValidateTable(table, schema, diags);
}

}  // namespace nastavnik
