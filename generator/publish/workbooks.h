#pragma once
// The downloadable spreadsheets (issue 7). Each writer is an artifact writer
// (publish/artifacts.h) producing one workbook under files/ in the public
// tree; internal workbooks go to the internal tree only.
#include "publish/artifacts.h"

namespace nastavnik {

// Public file names, transliterated Russian (linked from their pages).
inline constexpr char kOrdersWorkbook[] = "files/reestr-dokumentov.xlsx";
inline constexpr char kCasesWorkbook[] = "files/katalog-praktik.xlsx";

Status WriteOrdersWorkbook(const ArtifactInput& in);
Status WriteCasesWorkbook(const ArtifactInput& in);

}  // namespace nastavnik
