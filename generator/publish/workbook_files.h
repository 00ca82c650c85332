#pragma once
// What every workbook writer shares: document properties from site.yaml,
// opening a workbook at a path reserved in an output tree, and adopting it
// into the tree once closed (publish/output_tree.h). Internal to publish/.
#include <memory>
#include <string>
#include <string_view>

#include "publish/artifacts.h"
#include "publish/xlsx.h"
#include "publish/xlsx_stream.h"

namespace nastavnik {

// Title as given; subject, author and company from site.yaml; created time
// = the build epoch (byte-reproducible workbooks).
XlsxDocProps WorkbookProps(const SiteConfig& config, long long build_epoch, std::string title);
inline XlsxDocProps WorkbookProps(const ArtifactInput& in, std::string title) {
  return WorkbookProps(in.config, in.build_epoch, std::move(title));
}

// Reserves `rel` in `tree` and starts a workbook there. On failure returns
// the error and leaves *book null. libxlsxwriter's temporary files go beside
// the output, not to /tmp (which may be a small tmpfs).
Status OpenWorkbook(OutputTree& tree, const std::string& rel, const XlsxDocProps& props,
                    bool constant_memory, std::unique_ptr<XlsxWorkbook>* book);

// As OpenWorkbook, with our streaming writer (publish/xlsx_stream.h): for a
// plain public workbook with a row per case, where libxlsxwriter's printf
// and temporary file cost most of the artifacts' time. Deflated at
// `zip_level` (a download: smaller than the internal sheets' level 1).
Status OpenWorkbook(OutputTree& tree, const std::string& rel, const XlsxDocProps& props, int zip_level,
                    std::unique_ptr<XlsxStreamWorkbook>* book);

// Closes `book` and adopts the file into `tree` (hard-linked to the previous
// output when the bytes are unchanged).
Status FinishWorkbook(OutputTree& tree, const std::string& rel, XlsxWorkbook& book);
Status FinishWorkbook(OutputTree& tree, const std::string& rel, XlsxStreamWorkbook& book);

// A sheet name as a formula reference: 'Лист 1'!  (apostrophes doubled).
std::string SheetRef(std::string_view sheet_name);

// The live formula of an indicator value over its numerator and denominator
// cells, with the site's rounding (model/indicators.h) and «нет данных» for
// a zero denominator; see workbook_files.cc for why it is written this way.
std::string IndicatorValueFormula(const IndicatorDefinition& d, const std::string& numerator_cell,
                                  const std::string& denominator_cell);
inline constexpr char kNoDataText[] = "нет данных";

// An absolute address of a site path ("orders/x/") when base_url is set,
// else the path itself.
std::string SiteAddress(const ArtifactInput& in, const std::string& path);

}  // namespace nastavnik
