#include "publish/workbook_files.h"

namespace nastavnik {

XlsxDocProps WorkbookProps(const SiteConfig& config, long long build_epoch, std::string title) {
  XlsxDocProps p;
  p.title = std::move(title);
  p.subject = config.title;
  p.author = config.department.empty() ? config.title : config.department;
  p.company = config.department;
  p.keywords = "наставничество";
  p.created_epoch = build_epoch;
  return p;
}

Status OpenWorkbook(OutputTree& tree, const std::string& rel, const XlsxDocProps& props,
                    bool constant_memory, std::unique_ptr<XlsxWorkbook>* book) {
  std::string full;
  Status st = tree.Reserve(rel, &full);
  if (!st.ok()) return st;
  *book = XlsxWorkbook::Create(full, props, constant_memory, &st);
  return st;
}

Status OpenWorkbook(OutputTree& tree, const std::string& rel, const XlsxDocProps& props, int zip_level,
                    std::unique_ptr<XlsxStreamWorkbook>* book) {
  std::string full;
  Status st = tree.Reserve(rel, &full);
  if (!st.ok()) return st;
  *book = XlsxStreamWorkbook::Create(full, props, &st, zip_level);
  return st;
}

namespace {

template <typename Book>
Status CloseAndAdopt(OutputTree& tree, const std::string& rel, Book& book) {
  Status st = book.Close();
  if (!st.ok()) return st.WithContext("не удалось записать " + rel);
  return tree.AdoptWritten(rel);
}

}  // namespace

Status FinishWorkbook(OutputTree& tree, const std::string& rel, XlsxWorkbook& book) {
  return CloseAndAdopt(tree, rel, book);
}

Status FinishWorkbook(OutputTree& tree, const std::string& rel, XlsxStreamWorkbook& book) {
  return CloseAndAdopt(tree, rel, book);
}

std::string SheetRef(std::string_view sheet_name) {
  std::string out = "'";
  for (char c : sheet_name) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'!";
}

// ROUND(n*1000/d,0)/10 rather than ROUND(n/d*100,1): with whole numbers
// n*1000 is exact, the division is correctly rounded, and a quotient that is
// exactly k+0.5 is representable, so ROUND sees the true half and rounds it
// away from zero like the site; n/d*100 would round twice and could land on
// 12.2499… for 12.25.
std::string IndicatorValueFormula(const IndicatorDefinition& d, const std::string& num, const std::string& den) {
  const char* scale = d.unit == IndicatorUnit::kPercent ? "1000" : "10";
  return "IF(" + den + "=0,\"" + kNoDataText + "\",ROUND(" + num + "*" + scale + "/" + den + ",0)/10)";
}

std::string SiteAddress(const ArtifactInput& in, const std::string& path) {
  std::string p = path;
  while (!p.empty() && p.front() == '/') p.erase(p.begin());
  return in.config.base_url.empty() ? p : in.config.base_url + p;
}

}  // namespace nastavnik
